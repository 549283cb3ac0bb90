"""Places at different precision, and what a page says when sources disagree (event_state's
rules 4 to 6): the most precise place that holds the others, with its source; a real conflict
shown as one on every output; a briefing's own value kept but marked where others differ; and
formats with one start, one end or one location given only what every source agrees on.

The story fixture (tests/fixtures/story/) and this test's own (tests/fixtures/places/) give
Putin's visit as "New Delhi", "Hyderabad House" and "Hyderabad House, New Delhi", and the
Moscow talks as "Moscow" and "New Delhi"."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, SEED_ID, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.outputs.feeds import calendar_feed, event_json_ld, export
from generator.story.event_state import (
    Dispute,
    PlaceClaim,
    Report,
    agreed_date,
    agreed_place,
    current_places,
    display_places,
    dispute,
    event_state,
    holds,
    places_now,
)
from generator.story.graph import build_graph
from generator.story.models import Corpus, DateSpan, EventStatus

STORY = REPO / "tests" / "fixtures" / "story"
PLACES = REPO / "tests" / "fixtures" / "places"
AS_OF = "2026-01-01"
TALKS = "jaishankar-lavrov-moscow-talks-2025"
UNGA_MEETING = "jaishankar-lavrov-unga80-meeting"
VISIT = "putin-india-visit-2025"
CONFLICT = "Moscow or New Delhi (sources differ)"


def held(briefing: str, day: str, place: str | None, date: str | None = None) -> Report:
    return Report(
        briefing,
        dt.date.fromisoformat(day),
        EventStatus.HELD,
        DateSpan.parse(date) if date else None,
        place,
    )


def places_of(*given: str | None) -> tuple[PlaceClaim, ...]:
    return current_places(
        held(f"b{i}", f"2025-12-{i + 10:02d}", place) for i, place in enumerate(given)
    )


# --- The rule, on its own ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        # One place at several precisions is one place: the most precise.
        (
            ("New Delhi", "Hyderabad House", "Hyderabad House, New Delhi"),
            "Hyderabad House, New Delhi",
        ),
        (("Hyderabad House, New Delhi", "New Delhi"), "Hyderabad House, New Delhi"),
        (
            ("New Delhi", "Hyderabad House, New Delhi, India", "India"),
            "Hyderabad House, New Delhi, India",
        ),
        # Case and spacing do not make another place; the oldest report's spelling stays.
        (("New Delhi", "new  delhi", " NEW DELHI "), "New Delhi"),
        (("Hyderabad House,New Delhi", "hyderabad house, new delhi"), "Hyderabad House,New Delhi"),
        # Places neither of which holds the other, with none holding both, conflict.
        (("Moscow", "New Delhi"), CONFLICT),
        (
            ("New Delhi", "Moscow", "Kremlin, Moscow"),
            "Kremlin, Moscow or New Delhi (sources differ)",
        ),
        (("Hyderabad House", "New Delhi"), "Hyderabad House or New Delhi (sources differ)"),
        (("India", "New Delhi"), "India or New Delhi (sources differ)"),
        # A report without a place says nothing about it.
        (("Moscow", None), "Moscow"),
        ((None,), "not given"),
    ],
)
def test_the_most_precise_place_that_holds_the_others_or_a_conflict(
    given: tuple[str | None, ...], shown: str
) -> None:
    assert display_places(places_of(*given)) == shown


def test_the_place_is_credited_to_the_reports_that_give_it() -> None:
    places = places_of(
        "New Delhi", "Hyderabad House", "Hyderabad House, New Delhi", "hyderabad house , new delhi"
    )
    assert places == (PlaceClaim("Hyderabad House, New Delhi", ("b2", "b3")),)


@pytest.mark.parametrize(
    ("reports", "shown"),
    [
        # A report that it was held outranks a plan's place, as it outranks a plan's date.
        ([("scheduled", "2025-11-01", "Moscow"), ("held", "2025-11-20", "New Delhi")], "New Delhi"),
        # A postponement starts afresh, for the place as for the date.
        ([("scheduled", "2025-11-01", "Moscow"), ("postponed", "2025-11-20", "Sochi")], "Sochi"),
        # Plans that differ, with nothing held, conflict.
        (
            [("scheduled", "2025-11-01", "Moscow"), ("scheduled", "2025-11-20", "Sochi")],
            "Moscow or Sochi (sources differ)",
        ),
    ],
)
def test_places_count_from_the_reports_whose_dates_count(
    reports: list[tuple[str, str, str]], shown: str
) -> None:
    found = [
        Report(f"b{i}", dt.date.fromisoformat(day), EventStatus(status), None, place)
        for i, (status, day, place) in enumerate(reports)
    ]
    state = event_state(found)
    assert state is not None
    assert display_places(state.places) == shown


@pytest.mark.parametrize(
    ("reported", "registry", "shown"),
    [
        ((), "New York", "New York"),  # the registry's stands in, unsourced
        ((None,), "New York", "New York"),
        (("Manhattan, New York",), "New York", "Manhattan, New York"),
        (("New Delhi",), "India", "New Delhi"),  # reports, not the registry, decide
        ((), None, "not given"),
    ],
)
def test_the_registry_place_stands_in_only_while_no_report_gives_one(
    reported: tuple[str | None, ...], registry: str | None, shown: str
) -> None:
    reports = [held(f"b{i}", "2025-12-01", place) for i, place in enumerate(reported)]
    state = event_state(reports)
    places = places_now(state, registry)
    assert display_places(places) == shown
    from_reports = any(reported)
    assert all(bool(claim.briefing_ids) is from_reports for claim in places)


PARTS = ["Hyderabad House", "New Delhi", "India", "Kremlin", "Moscow", "Russia"]


def spelled(parts: Sequence[str], noise: int) -> str:
    """The parts as a contributor might write them: any case, any spacing."""
    cased = [part.upper() if noise & 1 else part.lower() if noise & 2 else part for part in parts]
    return (", " if noise & 4 else " ,  ").join(cased)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(PARTS), min_size=1, max_size=3, unique=True),
            st.integers(0, 7),
        ),
        min_size=1,
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_the_chosen_place_holds_every_other_or_a_conflict_is_reported_whatever_the_order(
    written: list[tuple[list[str], int]], shuffler: random.Random
) -> None:
    given_places = [spelled(parts, noise) for parts, noise in written]
    reports = [held(f"b{i}", f"2025-12-{i + 1:02d}", p) for i, p in enumerate(given_places)]
    places = current_places(reports)
    claims = [claim.place for claim in places]
    # Nothing a source said is lost: each given place is held by a place shown.
    assert all(any(holds(c, p) for c in claims) for p in given_places)
    conflict = any(
        not holds(p, q)
        and not holds(q, p)
        and not any(holds(r, p) and holds(r, q) for r in given_places)
        for p in given_places
        for q in given_places
    )
    if conflict:
        assert len(places) > 1
        assert all(not holds(a, b) for a in claims for b in claims if a != b)
        assert display_places(places).endswith("(sources differ)")
    else:
        assert len(places) == 1 and all(holds(claims[0], p) for p in given_places)
        assert claims[0] in given_places
    shuffled = list(reports)
    shuffler.shuffle(shuffled)
    assert current_places(shuffled) == places


@pytest.mark.parametrize(
    ("dates", "agreed"),
    [
        (["2025-09-26"], "2025-09-26"),
        (["2025-12-04/2025-12-05"], "2025-12-04/2025-12-05"),
        (["2025-09-26", "2025-09-27"], "2025-09"),
        (["2025-09-10", "2025-09-20", "2025-09-27"], "2025-09"),
        (["2025-12-04/2025-12-05", "2025-12-10"], "2025-12"),
        (["2025-09-30", "2025-10-01"], "2025"),
        (["2025-12-31", "2026-01-01"], None),
    ],
)
def test_a_format_with_one_start_and_end_gets_only_what_every_source_agrees_on(
    dates: list[str], agreed: str | None
) -> None:
    reports = [held(f"b{i}", "2026-01-02", None, date) for i, date in enumerate(dates)]
    state = event_state(reports)
    assert state is not None
    found = agreed_date(state.dates)
    assert (str(found) if found else None) == agreed
    if found is not None:  # it holds every date given, and no range no source gave
        assert all(found.contains(DateSpan.parse(date)) for date in dates)
        assert found.end is None or str(found) in dates


@pytest.mark.parametrize(
    ("given_places", "agreed"),
    [
        (("Hyderabad House, New Delhi",), "Hyderabad House, New Delhi"),
        (("Hyderabad House, New Delhi", "Rashtrapati Bhavan, New Delhi"), "New Delhi"),
        (("Kremlin, Moscow, Russia", "Sochi, Russia"), "Russia"),
        (("Moscow", "New Delhi"), None),
        ((), None),
    ],
)
def test_a_format_with_one_location_gets_only_what_every_source_agrees_on(
    given_places: tuple[str, ...], agreed: str | None
) -> None:
    assert agreed_place(places_of(*given_places)) == agreed


@pytest.mark.parametrize(
    ("reports", "own", "differs"),
    [
        # Disagreeing days: each side's report is disputed; a vaguer month takes no side.
        (
            [
                ("held", "2025-09-28", "2025-09-27", None),
                ("held", "2025-09-29", "2025-09-26", None),
            ],
            ("held", "2025-09-28", "2025-09-27", None),
            Dispute(date=True),
        ),
        (
            [
                ("held", "2025-09-28", "2025-09-27", None),
                ("held", "2025-09-29", "2025-09-26", None),
            ],
            ("held", "2025-09-30", "2025-09", None),
            Dispute(),
        ),
        # Conflicting places: a side is disputed; a place every side holds is not.
        (
            [("held", "2025-11-18", None, "Moscow"), ("held", "2025-11-19", None, "New Delhi")],
            ("held", "2025-11-19", None, "New Delhi"),
            Dispute(place=True),
        ),
        (
            [
                ("held", "2025-11-18", None, "Kremlin, Russia"),
                ("held", "2025-11-19", None, "Sochi, Russia"),
            ],
            ("held", "2025-11-20", None, "Russia"),
            Dispute(),
        ),
        # A less precise place of one place is no disagreement.
        (
            [
                ("held", "2025-12-06", None, "New Delhi"),
                ("held", "2025-12-08", None, "Hyderabad House, New Delhi"),
            ],
            ("held", "2025-12-06", None, "New Delhi"),
            Dispute(),
        ),
        # A plan made the day the event was reported held, or later, is disputed...
        (
            [
                ("scheduled", "2025-12-06", "2025-12", None),
                ("held", "2025-12-06", "2025-12-04", None),
            ],
            ("scheduled", "2025-12-06", "2025-12", None),
            Dispute(status=True),
        ),
        (
            [
                ("held", "2025-12-05", "2025-12-04", None),
                ("scheduled", "2025-12-09", "2025-12", None),
            ],
            ("scheduled", "2025-12-09", "2025-12", None),
            Dispute(status=True),
        ),
        # ...a plan made before it is history, and so is a plan a postponement followed.
        (
            [
                ("scheduled", "2025-11-15", "2025-12", None),
                ("held", "2025-12-06", "2025-12-04", None),
            ],
            ("scheduled", "2025-11-15", "2025-12", None),
            Dispute(),
        ),
        (
            [
                ("scheduled", "2025-11-01", "2025-12", None),
                ("postponed", "2025-11-05", "2026-01", None),
                ("scheduled", "2025-11-10", "2026-01-20", None),
            ],
            ("postponed", "2025-11-05", "2026-01", None),
            Dispute(),
        ),
        # Two plans, one firmer than the other, say the same.
        (
            [
                ("anticipated", "2025-11-15", "2025-12", None),
                ("scheduled", "2025-11-15", "2025-12-04", None),
            ],
            ("anticipated", "2025-11-15", "2025-12", None),
            Dispute(),
        ),
    ],
)
def test_a_reports_own_value_is_disputed_only_where_sources_disagree_not_where_news_followed(
    reports: list[tuple[str, str, str | None, str | None]],
    own: tuple[str, str, str | None, str | None],
    differs: Dispute,
) -> None:
    def make(i: int, status: str, day: str, date: str | None, place: str | None) -> Report:
        when = DateSpan.parse(date) if date else None
        return Report(f"b{i}", dt.date.fromisoformat(day), EventStatus(status), when, place)

    found = [make(i, *r) for i, r in enumerate(reports)]
    state = event_state(found)
    assert state is not None
    assert dispute(state, make(99, *own)) == differs


# --- The story and its places, on every output -------------------------------------------------


def add_fixtures(project: Path) -> Path:
    for fixture in (STORY, PLACES):
        for folder in ("briefings/2025", "seeds"):
            for path in (fixture / folder).iterdir():
                shutil.copy2(path, project / folder / path.name)
    return project


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_fixtures(copy_project(tmp_path_factory.mktemp("places") / "project"))
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


def page(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def json_ld(project: Path, event: str) -> dict[str, object]:
    front_matter = json.loads(page(project, f"events/{event}.md").splitlines()[1])
    data: dict[str, object] = json.loads(front_matter["json_ld"])
    return data


def calendar_entry(project: Path, event: str) -> str:
    calendar = page(project, "feeds/events.ics").replace("\r\n ", "")
    return calendar[calendar.index(f"UID:{event}@") :].split("END:VEVENT")[0]


def exported(project: Path, event: str) -> dict[str, object]:
    data = json.loads(page(project, "data/export.json"))
    found: dict[str, object] = next(e for e in data["events"] if e["id"] == event)
    return found


def test_the_visit_is_at_the_most_precise_place_with_its_source(places: Path) -> None:
    event = page(places, f"events/{VISIT}.md")
    briefing = "../briefings/2025-12-08-synthetic-visit-venue-city.md"
    source = f"[Synthetic agency B, 8 December 2025]({briefing})"
    assert f"- **Place:** Hyderabad House, New Delhi\n- **Place given by:** {source}\n" in event
    assert "(sources differ)" not in event.split("## Status as reported")[0]
    # Each report keeps the place it gave.
    for place in ("| New Delhi |", "| Hyderabad House |", "| Hyderabad House, New Delhi |"):
        assert place in event
    assert "LOCATION:Hyderabad House\\, New Delhi" in calendar_entry(places, VISIT)
    assert json_ld(places, VISIT)["location"] == {
        "@type": "Place",
        "name": "Hyderabad House, New Delhi",
    }
    visit = exported(places, VISIT)
    assert (visit["place"], visit["places"]) == (
        "Hyderabad House, New Delhi",
        ["Hyderabad House, New Delhi"],
    )


@pytest.mark.parametrize(
    "uri",
    [
        "events/index.md",
        "timeline.md",
        "people/s-jaishankar.md",
        "people/sergey-lavrov.md",
        "countries/india.md",
        "relations/india--russia.md",
    ],
)
def test_a_place_conflict_is_shown_as_one_on_every_list(places: Path, uri: str) -> None:
    line = next(
        line
        for line in page(places, uri).splitlines()
        if f"{TALKS}.md)" in line and "17 November" in line
    )
    assert CONFLICT in line
    assert "| Moscow |" not in line and "(Moscow)" not in line


def test_a_place_conflict_is_shown_as_one_on_the_event_page_and_every_feed(places: Path) -> None:
    event = page(places, f"events/{TALKS}.md")
    moscow = "[Test agency, 18 November 2025](../briefings/2025-11-18-synthetic-talks-held.md)"
    elsewhere = "../briefings/2025-11-19-synthetic-talks-elsewhere.md"
    delhi = f"[Synthetic agency C, 19 November 2025]({elsewhere})"
    assert (
        f"- **Place:** {CONFLICT}: see [each report](#status-as-reported)\n"
        f"- **Place given by:** Moscow: {moscow}; New Delhi: {delhi}\n"
    ) in event
    assert f"LOCATION:{CONFLICT}" in calendar_entry(places, TALKS)
    talks = exported(places, TALKS)
    assert (talks["place"], talks["places"]) == (None, ["Moscow", "New Delhi"])
    data = json_ld(places, TALKS)
    assert "location" not in data  # no place that no source gave
    assert data["description"] == f"Place: {CONFLICT}."


@pytest.mark.parametrize(
    ("briefing", "event", "column", "own"),
    [
        (SEED_ID, UNGA_MEETING, 0, "27 September 2025"),
        ("2025-11-18-synthetic-talks-held", UNGA_MEETING, 0, "26 September 2025"),
        ("2025-11-18-synthetic-talks-held", TALKS, 2, "Moscow"),
        ("2025-11-19-synthetic-talks-elsewhere", TALKS, 2, "New Delhi"),
        ("2025-12-06-synthetic-visit-preview", VISIT, 3, "scheduled"),
    ],
)
def test_a_briefing_keeps_its_own_value_and_says_that_other_sources_differ(
    places: Path, briefing: str, event: str, column: int, own: str
) -> None:
    table = page(places, f"briefings/{briefing}.md")
    row = next(
        line for line in table.splitlines() if line.startswith("| ") and f"{event}.md)" in line
    )
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    mark = f"other sources differ: see [the event](../events/{event}.md#status-as-reported)"
    assert cells[column] == f"{own} \u2014 {mark}"
    assert sum(mark in cell for cell in cells) == 1, row  # only the value that differs


@pytest.mark.parametrize(
    ("briefing", "event"),
    [
        # A plan the outcome followed is news, told by "Since this briefing", not a dispute.
        (SEED_ID, TALKS),
        (SEED_ID, VISIT),
        # A less precise place of the same place is no disagreement.
        ("2025-12-06-synthetic-visit-held", VISIT),
        ("2025-12-07-synthetic-visit-venue", VISIT),
    ],
)
def test_a_briefing_whose_account_others_only_follow_or_refine_is_not_marked(
    places: Path, briefing: str, event: str
) -> None:
    table = page(places, f"briefings/{briefing}.md")
    row = next(
        line for line in table.splitlines() if line.startswith("| ") and f"{event}.md)" in line
    )
    assert "other sources differ" not in row


# --- No range that no source gave --------------------------------------------------------------


def with_held_talks(
    project: Path, days: Sequence[str], given_places: Sequence[str | None]
) -> Corpus:
    """The fixture corpus and one synthetic briefing for each day, reporting the talks held on
    it (at the place of the same index): a corpus of sources that disagree."""
    for i, (day, place) in enumerate(zip(days, given_places, strict=True)):
        name = f"2025-12-{i + 1:02d}-synthetic-talks-{i}"
        (project / "seeds" / f"95{i}_synthetic.txt").write_text(
            "SYNTHETIC TEST ARTICLE - not a real report.\n\nThe ministers held talks.\n",
            encoding="utf-8",
        )
        where = f"\n    place: {place}" if place else ""
        (project / "briefings" / "2025" / f"{name}.yml").write_text(
            f"id: {name}\ntitle: Synthetic report {i}\ndate: 2025-12-{i + 1:02d}\n"
            f"source:\n  file: 95{i}_synthetic.txt\n  agency: Synthetic agency {i}\n"
            "bottom_line: A synthetic report.\nkey_points:\n  - text: The ministers held talks.\n"
            "    evidence: The ministers held talks\nbackground: Synthetic.\noutlook: Synthetic.\n"
            f"countries: [IN, RU]\nevents:\n  - id: {TALKS}\n    status: held\n"
            f"    date: {day}{where}\n",
            encoding="utf-8",
        )
    result = pipeline.check(project, dt.date.fromisoformat(AS_OF))
    assert result.corpus is not None, [d.message for d in result.diagnostics]
    return result.corpus


@pytest.mark.parametrize(
    "days",
    [
        ["2025-09-26", "2025-09-27"],
        ["2025-09-27", "2025-09-26"],
        ["2025-09-10", "2025-09-20", "2025-09-27"],
        ["2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-05"],  # too many to list
        ["2025-09-30", "2025-10-01"],
        ["2025-12-31", "2026-01-01"],
    ],
)
def test_json_ld_the_calendar_and_the_export_never_give_a_range_for_single_different_days(
    project: Path, days: list[str]
) -> None:
    corpus = with_held_talks(project, days, [None] * len(days))
    graph = build_graph(corpus)
    given_days = [dt.date.fromisoformat(day) for day in days]

    data = event_json_ld(TALKS, corpus, graph)
    assert "endDate" not in data
    if "startDate" in data:  # only the month or year every day is in
        start = str(data["startDate"])
        assert len(start) < 10 and all(day.isoformat().startswith(start) for day in given_days)
    assert "differ" in str(data["description"])  # '(sources differ)', 'different dates'

    calendar = calendar_feed(corpus, graph).text.replace("\r\n ", "")
    if f"UID:{TALKS}@" in calendar:
        entry = calendar[calendar.index(f"UID:{TALKS}@") :].split("END:VEVENT")[0]
        start = dt.datetime.strptime(entry.split("DTSTART;VALUE=DATE:")[1][:8], "%Y%m%d").date()
        end = dt.datetime.strptime(entry.split("DTEND;VALUE=DATE:")[1][:8], "%Y%m%d").date()
        assert start.day == 1 and end.day == 1, "a whole month or year, not a span of days"
        assert all(start <= day < end for day in given_days)
        assert "sources agree on no day" in entry or "see the event page" in entry
    else:
        assert len({day.year for day in given_days}) > 1  # no year holds them: no entry

    talks = next(e for e in export(corpus, graph).events if e.id == TALKS)
    assert talks.date is None
    assert sorted(talks.dates) == sorted(days) and not any("/" in d for d in talks.dates)


@pytest.mark.parametrize(
    ("given_places", "location", "conflict"),
    [
        (["Moscow", "New Delhi"], None, True),
        (["Hyderabad House, New Delhi", "Rashtrapati Bhavan, New Delhi"], "New Delhi", True),
        (["New Delhi", "Hyderabad House, New Delhi"], "Hyderabad House, New Delhi", False),
        (["Hyderabad House", None], "Hyderabad House", False),
    ],
)
def test_json_ld_the_calendar_and_the_export_never_give_a_place_no_source_gave(
    project: Path, given_places: list[str | None], location: str | None, conflict: bool
) -> None:
    corpus = with_held_talks(project, ["2025-11-17"] * len(given_places), given_places)
    graph = build_graph(corpus)
    data = event_json_ld(TALKS, corpus, graph)
    assert data.get("location") == ({"@type": "Place", "name": location} if location else None)
    assert ("(sources differ)" in str(data.get("description", ""))) is conflict
    calendar = calendar_feed(corpus, graph).text.replace("\r\n ", "")
    entry = calendar[calendar.index(f"UID:{TALKS}@") :].split("END:VEVENT")[0]
    assert ("(sources differ)" in entry.split("LOCATION:")[1]) is conflict
    talks = next(e for e in export(corpus, graph).events if e.id == TALKS)
    assert talks.place == (None if conflict else location)
    assert len(talks.places) == (2 if conflict else 1)
