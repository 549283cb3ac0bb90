"""End to end: generate, run a real `mkdocs build --strict`, then read the HTML."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_ID, build_site, copy_project
from generator.__main__ import main

pytestmark = pytest.mark.e2e

SEED_ENTITY_PAGES = {
    "countries/india/",
    "countries/russia/",
    "people/s-jaishankar/",
    "people/sergey-lavrov/",
    "people/vladimir-putin/",
    "people/narendra-modi/",
    "people/dmitry-patrushev/",
    "organisations/brics/",
    "organisations/sco/",
    "organisations/united-nations/",
    "events/jaishankar-lavrov-moscow-talks-2025/",
    "events/jaishankar-lavrov-unga80-meeting/",
    "events/patrushev-new-delhi-visit-2025/",
    "events/putin-india-visit-2025/",
}
BRIEFING_PAGE = f"briefings/{SEED_ID}/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-20"]) == 0
    completed = build_site(project)
    log = completed.stdout + completed.stderr
    assert completed.returncode == 0, log
    return project / "site", log


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_links(site: Path, url: str) -> set[str]:
    """Site-relative URLs of the links in a page's main content (not nav, header or footer)."""
    article = page(site, url).select_one("article")
    assert article is not None
    found = set()
    for anchor in article.find_all("a", href=True):
        href = str(anchor["href"]).split("#")[0]
        if not href or re.match(r"^[a-z]+:", href):
            continue
        found.add(posixpath.normpath(posixpath.join(url, href)) + "/")
    return found


def test_strict_build_prints_no_warning(built: tuple[Path, str]) -> None:
    _, log = built
    assert not [line for line in log.splitlines() if line.startswith("WARNING")]


def test_briefing_links_to_every_seed_entity_and_each_links_back(
    built: tuple[Path, str],
) -> None:
    site, _ = built
    assert content_links(site, BRIEFING_PAGE) >= SEED_ENTITY_PAGES
    for url in SEED_ENTITY_PAGES:
        assert BRIEFING_PAGE in content_links(site, url), url


def test_every_internal_link_resolves(built: tuple[Path, str]) -> None:
    site, _ = built
    pages = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    for url in pages:
        prefix = "" if url == "." else url + "/"
        for target in content_links(site, prefix):
            assert (site / target / "index.html").is_file() or (site / target).is_file(), (
                url,
                target,
            )


def test_event_pages_show_date_and_status(built: tuple[Path, str]) -> None:
    site, _ = built
    expectations = {
        # Built as of 20 November: the talks' date has passed with no report of them.
        "events/jaishankar-lavrov-moscow-talks-2025/": (
            "17 November 2025",
            "scheduled; no report of the outcome yet",
        ),
        "events/jaishankar-lavrov-unga80-meeting/": ("27 September 2025", "held"),
        "events/patrushev-new-delhi-visit-2025/": ("September 2025", "held"),
        "events/putin-india-visit-2025/": ("December 2025", "anticipated"),
    }
    for url, (date, status) in expectations.items():
        text = page(site, url).select_one("article").get_text(" ")  # type: ignore[union-attr]
        assert f"Date: {date}" in " ".join(text.split()), url
        assert f"Status: {status}, as reported by ANI, 15 November 2025" in " ".join(text.split())


def test_person_page_shows_office_with_its_source(built: tuple[Path, str]) -> None:
    """An office a briefing gives is how it names the person, with that briefing linked."""
    site, _ = built
    items = page(site, "people/sergey-lavrov/").select("article li")
    named = [item for item in items if item.get_text().startswith("Named Foreign Minister")]
    assert len(named) == 1
    assert named[0].get_text(" ", strip=True) == (
        "Named Foreign Minister in a briefing of 15 November 2025: ANI, 15 November 2025"
    )
    assert named[0].select_one("a[href]") is not None


def test_pages_mark_their_searchable_text_and_stay_out_of_the_nav(
    built: tuple[Path, str],
) -> None:
    site, _ = built
    body = page(site, BRIEFING_PAGE).select_one("[data-pagefind-body]")
    assert body is not None and body.select_one("h1") is not None
    # Filters are our own files (generator/outputs/search_facets.py), not Pagefind's, whose filter
    # index differs from build to build.
    assert not body.select("[data-pagefind-filter]")
    assert not (site / "search").exists(), "Material's whole-site index is not built"
    nav = page(site, "").select_one("nav.md-nav--primary")
    assert nav is not None
    assert "people/s-jaishankar/" not in str(nav)


def test_no_request_to_another_host(built: tuple[Path, str]) -> None:
    site, _ = built
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["link", "script", "img", "iframe", "source"]):
            for attribute in ("src", "href"):
                value = str(tag.get(attribute) or "")
                if tag.name == "link" and tag.get("rel") == ["canonical"]:
                    continue
                assert not re.match(r"^(https?:)?//", value), (html, value)
