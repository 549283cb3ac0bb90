"""The rules of event_state (its module docstring, rules 1-11), one at a time, on `Report`
objects built here: no briefing files, no site. Each test states the rule it protects, so a
change that breaks the rule fails here first (`make mutation` checks that it does)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence, Set

import pytest

from generator.story import event_state as module
from generator.story.event_state import (
    LISTED_AT_MOST,
    DateClaim,
    Dispute,
    EventState,
    KnownOutcome,
    Meeting,
    PlaceClaim,
    Report,
    Since,
    StatusGiven,
    agreed_date,
    agreed_place,
    agreed_status,
    agreeing,
    agreement,
    attendees,
    current_places,
    dates_in_brief,
    dates_summary,
    display_dates,
    display_places,
    display_status,
    dispute,
    event_state,
    given_by,
    holds,
    in_order,
    known_outcomes,
    meetings,
    place_parts,
    places_in_brief,
    places_now,
    places_summary,
    status_as_of,
    status_words,
    too_many_to_list,
    when_in_brief,
    when_now,
    where_now,
    without_week,
)
from generator.story.models import (
    DateSpan,
    EventStatus,
    Outcome,
    OutcomeKind,
    StatusClaim,
)

ANTICIPATED = EventStatus.ANTICIPATED
SCHEDULED = EventStatus.SCHEDULED
ON_HOLD = EventStatus.ON_HOLD
POSTPONED = EventStatus.POSTPONED
CANCELLED = EventStatus.CANCELLED
HELD = EventStatus.HELD

BY_FINALITY = (ANTICIPATED, SCHEDULED, ON_HOLD, POSTPONED, CANCELLED, HELD)
"""Rule 1's order of the statuses within one day: a plan first, the outcome last."""


def report(
    briefing: str,
    day: str,
    status: EventStatus | str,
    date: str | None = None,
    *,
    place: str | None = None,
    participants: Sequence[str] = (),
    planned_for: str | None = None,
    claims: Sequence[StatusClaim] = (),
    outcomes: Sequence[Outcome] = (),
) -> Report:
    return Report(
        briefing,
        dt.date.fromisoformat(day),
        EventStatus(status),
        DateSpan.parse(date) if date else None,
        place,
        tuple(participants),
        tuple(outcomes),
        DateSpan.parse(planned_for) if planned_for else None,
        tuple(claims),
    )


def claim(status: EventStatus, by: str | None = None) -> StatusClaim:
    return StatusClaim(by=by, status=status, evidence="a passage of the article")


def state_of(*reports: Report) -> EventState:
    state = event_state(reports)
    assert state is not None
    return state


def shown(dates: Sequence[DateClaim]) -> list[str]:
    return [str(claim.date) for claim in dates]


def claims_of(*dates: str) -> tuple[DateClaim, ...]:
    return tuple(DateClaim(DateSpan.parse(date), (f"b{n}",)) for n, date in enumerate(dates))


def places_of(*places: str) -> tuple[PlaceClaim, ...]:
    return tuple(PlaceClaim(place, (f"b{n}",)) for n, place in enumerate(places))


def given(*pairs: tuple[EventStatus, Sequence[tuple[str, str | None]]]) -> tuple[StatusGiven, ...]:
    return tuple(StatusGiven(status, tuple(sources)) for status, sources in pairs)


# --- Rule 1: order --------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "final"), list(itertools.combinations(BY_FINALITY, 2)))
def test_of_one_day_the_more_final_status_comes_last_whatever_the_file_names(
    plan: EventStatus, final: EventStatus
) -> None:
    """Rule 1: a same-day 'postponed to January' and 'scheduled for 4 December' read as
    postponed; the plan's file name sorts after the outcome's here, and still comes first."""
    earlier = report("z-plan", "2025-11-20", plan, "2025-12-04")
    later = report("a-outcome", "2025-11-20", final, "2026-01")
    assert [r.briefing_id for r in in_order([later, earlier])] == ["z-plan", "a-outcome"]
    assert state_of(later, earlier).status is final


def test_reports_are_read_in_the_order_of_their_briefings_days_first() -> None:
    """Rule 1: the day comes before how final the status is."""
    held = report("a", "2025-11-01", HELD, "2025-10-30")
    plan = report("b", "2025-11-02", POSTPONED, "2025-12")
    assert in_order([plan, held]) == [held, plan]


# --- Rule 2: status and credit ----------------------------------------------------------------


def test_the_last_reports_status_is_the_events_status() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-20", POSTPONED, "2026-01"),
    )
    assert state.status is POSTPONED
    assert state.credited.briefing_id == "b"
    assert state.status_from == "b"
    assert state.status_since == dt.date(2025, 11, 20)


def test_a_cancellation_after_a_report_that_it_was_held_stands() -> None:
    """Rule 2 guards a held event only against plans: a later cancellation is news."""
    state = state_of(
        report("a", "2025-12-05", HELD, "2025-12-04"),
        report("b", "2025-12-10", CANCELLED),
    )
    assert state.status is CANCELLED
    assert state.status_from == "b"


def test_a_plan_after_a_report_that_it_was_held_is_ignored_whole() -> None:
    """Rule 2: a plan after 'held' says nothing of the event, neither its own status nor the
    claims it reports; later reports that it was held still count, and agree."""
    state = state_of(
        report("a", "2025-12-05", HELD, "2025-12-04"),
        report("b", "2025-12-06", SCHEDULED, "2025-12-10", claims=[claim(CANCELLED, "x")]),
        report("c", "2025-12-07", HELD, "2025-12-04"),
    )
    assert state.status is HELD
    assert state.status_from == "a"
    assert [r.briefing_id for r in state.agreeing] == ["c"]
    assert shown(state.dates) == ["2025-12-04"]
    assert state.statuses == given((HELD, [("a", None), ("c", None)]))
    assert not state.statuses_differ


