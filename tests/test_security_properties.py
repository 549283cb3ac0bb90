"""Property: any string in any text field is either rejected by check or rendered inert."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, copy_project
from generator.build import pipeline
from generator.site_hooks import UsedInlineSyntaxOnly, sanitise
from test_checker import MINIMAL, NAME, SYNTHETIC_SEED

TEXT_FIELDS = ["title", "bottom_line", "background", "outlook", "agency", "office", "point"]
ALLOWED = {
    "p",
    "a",
    "h1",
    "h2",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "strong",
    "div",
    "details",
    "summary",
}
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8")
    | st.sampled_from(list("<>&\"'`*_[](){}#|!\\:-=~^$%@\n\t ")),
    min_size=1,
    max_size=80,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("inert") / "project")
    (project / "seeds" / "synthetic_9001.txt").write_text(SYNTHETIC_SEED, encoding="utf-8")
    return project


def with_value(field: str, value: str) -> dict[str, Any]:
    data = yaml.safe_load(MINIMAL)
    if field == "agency":
        data["source"]["agency"] = value
    elif field == "office":
        data["people"][0]["office"] = value
    elif field == "point":
        data["key_points"][0]["text"] = value
    else:
        data[field] = value
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TEXT_FIELDS), value=hostile_text)
def test_any_text_is_rejected_or_inert(shared: Path, field: str, value: str) -> None:
    raw = yaml.safe_dump(with_value(field, value), allow_unicode=True, sort_keys=False)
    (shared / NAME).write_text(raw, encoding="utf-8")
    result = pipeline.check(shared, AS_OF)
    if not result.ok:
        assert any(d.path == NAME and d.is_error and d.line >= 1 for d in result.diagnostics)
        return
    assert result.corpus is not None
    pages = pipeline.build_pages(result.corpus, dt.date(2025, 11, 16))
    page = next(p for p in pages if p.uri == "briefings/2025-11-16-synthetic.md")
    body = page.text.split("---\n", 2)[2]
    extensions: list[str | markdown.Extension] = ["toc", "tables", "admonition", "pymdownx.details"]
    html = markdown.markdown(body, extensions=extensions)
    # The build leaves out inline syntax no page uses: no text may need it.
    assert markdown.markdown(body, extensions=[*extensions, UsedInlineSyntaxOnly()]) == html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert isinstance(tag, Tag)
        assert tag.name in ALLOWED, tag
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        href = str(tag.get("href") or "")
        has_scheme = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href)
        assert not has_scheme or href.startswith(("https://", "http://")), tag
    expected = " ".join(value.split())
    assert expected in " ".join(soup.get_text(" ").split())
    assert BeautifulSoup(sanitise(html), "html.parser").get_text() == soup.get_text()
