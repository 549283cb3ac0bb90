"""The outputs table: one row per kind of output, one loop, and modules that never import back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import AS_OF, FIXTURE_CORPUS
from generator import outputs, pipeline
from generator.graph import build_graph
from generator.markdown_text import relative_uri
from generator.models import KINDS
from generator.sitemap import OVERVIEW_PAGES, SECTION_INDEXES
from generator.synth import synthetic_corpus
from generator.write import write_tree

PACKAGE = Path(outputs.__file__).parent


def generator_imports(module: Path) -> set[str]:
    """The generator's modules a module imports, by name."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_no_module_of_the_generator_imports_one_that_imports_it_back() -> None:
    imports = {path.stem: generator_imports(path) for path in PACKAGE.glob("*.py")}
    reach: dict[str, set[str]] = {}

    def reached(name: str, path: tuple[str, ...] = ()) -> set[str]:
        assert name not in path, f"import circle: {' -> '.join((*path, name))}"
        if name not in reach:
            below = imports.get(name, set())
            reach[name] = below.union(*(reached(other, (*path, name)) for other in below))
        return reach[name]

    for name in imports:
        reached(name)
    assert "render" not in reach["views"] and "outputs" not in reach["views"]
    assert "views" not in reach["site"]


@pytest.fixture(scope="module")
def fixture_outputs() -> tuple[set[str], dict[str, str]]:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    graph = build_graph(result.corpus)
    pages = pipeline.build_pages(result.corpus, AS_OF)
    return outputs.output_uris(result.corpus, graph), {page.uri: page.text for page in pages}


def test_the_outputs_a_run_writes_are_those_the_table_lists(
    fixture_outputs: tuple[set[str], dict[str, str]],
) -> None:
    listed, written = fixture_outputs
    assert listed == set(written)
    assert {page.uri for page in OVERVIEW_PAGES} <= listed


def test_home_browses_every_section_index_in_the_order_of_the_table(
    fixture_outputs: tuple[set[str], dict[str, str]],
) -> None:
    _, written = fixture_outputs
    browse = written["index.md"].split("## Browse\n", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"^- \[(.+)\]\((.+)\)$", browse, re.MULTILINE)
    expected = [
        (page.title, relative_uri(page.uri, "index.md")) for page, _ in outputs.SECTION_ROWS
    ]
    assert links == expected
    assert [page.uri for page, _ in outputs.SECTION_ROWS] == [
        SECTION_INDEXES[kind.entity].uri for kind in KINDS
    ]


@pytest.mark.parametrize(("newest", "rendered_again"), [(True, True), (False, False)])
def test_the_main_feed_renders_again_exactly_when_an_edit_reaches_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newest: bool, rendered_again: bool
) -> None:
    """The feed lists the newest briefings' titles: its recorded reads say so, no rule."""
    write_tree(synthetic_corpus(80), tmp_path)
    rendered: list[object] = []
    main_feed = outputs.main_feed

    def counted(*args: object) -> object:
        rendered.append(args)
        return main_feed(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "main_feed", counted)
    build = pipeline.IncrementalBuild(tmp_path)
    build.update(AS_OF)
    assert len(rendered) == 1
    files = sorted((tmp_path / "briefings").rglob("*.yml"))
    target = files[-1] if newest else files[0]
    text = target.read_text("utf-8")
    target.write_text(text.replace("title: ", "title: Retitled ", 1), "utf-8")
    assert build.update(AS_OF).report is not None
    assert len(rendered) == (2 if rendered_again else 1)
