"""Stage 5: pages are a pure function of the corpus; contributor text is always inert."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import AS_OF, FIXTURE_CORPUS, SEED_ID
from generator.build import pipeline
from generator.core.escaping import escape_inline
from generator.pages.markdown_text import MentionLinker, relative_uri
from generator.story.models import Page, PartialDate

GOLDEN = Path(__file__).parent / "golden"
RENDER_DATE = dt.date(2025, 11, 20)
GOLDEN_PAGES = (
    f"briefings/{SEED_ID}.md",
    "people/s-jaishankar.md",
    "events/putin-india-visit-2025.md",
    "countries/russia.md",
    "index.md",
)


def seed_pages() -> dict[str, Page]:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    return {page.uri: page for page in pipeline.build_pages(result.corpus, RENDER_DATE)}


@pytest.mark.parametrize("uri", GOLDEN_PAGES)
def test_golden_pages(uri: str) -> None:
    """Compare with tests/golden/; UPDATE_GOLDEN=1 rewrites them after a deliberate change."""
    text = seed_pages()[uri].text
    golden = GOLDEN / uri
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_rendering_is_pure_and_deterministic() -> None:
    first, second = seed_pages(), seed_pages()
    assert first == second
    assert list(first) == sorted(first)


def test_every_page_has_front_matter_and_one_h1() -> None:
    markdown_pages = [page for page in seed_pages().values() if page.uri.endswith(".md")]
    assert len(markdown_pages) > 30
    for page in markdown_pages:
        assert page.text.startswith("---\n")
        body = page.text.split("---\n", 2)[2]
        assert [line for line in body.splitlines() if line.startswith("# ")].__len__() == 1
        assert page.text.endswith("\n") and not page.text.endswith("\n\n")


def test_upcoming_depends_on_the_as_of_date() -> None:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None

    def home(as_of: dt.date) -> str:
        pages = pipeline.build_pages(result.corpus, as_of)  # type: ignore[arg-type]
        return next(p.text for p in pages if p.uri == "index.md")

    assert "putin-india-visit-2025.md" in home(dt.date(2025, 12, 31))
    assert "putin-india-visit-2025.md" not in home(dt.date(2026, 1, 1))


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "**bold** _it_ `code`",
    "# heading",
    "- list item",
    "1. ordered",
    "> quote",
    "!!! note",
    "??? note",
    "{: onclick='alert(1)' }",
    "a | b | c",
    "[ref]: https://evil.example",
    "&lt;script&gt;",
    "<!-- comment -->",
    "<https://evil.example>",
    "*[HTML]: Hyper",
    "back\\slash",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_renders_as_the_same_literal_text(payload: str) -> None:
    html = markdown.markdown(escape_inline(payload), extensions=["tables", "admonition", "toc"])
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["p"]
    assert soup.get_text() == payload


def test_escaped_text_in_a_table_cell_stays_in_its_cell() -> None:
    table = f"| a | b |\n| --- | --- |\n| {escape_inline('x | y')} | z |\n"
    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 2
    assert "<td>x | y</td>" in html


def test_prose_keeps_paragraphs_and_joins_lines() -> None:
    prose = MentionLinker([], "briefings/x.md").prose
    assert prose("one\ntwo\n\nthree") == "one two\n\nthree"
    assert prose("a\n\nb", indent=4) == "a\n\n    b"


def test_first_mention_in_a_section_is_linked_once_longest_name_first() -> None:
    names = [
        ("Lavrov", "people/sergey-lavrov.md"),
        ("Sergey Lavrov", "people/sergey-lavrov.md"),
        ("India", "countries/india.md"),
    ]
    linker = MentionLinker(names, "briefings/x.md")
    text = linker.section().prose("Sergey Lavrov met India's envoy; Lavrov and India again.")
    assert text == (
        "[Sergey Lavrov](../people/sergey-lavrov.md) met [India](../countries/india.md)'s "
        "envoy; Lavrov and India again."
    )
    assert linker.section().prose("Lavrov") == "[Lavrov](../people/sergey-lavrov.md)"
    assert linker.section().prose("Indiana") == "Indiana", "whole words only"


@pytest.mark.parametrize(
    ("text", "shown", "precision"),
    [
        ("2025-11-17", "17 November 2025", "day"),
        ("2025-12", "December 2025", "month"),
        ("2025", "2025", "year"),
    ],
)
def test_partial_dates_are_shown_as_precisely_as_given(
    text: str, shown: str, precision: str
) -> None:
    date = PartialDate.parse(text)
    assert (date.display(), date.precision, str(date)) == (shown, precision, text)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "25-01-01", "2025-1-1", "2025-00"])
def test_impossible_partial_dates_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_month_precision_ends_on_the_last_day() -> None:
    assert PartialDate.parse("2024-02").last_day == dt.date(2024, 2, 29)
    assert PartialDate.parse("2025").last_day == dt.date(2025, 12, 31)


folders = st.lists(st.sampled_from(["a", "b", "c"]), max_size=3)
pages = st.sampled_from(["index.md", "x.md", "a.md"])


@given(target=folders, target_page=pages, here=folders, here_page=pages)
def test_relative_uri_agrees_with_posixpath(
    target: list[str], target_page: str, here: list[str], here_page: str
) -> None:
    """Between pages (files ending in .md), our fast path equals posixpath.relpath."""
    target_uri, here_uri = "/".join([*target, target_page]), "/".join([*here, here_page])
    expected = posixpath.relpath(target_uri, posixpath.dirname(here_uri) or ".")
    assert relative_uri(target_uri, here_uri) == expected
