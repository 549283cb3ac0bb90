"""Untrusted text stays text: a catalogue of hostile payloads in every text field.

For every payload and every field, either `check` rejects it at the field's own position, or
the built site shows it as literal text and nothing in the HTML is live.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import AS_OF, build_site, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.inputs.load import parse_yaml
from generator.story.models import Loc

pytestmark = pytest.mark.e2e

PAYLOADS: dict[str, str] = {
    "script-tag": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "style": "<style>body{display:none}</style>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base-tag": '<base href="https://evil.example/">',
    "md-javascript-link": "[click me](javascript:alert(1))",
    "md-data-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-vbscript-link": "[x](vbscript:msgbox(1))",
    "md-image-javascript": "![x](javascript:alert(1))",
    "md-link-title": '[x](https://evil.example "onmouseover=alert(1)")',
    "autolink": "<javascript:alert(1)>",
    "title-breakout": "</title><script>alert(1)</script>",
    "attribute-breakout": '"><script>alert(1)</script>',
    "single-quote-breakout": "'><img src=x onerror=alert(1)>",
    "jinja-expression": "{{ config.site_name }} {{ 7*7 }}",
    "jinja-statement": "{% for x in range(3) %}loop{% endfor %}",
    "macro-call": "{{ macros_info() }}",
    "snippet-line": '--8<-- "mkdocs.yml"',
    "snippet-block": ';--8<-- "/etc/passwd"',
    "attr-list": '{: onclick="alert(1)" }',
    "heading-attr-list": "# Heading {#pwn onclick=alert(1)}",
    "table-injection": "a | b\n|---|---|\n| <script>alert(1)</script> | x |",
    "link-reference": "[home]: javascript:alert(1)",
    "html-comment": "<!-- hidden --> visible",
    "entity-script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "numeric-entity-script": "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "admonition": '!!! danger "Pwned"',
    "bidi-override": "Lavrov\u202egnp.exe",
    "zero-width": "Lav\u200brov",
    "homoglyph": "Lavr\u043ev",
    "control-character": "bell\x07here",
    "newline-breakout": "Title\n<script>alert(1)</script>",
    "backslash-pipe": "a\\|b\\\\|c",
}
assert len(PAYLOADS) >= 30

BRIEFING_FIELDS: list[Loc] = [
    ("title",),
    ("source", "agency"),
    ("bottom_line",),
    ("key_points", 0, "text"),
    ("key_points", 0, "evidence"),
    ("background",),
    ("outlook",),
    ("people", 0, "office"),
]
REGISTRY_FIELDS: dict[str, list[Loc]] = {
    "people": [("name",), ("aliases", 0)],
    "organisations": [("name",), ("aliases", 0)],
    "topics": [("name",), ("aliases", 0)],
    "events": [("name",), ("aliases", 0), ("place",)],
}


def set_at(data: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def get_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def neutral(number: int, loc: Loc) -> str:
    return f"Neutral text {number} " + "-".join(str(p) for p in loc).replace("_", " ")


def briefing_data(number: int, payload: str) -> dict[str, Any]:
    return {
        "id": f"2025-11-16-hostile-{number:02d}",
        "title": payload,
        "date": "2025-11-16",
        "source": {"file": f"hostile_{number:02d}.txt", "agency": payload},
        "bottom_line": payload,
        "key_points": [{"text": payload, "evidence": payload}],
        "background": payload,
        "outlook": payload,
        "people": [{"id": f"hostile-person-{number:02d}", "office": payload}],
        "organisations": [f"hostile-organisation-{number:02d}"],
        "events": [{"id": f"hostile-event-{number:02d}", "status": "scheduled", "date": "2025-12"}],
        "topics": [f"hostile-topic-{number:02d}"],
    }


def registry_entries(number: int, payload: str) -> dict[str, dict[str, Any]]:
    return {
        "people": {"id": f"hostile-person-{number:02d}", "name": payload, "aliases": [payload]},
        "organisations": {
            "id": f"hostile-organisation-{number:02d}",
            "name": payload,
            "aliases": [payload],
        },
        "topics": {"id": f"hostile-topic-{number:02d}", "name": payload, "aliases": [payload]},
        "events": {
            "id": f"hostile-event-{number:02d}",
            "name": payload,
            "aliases": [payload],
            "kind": "talks",
            "place": payload,
            "participants": [f"hostile-person-{number:02d}"],
        },
    }


class HostileProject:
    """A copy of the project with one briefing and one entity of each kind per payload."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.payloads = list(PAYLOADS.values())
        self.briefings = [briefing_data(n, p) for n, p in enumerate(self.payloads)]
        self.registry: dict[str, list[dict[str, Any]]] = {kind: [] for kind in REGISTRY_FIELDS}
        self.registry_base = {
            kind: yaml.safe_load((root / "entities" / f"{kind}.yml").read_text("utf-8"))
            for kind in REGISTRY_FIELDS
        }
        for number, payload in enumerate(self.payloads):
            for kind, entry in registry_entries(number, payload).items():
                self.registry[kind].append(entry)
            seed = f"SYNTHETIC HOSTILE ARTICLE {number}.\n{payload}\nNeutral evidence {number}.\n"
            (root / "seeds" / f"hostile_{number:02d}.txt").write_text(seed, encoding="utf-8")

    def briefing_path(self, number: int) -> str:
        return f"briefings/2025/2025-11-16-hostile-{number:02d}.yml"

    def write(self) -> None:
        for number, data in enumerate(self.briefings):
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
            (self.root / self.briefing_path(number)).write_text(text, encoding="utf-8")
        for kind, entries in self.registry.items():
            text = yaml.safe_dump(
                self.registry_base[kind] + entries, allow_unicode=True, sort_keys=False
            )
            (self.root / "entities" / f"{kind}.yml").write_text(text, encoding="utf-8")

    def fields(self) -> Iterator[tuple[str, Loc, Any, int]]:
        """(file, loc in file, container, payload number) for every hostile text field."""
        for number, data in enumerate(self.briefings):
            for loc in BRIEFING_FIELDS:
                yield self.briefing_path(number), loc, data, number
        for kind, entries in self.registry.items():
            offset = len(self.registry_base[kind])
            for index, entry in enumerate(entries):
                for loc in REGISTRY_FIELDS[kind]:
                    yield f"entities/{kind}.yml", (offset + index, *loc), entry, index


