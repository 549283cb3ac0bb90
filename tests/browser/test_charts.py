"""Charts as a reader sees them, on the fixture corpus and on the story fixture: every mark
stands out from the page (WCAG 1.4.11, 3:1), counts are text, nothing is said only in a
tooltip, held and planned events differ by more than colour, text alternatives say only what
is drawn, and timelines mark the as-of date. Desktop and phone, light and dark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from test_browser import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    Visit,
    browser_context,
    served,
)

from conftest import build_site, copy_project
from generator.__main__ import main
from test_story import add_story

__all__ = ["browser_context"]  # Playwright's context, shared with the other browser tests

pytestmark = pytest.mark.browser

AS_OF = "2025-11-16"
AS_OF_WORDS = "16 November 2025"
CHART_PAGES = {
    "home": "",
    "country": "countries/india/",
    "country-pair": "relations/india--russia/",
    "person": "people/sergey-lavrov/",
    "countries": "countries/",
    "timeline": "timeline/",
}
VIEWS = [
    ("desktop", DESKTOP, "light"),
    ("desktop", DESKTOP, "dark"),
    ("phone", PHONE, "light"),
    ("phone", PHONE, "dark"),
]
MARKS = "rect, circle, line, path, polygon"


@pytest.fixture(scope="module", params=["corpus", "story"])
def chart_site(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[str]:
    """The fixture corpus, and the corpus with the story's briefings on top, served."""
    if not CHROMIUM.exists():
        pytest.fail("run `make browser-test`: it installs Chromium (apt)")
    project = copy_project(tmp_path_factory.mktemp(request.param) / "project")
    if request.param == "story":
        add_story(project)
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    completed = build_site(project)
    assert completed.returncode == 0, completed.stderr
    with served(project / "site") as url:
        yield f"{url}#{request.param}"


# What the browser computed for each chart: the colours each mark is painted with, the
# opacities on the way up to the SVG, and the background behind the chart.
COMPUTED = """(marks) => {
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("article svg.chart")].map(svg => ({
    id: svg.getAttribute("aria-labelledby"),
    background: background(svg),
    marks: [...svg.querySelectorAll(marks)].map(mark => {
      const style = getComputedStyle(mark);
      let opacity = 1;
      for (let e = mark; e && e !== svg.parentElement; e = e.parentElement)
        opacity *= Number(getComputedStyle(e).opacity);
      return {
        tag: mark.tagName, cls: mark.getAttribute("class") || "",
        fill: style.fill, stroke: style.stroke, strokeWidth: parseFloat(style.strokeWidth),
        fillOpacity: Number(style.fillOpacity), strokeOpacity: Number(style.strokeOpacity),
        dash: style.strokeDasharray, opacity,
        title: mark.querySelector("title")?.textContent ?? "",
        box: mark.getBoundingClientRect().toJSON(),
      };
    }),
    texts: [...svg.querySelectorAll("text")].map(text => ({
      text: text.textContent, cls: text.getAttribute("class") || "",
      fill: getComputedStyle(text).fill, box: text.getBoundingClientRect().toJSON(),
    })),
    desc: svg.querySelector("desc")?.textContent ?? "",
    caption: svg.closest("figure")?.querySelector("figcaption")?.textContent ?? "",
  }));
}"""


def rgba(colour: str) -> tuple[float, float, float, float] | None:
    """A computed colour as red, green, blue (0-255) and alpha; None for `none` or a url."""
    found = re.fullmatch(r"rgba?\(([^)]*)\)", colour.strip())
    if not found:
        return None
    parts = [float(p) for p in re.split(r"[ ,/]+", found.group(1).strip()) if p]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def over(colour: tuple[float, float, float, float], alpha: float, base: str) -> tuple[float, ...]:
    """The colour as drawn: blended with its alpha (times the opacities) over the page."""
    below = rgba(base)
    assert below is not None
    a = colour[3] * alpha
    return tuple(a * c + (1 - a) * b for c, b in zip(colour[:3], below[:3], strict=True))


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def paints(mark: dict[str, Any], background: str) -> list[tuple[str, float]]:
    """Each colour a mark is painted with (as drawn over the page) and its contrast with the
    page; a fill the colour of the page is the inside of an outline, not a paint."""
    page = over((0, 0, 0, 0), 1, background)
    found = []
    parts = [("stroke", mark["stroke"], mark["strokeOpacity"])]
    if mark["tag"] != "line":  # a line has no inside to fill
        parts.append(("fill", mark["fill"], mark["fillOpacity"]))
    for name, value, alpha in parts:
        colour = rgba(value)
        if colour is None or colour[3] * alpha == 0:
            continue
        if name == "stroke" and mark["strokeWidth"] == 0:
            continue
        drawn = over(colour, alpha * mark["opacity"], background)
        ratio = contrast(drawn, page)
        if name == "fill" and ratio < 1.01:
            continue
        found.append((name, ratio))
    return found


def charts(visit: Visit) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = visit.page.evaluate(COMPUTED, MARKS)
    return found


def visit_all(site: str, browser: Any) -> Iterator[tuple[str, str, Visit]]:
    base, _, name = site.partition("#")
    for page, path in CHART_PAGES.items():
        for size, viewport, scheme in VIEWS:
            visit = Visit(browser, base + path, viewport, scheme=scheme)
            try:
                yield f"{name} {page} {size} {scheme}", f"{name}-{page}-{size}-{scheme}", visit
            finally:
                visit.close()


