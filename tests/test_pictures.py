"""Pictures: inline SVG charts with a text alternative, escaped names, bounded size."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

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
    assert "2 held, 1 planned" in description
    spans = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "held"]
    assert len(spans) == 1 and float(spans[0].get("width", 0)) > 4  # the two-day visit
    drawn = [c for c in svg.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    assert [c.get("class") for c in drawn] == ["scheduled"]
    vague = [line for line in svg.iter(f"{SVG}line") if line.find(f"{SVG}title") is not None]
    assert [line.get("class") for line in vague] == ["held vague"]
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
    # The chart and its words under it grow with the months drawn, never with the items.
    assert len(figure.encode()) < 60_000
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


def timeline_of(events: list[EventMark], as_of: dt.date | None = None) -> ET.Element:
    briefings = [day("2025-11-15"), day("2025-11-18"), day("2025-12-01")]
    figure = pictures.timeline("timeline", "India", briefings, events, as_of)
    assert figure is not None
    return parsed(figure)


HELD_VISIT = EventMark(day("2025-12-04"), day("2025-12-04"), "held", "Visit: held, 4 December")
PLANNED_TALKS = EventMark(day("2025-11-20"), day("2025-11-20"), "scheduled", "Talks: scheduled")
HELD_MONTH = EventMark(day("2025-09-01"), day("2025-09-30"), "held", "Summit: held", True)
PLANNED_MONTH = EventMark(
    day("2026-01-01"), day("2026-01-31"), "anticipated", "Visit: planned", True
)


def test_timeline_bars_carry_their_counts_as_text() -> None:
    svg = timeline_of([HELD_VISIT])
    counts = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "count"]
    assert counts == ["2", "1"], "November's two briefings, December's one, above their bars"


def test_a_long_timeline_gives_the_scale_in_words_when_digits_do_not_fit() -> None:
    dates = [day("2015-01-01") + dt.timedelta(days=30 * i) for i in range(120)]
    figure = pictures.timeline("timeline", "a hub", dates, [])
    assert figure is not None
    counts = [t.text for t in parsed(figure).iter(f"{SVG}text") if t.get("class") == "count"]
    assert counts == ["up to 2"]


@pytest.mark.parametrize(
    ("events", "key"),
    [
        ([HELD_VISIT, PLANNED_TALKS], ["held", "planned"]),
        ([HELD_MONTH, PLANNED_MONTH], ["held, month only", "planned, month only"]),
        ([HELD_VISIT], ["held"]),
    ],
)
def test_the_key_names_each_kind_of_mark_drawn(events: list[EventMark], key: list[str]) -> None:
    svg = timeline_of(events)
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "key"] == key


def test_held_and_planned_month_only_events_are_solid_and_dashed_lines() -> None:
    """The stylesheet dashes `line.vague.scheduled` and `.anticipated`: the classes carry it."""
    svg = timeline_of([HELD_MONTH, PLANNED_MONTH])
    lines = {
        line.findtext(f"{SVG}title"): line.get("class")
        for line in svg.iter(f"{SVG}line")
        if line.find(f"{SVG}title") is not None
    }
    assert lines == {"Summit: held": "held vague", "Visit: planned": "anticipated vague"}


def test_every_tooltip_is_also_said_under_the_chart() -> None:
    for figure in (
        pictures.timeline(
            "timeline", "India", [day("2025-11-15")], [HELD_VISIT, PLANNED_MONTH], day("2025-11-16")
        ),
        pictures.star("met", "Lavrov", [("S. Jaishankar", 2), ("Narendra Modi", 1)]),
        pictures.bars("countries", "Countries", [("India", 9), ("Russia", 3)], "briefings"),
        pictures.sides("sides", ("India", "Russia"), (["A"], ["B"]), [(0, 0, 2)]),
    ):
        assert figure is not None
        titles = [t.text for e in parsed(figure).iter() for t in e.findall(f"{SVG}title")]
        listed = ET.fromstring(re.sub(r"<svg.*</svg>", "", figure, flags=re.S))
        said = [li.text for li in listed.iter("li")]
        assert titles[1:] == said, "the SVG's own title names the chart; each mark's is listed"


def test_the_timeline_marks_today_and_its_words_say_only_what_is_drawn() -> None:
    svg = timeline_of([HELD_VISIT], as_of=day("2026-03-02"))
    today = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "today"]
    assert len(today) == 1
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "year"]
    assert ticks[-1] == "Mar", "the scale reaches today, after the last item"
    description = svg.findtext(f"{SVG}desc") or ""
    assert description == (
        "3 briefings and 1 event about India, November 2025 to December 2025: 1 held, "
        "0 planned, 0 postponed or cancelled. A line marks today, 2 March 2026."
    )