def test_a_plan_after_held_changes_nothing_of_what_it_said_since_and_is_disputed() -> None:
    """Rules 2, 5 and 8: the status now came before the plan, so nothing changed since the
    plan's report; its source says otherwise while others already said it was held."""
    plan = report("b", "2025-12-06", SCHEDULED, "2025-12-10")
    state = state_of(report("a", "2025-12-05", HELD, "2025-12-04"), plan)
    assert not state.changed_since("b").status
    assert dispute(state, plan).status


def test_the_first_report_of_a_row_is_credited_and_the_later_ones_agree() -> None:
    """Rule 2's credit: the earliest of the reports in a row that give the status now."""
    state = state_of(
        *(
            report(name, f"2025-11-0{n}", SCHEDULED, "2025-12-04")
            for n, name in enumerate("abcd", 1)
        )
    )
    assert state.status_from == "a"
    assert [r.briefing_id for r in state.agreeing] == ["b", "c", "d"]
    assert state.latest.briefing_id == "d"
    assert agreement(state) == "3 later reports agree"


def test_a_status_reported_once_is_its_own_latest_report() -> None:
    state = state_of(report("a", "2025-11-01", SCHEDULED, "2025-12-04"))
    assert state.latest.briefing_id == "a"
    assert state.agreeing == ()
    assert agreement(state) is None


def test_a_second_postponement_starts_afresh_and_takes_the_credit_and_the_date() -> None:
    """Rules 2 and 3: an event postponed twice is dated by the second postponement, which is
    credited; the first is history, though its status still stands (nothing changed since)."""
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-20", POSTPONED, "2026-01"),
        report("c", "2025-12-20", POSTPONED, "2026-02"),
    )
    assert state.status_from == "c"
    assert state.agreeing == ()
    assert shown(state.dates) == ["2026-02"]
    assert state.changed_since("a").status
    assert not state.changed_since("b").status
    # Rule 10: the later postponement agrees, so the row of statuses starts at the first.
    assert state.statuses == given((POSTPONED, [("b", None), ("c", None)]))


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        ([("b", "2025-11-01")], "1 more report agrees"),
        ([("b", "2025-11-02")], "1 later report agrees"),
        ([("b", "2025-11-02"), ("c", "2025-11-03")], "2 later reports agree"),
        ([("b", "2025-11-01"), ("c", "2025-11-03")], "2 more reports agree"),
        ([], None),
    ],
)
def test_agreeing_reports_are_counted_more_when_one_is_of_the_first_ones_day(
    later: list[tuple[str, str]], expected: str | None
) -> None:
    """Rule 2's credit: 'later' only when every agreeing report is of a later day."""
    first = report("a", "2025-11-01", SCHEDULED)
    assert agreeing(first, [report(b, day, SCHEDULED) for b, day in later]) == expected


# --- Rule 3: date -----------------------------------------------------------------------------


def test_without_a_postponement_every_reports_date_counts_the_first_too() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-02", SCHEDULED),
    )
    assert shown(state.dates) == ["2025-12-04"]
    assert state.dates[0].briefing_ids == ("a",)
    assert state.status_from == "a"


@pytest.mark.parametrize("move", [POSTPONED, ON_HOLD])
def test_a_postponement_or_a_pause_starts_the_dates_afresh(move: EventStatus) -> None:
    """Rule 3: dates before the move are history; an on-hold report gives none of its own."""
    new_date = "2026-01" if move is POSTPONED else None
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-20", move, new_date),
    )
    assert shown(state.dates) == ([new_date] if new_date else [])


def test_dates_of_reports_that_it_was_held_outrank_the_dates_of_plans() -> None:
    """Rule 3 (and rule 4's scope for places)."""
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-05", place="Moscow"),
        report("b", "2025-12-06", HELD, "2025-12-04", place="New Delhi"),
    )
    assert shown(state.dates) == ["2025-12-04"]
    assert state.places == (PlaceClaim("New Delhi", ("b",)),)


@pytest.mark.parametrize(
    ("dates", "kept"),
    [
        (["2025-12", "2025-12-04"], ["2025-12-04"]),
        (["2025-12-04", "2025-12"], ["2025-12-04"]),
        (["2025-W49", "2025-12-04"], ["2025-12-04"]),
        (["2025-12", "2025-W49"], ["2025-W49"]),
        (["2025-12-04/2025-12-05", "2025-12-04"], ["2025-12-04/2025-12-05"]),
        (["2025-12-04", "2025-12-02/2025-12-06"], ["2025-12-02/2025-12-06"]),
        # A single day outside the range is a date of its own.
        (["2025-12-04/2025-12-05", "2025-12-06"], ["2025-12-04/2025-12-05", "2025-12-06"]),
        (["2025-12-05", "2025-12-04"], ["2025-12-04", "2025-12-05"]),
        # A week over a month's end is neither held by that month nor holds it.
        (["2025-10", "2025-W44"], ["2025-10", "2025-W44"]),
        (["2025-11", "2025-W44"], ["2025-11", "2025-W44"]),
        # A week is never a range: a day in it is held, a range over its end is not.
        (["2025-W49", "2025-12-06/2025-12-08"], ["2025-W49", "2025-12-06/2025-12-08"]),
    ],
)
def test_a_vaguer_date_that_holds_a_more_precise_one_adds_nothing(
    dates: list[str], kept: list[str]
) -> None:
    """Rule 3: a month holds its weeks and days, a week its days, a range its single days."""
    state = state_of(
        *(report(f"b{n}", f"2025-11-0{n + 1}", SCHEDULED, date) for n, date in enumerate(dates))
    )
    assert sorted(shown(state.dates)) == sorted(kept)
    assert shown(state.dates) == [
        str(c.date) for c in sorted(state.dates, key=lambda c: (c.date.first_day, c.date.last_day))
    ]


def test_two_spans_of_the_same_days_never_drop_each_other() -> None:
    """Rule 3: a date is dropped only for one that says more (more precise, or a range of more
    days); the same days written with ends of different precision leave the event dated."""
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04/2026-01"),
        report("b", "2025-11-02", SCHEDULED, "2025-12-04/2026-01-31"),
    )
    assert state.dates
    assert {(c.date.first_day, c.date.last_day) for c in state.dates} == {
        (dt.date(2025, 12, 4), dt.date(2026, 1, 31))
    }


