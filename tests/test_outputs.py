"""The outputs table: one row per kind of output, one loop; and layers that never import back up."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, FIXTURE_CORPUS, REPO
from generator.build import output_table, pipeline
from generator.inputs.synth import synthetic_corpus
from generator.outputs.write import write_tree
from generator.pages.markdown_text import relative_uri
from generator.story.graph import build_graph
from generator.story.models import KINDS
from generator.story.sitemap import OVERVIEW_PAGES, SECTION_INDEXES

IMPORT_GRAPH = REPO / "benchmarks" / "import_graph.py"


def import_graph(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(IMPORT_GRAPH), str(package)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_module_imports_from_a_higher_layer_and_no_import_circle() -> None:
    done = import_graph(REPO / "generator")
    assert done.returncode == 0, done.stdout
    assert "imports from a lower layer to a higher one: 0\ncycles: 0\n" in done.stdout


@pytest.mark.parametrize(
    ("files", "found"),
    [
        # A view that imports the renderer back: a circle, and pages importing outputs' writer.
        (
            {
                "pages/views.py": "from .render import page\n",
                "pages/render.py": "from .views import view\n",
            },
            "cycles: 1\n  generator.pages.render <-> generator.pages.views",
        ),
        (
            {"story/graph.py": "from ..pages.views import view\n", "pages/views.py": ""},
            "generator.story.graph (story) -> generator.pages.views (pages)",
        ),
    ],
)
def test_the_import_graph_finds_a_circle_and_an_import_back_up(
    tmp_path: Path, files: dict[str, str], found: str
) -> None:
    package = tmp_path / "generator"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, "utf-8")
    done = import_graph(package)
    assert done.returncode == 1
    assert found in done.stdout


@pytest.fixture(scope="module")
def fixture_outputs() -> tuple[set[str], dict[str, str]]:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    graph = build_graph(result.corpus)
    pages = pipeline.build_pages(result.corpus, AS_OF)
    return output_table.output_uris(result.corpus, graph), {page.uri: page.text for page in pages}


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
        (page.title, relative_uri(page.uri, "index.md")) for page, _ in output_table.SECTION_ROWS
    ]
    assert links == expected
    assert [page.uri for page, _ in output_table.SECTION_ROWS] == [
        SECTION_INDEXES[kind.entity].uri for kind in KINDS
    ]


@pytest.mark.parametrize(("newest", "rendered_again"), [(True, True), (False, False)])
def test_the_main_feed_renders_again_exactly_when_an_edit_reaches_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newest: bool, rendered_again: bool
) -> None:
    """The feed lists the newest briefings' titles: its recorded reads say so, no rule."""
    write_tree(synthetic_corpus(80), tmp_path)
    rendered: list[object] = []
    main_feed = output_table.main_feed

    def counted(*args: object) -> object:
        rendered.append(args)
        return main_feed(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(output_table, "main_feed", counted)
    build = pipeline.IncrementalBuild(tmp_path)
    build.update(AS_OF)
    assert len(rendered) == 1
    files = sorted((tmp_path / "briefings").rglob("*.yml"))
    target = files[-1] if newest else files[0]
    text = target.read_text("utf-8")
    target.write_text(text.replace("title: ", "title: Retitled ", 1), "utf-8")
    assert build.update(AS_OF).report is not None
    assert len(rendered) == (2 if rendered_again else 1)
