"""The compiled engine inside MkDocs' build (generator/site_hooks.py): generated pages still get
MkDocs' link rewriting and checking, the sanitiser, titles and tables of contents, and the site
is the same with the engine switched off, with MkDocs and with ProperDocs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, copy_project
from generator.__main__ import main
from generator.site_hooks import ENGINE_SETTING, engine_problems
from test_commonmark_pages import html_tree
from test_story import AS_OF as STORY_AS_OF
from test_story import add_story

STORY_BRIEFING = "briefings/2025-11-18-synthetic-talks-held"


def normalised_document(path: Path) -> list[str]:
    """A built page as a tree, without the whitespace between elements, which the two
    engines lay out differently (tests/test_commonmark_pages.py states the comparison)."""
    return list(html_tree(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")))


def set_engine(project: Path, engine: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = f"  {ENGINE_SETTING}: commonmark\n"
    assert line in text
    config.write_text(text.replace(line, f"  {ENGINE_SETTING}: {engine}\n"), encoding="utf-8")


def generated(project: Path) -> Path:
    assert main(["--root", str(project), "generate", "--as-of", STORY_AS_OF]) == 0
    return project


def built(project: Path, tool: str = "mkdocs") -> dict[str, list[str]]:
    completed = build_site(project, engine=tool)
    assert completed.returncode == 0, completed.stderr
    site = project / "site"
    return {
        path.relative_to(site).as_posix(): normalised_document(path)
        for path in sorted(site.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def story_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    project = generated(add_story(copy_project(tmp_path_factory.mktemp("on") / "project")))
    return project, built(project)


def test_the_site_is_the_same_with_the_engine_switched_off(
    tmp_path: Path, story_site: tuple[Path, dict[str, list[str]]]
) -> None:
    on_project, on = story_site
    off_project = generated(add_story(copy_project(tmp_path / "project")))
    set_engine(off_project, "python-markdown")
    off = built(off_project)
    assert len(on) > 30 and on.keys() == off.keys()
    for name in on:
        assert on[name] == off[name], name
    # The engine did convert the pages: its raw HTML lays out a table on one line.
    page = f"{STORY_BRIEFING}/index.html"
    assert "<table><thead>" in (on_project / "site" / page).read_text(encoding="utf-8")
    assert "<table><thead>" not in (off_project / "site" / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["commonmark", "python-markdown"])
def test_properdocs_builds_the_same_site_either_way(
    tmp_path: Path, story_site: tuple[Path, dict[str, list[str]]], engine: str
) -> None:
    _, on = story_site
    project = generated(add_story(copy_project(tmp_path / "project")))
    set_engine(project, engine)
    site = built(project, "properdocs")
    assert site.keys() == on.keys()
    for name, tree in site.items():
        assert _without_generator_name(tree) == _without_generator_name(on[name]), name


def _without_generator_name(tree: list[str]) -> list[str]:
    """ProperDocs names itself in the page's generator meta element; nothing else differs."""
    return [line for line in tree if "name='generator'" not in line]