def test_one_date_given_by_several_reports_is_one_date_with_its_sources_oldest_first() -> None:
    state = state_of(
        report("b", "2025-11-02", SCHEDULED, "2025-12-04"),
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
    )
    assert state.dates == (DateClaim(DateSpan.parse("2025-12-04"), ("a", "b")),)
    assert not state.sources_differ
    assert state.date == DateSpan.parse("2025-12-04")


def test_dates_the_sources_differ_on_are_all_kept_the_earliest_first() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-10"),
        report("b", "2025-11-02", SCHEDULED, "2025-12-04"),
    )
    assert shown(state.dates) == ["2025-12-04", "2025-12-10"]
    assert state.sources_differ
    assert state.date == DateSpan.parse("2025-12-04")
    assert state.last_day == dt.date(2025, 12, 10)
    assert state.differing == (
        frozenset({DateSpan.parse("2025-12-04"), DateSpan.parse("2025-12-10")}),
        frozenset(),
    )


def test_an_undated_event_has_no_date_nor_last_day() -> None:
    state = state_of(report("a", "2025-11-01", SCHEDULED))
    assert state.dates == ()
    assert state.date is None
    assert state.last_day is None
    assert not state.sources_differ
    assert state.differing == (frozenset(), frozenset())


def test_a_postponement_with_a_new_date_shows_it_with_the_date_it_was_planned_for() -> None:
    """Rule 3: `planned_for` is never the date now; while the plan does not stand, pages show
    both."""
    state = state_of(
        report("a", "2025-10-01", SCHEDULED, "2025-10-23"),
        report("b", "2025-10-20", POSTPONED, "2025-11-06", planned_for="2025-10-23"),
    )
    assert shown(state.dates) == ["2025-11-06"]
    assert state.planned_for == (DateClaim(DateSpan.parse("2025-10-23"), ("b",)),)
    assert status_words(state) == "postponed"
    assert when_in_brief(state) == "6 November 2025 (planned for 23 October 2025)"
    assert when_now(state) == "6 November 2025 (planned for 23 October 2025)"


def test_a_postponement_without_a_new_date_says_so() -> None:
    state = state_of(
        report("a", "2025-10-01", SCHEDULED, "2025-10-23"),
        report("b", "2025-10-20", POSTPONED, planned_for="2025-10-23"),
    )
    assert state.dates == ()
    assert status_words(state) == "postponed, no new date"
    assert display_status(state) == "postponed, no new date"
    assert when_in_brief(state) == "planned for 23 October 2025"
    assert when_now(state) == "planned for 23 October 2025"


def test_a_postponement_that_names_no_planned_date_has_none() -> None:
    state = state_of(
        report("a", "2025-10-01", SCHEDULED, "2025-10-23"),
        report("b", "2025-10-20", POSTPONED, "2025-11-06"),
    )
    assert state.planned_for == ()
    assert when_in_brief(state) == "6 November 2025"


def test_a_cancelled_events_dates_are_the_days_it_was_planned_for() -> None:
    """Rule 3: a cancelled event takes place on no day; its own dates join `planned_for`."""
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-20", CANCELLED, planned_for="2025-12-05"),
    )
    assert state.planned_for == (
        DateClaim(DateSpan.parse("2025-12-04"), ("a",)),
        DateClaim(DateSpan.parse("2025-12-05"), ("b",)),
    )
    assert when_in_brief(state) == "planned for 4 or 5 December 2025 (sources differ)"


def test_a_cancellation_that_names_no_planned_date_keeps_the_date_as_it_was() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-20", CANCELLED),
    )
    assert state.planned_for == ()
    assert when_in_brief(state) == "4 December 2025"


def test_once_the_plan_stands_again_the_date_it_was_planned_for_is_history() -> None:
    """Rule 3: `planned_for` is shown only while the plan does not stand."""
    state = state_of(
        report("a", "2025-10-20", POSTPONED, planned_for="2025-10-23"),
        report("b", "2025-10-25", SCHEDULED, "2025-11-06"),
    )
    assert state.planned_for == ()
    assert when_now(state) == "6 November 2025"


def test_when_now_says_no_report_gives_a_date_in_those_words() -> None:
    assert when_now(None) == "no report gives a date"
    assert when_now(state_of(report("a", "2025-11-01", ON_HOLD))) == "no report gives a date"
    assert when_now(state_of(report("a", "2025-11-01", SCHEDULED, "2025-12-04"))) == (
        "4 December 2025"
    )


# --- Rule 4: place ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "other", "held"),
    [
        ("Hyderabad House, New Delhi", "New Delhi", True),
        ("Hyderabad House, New Delhi", "new  delhi", True),
        ("Hyderabad House, New Delhi", "Hyderabad House", True),
        ("New Delhi", "New Delhi", True),
        ("New Delhi", " NEW DELHI ", True),
        ("New Delhi", "India", False),
        ("New Delhi", "Hyderabad House, New Delhi", False),
    ],
)
def test_a_place_holds_another_when_it_has_all_its_comma_parts(
    place: str, other: str, held: bool
) -> None:
    """Rule 4: regardless of case and spacing; a place holds itself."""
    assert holds(place, other) is held


def test_a_places_parts_ignore_case_spacing_and_empty_parts() -> None:
    assert place_parts("Hyderabad  House ,New Delhi, ") == frozenset(
        {"hyderabad house", "new delhi"}
    )


def test_the_most_precise_place_that_holds_every_other_is_the_events_place() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, place="New Delhi"),
        report("b", "2025-11-02", SCHEDULED, place="Hyderabad House, New Delhi"),
    )
    assert state.places == (PlaceClaim("Hyderabad House, New Delhi", ("b",)),)
    assert not state.places_differ