def test_every_mark_stands_out_from_the_page(chart_site: str, browser_context: Any) -> None:
    lowest: dict[str, float] = {}
    failures = []
    for where, shot_name, visit in visit_all(chart_site, browser_context):
        for chart in charts(visit):
            for mark in chart["marks"]:
                drawn = paints(mark, chart["background"])
                assert drawn, f"{where}: a {mark['tag']}.{mark['cls']} is not painted at all"
                for paint, ratio in drawn:
                    key = f"{where.split()[-1]} {mark['tag']}.{mark['cls']} {paint}"
                    lowest[key] = min(ratio, lowest.get(key, 99))
                    if ratio < 3:
                        failures.append(f"{where}: {key} {ratio:.2f}:1")
            page = over((0, 0, 0, 0), 1, chart["background"])
            for text in chart["texts"]:
                colour = rgba(text["fill"])
                assert colour is not None
                ratio = contrast(over(colour, 1, chart["background"]), page)
                if ratio < 4.5:
                    failures.append(f"{where}: text.{text['cls']} {ratio:.2f}:1")
        if chart_site.endswith("story"):
            SCREENSHOTS.mkdir(exist_ok=True)
            visit.page.screenshot(path=str(SCREENSHOTS / f"charts-{shot_name}.png"), full_page=True)
    print("\n".join(f"{ratio:5.2f}  {key}" for key, ratio in sorted(lowest.items())))
    assert failures == [], failures[:20]


def test_counts_are_text_beside_their_bars(chart_site: str, browser_context: Any) -> None:
    for where, _, visit in visit_all(chart_site, browser_context):
        for chart in charts(visit):
            for bar in (m for m in chart["marks"] if {"bar", "briefing"} & set(m["cls"].split())):
                count = re.search(r"(\d+) \w+$", bar["title"])
                assert count, bar
                box = bar["box"]
                beside = [
                    t
                    for t in chart["texts"]
                    if t["text"] == count.group(1)
                    and t["box"]["left"] <= box["right"] + 8
                    and t["box"]["right"] >= box["left"] - 8
                    and t["box"]["top"] <= box["bottom"] + 8
                    and t["box"]["bottom"] >= box["top"] - 8
                ]
                assert beside, f"{where}: no {count.group(1)} beside the bar {bar['title']}"


def test_nothing_is_said_only_in_a_tooltip(chart_site: str, browser_context: Any) -> None:
    for where, _, visit in visit_all(chart_site, browser_context):
        # A closed disclosure opens with a tap; what it holds is on the page.
        visit.page.evaluate(
            "document.querySelectorAll('article details').forEach(d => d.open = true)"
        )
        shown = " ".join(visit.page.evaluate("document.querySelector('article').innerText").split())
        for chart in charts(visit):
            for mark in chart["marks"]:
                said = " ".join(mark["title"].split())
                assert said in shown, f"{where}: {said!r} is only in a tooltip"


def test_held_and_planned_differ_by_shape_with_a_key(chart_site: str, browser_context: Any) -> None:
    for where, _, visit in visit_all(chart_site, browser_context):
        for chart in charts(visit):
            looks: dict[str, set[tuple[str, bool, str]]] = {"held": set(), "planned": set()}
            for mark in chart["marks"]:
                classes = set(mark["cls"].split())
                kind = (
                    "held"
                    if "held" in classes
                    else "planned"
                    if classes
                    & {
                        "scheduled",
                        "anticipated",
                    }
                    else None
                )
                if kind is None:
                    continue
                filled = bool([p for p in paints(mark, chart["background"]) if p[0] == "fill"])
                vague = "vague" in classes
                looks[kind].add((mark["tag"] + (" vague" if vague else ""), filled, mark["dash"]))
            assert not looks["held"] & looks["planned"], f"{where}: {looks}"
            if looks["held"] or looks["planned"]:
                key = " ".join(t["text"] for t in chart["texts"]) + chart["caption"]
                assert "held" in key and "planned" in key, f"{where}: no key: {key}"


def test_text_alternatives_say_what_is_drawn_and_timelines_mark_today(
    chart_site: str, browser_context: Any
) -> None:
    for where, _, visit in visit_all(chart_site, browser_context):
        for chart in charts(visit):
            assert "below" not in chart["desc"] and "lists" not in chart["desc"], chart["desc"]
            if not chart["id"].startswith("timeline"):
                continue
            events = [m for m in chart["marks"] if m["title"] and "briefing" not in m["cls"]]
            briefings = sum(
                int(m["title"].rsplit(": ", 1)[1].split()[0])
                for m in chart["marks"]
                if "briefing" in m["cls"].split()
            )
            said = re.match(r"(\d+) briefings? and (\d+) events?", chart["desc"])
            assert said, chart["desc"]
            assert (int(said.group(1)), int(said.group(2))) == (briefings, len(events)), where
            assert any("today" in m["cls"].split() for m in chart["marks"]), where
            assert AS_OF_WORDS in chart["desc"], chart["desc"]
            assert "today" in " ".join(t["text"] for t in chart["texts"]), where
