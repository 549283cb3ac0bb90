"""Pictures: inline SVG charts with a text alternative, escaped names, bounded size."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from generator.pages import pictures
from generator.pages.pictures import EventMark
from generator.site_hooks import sanitise

SVG = "{http://www.w3.org/2000/svg}"


def parsed(figure: str) -> ET.Element:
    """The figure as XML: a chart that does not parse would not draw either."""
    svg = re.search(r"<svg.*</svg>", figure, re.S)
    assert svg is not None
    return ET.fromstring(svg.group().replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def shapes(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each element and its attributes, however the HTML spells them."""
    return [(e.tag, sorted(e.attrib.items())) for e in parsed(html).iter()]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_a_timeline_draws_ranges_as_spans_and_days_as_dots_with_words_for_both() -> None:
    events = [
        EventMark(day("2025-12-04"), day("2025-12-05"), "held", "Visit: held, 4–5 December"),
        EventMark(day("2025-11-17"), day("2025-11-17"), "scheduled", "Talks: scheduled"),
        EventMark(day("2025-09-01"), day("2025-09-30"), "held", "Visit: held, September", True),
    ]
    figure = pictures.timeline("timeline", "India", [day("2025-11-15"), day("2025-11-18")], events)
    assert figure is not None
    svg = parsed(figure)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "timeline-title timeline-desc"
    assert svg.findtext(f"{SVG}title") == "Timeline of India"
    description = svg.findtext(f"{SVG}desc") or ""
    assert description.startswith("2 briefings and 3 events about India, September 2025 to")
    assert "2 events held, 1 planned" in description
    spans = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "held"]
    assert len(spans) == 1 and float(spans[0].get("width", 0)) > 4  # the two-day visit
    assert [c.get("class") for c in svg.iter(f"{SVG}circle")] == ["scheduled"]
    assert [r.get("class") for r in svg.iter(f"{SVG}rect")].count("held vague") == 1
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "year"]
    assert ticks == ["Sep 2025", "Oct", "Nov", "Dec"]


def test_too_little_to_draw_draws_nothing() -> None:
    assert pictures.timeline("timeline", "India", [day("2025-11-15")], []) is None
    assert pictures.star("met", "Lavrov", []) is None
    assert pictures.star("met", "Lavrov", [("S. Jaishankar", 2)]) is None
    assert pictures.bars("countries", "Countries", [], "briefings") is None


def test_names_are_text_never_markup_and_survive_the_sanitiser() -> None:
    hostile = 'Evil <script>alert(1)</script> & "quotes"'
    figure = pictures.star("met", hostile, [(hostile, 2), ("Sergey Lavrov", 1)])
    assert figure is not None
    assert "<script" not in figure
    svg = parsed(figure)
    assert svg.findtext(f"{SVG}title") == f"Who {hostile} met"
    assert shapes(sanitise(figure)) == shapes(figure), "the sanitiser keeps all that is drawn"
    widths = [float(line.get("stroke-width", 0)) for line in svg.iter(f"{SVG}line")]
    assert widths[0] > widths[1], "the person met more often has the thicker line"


def test_many_items_stay_small_and_the_same_each_time() -> None:
    """A hub of 10,000 briefings: monthly counts, not one mark each, and the same bytes."""
    start = day("2019-01-01")
    dates = [start + dt.timedelta(days=i % 2500) for i in range(10_000)]
    events = [
        EventMark(d, d, ("held", "scheduled", "cancelled")[i % 3], f"Event {i}")
        for i, d in enumerate(dates[:3000])
    ]
    figure = pictures.timeline("timeline", "a hub", dates, events)
    assert figure is not None
    assert len(figure.encode()) < 50_000
    assert figure == pictures.timeline("timeline", "a hub", dates, events)
    assert len([t for t in parsed(figure).iter(f"{SVG}text") if t.get("class") == "year"]) <= 7


def test_bars_put_the_longest_first_as_given_with_counts() -> None:
    figure = pictures.bars("countries", "Countries", [("India", 9), ("Russia", 3)], "briefings")
    assert figure is not None
    svg = parsed(figure)
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["India", "9", "Russia", "3"]
    assert svg.findtext(f"{SVG}desc") == "Countries: India 9, Russia 3."


def test_sides_join_the_people_of_two_countries_who_met() -> None:
    figure = pictures.sides(
        "sides",
        ("India", "Russia"),
        (["Narendra Modi", "S. Jaishankar"], ["Sergey Lavrov", "Vladimir Putin"]),
        [(0, 1, 1), (1, 0, 2)],
    )
    assert figure is not None
    svg = parsed(figure)
    names = [t.text for t in svg.iter(f"{SVG}text")]
    assert names[:2] == ["India", "Russia"]
    assert set(names[2:]) == {"Narendra Modi", "S. Jaishankar", "Sergey Lavrov", "Vladimir Putin"}
    lines = {line.findtext(f"{SVG}title"): line for line in svg.iter(f"{SVG}line")}
    assert set(lines) == {
        "Narendra Modi and Vladimir Putin: 1 event",
        "S. Jaishankar and Sergey Lavrov: 2 events",
    }
    assert pictures.sides("sides", ("India", "Russia"), ([], []), []) is None