def test_one_place_written_two_ways_is_one_place_as_its_oldest_report_wrote_it() -> None:
    state = state_of(
        report("b", "2025-11-02", SCHEDULED, place="new  delhi"),
        report("a", "2025-11-01", SCHEDULED, place="New Delhi"),
    )
    assert state.places == (PlaceClaim("New Delhi", ("a", "b")),)


def test_places_neither_of_which_holds_the_other_are_a_conflict_in_alphabetical_order() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, place="New Delhi"),
        report("b", "2025-11-02", SCHEDULED, place="moscow"),
        report("c", "2025-11-03", SCHEDULED, place="Hyderabad House, New Delhi"),
    )
    assert state.places == (
        PlaceClaim("Hyderabad House, New Delhi", ("c",)),
        PlaceClaim("moscow", ("b",)),
    )
    assert state.places_differ
    assert state.differing[1] == frozenset(
        {frozenset({"hyderabad house", "new delhi"}), frozenset({"moscow"})}
    )
    assert display_places(state.places) == "Hyderabad House, New Delhi or moscow (sources differ)"


def test_a_place_with_no_parts_is_no_place() -> None:
    state = state_of(report("a", "2025-11-01", SCHEDULED, place=" , "))
    assert state.places == ()


def test_places_before_a_postponement_are_history() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, place="Moscow"),
        report("b", "2025-11-20", POSTPONED, place="New Delhi"),
    )
    assert state.places == (PlaceClaim("New Delhi", ("b",)),)


def test_current_places_reads_reports_in_any_order() -> None:
    first = report("a", "2025-11-01", SCHEDULED, place="Moscow")
    moved = report("b", "2025-11-20", POSTPONED, place="New Delhi")
    assert current_places([moved, first]) == (PlaceClaim("New Delhi", ("b",)),)


def test_the_registrys_place_stands_in_only_while_no_report_gives_one() -> None:
    placed = state_of(report("a", "2025-11-01", SCHEDULED, place="Moscow"))
    unplaced = state_of(report("a", "2025-11-01", SCHEDULED))
    assert places_now(placed, "New Delhi") == (PlaceClaim("Moscow", ("a",)),)
    assert places_now(unplaced, "New Delhi") == (PlaceClaim("New Delhi", ()),)
    assert places_now(None, "New Delhi") == (PlaceClaim("New Delhi", ()),)
    assert places_now(None, None) == ()
    assert places_now(unplaced, None) == ()


def test_where_now_says_no_one_gives_a_place_in_those_words() -> None:
    assert where_now(()) == "no report gives a place, nor does the registry"
    assert where_now(places_of("Moscow")) == "Moscow"


# --- Rule 5: disagreement, not news ------------------------------------------------------------


def test_each_date_the_sources_differ_on_is_disputed() -> None:
    first = report("a", "2025-11-01", SCHEDULED, "2025-12-04")
    second = report("b", "2025-11-02", SCHEDULED, "2025-12-05")
    state = state_of(first, second)
    assert dispute(state, first) == Dispute(date=True)
    assert dispute(state, second) == Dispute(date=True)


def test_a_day_inside_one_of_the_differing_dates_takes_its_side() -> None:
    """Rule 5: the day was dropped inside the range (rule 3), yet its report sides with it."""
    day = report("a", "2025-11-01", SCHEDULED, "2025-12-04")
    state = state_of(
        day,
        report("b", "2025-11-02", SCHEDULED, "2025-12-04/2025-12-05"),
        report("c", "2025-11-03", SCHEDULED, "2025-12-10"),
    )
    assert shown(state.dates) == ["2025-12-04/2025-12-05", "2025-12-10"]
    assert dispute(state, day) == Dispute(date=True)


def test_a_vaguer_date_held_by_none_of_the_differing_ones_takes_no_side() -> None:
    month = report("a", "2025-11-01", SCHEDULED, "2025-12")
    state = state_of(
        month,
        report("b", "2025-11-02", SCHEDULED, "2025-12-04"),
        report("c", "2025-11-03", SCHEDULED, "2025-12-05"),
    )
    assert dispute(state, month) == Dispute()


@pytest.mark.parametrize("date", ["2025-12", "2025-12-04", None])
def test_a_date_the_sources_agree_on_or_a_vaguer_one_is_not_disputed(date: str | None) -> None:
    mine = report("a", "2025-11-01", SCHEDULED, date)
    state = state_of(mine, report("b", "2025-11-02", SCHEDULED, "2025-12-04"))
    assert dispute(state, mine) == Dispute()


def test_a_place_inside_one_of_the_conflicting_places_takes_its_side() -> None:
    inside = report("a", "2025-11-01", SCHEDULED, place="New Delhi")
    exact = report("b", "2025-11-02", SCHEDULED, place="Hyderabad House, New Delhi")
    unplaced = report("d", "2025-11-04", SCHEDULED)
    state = state_of(inside, exact, report("c", "2025-11-03", SCHEDULED, place="Moscow"), unplaced)
    assert dispute(state, inside) == Dispute(place=True)
    assert dispute(state, exact) == Dispute(place=True)
    assert dispute(state, unplaced) == Dispute()


def test_a_vaguer_place_held_by_none_of_the_conflicting_ones_takes_no_side() -> None:
    vaguer = report("a", "2025-11-01", SCHEDULED, place="Russia")
    state = state_of(
        vaguer,
        report("b", "2025-11-02", SCHEDULED, place="Moscow, Russia"),
        report("c", "2025-11-03", SCHEDULED, place="Sochi, Russia"),
    )
    assert dispute(state, vaguer) == Dispute()


def test_a_place_the_sources_agree_on_is_not_disputed() -> None:
    vaguer = report("a", "2025-11-01", SCHEDULED, place="New Delhi")
    state = state_of(
        vaguer, report("b", "2025-11-02", SCHEDULED, place="Hyderabad House, New Delhi")
    )
    assert dispute(state, vaguer) == Dispute()