def test_headings_get_ids_permalinks_and_the_theme_shows_the_page_contents(
    story_site: tuple[Path, dict[str, list[str]]],
) -> None:
    project, _ = story_site
    page = project / "site" / STORY_BRIEFING / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("h2#key-points")
    assert heading is not None
    permalink = heading.select_one("a.headerlink")
    assert permalink is not None and permalink["href"] == "#key-points"
    contents = [str(a["href"]) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    assert "#key-points" in contents and "#related-briefings" in contents


def test_links_in_generated_pages_are_rewritten_by_mkdocs(
    story_site: tuple[Path, dict[str, list[str]]],
) -> None:
    project, _ = story_site
    page = project / "site" / STORY_BRIEFING / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert article is not None
    internal = [str(a["href"]) for a in article.select("a[href]") if "://" not in str(a["href"])]
    assert "../../people/sergey-lavrov/" in internal
    assert not [href for href in internal if ".md" in href]


def _plant(project: Path, body: str, *, marked: bool = True) -> None:
    front = '---\n{"title": "Planted", "generated": true}\n---\n' if marked else ""
    (project / "docs" / "briefings" / "planted.md").write_text(front + body, encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "# Planted\n\n[gone](missing.md)\n",
            "contains a link 'missing.md', but the target 'briefings/missing.md' is not found",
        ),
        (
            "# Planted\n\n[a person](../people/sergey-lavrov.md#no-such-heading)\n",
            "contains a link '../people/sergey-lavrov.md#no-such-heading', but the doc "
            "'people/sergey-lavrov.md' does not contain an anchor '#no-such-heading'",
        ),
    ],
)
def test_a_broken_link_in_a_generated_page_fails_the_strict_build(
    project: Path, body: str, message: str
) -> None:
    _plant(generated(project), body)
    completed = build_site(project)
    assert completed.returncode != 0
    assert message in completed.stderr


def test_the_sanitiser_runs_on_what_the_engine_makes(project: Path) -> None:
    _plant(
        generated(project),
        '# Planted\n\n<p onclick="steal()">kept</p>\n\n<script>steal()</script>\n\n'
        "[link](javascript:steal())\n",
    )
    assert build_site(project).returncode == 0
    page = (project / "site" / "briefings" / "planted" / "index.html").read_text("utf-8")
    article = BeautifulSoup(page, "html.parser").select_one("article")
    assert article is not None and "kept" in article.get_text()
    assert "steal" not in str(article)


def test_only_generated_pages_go_to_the_engine(project: Path) -> None:
    """A list straight after a paragraph is a list to CommonMark and part of the paragraph to
    Python-Markdown: which one converted a page shows."""
    generated(project)
    body = "# Planted\n\nA paragraph\n- then a line\n"
    shown = {}
    for marked in (True, False):
        _plant(project, body, marked=marked)
        assert build_site(project).returncode == 0
        page = (project / "site" / "briefings" / "planted" / "index.html").read_text("utf-8")
        article = BeautifulSoup(page, "html.parser").select_one("article")
        assert article is not None
        shown[marked] = article.select_one("ul") is not None
    assert shown == {True: True, False: False}


def _config(**settings: Any) -> SimpleNamespace:
    defaults: dict[str, Any] = {
        "extra": {},
        "markdown_extensions": ["toc", "tables", "fenced_code", "admonition", "pymdownx.details"],
        "mdx_configs": {"toc": {"permalink": True, "marker": ""}},
    }
    return SimpleNamespace(**{**defaults, **settings})


def test_the_site_configuration_is_one_the_engine_mirrors() -> None:
    assert engine_problems(_config()) == []
    assert engine_problems(_config(extra={ENGINE_SETTING: "commonmark"})) == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"extra": {ENGINE_SETTING: "cmark"}}, ["'cmark' is not one of", "python-markdown"]),
        (
            {"markdown_extensions": ["toc", "tables", "footnotes"]},
            ["does not know footnotes", f"{ENGINE_SETTING}: python-markdown"],
        ),
        (
            {"mdx_configs": {"toc": {"permalink": True, "toc_depth": 2}}},
            ["does not mirror toc_depth", f"{ENGINE_SETTING}: python-markdown"],
        ),
    ],
)
def test_a_setting_the_engine_cannot_mirror_is_refused_with_the_fix(
    settings: dict[str, Any], words: list[str]
) -> None:
    (problem,) = engine_problems(_config(**settings))
    assert problem.startswith("mkdocs.yml: ")
    for word in words:
        assert word in problem


def test_with_the_engine_switched_off_any_markdown_setting_is_python_markdowns() -> None:
    config = _config(
        extra={ENGINE_SETTING: "python-markdown"}, markdown_extensions=["toc", "footnotes"]
    )
    assert engine_problems(config) == []