@pytest.fixture(scope="module", params=["sanitised", "escaping-only"])
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[HostileProject, dict[str, Any]]:
    """Check every payload everywhere, neutralise what check rejects, then build the site.

    Built twice: as published, and without the sanitising hook, to show that escaping alone
    keeps every page inert and the sanitiser is only a second line of defence.
    """
    project = HostileProject(copy_project(tmp_path_factory.mktemp("hostile") / "project"))
    if request.param == "escaping-only":
        config = project.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "hooks:\n  - generator/site_hooks.py\n" in text
        config.write_text(text.replace("hooks:\n  - generator/site_hooks.py\n", ""), "utf-8")
    project.write()
    first = pipeline.check(project.root, AS_OF)
    rejected: dict[tuple[str, Loc], str] = {}
    positions = {}
    for path, loc, _, _ in project.fields():
        document, _ = parse_yaml((project.root / path).read_bytes(), path)
        assert document is not None
        position = document.position(loc)
        positions[(path, position.line, position.column)] = loc
    for diagnostic in first.diagnostics:
        if not diagnostic.is_error:
            continue
        key = (diagnostic.path, diagnostic.line, diagnostic.column)
        assert key in positions, f"an error not at a payload field: {diagnostic}"
        rejected[(diagnostic.path, positions[key])] = diagnostic.message
    for path, loc, container, number in project.fields():
        if (path, loc) in rejected:
            local = loc if path.startswith("briefings/") else loc[1:]
            if local == ("key_points", 0, "evidence"):
                set_at(container, local, f"Neutral evidence {number}.")
            else:
                set_at(container, local, neutral(number, local))
    project.write()
    second = pipeline.check(project.root, AS_OF)
    assert second.ok, [d for d in second.diagnostics if d.is_error]
    assert main(["--root", str(project.root), "generate", "--as-of", "2025-11-16"]) == 0
    # A page the generator did not write, whose JSON-LD text tries to end its script element:
    # the theme override must keep it inert too (test_no_live_markup_anywhere).
    (project.root / HAND_WRITTEN_LD).write_text(
        '---\njson_ld: \'{"name": "</script><script>alert(1)</script>"}\'\n---\n# Notes\n',
        encoding="utf-8",
    )
    completed = build_site(project.root)
    assert completed.returncode == 0, completed.stderr
    assert "alert(1)" in (project.root / "site/topics/hand-written-ld/index.html").read_text()
    return project, {"rejected": rejected}


