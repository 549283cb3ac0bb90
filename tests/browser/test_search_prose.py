"""Search as an analyst uses it: excerpts that quote a page's prose, the page about a name
first, and a box that says why it cannot search when the site is opened from disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import test_browser
from test_browser import DESKTOP, PHONE, Visit, search, shot

# The built fixture site and the browser, shared with test_browser.py's fixtures.
site_url = test_browser.site_url
site_dir = test_browser.site_dir
browser_context = test_browser.browser_context

pytestmark = pytest.mark.browser

# Each result's excerpt, with the section labels, box titles and fold labels of its page,
# read from the page itself.
EXCERPTS_AND_LABELS = """async () => {
  const found = [];
  for (const item of document.querySelectorAll(".site-search__results li")) {
    const link = item.querySelector(".site-search__link");
    const excerpt = item.querySelector(".site-search__excerpt")?.innerText ?? "";
    const html = await (await fetch(link.href)).text();
    const page = new DOMParser().parseFromString(html, "text/html");
    const labels = [...page.querySelectorAll(
      "article h2, article h3, article .admonition-title, article summary"
    )].map(label => label.innerText.trim()).filter(Boolean);
    found.push([link.getAttribute("href"), excerpt, labels]);
  }
  return found;
}"""


@pytest.mark.parametrize("query", ["energy", "Lavrov", "Russia", "Moscow", "Putin", "defence"])
def test_excerpts_quote_prose_not_the_pages_labels(
    site_url: str, browser_context: Any, query: str
) -> None:
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        search(visit, query)
        found = visit.page.evaluate(EXCERPTS_AND_LABELS)
        assert found
        for href, excerpt, labels in found:
            assert excerpt, href
            shown = [
                label for label in labels if re.search(rf"(^|[.:] ){re.escape(label)}\b", excerpt)
            ]
            assert not shown, (href, excerpt, shown)
            assert "Who and what" not in excerpt and "Topics:" not in excerpt, (href, excerpt)
        if query == "energy":
            shot(visit, "search-energy")
    finally:
        visit.close()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Russia", "countries/russia"),
        ("India", "countries/india"),
        ("BRICS", "organisations/brics"),
    ],
)
def test_the_page_named_by_the_query_comes_first(
    site_url: str, browser_context: Any, query: str, first: str
) -> None:
    """'Russia' matches 'Russian' too; the Russia page still leads, above the Russian
    Ministry of Foreign Affairs."""
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        found = search(visit, query)
        assert found[0][0] == first, found
    finally:
        visit.close()


@pytest.mark.parametrize(
    ("query", "first"),
    [("Jaishnkar", "people/s-jaishankar"), ("lavrof", "people/sergey-lavrov")],
)
def test_a_misspelt_name_suggests_the_person_before_the_events(
    site_url: str, browser_context: Any, query: str, first: str
) -> None:
    visit = Visit(browser_context, site_url, PHONE)
    try:
        found = search(visit, query)
        assert found[0] == (first, "Person"), found
        assert [kind for _, kind in found[1:]] == ["Event"] * (len(found) - 1), found
    finally:
        visit.close()


def test_from_disk_the_box_says_search_needs_a_server(site_dir: Path, browser_context: Any) -> None:
    """Opened as files, the browser will not load Pagefind: the box says how to serve the
    site, not that the connection failed."""
    page = browser_context.new_page()
    try:
        page.goto((site_dir / "index.html").as_uri())
        page.fill(".site-search__input", "Lavrov")
        count = page.locator(".site-search__count")
        count.filter(has_text="served").wait_for(timeout=10_000)
        text = count.inner_text()
        assert "make serve" in text and "connection" not in text, text
        page.screenshot(path=str(Path(__file__).parent / "screenshots" / "search-from-disk.png"))
    finally:
        page.close()


KIND_WORDS = {"Briefings": "Briefing", "Events": "Event", "People": "Person"}


def test_filter_counts_match_the_results_and_the_kind_filter_selects(
    site_url: str, browser_context: Any
) -> None:
    """'Lavrov' finds a briefing, a person, events and a page of two countries: the counts
    beside the kinds of page are the results of each kind and add up to all of them, and
    ticking Events leaves exactly those."""
    visit = Visit(browser_context, site_url, PHONE)
    try:
        found = search(visit, "Lavrov")
        visit.page.click(".site-search__toggle")
        kinds = visit.page.locator(".site-search__filters fieldset").first
        kinds.locator("label").first.wait_for(timeout=10_000)
        visit.page.wait_for_timeout(500)  # the counts follow the query once loaded
        counts = {}
        for text in kinds.locator("label").all_inner_texts():
            name, number = re.fullmatch(r"\s*(.+) \((\d+)\)\s*", text).groups()  # type: ignore[union-attr]
            counts[name] = int(number)
        for label, word in KIND_WORDS.items():
            expected = sum(1 for _, kind in found if kind.split(" \u00b7 ")[0] == word)
            assert counts[label] == expected, (label, counts, found)
        # Every result is of one kind of page, pages of two countries included.
        assert sum(counts.values()) == len(found), (counts, found)
        topic_scope = visit.page.locator(".site-search__scope").all_inner_texts()
        assert any("events have no topics" in text for text in topic_scope), topic_scope
        shot(visit, "search-filters-phone")
        kinds.get_by_label("Events", exact=False).check()
        visit.page.locator(".site-search__count").filter(
            has_text=f"{counts['Events']} result"
        ).wait_for(timeout=10_000)
        shown = visit.page.locator(".site-search__kind").all_inner_texts()
        assert shown and all(text.startswith("Event") for text in shown), shown
        box = visit.page.locator(".site-search__results li").first.bounding_box()
        assert box and box["y"] < PHONE["height"], "the first result stays in view"
    finally:
        visit.close()
