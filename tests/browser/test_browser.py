"""Pages as a reader sees them: Debian's Chromium, driven by Playwright, over a local server.

Run with `make browser-test`, which installs Chromium (apt) and axe-core (npm) first.
Screenshots of every page type, desktop and phone, light and dark, land in
tests/browser/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

from conftest import SEED_ID, build_site, copy_project
from generator.__main__ import main

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TYPES = {
    "home": "",
    "briefing": f"briefings/{SEED_ID}/",
    "briefings-index": "briefings/",
    "country": "countries/india/",
    "country-pair": "relations/india--russia/",
    "person": "people/sergey-lavrov/",
    "organisation": "organisations/brics/",
    "event": "events/putin-india-visit-2025/",
    "topic": "topics/energy/",
    "timeline": "timeline/",
    "upcoming": "upcoming/",
    "about": "about/",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


# Every element of the page's content that reaches past the content column, or that holds
# more than it shows (a table wider than its scrolling wrapper): on a phone, a reader would
# have to scroll inside the page, or never see the end of it.
CLIPPED_ELEMENTS = """() => {
  const column = document.querySelector("article").getBoundingClientRect();
  const found = [];
  for (const element of document.querySelectorAll("article *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || element.closest("details:not([open])")) continue;
    const name = element.tagName.toLowerCase() + (element.className ? "." + element.className : "");
    if (box.right > column.right + 1 || box.left < column.left - 1) {
      found.push(`${name} spans ${Math.round(box.left)}-${Math.round(box.right)}px`);
    } else if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0
               && getComputedStyle(element).overflowX !== "visible") {
      found.push(`${name} hides ${element.scrollWidth - element.clientWidth}px`);
    }
  }
  return found;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site silently, noting which search files it sent (Pagefind's web worker
    fetches some, and a worker's requests do not reach the page's own events)."""

    served: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def copyfile(self, source: Any, destination: Any) -> None:
        if "/pagefind/" in self.path or "/search-facets/" in self.path:
            self.served.append(self.path.split("?")[0].lstrip("/"))
        super().copyfile(source, destination)


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site served silently on a free local port, while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site_dir(site_url: str) -> Path:
    return SITE_DIRS[site_url]


SITE_DIRS: dict[str, Path] = {}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("run `make browser-test`: it installs Chromium (apt) and axe-core (npm)")
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    completed = build_site(project, search=True)
    assert completed.returncode == 0, completed.stderr
    with served(project / "site") as url:
        SITE_DIRS[url] = project / "site"
        yield url


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport=DESKTOP,
        )
        yield context
        context.close()


class Visit:
    """One page load, with what the page asked for and what it printed to the console."""

    def __init__(self, context: Any, url: str, viewport: dict[str, int], scheme: str = "light"):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        # Material remembers the colour scheme a reader chose; start each visit without one.
        self.page.add_init_script("localStorage.clear()")
        self.page.set_viewport_size(viewport)
        self.page.emulate_media(color_scheme=scheme)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname == "127.0.0.1"
                else route.abort()
            ),
        )
        self.page.goto(url, wait_until="networkidle")

    def close(self) -> None:
        self.page.close()


def shot(visit: Visit, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_loads_locally_without_errors(
    site_url: str, browser_context: Any, page_type: str
) -> None:
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visit = Visit(browser_context, site_url + PAGE_TYPES[page_type], viewport)
        try:
            assert visit.errors == [], visit.errors
            foreign = [u for u in visit.requests if urlsplit(u).hostname != "127.0.0.1"]
            assert foreign == [], foreign
            assert visit.page.locator("h1").count() == 1
            assert visit.page.title().count("Policy Briefings") == 1, visit.page.title()
            h1, body = visit.page.evaluate(
                "[getComputedStyle(document.querySelector('article h1')).color,"
                " getComputedStyle(document.querySelector('article p, article li')).color]"
            )
            assert h1 == body, f"{page_type}: the title is {h1}, the text {body}"
            cut = visit.page.evaluate(
                "(() => { const name = document.querySelector("
                "'.md-header__topic:first-child .md-ellipsis');"
                " return name.scrollWidth - name.clientWidth })()"
            )
            assert cut <= 0, f"{page_type}: the site's name is cut by {cut}px in the header"
            if size == "phone":
                overflow = visit.page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, f"{page_type} scrolls sideways on a phone by {overflow}px"
                clipped = visit.page.evaluate(CLIPPED_ELEMENTS)
                assert clipped == [], f"{page_type}: clipped on a phone: {clipped[:5]}"
            shot(visit, f"{page_type}-{size}")
        finally:
            visit.close()


@pytest.mark.parametrize(
    ("page_type", "charts"),
    [("home", 1), ("country", 1), ("person", 1), ("country-pair", 2), ("countries", 1)],
)
def test_pictures_say_what_they_show_and_follow_the_colour_scheme(
    site_url: str, browser_context: Any, page_type: str, charts: int
) -> None:
    url = site_url + PAGE_TYPES.get(page_type, f"{page_type}/")
    for scheme in ("light", "dark"):
        visit = Visit(browser_context, url, DESKTOP, scheme=scheme)
        try:
            found = visit.page.evaluate(
                """() => [...document.querySelectorAll("article svg.chart")].map(svg => ({
                  role: svg.getAttribute("role"),
                  title: svg.querySelector("title")?.textContent ?? "",
                  desc: svg.querySelector("desc")?.textContent ?? "",
                  named: svg.getAttribute("aria-labelledby").split(" ")
                    .every(id => document.getElementById(id)),
                  width: svg.getBoundingClientRect().width,
                  text: getComputedStyle(svg.querySelector("text:not(.year):not(.count)")).fill,
                }))"""
            )
            assert len(found) == charts, found
            for chart in found:
                assert chart["role"] == "img" and chart["named"], chart
                assert chart["title"] and len(chart["desc"]) > 20, chart
                assert chart["width"] > 200, chart
            body = visit.page.evaluate(
                "getComputedStyle(document.querySelector('article h1')).color"
            )
            assert {chart["text"] for chart in found} == {body}, (scheme, found, body)
            if scheme == "dark":
                shot(visit, f"{page_type}-pictures-dark")
        finally:
            visit.close()


@pytest.mark.parametrize("page_type", ["home", "briefing", "country", "event"])
def test_dark_mode_and_print(site_url: str, browser_context: Any, page_type: str) -> None:
    visit = Visit(browser_context, site_url + PAGE_TYPES[page_type], DESKTOP, scheme="dark")
    try:
        scheme = visit.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == "slate"
        shot(visit, f"{page_type}-dark")
        visit.page.emulate_media(media="print")
        hidden = visit.page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).display"
        )
        assert hidden == "none", "the header is not printed"
        shot(visit, f"{page_type}-print")
    finally:
        visit.close()


def heading_levels(visit: Visit) -> list[int]:
    levels: list[int] = visit.page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3, article h4')]"
        ".map(h => Number(h.tagName[1]))"
    )
    return levels


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_accessibility(site_url: str, browser_context: Any, page_type: str) -> None:
    visit = Visit(browser_context, site_url + PAGE_TYPES[page_type], DESKTOP)
    try:
        levels = heading_levels(visit)
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
        visit.page.add_script_tag(path=str(AXE))
        result = visit.page.evaluate("axe.run(document)")
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], serious
    finally:
        visit.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lavrov", f"briefings/{SEED_ID}/"),
        ("Moscow", f"briefings/{SEED_ID}/"),
        ("Patrushev", f"briefings/{SEED_ID}/"),
        ("Jaishankar", "people/s-jaishankar/"),
    ],
)
def test_search_finds(site_url: str, browser_context: Any, query: str, expected: str) -> None:
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        visit.page.keyboard.press("/")
        focused = visit.page.evaluate("document.activeElement.className")
        assert "site-search__input" in focused, "the / shortcut focuses the search box"
        visit.page.keyboard.type(query)
        results = visit.page.locator(".site-search__link")
        results.first.wait_for(timeout=10_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any(urlsplit(href).path.endswith(expected) for href in hrefs), hrefs
        if query == "Lavrov":
            shot(visit, "search-lavrov")
    finally:
        visit.close()


OVERVIEW_PATHS = {
    "",
    "briefings",
    "countries",
    "people",
    "organisations",
    "events",
    "topics",
    "timeline",
    "upcoming",
}


def search(visit: Visit, query: str) -> list[tuple[str, str]]:
    """(path, what it is) of each result shown for a query typed into the search box."""
    visit.page.keyboard.press("/")
    visit.page.keyboard.type(query)
    results = visit.page.locator(".site-search__results li")
    results.first.wait_for(timeout=10_000)
    found = []
    for i in range(results.count()):
        href = results.nth(i).locator(".site-search__link").get_attribute("href") or ""
        kind = results.nth(i).locator(".site-search__kind").inner_text()
        found.append((urlsplit(href).path.strip("/"), kind))
    return found


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Lavrov", {f"briefings/{SEED_ID}", "people/sergey-lavrov"}),
        ("Moscow", {f"briefings/{SEED_ID}", "events/jaishankar-lavrov-moscow-talks-2025"}),
        ("Patrushev", {f"briefings/{SEED_ID}", "people/dmitry-patrushev"}),
    ],
)
def test_search_ranks_the_pages_about_a_name_and_says_what_each_is(
    site_url: str, browser_context: Any, query: str, first: set[str]
) -> None:
    """Lists that repeat titles are not indexed, nor are overview pages: 'Lavrov' finds the
    briefing, his page and the events he took part in, not every page that lists them."""
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        found = search(visit, query)
        paths = [path for path, _ in found]
        assert not OVERVIEW_PATHS.intersection(paths), paths
        assert first <= set(paths[:3]), paths
        assert len(found) <= 5, found
        kinds = dict(found)
        assert kinds[f"briefings/{SEED_ID}"] == "Briefing \u00b7 15 November 2025"
        if query == "Lavrov":
            assert kinds["people/sergey-lavrov"] == "Person"
            assert kinds["events/jaishankar-lavrov-moscow-talks-2025"] == (
                "Event \u00b7 17 November 2025"
            )
    finally:
        visit.close()


def test_a_misspelt_name_finds_the_pages_about_similar_names(
    site_url: str, browser_context: Any
) -> None:
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        found = search(visit, "lavrof")
        assert ("people/sergey-lavrov", "Person") in found, found
        count = visit.page.locator(".site-search__count").inner_text()
        assert count == "No page has these words. Names like them:"
    finally:
        visit.close()


def test_search_filters_and_light_first_query(
    site_url: str, site_dir: Path, browser_context: Any
) -> None:
    """A query downloads only part of the index and no filter data; opening the filters
    offers country, person, organisation, topic and year, and choosing one narrows results."""
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        _QuietHandler.served.clear()
        visit.page.keyboard.press("/")
        visit.page.keyboard.type("Moscow")
        results = visit.page.locator(".site-search__link")
        results.first.wait_for(timeout=10_000)
        visit.page.wait_for_load_state("networkidle")
        fetched = set(_QuietHandler.served)
        assert any(name.endswith(".pf_fragment") for name in fetched), fetched
        assert not [name for name in fetched if "search-facets/" in name], "filters load on demand"
        raw = sum((site_dir / name).stat().st_size for name in fetched)
        assert 0 < raw < 300 * 1024, raw
        before = visit.page.locator(".site-search__count").inner_text()
        visit.page.click(".site-search__toggle")
        visit.page.locator(".site-search__filters legend").first.wait_for(timeout=10_000)
        kinds = visit.page.locator(".site-search__filters legend").all_inner_texts()
        assert kinds == ["Kind of page", "Countries", "People", "Organisations", "Topics", "Year"]
        visit.page.fill(".site-search__finder", "modi")
        shown = visit.page.locator(".site-search__filters label:visible").all_inner_texts()
        assert [label.strip() for label in shown] == ["Narendra Modi (1)"], shown
        visit.page.get_by_label("Narendra Modi", exact=False).check()
        visit.page.wait_for_function(
            f"document.querySelector('.site-search__count').innerText !== {before!r}"
        )
        results.first.wait_for(timeout=10_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert hrefs and all(urlsplit(h).path.endswith(f"briefings/{SEED_ID}/") for h in hrefs)
        assert "search-facets/person/narendra-modi.json" in _QuietHandler.served
        visit.page.fill(".site-search__finder", "lavrov")
        shown = visit.page.locator(".site-search__filters label:visible").all_inner_texts()
        assert [label.strip() for label in shown] == ["Narendra Modi (1)", "Sergey Lavrov (1)"]
        # The counts follow the query: a word only the about page has leaves no briefing.
        visit.page.get_by_label("Narendra Modi", exact=False).uncheck()
        visit.page.fill(".site-search__input", "precision")
        visit.page.wait_for_function(
            "[...document.querySelectorAll('.site-search__filters label')]"
            ".some(label => label.innerText.includes('Sergey Lavrov (0)'))"
        )
        assert "search-facets/by-page/person.json" in _QuietHandler.served
        shot(visit, "search-filters")
    finally:
        visit.close()


def test_search_says_so_when_a_filter_cannot_load(site_url: str, browser_context: Any) -> None:
    """A filter file that fails to arrive gives a message, not stale results; once it
    arrives, the same filter works."""
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        failing = True

        def flaky(route: Any) -> None:
            route.abort() if failing else route.continue_()

        visit.page.route("**/search-facets/person/*.json", flaky)
        visit.page.keyboard.press("/")
        visit.page.keyboard.type("Moscow")
        visit.page.locator(".site-search__link").first.wait_for(timeout=10_000)
        visit.page.click(".site-search__toggle")
        visit.page.get_by_label("Narendra Modi", exact=False).check()
        count = visit.page.locator(".site-search__count")
        count.filter(has_text="could not load").wait_for(timeout=10_000)
        assert visit.page.locator(".site-search__link").count() == 0
        failing = False
        visit.page.fill(".site-search__input", "Moscow talks")
        count.filter(has_text="1 result").wait_for(timeout=10_000)
    finally:
        visit.close()


@pytest.mark.parametrize("stale", [True, False])
def test_the_previews_search_says_when_its_index_is_catching_up(
    site_url: str, browser_context: Any, stale: bool
) -> None:
    """The live preview names a status file in a <meta> (generator/build/preview.py); while it says
    "stale", the search box says the results may be older than the pages."""
    page = browser_context.new_page()
    try:

        def with_status_meta(route: Any) -> None:
            response = route.fetch()
            meta = '<meta name="search-status" content="/search-status.json">'
            body = response.text().replace("</head>", f"{meta}</head>", 1)
            route.fulfill(response=response, body=body)

        page.route(site_url, with_status_meta)
        page.route(
            "**/search-status.json",
            lambda route: route.fulfill(
                json={"stale": stale}, headers={"Cache-Control": "no-store"}
            ),
        )
        page.goto(site_url, wait_until="networkidle")
        page.keyboard.press("/")
        page.keyboard.type("Lavrov")
        page.locator(".site-search__link").first.wait_for(timeout=10_000)
        note = page.locator(".site-search__stale")
        if stale:
            note.wait_for(state="visible", timeout=10_000)
            assert "catching up" in note.inner_text()
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "search-catching-up.png"))
        else:
            page.wait_for_load_state("networkidle")
            assert note.is_hidden()
    finally:
        page.close()


def test_the_published_search_never_asks_for_a_status(site_url: str, browser_context: Any) -> None:
    visit = Visit(browser_context, site_url, DESKTOP)
    try:
        search(visit, "Lavrov")
        visit.page.wait_for_load_state("networkidle")
        assert not [url for url in visit.requests if "search-status" in url]
        assert visit.page.locator(".site-search__stale").is_hidden()
    finally:
        visit.close()