HAND_WRITTEN_LD = "docs/topics/hand-written-ld.md"


def html_pages(site: Path) -> Iterator[tuple[Path, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


LIVE_TAGS = {"iframe", "object", "embed", "svg", "base", "form", "img", "style", "meta"}
CHART_SHAPES = {"title", "desc", "line", "rect", "circle", "text"}
"""All a chart of generator/pages/pictures.py may hold: no script, link, image or style."""


def test_no_live_markup_anywhere(hostile: tuple[HostileProject, dict[str, Any]]) -> None:
    project, _ = hostile
    for path, soup in html_pages(project.root / "site"):
        for tag in soup.find_all(True):
            assert isinstance(tag, Tag)
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag)
            for attribute in ("href", "src", "action", "data"):
                value = str(tag.get(attribute) or "").strip().lower()
                assert not re.match(r"^(javascript|data|vbscript):", value), (path, tag)
                assert "evil.example" not in value, (path, tag)
            if tag.name == "script" and tag.get("type") == "application/ld+json":
                # Structured data may carry the payload, but only as JSON text that cannot
                # end the script element.
                assert "<" not in tag.get_text(), (path, tag)
                json.loads(tag.get_text())
            elif tag.name == "script":
                assert "alert(" not in tag.get_text(), (path, tag)
        article = soup.select_one("article")
        if article is not None:
            charts = article.select("figure.chart-figure > svg.chart")
            for chart in charts:
                drawn = {t.name for t in chart.find_all(True)}
                assert drawn <= CHART_SHAPES, (path, drawn)
                chart.decompose()  # the generator's own drawing, checked above
            found = {t.name for t in article.find_all(True)} & LIVE_TAGS
            assert not found, (path, found)
        for meta in soup.find_all("meta"):
            assert meta.get("http-equiv") is None, (path, meta)


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_accepted_payloads_show_as_literal_text(
    hostile: tuple[HostileProject, dict[str, Any]],
) -> None:
    project, _ = hostile
    shown = 0
    for number, data in enumerate(project.briefings):
        page = project.root / "site" / "briefings" / data["id"] / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None
        text = normalised(article.get_text(" "))
        for loc in BRIEFING_FIELDS:
            value = get_at(data, loc)
            if value == PAYLOADS_BY_NUMBER[number]:
                assert normalised(value) in text, (data["id"], loc, value)
                shown += 1
        description = soup.find("meta", attrs={"name": "description"})
        assert isinstance(description, Tag)
        assert description["content"] == normalised(data["bottom_line"])
        assert soup.title is not None
        assert soup.title.get_text().startswith(normalised(data["title"]))
    assert shown > len(PAYLOADS) * 3, "most payloads must reach the page as text"


PAYLOADS_BY_NUMBER = list(PAYLOADS.values())


def test_templates_and_snippets_did_not_run(
    hostile: tuple[HostileProject, dict[str, Any]],
) -> None:
    project, _ = hostile
    page = (project.root / "site" / "briefings" / "2025-11-16-hostile-18" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "{{ config.site_name }} {{ 7*7 }}" in BeautifulSoup(page, "html.parser").get_text()
    for path, soup in html_pages(project.root / "site" / "briefings"):
        text = soup.get_text()
        assert "site_name: Policy Briefings" not in text, path
        assert "root:x:0:0" not in text, path
        assert "loop loop loop" not in text.replace("looploop", "loop loop"), path


def test_rejections_are_located_and_explained(
    hostile: tuple[HostileProject, dict[str, Any]],
) -> None:
    _, found = hostile
    rejected: dict[tuple[str, Loc], str] = found["rejected"]
    messages = " ".join(rejected.values())
    assert "one line of text without '<' or '>'" in messages
    assert "invisible or direction-changing character U+202E" in messages
    assert "mixes letters of different scripts" in messages
    title_of = {
        name: (f"briefings/2025/2025-11-16-hostile-{n:02d}.yml", ("title",))
        for n, name in enumerate(PAYLOADS)
    }
    for name in ("script-tag", "bidi-override", "homoglyph", "newline-breakout"):
        assert title_of[name] in rejected, name
    person_name = ("entities/people.yml", (5 + list(PAYLOADS).index("homoglyph"), "name"))
    assert person_name in rejected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("javascript:alert(1)", "only https:// and http:// links"),
        ("data:text/html,<script>alert(1)</script>", "only https:// and http:// links"),
        ("vbscript:msgbox(1)", "only https:// and http:// links"),
        ("//evil.example/x", "only https:// and http:// links"),
        ('https://ok.example/"onmouseover="alert(1)', "an address cannot contain '\"'"),
        ("ftp://example.com/x", "only https:// and http:// links"),
    ],
)
def test_only_http_links_are_accepted(project: Path, url: str, words: str) -> None:
    from test_validate import BRIEFING, line_of, replace_in_seed

    replace_in_seed(project, "  agency: ANI\n", f"  agency: ANI\n  url: '{url}'\n")
    result = pipeline.check(project, AS_OF)
    assert not result.ok
    (found,) = result.diagnostics
    assert (found.path, found.line) == (BRIEFING, line_of(project, "  url: "))
    assert words in found.message


