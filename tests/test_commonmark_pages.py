"""Generated pages convert to the same HTML through the compiled CommonMark engine as through
Python-Markdown, the reference (generator/core/commonmark_pages.py).

The comparison's normalisation (`normalised`): both outputs go through the site's sanitiser, as
every page does in the build, and are then compared as trees of elements, attributes and text,
in which text made only of whitespace is dropped and line breaks at the ends of other text are
trimmed: the two engines lay out block elements on lines differently (`<table><thead>` against
`<table>\\n<thead>`), which a browser does not show. Everything else must be equal: every
element, attribute and character of text, each heading's id and permalink, the table of
contents (level, id and name of each entry, the name as shown) and the title the first heading
gives.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import AS_OF, REPO, copy_project
from generator.build import pipeline
from generator.build.output_table import OUTPUTS
from generator.core import commonmark_pages
from generator.core.memo import NO_CACHE
from generator.inputs.synth import synthetic_corpus
from generator.pages import long_lists
from generator.pages.render import without_front_matter
from generator.site_hooks import UsedInlineSyntaxOnly, sanitise
from generator.story.graph import build_graph
from test_checker import MINIMAL, NAME, SYNTHETIC_SEED
from test_story import AS_OF as STORY_AS_OF
from test_story import add_story


def html_tree(node: Tag, depth: int = 0) -> Iterator[str]:
    """An element's content, one line an element (its attributes sorted) or a piece of text
    (its kind: text, comment, doctype), indented by depth; whitespace-only text left out."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.strip():
                yield f"{' ' * depth}{type(child).__name__} {child.strip(chr(10))!r}"
        elif isinstance(child, Tag):
            attributes = " ".join(f"{k}={v!r}" for k, v in sorted(child.attrs.items()))
            yield f"{' ' * depth}<{child.name} {attributes}>"
            yield from html_tree(child, depth + 1)


def normalised(page_html: str) -> list[str]:
    """The page's HTML after the sanitiser, as a tree: one line an element or text."""
    return list(html_tree(BeautifulSoup(sanitise(page_html), "html.parser")))


def _toc(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str, Any]]:
    """Each entry's level, id and name, the name as the theme shows it: an entry's name is
    HTML, and a character the escaper wrote as a reference (`&#126;`) is shown the same way
    whether or not an engine decoded it."""
    return [(t["level"], t["id"], html.unescape(t["name"]), _toc(t["children"])) for t in tokens]


class Reference:
    """Python-Markdown as mkdocs.yml configures it for the build, with the hook's extension."""

    def __init__(self) -> None:
        config = load_config(str(REPO / "mkdocs.yml"))
        self.converter = markdown.Markdown(
            extensions=[*config.markdown_extensions, UsedInlineSyntaxOnly()],
            extension_configs=config.mdx_configs,
        )

    def convert(self, text: str) -> tuple[str, list[dict[str, Any]]]:
        self.converter.reset()
        return self.converter.convert(text), getattr(self.converter, "toc_tokens", [])


def assert_same_html(reference: Reference, page_text: str, where: str) -> None:
    text = without_front_matter(page_text)
    expected_html, expected_toc = reference.convert(text)
    converted = commonmark_pages.convert(text)
    assert normalised(converted.html) == normalised(expected_html), where
    assert _toc(converted.toc_tokens) == _toc(expected_toc), where
    first = BeautifulSoup(expected_html, "html.parser").find(True)
    if isinstance(first, Tag) and first.name == "h1":
        assert converted.title is not None
        shown = " ".join(first.get_text().removesuffix("¶").split())
        expected_title = html.escape(shown, quote=False)
        assert html.unescape(converted.title) == html.unescape(expected_title), where
    else:
        assert converted.title is None, where


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference()


def _markdown_pages(pages: list[Any]) -> dict[str, str]:
    return {page.uri: page.text for page in pages if page.uri.endswith(".md")}