def test_a_same_day_plan_beside_a_postponement_is_disputed_not_in_dispute() -> None:
    """Rule 5: the status stood from that day, so the plan's source said otherwise; rule 10:
    the outcome overtakes a plan of its own day, so the status itself is not in dispute."""
    plan = report("a", "2025-11-20", SCHEDULED, "2025-12-04")
    moved = report("b", "2025-11-20", POSTPONED, "2026-01")
    state = state_of(plan, moved)
    assert state.status is POSTPONED
    assert state.statuses == given((POSTPONED, [("b", None)]))
    assert dispute(state, plan) == Dispute(status=True)
    assert dispute(state, moved) == Dispute()


def test_a_status_that_changed_after_the_report_is_news_not_a_disagreement() -> None:
    plan = report("a", "2025-11-01", SCHEDULED, "2025-12-04")
    state = state_of(plan, report("b", "2025-11-20", POSTPONED, "2026-01"))
    assert dispute(state, plan) == Dispute()


def test_two_plans_of_one_day_never_differ() -> None:
    """Rules 5 and 10: anticipated and scheduled say the same, one more firmly."""
    vaguer = report("z", "2025-11-20", ANTICIPATED, "2025-12-04")
    firmer = report("a", "2025-11-20", SCHEDULED, "2025-12-04")
    state = state_of(vaguer, firmer)
    assert state.status is SCHEDULED
    assert dispute(state, vaguer) == Dispute()
    assert state.statuses == given((SCHEDULED, [("a", None), ("z", None)]))
    assert not state.statuses_differ


def test_reports_that_agree_with_the_status_are_not_disputed() -> None:
    first = report("a", "2025-11-01", SCHEDULED, "2025-12-04", place="Moscow")
    later = report("b", "2025-11-02", SCHEDULED, "2025-12-04", place="Moscow")
    state = state_of(first, later)
    assert dispute(state, first) == Dispute()
    assert dispute(state, later) == Dispute()


@pytest.mark.parametrize(
    "disputed",
    [Dispute(date=True), Dispute(place=True), Dispute(status=True)],
)
def test_a_dispute_of_any_one_value_is_a_dispute(disputed: Dispute) -> None:
    assert disputed


def test_a_dispute_with_nothing_said_disputes_nothing() -> None:
    """Pages use `Dispute()` for an event no briefing reports."""
    assert not Dispute()
    assert Dispute() == Dispute(date=False, place=False, status=False)


# --- Rule 6: no value that no source gave -----------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "agreed"),
    [
        (["2025-12-04"], "2025-12-04"),
        (["2025-W49"], "2025-W49"),
        (["2025-12-04", "2025-12-10"], "2025-12"),
        (["2025-12-04/2025-12-05", "2025-12-10"], "2025-12"),
        (["2025-11-30", "2025-12-01"], "2025"),
        (["2025-12-04", "2026-01-10"], None),
        (["2025-12-30/2026-01-02", "2025-12-04"], None),
        ([], None),
    ],
)
def test_the_agreed_date_is_the_month_or_year_that_holds_every_date(
    dates: list[str], agreed: str | None
) -> None:
    result = agreed_date(claims_of(*dates))
    assert (str(result) if result else None) == agreed


@pytest.mark.parametrize(
    ("places", "agreed"),
    [
        ([], None),
        (["Hyderabad House ,New Delhi"], "Hyderabad House ,New Delhi"),
        (["Hyderabad House, New Delhi", "Rashtrapati Bhavan, new  delhi"], "New Delhi"),
        (["Rashtrapati Bhavan, new  delhi", "Hyderabad House, New Delhi"], "new  delhi"),
        (
            ["Hyderabad House, New Delhi, India", "Rashtrapati Bhavan, New Delhi, India"],
            "New Delhi, India",
        ),
        (["Moscow", "New Delhi"], None),
    ],
)
def test_the_agreed_place_is_the_parts_every_place_shares_as_the_first_writes_them(
    places: list[str], agreed: str | None
) -> None:
    assert agreed_place(places_of(*places)) == agreed


def test_the_agreed_status_is_none_while_the_sources_differ() -> None:
    agreed = state_of(report("a", "2025-11-01", SCHEDULED))
    differing = state_of(report("a", "2025-11-01", POSTPONED, claims=[claim(CANCELLED, "x")]))
    assert agreed_status(agreed) is SCHEDULED
    assert agreed_status(differing) is None


@pytest.mark.parametrize(
    ("date", "without"),
    [
        (None, None),
        ("2025-12-04", "2025-12-04"),
        ("2025-12", "2025-12"),
        ("2025-W49", "2025-12"),
        ("2025-W44", "2025"),
        ("2026-W01", None),
    ],
)
def test_a_format_without_weeks_gets_the_month_or_year_that_holds_the_week(
    date: str | None, without: str | None
) -> None:
    result = without_week(DateSpan.parse(date) if date else None)
    assert (str(result) if result else None) == without


# --- Rule 7: who met whom -----------------------------------------------------------------------


def test_people_met_only_per_one_list_of_a_report_that_it_was_held() -> None:
    """Rule 7: the plan's list does not count once the event was held."""
    reports = [
        report("a", "2025-11-01", SCHEDULED, participants=["modi", "putin", "xi"]),
        report("b", "2025-12-05", HELD, participants=["putin", "modi"]),
    ]
    state = state_of(*reports)
    registry = ["modi", "putin", "xi", "lavrov"]
    assert meetings(state, reports, registry) == (Meeting(("modi", "putin"), True, ("b",)),)
    assert attendees(state, reports, registry) == ("modi", "putin")


def test_every_pair_of_one_list_met_and_the_registry_stands_in_for_a_report_naming_no_one() -> None:
    reports = [report("a", "2025-12-05", HELD)]
    state = state_of(*reports)
    assert meetings(state, reports, ["putin", "modi", "xi"]) == (
        Meeting(("modi", "putin"), True, ("a",)),
        Meeting(("modi", "xi"), True, ("a",)),
        Meeting(("putin", "xi"), True, ("a",)),
    )