@pytest.mark.parametrize(
    "hostile_id",
    ["../../../tmp/pwned", "a/b", "..", "CON", "x" * 101, "index", "a b", "é"],
)
def test_hostile_ids_never_become_paths(project: Path, hostile_id: str) -> None:
    from test_validate import replace_in_seed

    topics = project / "entities" / "topics.yml"
    topics.write_text(
        topics.read_text("utf-8").replace("- id: trade\n", f"- id: '{hostile_id}'\n"), "utf-8"
    )
    replace_in_seed(project, "  - trade\n", f"  - '{hostile_id}'\n")
    before = {p for p in project.parent.rglob("*") if p.is_file()}
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 1
    after = {p for p in project.parent.rglob("*") if p.is_file()}
    assert after == before, "nothing is written anywhere"


def test_sanitiser_removes_live_markup_and_keeps_ours() -> None:
    from generator.site_hooks import sanitise

    dirty = (
        '<p onclick="x()">a<script>alert(1)</script></p><a href="javascript:alert(1)">j</a>'
        '<img src=x onerror=alert(1)><div class="admonition abstract"><p>ok</p></div>'
    )
    clean = sanitise(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript" not in clean and "<img" not in clean
    assert '<div class="admonition abstract"><p>ok</p></div>' in clean
    ours = (
        '<h2 id="key-points">Key points<a class="headerlink" href="#key-points" '
        'title="Permanent link">¶</a></h2>\n<table>\n<thead>\n<tr>\n<th>A</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td><a href="../people/x/">X</a></td>\n</tr>\n</tbody>\n'
        "</table>"
    )
    assert sanitise(ours) == ours


def test_configuration_runs_no_contributor_content() -> None:
    from conftest import REPO

    class ConfigLoader(yaml.SafeLoader):
        """Reads mkdocs.yml, whose !ENV tags only name environment variables."""

    ConfigLoader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert plugins == []
    assert set(extensions) <= {"toc", "tables", "admonition", "pymdownx.details"}