@pytest.fixture(scope="module")
def story_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every page of the fixture corpus with the story of several briefings that report the
    same events differently."""
    project = add_story(copy_project(tmp_path_factory.mktemp("engine") / "project"))
    as_of = dt.date.fromisoformat(STORY_AS_OF)
    result = pipeline.check(project, as_of)
    assert result.ok and result.corpus is not None
    return _markdown_pages(pipeline.build_pages(result.corpus, as_of))


SYNTHETIC_BRIEFINGS = 400
PAGES_OF_EACH_KIND = 6


@pytest.fixture(scope="module")
def synthetic_sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Pages of each kind from a synthetic corpus, with long lists cut short, so that every
    kind of page (years of a list, parts of a year, parts of an index) is among them."""
    root = tmp_path_factory.mktemp("engine-synthetic")
    for path, text in synthetic_corpus(SYNTHETIC_BRIEFINGS).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(long_lists, "LIST_LIMIT", 12)
        patch.setattr(long_lists, "YEAR_LIMIT", 8)
        patch.setattr(long_lists, "INDEX_LIMIT", 15)
        as_of = dt.date(2026, 1, 1)
        result = pipeline.check(root, as_of)
        assert result.corpus is not None
        graph = build_graph(result.corpus)
        kind_of = {
            row.uri(graph, key): row.name
            for row in OUTPUTS
            for key in row.keys(result.corpus, graph, NO_CACHE)
        }
        pages = _markdown_pages(pipeline.build_pages(result.corpus, as_of))
    by_kind: dict[str, dict[str, str]] = {}
    for uri in sorted(pages):
        by_kind.setdefault(kind_of[uri], {})[uri] = pages[uri]
    return {
        kind: dict(list(found.items())[:: max(1, len(found) // PAGES_OF_EACH_KIND)])
        for kind, found in by_kind.items()
    }


def test_every_page_of_the_story_converts_the_same(
    reference: Reference, story_pages: dict[str, str]
) -> None:
    assert len(story_pages) > 30
    for uri, text in sorted(story_pages.items()):
        assert_same_html(reference, text, uri)


def test_every_kind_of_page_converts_the_same(
    reference: Reference, synthetic_sample: dict[str, dict[str, str]]
) -> None:
    page_kinds = {row.name for row in OUTPUTS if not row.name.endswith((".xml", ".ics", ".json"))}
    page_kinds -= {"country feed"}
    assert set(synthetic_sample) == page_kinds, "every kind of page is in the sample"
    for pages in synthetic_sample.values():
        for uri, text in pages.items():
            assert_same_html(reference, text, uri)


# --- Contributor text, whatever it holds --------------------------------------------------------

# Characters the checker refuses anyway (controls, unassigned, private use) are left out, so most
# examples reach the pages; tests/test_security_properties.py sends those too.
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
    | st.sampled_from(list("<>&\"'`*_[](){}#|!?+.\\:-=~^$%@\n\t ")),
    min_size=1,
    max_size=80,
)
BRIEFING_FIELDS = (
    *("title", "bottom_line", "background", "outlook", "agency", "headline"),
    *("office", "point", "evidence"),
)
REGISTRY_FIELDS = ("person name", "topic name")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("engine-hostile") / "project")


def _write_briefing(project: Path, field: str, value: str) -> None:
    data = yaml.safe_load(MINIMAL)
    seed = SYNTHETIC_SEED
    if field == "agency":
        data["source"]["agency"] = value
    elif field == "headline":
        data["source"]["headline"] = value
    elif field == "office":
        data["people"][0]["office"] = value
    elif field == "point":
        data["key_points"][0]["text"] = value
    elif field == "evidence":
        # The quote must be in the source: the source holds it on a line of its own.
        seed = f"{SYNTHETIC_SEED}\n{value}\n"
        data["key_points"][0]["evidence"] = value
    elif field in BRIEFING_FIELDS:
        data[field] = value
    (project / "seeds" / "synthetic_9001.txt").write_text(seed, encoding="utf-8")
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (project / NAME).write_text(raw, encoding="utf-8")


def _write_registry_name(project: Path, field: str, value: str | None) -> None:
    """The registry's name of the briefing's person or topic, or the fixture's own."""
    file = "people.yml" if field == "person name" else "topics.yml"
    entity_id = "s-jaishankar" if field == "person name" else "trade"
    original = REPO / "tests" / "fixtures" / "corpus" / "entities" / file
    entries = yaml.safe_load(original.read_text(encoding="utf-8"))
    if value is not None:
        for entry in entries:
            if entry["id"] == entity_id:
                entry["name"] = value
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    (project / "entities" / file).write_text(text, encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from((*BRIEFING_FIELDS, *REGISTRY_FIELDS)), value=hostile_text)
# A tab in a name reached a chart's title, raw HTML, where Python-Markdown expands tabs and
# pulldown-cmark keeps them: names are now one line of single spaces there too.
@example(field="person name", value="0\t0")
@example(field="topic name", value="Trade\n\nsplit by a blank line")
def test_any_contributor_text_converts_the_same(
    reference: Reference, hostile_project: Path, field: str, value: str
) -> None:
    """Whatever a contributor writes in any text field that reaches pages, every page the
    build makes from it converts to the same HTML through both engines."""
    _write_briefing(hostile_project, field, value if field in BRIEFING_FIELDS else "Synthetic")
    for registry_field in REGISTRY_FIELDS:
        _write_registry_name(
            hostile_project, registry_field, value if field == registry_field else None
        )
    result = pipeline.check(hostile_project, AS_OF)
    if result.corpus is None:
        event("refused by the checker")
        return  # refused with a located message: tests of the checker cover those
    for uri, text in sorted(_markdown_pages(pipeline.build_pages(result.corpus, AS_OF)).items()):
        assert_same_html(reference, text, f"{field}={value!r}: {uri}")


def test_a_link_may_point_at_any_id_on_the_page() -> None:
    """MkDocs checks links to anchors against these: the headings' ids and raw HTML's."""
    converted = commonmark_pages.convert(
        '# A page\n\n## Same\n\n## Same\n\n<figure><svg><title id="chart-title">A</title>'
        "</svg></figure>\n"
    )
    assert converted.anchor_ids == {"a-page", "same", "same_1", "chart-title"}