def test_a_meeting_is_never_made_from_two_lists() -> None:
    reports = [
        report("a", "2025-12-05", HELD, participants=["modi"]),
        report("b", "2025-12-06", HELD, participants=["putin"]),
    ]
    state = state_of(*reports)
    assert meetings(state, reports, ["modi", "putin"]) == ()
    assert attendees(state, reports, ["putin", "modi"]) == ("putin", "modi")


@pytest.mark.parametrize("status", [ANTICIPATED, SCHEDULED, POSTPONED, ON_HOLD])
def test_a_planned_event_gives_planned_meetings_never_met(status: EventStatus) -> None:
    reports = [report("a", "2025-11-01", status, participants=["modi", "putin"])]
    state = state_of(*reports)
    assert meetings(state, reports, []) == (Meeting(("modi", "putin"), False, ("a",)),)


def test_a_cancelled_or_unreported_event_gives_no_meetings_and_no_attendees() -> None:
    reports = [
        report("a", "2025-11-01", SCHEDULED, participants=["modi", "putin"]),
        report("b", "2025-11-20", CANCELLED, participants=["modi", "putin"]),
    ]
    state = state_of(*reports)
    assert meetings(state, reports, ["modi", "putin"]) == ()
    assert attendees(state, reports, ["modi", "putin"]) == ()
    assert meetings(None, [], ["modi", "putin"]) == ()
    assert attendees(None, [], ["modi", "putin"]) == ()


def test_attendees_are_the_registrys_in_its_order_then_the_others_by_id() -> None:
    reports = [report("a", "2025-12-05", HELD, participants=["zelensky", "adams", "putin"])]
    state = state_of(*reports)
    assert attendees(state, reports, ["putin", "modi", "zelensky"]) == (
        "putin",
        "zelensky",
        "adams",
    )


# --- Rule 8: since a briefing -------------------------------------------------------------------


def test_a_later_status_is_news_since_a_briefing_and_none_since_the_credited_one() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED),
        report("b", "2025-11-20", POSTPONED),
    )
    assert state.changed_since("a") == Since(status=True)
    assert state.changed_since("b") == Since()
    assert "b" not in state.since  # only what changed is kept
    assert state.changed_since("no-such-briefing") == Since()


def test_a_later_date_shown_beside_a_briefings_own_is_news_since_it() -> None:
    first = report("a", "2025-11-01", SCHEDULED, "2025-12-04")
    newest = report("b", "2025-11-02", SCHEDULED, "2025-12-05")
    state = state_of(first, newest)
    assert state.changed_since("a").dates == newest
    assert state.changed_since("b").dates is None


def test_a_later_report_of_the_same_date_is_not_news() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-02", SCHEDULED, "2025-12-04"),
    )
    assert state.changed_since("a") == Since()


def test_a_later_place_elsewhere_is_news_even_when_a_still_later_one_agrees() -> None:
    """Rule 8: 'Moscow' is elsewhere than 'Hyderabad House, New Delhi'; 'New Delhi' holds
    it and changes nothing."""
    moscow = report("b", "2025-11-02", SCHEDULED, place="Moscow")
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, place="Hyderabad House, New Delhi"),
        moscow,
        report("c", "2025-11-03", SCHEDULED, place="New Delhi"),
    )
    assert state.changed_since("a").place == moscow
    assert state.changed_since("c").place is None


@pytest.mark.parametrize(
    ("mine", "later"),
    [("New Delhi", "Hyderabad House, New Delhi"), ("Hyderabad House, New Delhi", "new delhi")],
)
def test_a_later_place_that_holds_or_sits_in_a_briefings_own_is_not_news(
    mine: str, later: str
) -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, place=mine),
        report("b", "2025-11-02", SCHEDULED, place=later),
    )
    assert state.changed_since("a").place is None


def test_a_briefing_that_gave_no_place_has_no_place_changed_since() -> None:
    state = state_of(
        report("a", "2025-11-01", SCHEDULED),
        report("b", "2025-11-02", SCHEDULED, place="Moscow"),
    )
    assert state.changed_since("a") == Since()


def test_a_plan_ignored_after_held_changes_no_place_since() -> None:
    """Rules 2 and 8: a plan after 'held' says nothing, of the place either."""
    state = state_of(
        report("a", "2025-12-05", HELD, place="New Delhi"),
        report("b", "2025-12-06", SCHEDULED, place="Moscow"),
    )
    assert state.changed_since("a").place is None


