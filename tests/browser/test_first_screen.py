"""The first screen of each page kind, as a reader sees it at desktop and phone widths, light
and dark: a briefing's key points, an entity's latest bottom line, the bottom lines in lists of
briefings, the plans Upcoming says are overdue, and phone layouts that do not wrap a name to a
column a few words wide (issue 28).

The site is the fixture corpus with the story's report that the talks were held, read on
1 January 2026: the visit planned for December 2025 then has no report of its outcome.
Screenshots of each first screen land in tests/browser/screenshots/ (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import (
    AXE,
    CHROMIUM,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    Visit,
    browser_context,
    served,
)

from conftest import REPO, SEED_ID, build_site, copy_project
from generator.__main__ import main

pytestmark = pytest.mark.browser

__all__ = ["browser_context"]  # Playwright's context, shared with the other browser tests

STORY = REPO / "tests" / "fixtures" / "story"
TALKS_HELD = "2025-11-18-synthetic-talks-held.yml"
AS_OF = "2026-01-01"
SEED_BOTTOM_LINE = "Indian External Affairs Minister S. Jaishankar and Russian Foreign"
HELD_BOTTOM_LINE = "A synthetic report that the Moscow talks took place on 17 November."
VIEWS = {
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
    "phone-light": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
}
ENTITY_PAGES = {
    "country": ("countries/india/", HELD_BOTTOM_LINE),
    "person": ("people/s-jaishankar/", HELD_BOTTOM_LINE),
    "organisation": ("organisations/united-nations/", SEED_BOTTOM_LINE),
    "topic": ("topics/energy/", SEED_BOTTOM_LINE),
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("run `make browser-test`: it installs Chromium (apt) and axe-core (npm)")
    project = copy_project(tmp_path_factory.mktemp("first-screen") / "project")
    shutil.copy2(STORY / "briefings" / "2025" / TALKS_HELD, project / "briefings" / "2025")
    for path in (STORY / "seeds").iterdir():
        shutil.copy2(path, project / "seeds" / path.name)
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    completed = build_site(project)
    assert completed.returncode == 0, completed.stderr
    with served(project / "site") as url:
        yield url


def _visit(context: Any, url: str, view: str, name: str) -> Visit:
    viewport, scheme = VIEWS[view]
    visit = Visit(context, url, viewport, scheme)
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"first-screen-{name}-{view}.png"
    visit.page.screenshot(path=str(path), full_page=False)
    return visit


def _top(visit: Visit, selector: str) -> float:
    box = visit.page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["y"])


def _text_top(visit: Visit, text: str) -> float:
    """Where the element holding `text` starts, from the top of the first screen."""
    box = visit.page.locator("article p", has_text=text).first.bounding_box()
    assert box is not None, f"no paragraph says {text!r}"
    return float(box["y"])


@pytest.mark.parametrize("view", VIEWS)
def test_a_briefings_key_points_are_in_the_first_screen(
    site_url: str, browser_context: Any, view: str
) -> None:
    visit = _visit(browser_context, f"{site_url}briefings/{SEED_ID}/", view, "briefing")
    try:
        height = VIEWS[view][0]["height"]
        assert _top(visit, "h2#key-points") < height
        assert _top(visit, "h2#key-points ~ ol > li") < height
        entities = _top(visit, ".admonition.entities")
        if VIEWS[view][0] is PHONE:  # after the key points on a narrow screen
            assert entities > _top(visit, "h2#key-points ~ ol > li")
        else:  # beside them on a wide one
            assert entities < height
    finally:
        visit.close()


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("kind", ENTITY_PAGES)
def test_an_entity_pages_first_screen_shows_its_latest_bottom_line(
    site_url: str, browser_context: Any, kind: str, view: str
) -> None:
    uri, bottom_line = ENTITY_PAGES[kind]
    visit = _visit(browser_context, site_url + uri, view, kind)
    try:
        assert _text_top(visit, bottom_line) < VIEWS[view][0]["height"]
    finally:
        visit.close()


@pytest.mark.parametrize("view", ["desktop-light", "phone-dark"])
def test_lists_of_briefings_show_bottom_lines(
    site_url: str, browser_context: Any, view: str
) -> None:
    visit = _visit(browser_context, f"{site_url}briefings/", view, "briefings-index")
    try:
        for bottom_line in (SEED_BOTTOM_LINE, HELD_BOTTOM_LINE):
            assert visit.page.locator("article", has_text=bottom_line).count() == 1
    finally:
        visit.close()


@pytest.mark.parametrize("view", VIEWS)
def test_upcoming_lists_the_overdue_plan(site_url: str, browser_context: Any, view: str) -> None:
    visit = _visit(browser_context, f"{site_url}upcoming/", view, "upcoming")
    try:
        row = visit.page.locator("article tr", has_text="Vladimir Putin's visit to India").first
        assert "no report of the outcome yet" in row.inner_text()
        assert visit.page.locator("article tr", has_text="Jaishankar–Lavrov talks").count() == 0
    finally:
        visit.close()


@pytest.mark.parametrize("view", ["phone-light", "phone-dark"])
@pytest.mark.parametrize("uri", ["", "upcoming/", "events/unga-80/", "countries/india/"])
def test_on_a_phone_the_site_name_is_one_line_and_table_rows_stay_short(
    site_url: str, browser_context: Any, uri: str, view: str
) -> None:
    page_name = uri.strip("/").replace("/", "-") or "home"
    visit = _visit(browser_context, site_url + uri, view, f"phone-{page_name}")
    try:
        visit.page.screenshot(
            path=str(SCREENSHOTS / f"first-screen-phone-{page_name}-{view}-full.png"),
            full_page=True,
        )
        name = visit.page.locator(".md-header__topic:first-child .md-ellipsis").first
        shown = name.evaluate(
            """e => ({lines: e.getBoundingClientRect().height
                             / parseFloat(getComputedStyle(e).lineHeight),
                      width: e.clientWidth, needs: e.scrollWidth, text: e.innerText})"""
        )
        assert shown["lines"] < 1.5, f"the site name takes {shown['lines']:.1f} lines"
        assert shown["width"] > 0 and shown["needs"] <= shown["width"], shown  # not cut
        assert shown["text"] == "Policy Briefings"
        rows = visit.page.evaluate(
            """() => [...document.querySelectorAll("article tbody tr")].map(row => {
                 const cell = row.querySelector("td");
                 const line = parseFloat(getComputedStyle(cell).lineHeight) || 20;
                 return [row.innerText.slice(0, 40), row.getBoundingClientRect().height / line];
               })"""
        )
        tall = [(text, round(lines, 1)) for text, lines in rows if lines > 5]
        assert not tall, f"rows of more than five lines: {tall}"
    finally:
        visit.close()