def test_what_changed_since_each_briefing_costs_a_walk_not_a_walk_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rule 8: later places are kept one per place, so each report is compared with the few
    places given, not with every later report: reports of one place cost one comparison each."""
    compared: list[None] = []

    class Parts(frozenset[str]):
        def __le__(self, other: Set[object]) -> bool:
            compared.append(None)
            return frozenset.__le__(self, other)

    real = module.place_parts
    monkeypatch.setattr(module, "place_parts", lambda place: Parts(real(place)))
    reports = [report(f"b{n:04}", "2025-11-01", SCHEDULED, place="New Delhi") for n in range(300)]
    state_of(*reports)
    assert len(compared) <= 2 * len(reports)


def test_what_changed_since_is_derived_so_states_compare_without_it() -> None:
    """Two states that say the same are equal (and hash alike) whatever earlier reports they
    were read from; the map of changes, which grows with the reports, is left out of a state's
    repr too."""
    moved = report("p", "2025-11-20", POSTPONED, "2025-12-04")
    one = state_of(report("old-1", "2025-11-01", SCHEDULED, "2025-10"), moved)
    other = state_of(report("old-2", "2025-11-02", SCHEDULED, "2025-09"), moved)
    assert one.changed_since("old-1").status and other.changed_since("old-2").status
    assert one == other
    assert hash(one) == hash(other)
    assert "since=" not in repr(one)


# --- Rule 9: outcomes ---------------------------------------------------------------------------


def test_one_outcome_reported_twice_is_one_credited_to_the_first() -> None:
    signed = Outcome(
        kind=OutcomeKind.AGREEMENT, text="Trade deal signed", evidence="a passage of the article"
    )
    again = Outcome(
        kind=OutcomeKind.AGREEMENT,
        text="trade  deal SIGNED",
        evidence="another passage of the article",
    )
    said = Outcome(
        kind=OutcomeKind.STATEMENT, text="Trade deal signed", evidence="a passage of the article"
    )
    first = report("a", "2025-12-05", HELD, outcomes=[signed])
    second = report("b", "2025-12-06", HELD, outcomes=[again, said])
    found = known_outcomes("talks", [first, second])
    assert found == [
        KnownOutcome("talks", ((first, signed), (second, again))),
        KnownOutcome("talks", ((second, said),)),
    ]
    assert found[0].first == first
    assert found[0].outcome == signed
    assert found[1].first == second
    assert found[1].outcome == said


# --- Rule 10: status in dispute -----------------------------------------------------------------


def test_a_claim_of_another_status_puts_the_status_in_dispute() -> None:
    state = state_of(report("a", "2025-11-20", POSTPONED, claims=[claim(CANCELLED, "trump")]))
    assert state.statuses == given((POSTPONED, [("a", None)]), (CANCELLED, [("a", "trump")]))
    assert state.statuses_differ
    assert display_status(state) == "postponed or cancelled (sources differ)"


def test_a_plan_counts_once_the_status_is_no_longer_one_from_a_report_giving_both() -> None:
    """Rule 10: postponed, though a minister it quotes says it is still scheduled."""
    state = state_of(report("a", "2025-11-20", POSTPONED, claims=[claim(SCHEDULED, "lavrov")]))
    assert state.statuses == given((SCHEDULED, [("a", "lavrov")]), (POSTPONED, [("a", None)]))
    assert display_status(state) == "scheduled or postponed (sources differ)"


def test_an_overtaken_plan_still_gives_the_claims_it_reports() -> None:
    """Rule 10: of a same-day plan overtaken by a postponement, only the plan is dropped."""
    state = state_of(
        report("a", "2025-11-20", SCHEDULED, claims=[claim(CANCELLED, "trump")]),
        report("b", "2025-11-20", POSTPONED),
    )
    assert state.statuses == given((POSTPONED, [("b", None)]), (CANCELLED, [("a", "trump")]))


def test_two_statuses_of_one_day_are_in_dispute_and_every_report_giving_one_is_disputed() -> None:
    moved = report("a", "2025-11-20", POSTPONED)
    called_off = report("b", "2025-11-20", CANCELLED)
    earlier = report("c", "2025-11-01", SCHEDULED)
    state = state_of(earlier, moved, called_off)
    assert state.status is CANCELLED
    assert state.statuses == given((POSTPONED, [("a", None)]), (CANCELLED, [("b", None)]))
    assert dispute(state, called_off) == Dispute(status=True)
    assert dispute(state, moved) == Dispute(status=True)
    assert dispute(state, earlier) == Dispute()


def test_one_source_giving_a_status_twice_is_one_source() -> None:
    state = state_of(
        report("a", "2025-11-20", POSTPONED, claims=[claim(POSTPONED, "x"), claim(POSTPONED, "x")])
    )
    assert state.statuses == given((POSTPONED, [("a", None), ("a", "x")]))


def test_statuses_before_a_later_days_change_are_history() -> None:
    """Rule 10: held after postponed, of a later day, is a development, not a dispute."""
    moved = report("a", "2025-11-20", POSTPONED)
    state = state_of(moved, report("b", "2025-12-05", HELD))
    assert state.statuses == given((HELD, [("b", None)]))
    assert display_status(state) == "held"
    assert dispute(state, moved) == Dispute()


def test_a_status_given_again_after_a_change_starts_its_row_afresh() -> None:
    """Rule 10: the row is the reports in a row, up to the last, that give the status now."""
    state = state_of(
        report("a", "2025-11-01", POSTPONED, claims=[claim(CANCELLED, "trump")]),
        report("b", "2025-11-10", SCHEDULED),
        report("c", "2025-11-20", POSTPONED),
    )
    assert state.statuses == given((POSTPONED, [("c", None)]))


def test_a_later_postponement_that_agrees_keeps_the_rows_claims() -> None:
    """Rule 10: unlike the date, the row of statuses is not started afresh by a postponement
    that agrees."""
    state = state_of(
        report("a", "2025-11-01", POSTPONED, claims=[claim(CANCELLED, "trump")]),
        report("b", "2025-11-20", POSTPONED),
    )
    assert state.statuses == given(
        (POSTPONED, [("a", None), ("b", None)]), (CANCELLED, [("a", "trump")])
    )


def test_a_plan_ignored_after_held_does_not_end_the_row_of_held_reports() -> None:
    state = state_of(
        report("a", "2025-12-05", HELD, claims=[claim(CANCELLED, "x")]),
        report("b", "2025-12-06", SCHEDULED),
        report("c", "2025-12-07", HELD),
    )
    assert state.statuses == given((CANCELLED, [("a", "x")]), (HELD, [("a", None), ("c", None)]))


@pytest.mark.parametrize("status", [ANTICIPATED, SCHEDULED])
def test_a_single_plan_is_the_only_status(status: EventStatus) -> None:
    state = state_of(report("a", "2025-11-01", status))
    assert state.statuses == given((status, [("a", None)]))
    assert not state.statuses_differ
    assert display_status(state) == status.words


def test_a_source_giving_both_plans_stands_once_for_the_firmer() -> None:
    state = state_of(report("a", "2025-11-01", SCHEDULED, claims=[claim(ANTICIPATED, "x")]))
    assert state.statuses == given((SCHEDULED, [("a", None), ("a", "x")]))


def test_status_briefing_ids_are_each_source_once() -> None:
    status = StatusGiven(POSTPONED, (("a", None), ("a", "x"), ("b", None)))
    assert status.briefing_ids == ("a", "b")


# --- Rule 11 and the day: plans with no date, upcoming, overdue --------------------------------


@pytest.mark.parametrize(
    ("status", "date", "undated"),
    [
        (SCHEDULED, None, True),
        (ANTICIPATED, None, True),
        (SCHEDULED, "2025-12-04", False),
        (HELD, None, False),
        (POSTPONED, None, False),
        (ON_HOLD, None, False),
        (CANCELLED, None, False),
    ],
)
def test_a_plan_no_report_dates_is_a_plan_with_no_date(
    status: EventStatus, date: str | None, undated: bool
) -> None:
    assert state_of(report("a", "2025-11-01", status, date)).is_undated_plan is undated


@pytest.mark.parametrize(
    ("as_of", "upcoming", "overdue"),
    [("2025-12-04", True, False), ("2025-12-10", True, False), ("2025-12-11", False, True)],
)
def test_a_plan_is_upcoming_to_its_last_day_and_overdue_after(
    as_of: str, upcoming: bool, overdue: bool
) -> None:
    """Its last day by any source: 10 December here, not the earlier 4 December."""
    state = state_of(
        report("a", "2025-11-01", SCHEDULED, "2025-12-04"),
        report("b", "2025-11-02", SCHEDULED, "2025-12-09/2025-12-10"),
    )
    day = dt.date.fromisoformat(as_of)
    assert state.is_upcoming(day) is upcoming
    assert state.is_overdue(day) is overdue


@pytest.mark.parametrize(
    ("status", "date"),
    [(HELD, "2025-12-04"), (POSTPONED, "2025-12-04"), (SCHEDULED, None), (ANTICIPATED, None)],
)
@pytest.mark.parametrize("as_of", ["2025-11-01", "2025-12-04", "2026-01-01"])
def test_only_a_dated_plan_is_upcoming_or_overdue(
    status: EventStatus, date: str | None, as_of: str
) -> None:
    state = state_of(report("a", "2025-11-01", status, date))
    day = dt.date.fromisoformat(as_of)
    assert state.is_upcoming(day) is False
    assert state.is_overdue(day) is False


def test_the_status_as_of_a_day_says_when_a_plans_date_has_passed() -> None:
    state = state_of(report("a", "2025-11-01", SCHEDULED, "2025-12-04"))
    assert status_as_of(state, dt.date(2025, 12, 4)) == "scheduled"
    assert status_as_of(state, dt.date(2025, 12, 5)) == ("scheduled; no report of the outcome yet")
    assert status_as_of(None, dt.date(2025, 12, 5)) == "not reported"


@pytest.mark.parametrize(
    ("status", "words"),
    [(ON_HOLD, "on hold"), (CANCELLED, "cancelled"), (SCHEDULED, "scheduled"), (HELD, "held")],
)
def test_a_status_is_written_in_words(status: EventStatus, words: str) -> None:
    assert status_words(state_of(report("a", "2025-11-01", status))) == words


# --- Pages: how dates and places are written, and how many are listed -------------------------


@pytest.mark.parametrize(
    ("dates", "text"),
    [
        ([], "not given"),
        (["2025-12-04"], "4 December 2025"),
        (["2025-09-26", "2025-09-27"], "26 or 27 September 2025 (sources differ)"),
        (
            ["2025-09-26", "2025-09-27", "2025-09-28"],
            "26, 27 or 28 September 2025 (sources differ)",
        ),
        (["2025-11-30", "2025-12-01"], "30 November 2025 or 1 December 2025 (sources differ)"),
        (["2024-12-04", "2025-12-04"], "4 December 2024 or 4 December 2025 (sources differ)"),
        (
            ["2025-12-04/2025-12-05", "2025-12-10"],
            "4\u20135 December 2025 or 10 December 2025 (sources differ)",
        ),
        (["2025-11", "2025-12"], "November 2025 or December 2025 (sources differ)"),
        (["2025-10", "2025-W44"], "October 2025 or week of 27 October 2025 (sources differ)"),
    ],
)
def test_dates_are_written_one_by_one_sharing_a_month_when_all_are_days_of_it(
    dates: list[str], text: str
) -> None:
    assert display_dates(claims_of(*dates)) == text


@pytest.mark.parametrize(
    ("places", "text"),
    [
        ([], "not given"),
        (["Hyderabad House, New Delhi"], "Hyderabad House, New Delhi"),
        (["Moscow", "New Delhi"], "Moscow or New Delhi (sources differ)"),
        (["Minsk", "Moscow", "New Delhi"], "Minsk or Moscow or New Delhi (sources differ)"),
    ],
)
def test_places_are_written_one_by_one(places: list[str], text: str) -> None:
    assert display_places(places_of(*places)) == text


@pytest.mark.parametrize(("count", "too_many"), [(0, False), (3, False), (4, True), (9, True)])
def test_a_page_lists_at_most_three_values_one_by_one(count: int, too_many: bool) -> None:
    assert LISTED_AT_MOST == 3
    assert too_many_to_list(count) is too_many


def test_past_three_dates_pages_give_how_many_sources_give_how_many() -> None:
    three = claims_of("2025-12-01", "2025-12-02", "2025-12-03")
    four = (*three, DateClaim(DateSpan.parse("2025-12-04"), ("b0", "b9", "b8")))
    assert dates_summary(three) is None
    assert dates_in_brief(three) == "1, 2 or 3 December 2025 (sources differ)"
    assert dates_summary(four) == "5 sources give 4 different dates"
    assert dates_in_brief(four) == "5 sources give 4 different dates"


def test_past_three_places_pages_give_how_many_sources_give_how_many() -> None:
    three = places_of("Minsk", "Moscow", "New Delhi")
    four = (*three, PlaceClaim("Sochi", ("b3",)))
    assert places_summary(three) is None
    assert places_in_brief(three) == "Minsk or Moscow or New Delhi (sources differ)"
    assert places_summary(four) == "4 sources give 4 different places"
    assert places_in_brief(four) == "4 sources give 4 different places"
    assert where_now(four) == "4 sources give 4 different places"


def test_given_by_writes_thousands_with_commas() -> None:
    assert given_by(1500, 12, "different dates") == "1,500 sources give 12 different dates"


def test_no_briefing_no_state() -> None:
    assert event_state([]) is None
