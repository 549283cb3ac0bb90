"""What is known of an event now: one rule, from every briefing that reports it.

Many articles tell one story over weeks, and they overtake, refine and contradict each other.
Every place that shows an event's status or date (pages, lists, Upcoming, the calendar, feeds,
the export, JSON-LD, the checker's warnings) reads it from `event_state`, so they all agree:

1. **Order.** Reports are read in the order of their briefings' dates. Reports of the same
   day are ordered by what they say, a final status after a plan (anticipated, scheduled,
   on hold, postponed, cancelled, held), never by file name.
2. **Status.** The last report's status is the event's status, except that a plan never
   overtakes a report that the event was held: what took place cannot become scheduled again.
   Earlier statuses are history, shown in the event's list of reports.
   **Credit.** The status is credited to the first report of it: the earliest of the reports
   in a row, up to the last, that give it (a postponement starts the row afresh, as it does
   the date), and every place that names the source says how many later reports agree
   ("per ANI, 18 November 2025; 2 later reports agree"). A passing mention that repeats an
   outcome weeks later never takes the credit from the report that gave it first.
3. **Date.** A report that the event was postponed or put on hold starts afresh: dates before it
   are history, and its own date, if it gives one, is the new one (an on-hold report gives
   none). The date a report says the event was planned for (`planned_for`) is never its date
   now: while the plan does not stand (postponed, on hold, cancelled), pages show it as such
   ("Date: planned for 23 October 2025", "Status: postponed, no new date"), and a postponement
   that gives no new date says so. After that, dates of reports that it was held outrank the
   dates of plans. Among the dates left, a vaguer one that holds a more precise one adds nothing
   and is dropped: a month holds its weeks and days, a week (Monday to Sunday, ISO 8601) its
   days; a week that runs over the end of a month is held by neither month, so "October 2025"
   and the week of 27 October 2025 are two dates the sources differ on. A single day inside a
   range of days is part of that range; a week is never a range ("next week" is some day of it,
   not seven days). If more than one date remains, the sources differ, and every place shows
   them ("26 or 27 September 2025, sources differ").
4. **Place.** A place is written from the most specific to the most general, comma-separated
   ("Hyderabad House, New Delhi"), and holds another place when every comma part of the
   other (regardless of case and spacing) is among its own. The places that count are those
   of the reports whose dates would (rule 3's scope); a place that another holds adds nothing,
   so the event's place is the most precise one, with its sources. Two places neither of
   which holds the other, with no place given that holds both, are a conflict ("Moscow or New
   Delhi (sources differ)"). While no report gives a place, the registry's stands in.
5. **Disagreement, not news.** A report's own date, place or status is disputed when the
   current state holds other values beside it (dates or places the sources differ on), or
   when the current status stood before the report was made: its source said otherwise
   while others already said this (two plans, anticipated and scheduled, never differ).
   Where the state changed after the report, that is a later development, not a
   disagreement. A briefing keeps what its own source said and says that others differ.
6. **No value that no source gave.** Where a format holds one value (a start and an end, one
   location), disagreeing sources give only what they all agree on: the month or the year
   that holds every date, the comma parts every place shares, or nothing.
7. **Who met whom.** Two people met at an event only when its status is held and one report
   that says it was held puts both there: the participants that report gives, or, when it
   gives none, the registry's participants. A meeting is never made from two lists (the
   registry's and another report's, or two reports'). While the event is planned
   (anticipated, scheduled, postponed, on hold), the same rule over the reports of a plan gives the
   meetings planned, which pages show as planned and never count as met; a cancelled event
   gives none (`meetings`).
8. **Since a briefing.** What a briefing said of an event has changed only when a later report
   changed it: the status now comes from a later report and differs from its own, a later
   report gives one of the dates now shown and they are not the date it gave, or a later
   report names a place that neither holds nor is held by the place it gave. Disagreement
   with earlier reports is not news since it; the event's page shows it.
9. **Outcomes.** One outcome (its kind and its words, ignoring case and spacing) reported by
   several briefings is one outcome, credited to the first and listing the others.
10. **Status in dispute.** A report can give, beside its own status, claims it attributes to
   people or organisations, each with a status. The statuses that count are those the
   reports give, in their own voice or as claims, from the day of the first of the reports
   in a row, up to the last, that give the status now (a later postponement that agrees
   does not start the row afresh here); a plan that rule 2 ignores gives none, and two plans
   (anticipated, scheduled) count as one. An outcome overtakes a plan reported the same
   day (rule 1), so once the status is no longer a plan, a plan counts only from a report
   that also gives the status now. If more than one status remains, the sources
   differ, and every place that shows the status shows each ("postponed or cancelled
   (sources differ)"); a format that holds one status gives none (rule 6). A report of a
   later day that changes the status (held after scheduled) is a new development: the
   statuses before its day are history, not a disagreement.

11. **A plan with no date.** An event whose status is a plan (anticipated or scheduled) and
   that no report dates is a plan with no date: Upcoming lists it under "Date not set", newest
   report first, until a later report ends it (held, cancelled or postponed). The calendar
   leaves it out, since a calendar entry needs a day (`is_undated_plan`).

How many disagreeing values a page lists is bounded too (`LISTED_AT_MOST`): past a few
dates or places, every page but the event's own list of reports gives their number instead
("12 sources give 9 different dates"), so that no page repeats a list that grows with the
sources.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .models import (
    FUTURE_STATUSES,
    OFF_PLAN_STATUSES,
    DatePrecision,
    DateSpan,
    EventStatus,
    Outcome,
    PartialDate,
    StatusClaim,
)

PLANNED_STATUSES = frozenset({*FUTURE_STATUSES, EventStatus.POSTPONED, EventStatus.ON_HOLD})
"""A plan, still open: a meeting it names is shown as planned, never as met."""

MOVES = frozenset({EventStatus.POSTPONED, EventStatus.ON_HOLD})
"""Reports after which the dates start afresh (rule 3): the plan was put off or paused."""

STATUS_WEIGHT: dict[EventStatus, int] = {
    EventStatus.ANTICIPATED: 0,
    EventStatus.SCHEDULED: 1,
    EventStatus.ON_HOLD: 2,
    EventStatus.POSTPONED: 3,
    EventStatus.CANCELLED: 4,
    EventStatus.HELD: 5,
}
"""Among reports of one day, how final each status is: a plan first, the outcome last."""


@dataclass(frozen=True)
class Report:
    """What one briefing said about one event."""

    briefing_id: str
    briefing_date: dt.date
    status: EventStatus
    date: DateSpan | None
    place: str | None = None
    participants: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    planned_for: DateSpan | None = None
    """The date the report says the event was planned for before it was put off (rule 3)."""
    claims: tuple[StatusClaim, ...] = ()
    """Rule 10: the claims about the status the report attributes to others (or its outlet)."""

    @property
    def order(self) -> tuple[dt.date, int, str]:
        """Rule 1: by the briefing's date, then by how final the status is; the id only
        keeps the order total between reports that say the same."""
        return (self.briefing_date, STATUS_WEIGHT[self.status], self.briefing_id)


@dataclass(frozen=True)
class DateClaim:
    """One date the sources give, and the briefings that give it, oldest first."""

    date: DateSpan
    briefing_ids: tuple[str, ...]


@dataclass(frozen=True)
class StatusGiven:
    """One status the sources give now (rule 10), and who gives it, oldest first: each as
    (briefing id, the id of whom its claim is attributed to, or None for the outlet)."""

    status: EventStatus
    given: tuple[tuple[str, str | None], ...]

    @property
    def briefing_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(briefing for briefing, _ in self.given))


@dataclass(frozen=True)
class PlaceClaim:
    """One place the sources give, as the oldest of them writes it, and the briefings that
    give it, oldest first; none for the registry's place, which no report gives."""

    place: str
    briefing_ids: tuple[str, ...]


@dataclass(frozen=True)
class Since:
    """What later reports changed of one briefing's report (rule 8)."""

    status: bool = False
    """The status now comes from a later report, and is not the one this report gave."""
    dates: Report | None = None
    """The newest later report giving one of the dates now shown, when they are not this
    report's date."""
    place: Report | None = None
    """The newest later report naming a place that does not hold, nor sit in, this one's."""


@dataclass(frozen=True)
class EventState:
    status: EventStatus
    credited: Report
    """The first report of the status now (rule 2): the one every page names as its source."""
    dates: tuple[DateClaim, ...]
    """None if no report gives a date; one if they agree; several, earliest first, if not."""
    agreeing: tuple[Report, ...] = ()
    """The later reports that give the same status, in order: their number is shown."""
    since: Mapping[str, Since] = field(default_factory=dict, compare=False, repr=False)
    """By briefing id, what later reports changed of its report (rule 8); absent if nothing.
    Derived from the reports, as everything else here, so left out of comparisons."""
    places: tuple[PlaceClaim, ...] = ()
    """Rule 4: none if no report gives a place; one, the most precise, if they agree; several,
    in alphabetical order, if not."""
    planned_for: tuple[DateClaim, ...] = ()
    """Rule 3: while the plan does not stand (postponed, on hold, cancelled), the dates the
    reports say it was planned for, as `dates` keeps them; none otherwise."""
    statuses: tuple[StatusGiven, ...] = ()
    """Rule 10: one if the sources agree on the status; several, plan first and outcome last,
    if not."""

    @property
    def statuses_differ(self) -> bool:
        return len(self.statuses) > 1

    @property
    def status_since(self) -> dt.date:
        """The day of the first report of the status now (rule 2's credit): reports of that
        day or later that give another status disagree with it (rule 5)."""
        return self.credited.briefing_date

    @property
    def status_from(self) -> str:
        """The briefing credited with the status (rule 2)."""
        return self.credited.briefing_id

    @property
    def latest(self) -> Report:
        """The newest report giving the status: the entry's revision in a calendar."""
        return self.agreeing[-1] if self.agreeing else self.credited

    def changed_since(self, briefing_id: str) -> Since:
        return self.since.get(briefing_id, NOTHING_SINCE)

    @property
    def date(self) -> DateSpan | None:
        """The date to sort and group by: the earliest the sources give."""
        return self.dates[0].date if self.dates else None

    @property
    def sources_differ(self) -> bool:
        return len(self.dates) > 1

    @property
    def places_differ(self) -> bool:
        return len(self.places) > 1

    @functools.cached_property
    def differing(self) -> tuple[frozenset[DateSpan], frozenset[frozenset[str]]]:
        """The dates and the places (as comma parts) the sources differ on; none where they
        agree. No date or place kept holds another kept (rules 3 and 4), so a report that
        gives one of them exactly takes a side."""
        dates = frozenset(claim.date for claim in self.dates) if self.sources_differ else None
        places = self.places if self.places_differ else ()
        return dates or frozenset(), frozenset(place_parts(claim.place) for claim in places)

    @property
    def last_day(self) -> dt.date | None:
        """The latest day the event may take place on, by any source."""
        return max(claim.date.last_day for claim in self.dates) if self.dates else None

    def is_upcoming(self, as_of: dt.date) -> bool:
        last_day = self.last_day
        return self.status in FUTURE_STATUSES and last_day is not None and last_day >= as_of

    @property
    def is_undated_plan(self) -> bool:
        """Rule 11: planned (anticipated or scheduled) while no report gives a date. Its last
        report is still a plan, so no later one ended it (held, cancelled, postponed). Upcoming
        lists it under "Date not set", whatever the day; the calendar leaves it out, since an
        entry needs a day."""
        return self.status in FUTURE_STATUSES and not self.dates

    def is_overdue(self, as_of: dt.date) -> bool:
        """Planned for a date that has passed, with no report of what happened."""
        last_day = self.last_day
        return self.status in FUTURE_STATUSES and last_day is not None and last_day < as_of


def in_order(reports: Iterable[Report]) -> list[Report]:
    return sorted(reports, key=lambda report: report.order)


NOTHING_SINCE = Since()


def event_state(reports: Sequence[Report]) -> EventState | None:
    """The event's status and date by the rules above; None if no briefing reports it."""
    if not reports:
        return None
    ordered = in_order(reports)
    run = status_run(ordered)
    dates = current_dates(ordered)
    since = _changed_since(ordered, run[0], dates)
    status = run[0].status
    planned = _planned_for(ordered, dates, status) if status in OFF_PLAN_STATUSES else ()
    return EventState(
        status,
        run[0],
        dates,
        tuple(run[1:]),
        since,
        current_places(ordered),
        planned_for=planned,
        statuses=current_statuses(ordered, run[0]),
    )


def current_statuses(ordered: Sequence[Report], credited: Report) -> tuple[StatusGiven, ...]:
    """Rule 10, over reports in order: every status given (in a report's own voice or as a
    claim it reports) from the day the row of the status now (`credited`'s) began, two plans
    as one."""
    state_now = credited.status
    since = _row_start(ordered, state_now)
    given: dict[EventStatus, list[tuple[str, str | None]]] = {}
    status: Report | None = None
    for report in ordered:
        if _ignored(report, status):
            continue
        status = report
        if report.briefing_date < since:
            continue
        said = [(report.status, None), *((claim.status, claim.by) for claim in report.claims)]
        overtaken = state_now not in FUTURE_STATUSES and all(
            value is not state_now for value, _ in said
        )
        for value, by in said:
            if overtaken and value in FUTURE_STATUSES:
                continue
            sources = given.setdefault(value, [])
            if (report.briefing_id, by) not in sources:
                sources.append((report.briefing_id, by))
    if EventStatus.SCHEDULED in given and EventStatus.ANTICIPATED in given:
        # Two plans say the same, one more firmly: the firmer stands for both.
        given[EventStatus.SCHEDULED] += given.pop(EventStatus.ANTICIPATED)
    return tuple(
        StatusGiven(value, tuple(sources))
        for value, sources in sorted(given.items(), key=lambda item: STATUS_WEIGHT[item[0]])
    )


def _row_start(ordered: Sequence[Report], status: EventStatus) -> dt.date:
    """Rule 10: the day of the first of the reports in a row, up to the last, that give the
    status now (plans that rule 2 ignores skipped)."""
    counted: list[Report] = []
    held: Report | None = None
    for report in ordered:
        if not _ignored(report, held):
            counted.append(report)
            held = report
    start = counted[-1]
    for report in reversed(counted):
        if report.status is not status:
            break
        start = report
    return start.briefing_date


def display_status(state: EventState) -> str:
    """Rule 10 as pages show it: 'on hold', 'postponed, no new date' (`status_words`);
    'postponed or cancelled (sources differ)'."""
    if not state.statuses_differ:
        return status_words(state)
    return f"{' or '.join(given.status.words for given in state.statuses)} (sources differ)"


def status_as_of(state: EventState | None, as_of: dt.date) -> str:
    """The status as every page shows it on `as_of` (`display_status`), saying so of a plan
    whose date has passed with no report of what happened; 'not reported' for an event no
    briefing reports. The event's page, its tables and the site-diff report all read it
    here, so a reviewer sees what readers see."""
    if state is None:
        return "not reported"
    if state.is_overdue(as_of):
        return f"{display_status(state)}; no report of the outcome yet"
    return display_status(state)


NO_DATE = "no report gives a date"
"""An event's date where no report gives one: the registry holds no dates, so nothing does."""
NO_PLACE = "no report gives a place, nor does the registry"
"""An event's place where neither a report nor the registry gives one."""


def when_now(state: EventState | None) -> str:
    """The date as every page but the event's list of reports shows it (`when_in_brief`);
    NO_DATE where no report gives one, whether or not any briefing reports the event."""
    if state is None or not (state.dates or state.planned_for):
        return NO_DATE
    return when_in_brief(state)


def where_now(places: Sequence[PlaceClaim]) -> str:
    """The place as the event's page and the site-diff report show it (`places_in_brief` of
    `places_now`); NO_PLACE where neither a report nor the registry gives one."""
    return places_in_brief(places) if places else NO_PLACE


def agreed_status(state: EventState) -> EventStatus | None:
    """Rule 6 for the status: the status when the sources agree on it, else None, for
    formats that hold one status (a calendar entry, JSON-LD)."""
    return None if state.statuses_differ else state.status


def _ignored(report: Report, status: Report | None) -> bool:
    """Rule 2: a plan after a report that the event was held says nothing of it."""
    return (
        status is not None
        and status.status is EventStatus.HELD
        and report.status in FUTURE_STATUSES
    )


def status_run(ordered: Sequence[Report]) -> list[Report]:
    """Rules 2 and credit, over reports in order: the reports in a row, up to the last, that
    give the status now; the first is credited with it."""
    move = _last_move(ordered)
    run: list[Report] = []
    for index, report in enumerate(ordered):
        if run and _ignored(report, run[0]):
            continue
        if run and report.status is run[0].status and index != move:
            run.append(report)
        else:
            run = [report]
    return run


def _last_move(ordered: Sequence[Report]) -> int:
    """Where the dates start afresh: the last report that the event was postponed or put on
    hold, or 0."""
    return max((i for i, r in enumerate(ordered) if r.status in MOVES), default=0)


def agreement(state: EventState) -> str | None:
    """'2 later reports agree': how many reports after the credited one give the same status
    (rule 2). None if none."""
    return agreeing(state.credited, state.agreeing)


def agreeing(first: Report, later: Sequence[Report]) -> str | None:
    """'2 later reports agree' with the report credited (`first`); 'more' where one of them
    is of the first one's own day. None if none."""
    count = len(later)
    if not count:
        return None
    word = "later" if all(r.briefing_date > first.briefing_date for r in later) else "more"
    return f"{count:,} {word} report agrees" if count == 1 else f"{count:,} {word} reports agree"


def _changed_since(
    ordered: Sequence[Report], credited: Report, dates: Sequence[DateClaim]
) -> dict[str, Since]:
    """Rule 8 for every report at once, newest first, so an event's thousand reports cost a
    walk, not a walk each."""
    shown = [claim.date for claim in dates]
    given_by = {briefing for claim in dates for briefing in claim.briefing_ids}
    newest_dated = max(
        (r for r in ordered if r.briefing_id in given_by), key=lambda r: r.order, default=None
    )
    since: dict[str, Since] = {}
    later_places: list[tuple[frozenset[str], Report]] = []  # newest first, one per place
    status: Report | None = None  # the status so far, for rule 2, walking forwards
    counted = []
    for report in ordered:
        counted.append(not _ignored(report, status))
        status = report if counted[-1] else status
    for report, counts in zip(reversed(ordered), reversed(counted), strict=True):
        changed = Since(
            status=credited.status is not report.status and credited.order > report.order,
            dates=newest_dated
            if newest_dated is not None
            and newest_dated.order > report.order
            and shown != ([report.date] if report.date else [])
            else None,
            place=_other_place(report.place, later_places),
        )
        if changed != NOTHING_SINCE:
            since[report.briefing_id] = changed
        if counts and report.place:
            words = place_parts(report.place)
            if all(words != known for known, _ in later_places):
                later_places.append((words, report))
    return since


def _other_place(
    place: str | None, later: Sequence[tuple[frozenset[str], Report]]
) -> Report | None:
    """The newest later report of a place that neither holds nor sits in `place` (rule 4):
    'Hyderabad House, New Delhi' holds 'New Delhi'; 'Moscow' is somewhere else."""
    if not place:
        return None
    words = place_parts(place)
    for other, report in later:
        if not (other <= words or words <= other):
            return report
    return None


def _counted(ordered: Sequence[Report], gives: Callable[[Report], bool]) -> list[Report]:
    """The reports whose dates (or places) count, by rule 3: those since the last report that
    the event was postponed, and of those, the reports that it was held before any plan."""
    giving = [r for r in ordered[_last_move(ordered) :] if gives(r)]
    held = [r for r in giving if r.status is EventStatus.HELD]
    return held or giving


def current_dates(ordered: Sequence[Report]) -> tuple[DateClaim, ...]:
    """Rule 3, over reports already in order: `date` only, never `planned_for`."""
    giving = _counted(ordered, lambda report: report.date is not None)
    return _kept_dates((report.date, report.briefing_id) for report in giving if report.date)


def _planned_for(
    ordered: Sequence[Report], dates: Sequence[DateClaim], status: EventStatus
) -> tuple[DateClaim, ...]:
    """Rule 3: the dates the reports say the event was planned for, kept as dates are. Of a
    cancelled event, its dates too, which are the days it was to take place."""
    given = [(r.planned_for, r.briefing_id) for r in ordered if r.planned_for]
    if not given:
        return ()
    if status is EventStatus.CANCELLED:
        given += [(claim.date, briefing) for claim in dates for briefing in claim.briefing_ids]
    return _kept_dates(given)


def _kept_dates(given: Iterable[tuple[DateSpan, str]]) -> tuple[DateClaim, ...]:
    """Each date given, with its briefings, less those that only say less than another."""
    claims: dict[DateSpan, list[str]] = {}
    for date, briefing_id in given:
        claims.setdefault(date, []).append(briefing_id)
    kept = [date for date in claims if not any(_adds_nothing(date, other) for other in claims)]
    return tuple(
        DateClaim(date, tuple(claims[date]))
        for date in sorted(kept, key=lambda d: (d.first_day, d.last_day))
    )


def _adds_nothing(date: DateSpan, other: DateSpan) -> bool:
    """Whether `date` only says less than `other`: a month holding one of its weeks or days, a
    week holding one of its days, or a day inside a range of days. A week that runs over a
    month's end is not held by that month, nor does it hold the month."""
    if date == other:
        return False
    if date.precision is other.precision:
        return other.contains(date) and date.days < other.days
    return date.contains(other)


@functools.lru_cache(maxsize=1 << 14)
def place_parts(place: str) -> frozenset[str]:
    """A place's comma parts, as rule 4 compares them: regardless of case and spacing."""
    return frozenset(" ".join(part.split()).casefold() for part in place.split(",") if part.strip())


def holds(place: str, other: str) -> bool:
    """Whether `place` says all that `other` does: 'Hyderabad House, New Delhi' holds 'New
    Delhi' and 'new  delhi', and 'Hyderabad House'; 'New Delhi' does not hold 'India'."""
    return place_parts(other) <= place_parts(place)


def current_places(reports: Iterable[Report]) -> tuple[PlaceClaim, ...]:
    """Rule 4, over reports in any order: the most precise place that holds every place given,
    or, when no place does, each place that no other holds (a conflict)."""
    ordered = in_order(reports)
    giving = _counted(ordered, lambda report: bool(report.place and place_parts(report.place)))
    # Places with the same parts are one place, written as its oldest report wrote it.
    claims: dict[frozenset[str], tuple[str, list[str]]] = {}
    for report in giving:
        assert report.place is not None
        claims.setdefault(place_parts(report.place), (report.place, []))[1].append(
            report.briefing_id
        )
    kept = [parts for parts in claims if not any(parts < other for other in claims)]
    found = [PlaceClaim(claims[parts][0], tuple(claims[parts][1])) for parts in kept]
    return tuple(sorted(found, key=lambda claim: (claim.place.casefold(), claim.place)))


def places_now(state: EventState | None, registry_place: str | None) -> tuple[PlaceClaim, ...]:
    """The event's place by rule 4, or while no report gives one, the registry's (unsourced)."""
    if state is not None and state.places:
        return state.places
    return (PlaceClaim(registry_place, ()),) if registry_place else ()


@dataclass(frozen=True)
class Dispute:
    """Which of a report's own values other sources disagree with (rule 5)."""

    date: bool = False
    place: bool = False
    status: bool = False

    def __bool__(self) -> bool:
        return self.date or self.place or self.status


def dispute(state: EventState, report: Report) -> Dispute:
    """Rule 5: a value of the report is disputed when the current state holds it beside
    values that do not hold it, or (its status) when the current status stood before it.
    A briefing's page asks this of each event it lists, so a value the sources differ on is
    found by one lookup, not a walk over every date or place they give."""
    date, place = report.date, report.place
    dates, places = state.differing
    return Dispute(
        date=date is not None
        and (
            date in dates
            or _one_side(date, [claim.date for claim in state.dates], DateSpan.contains)
        ),
        place=place is not None
        and (
            place_parts(place) in places
            or _one_side(place, [claim.place for claim in state.places], holds)
        ),
        status=(
            _statuses_differ(report.status, state.status)
            and state.status_since is not None
            and report.briefing_date >= state.status_since
        )
        or _status_disputed(state, report.briefing_id),
    )


def _status_disputed(state: EventState, briefing_id: str) -> bool:
    """Rule 10 for one report: the statuses differ now, and the report gives one of them."""
    return state.statuses_differ and any(
        briefing_id in given.briefing_ids for given in state.statuses
    )


def _statuses_differ(said: EventStatus, now: EventStatus) -> bool:
    """Two plans (anticipated, scheduled) say the same thing, one more firmly than the other."""
    return said is not now and not (said in FUTURE_STATUSES and now in FUTURE_STATUSES)


Value = TypeVar("Value")


def _one_side(
    value: Value, claims: Sequence[Value], within: Callable[[Value, Value], bool]
) -> bool:
    """Whether the value is one of the sides the sources differ on: held by one claim and not
    by another. A vaguer value, held by none (a month against disputed days), takes no side."""
    if len(claims) < 2:
        return False
    held = [within(claim, value) for claim in claims]
    return any(held) and not all(held)


def agreed_date(dates: Sequence[DateClaim]) -> DateSpan | None:
    """Rule 6: the one date every source's date falls within, for formats with one start and
    end. The date itself when the sources agree; when they differ, the month or else the year
    that holds them all; None when no year does."""
    if len(dates) == 1:
        return dates[0].date
    days = [day for claim in dates for day in (claim.date.first_day, claim.date.last_day)]
    if not days:
        return None
    if len({(day.year, day.month) for day in days}) == 1:
        return DateSpan(PartialDate(days[0].year, days[0].month))
    if len({day.year for day in days}) == 1:
        return DateSpan(PartialDate(days[0].year))
    return None


def agreed_place(places: Sequence[PlaceClaim]) -> str | None:
    """Rule 6: the place every source's place holds, for formats with one location: the place
    itself when they agree; when they differ, the comma parts all of them share, as the first
    writes them ('New Delhi' of 'Hyderabad House, New Delhi' and 'Rashtrapati Bhavan, New
    Delhi'); None when they share none."""
    if not places:
        return None
    if len(places) == 1:
        return places[0].place
    shared = functools.reduce(frozenset.__and__, (place_parts(c.place) for c in places))
    parts = [p.strip() for p in places[0].place.split(",") if p.strip()]
    kept = [part for part in parts if " ".join(part.split()).casefold() in shared]
    return ", ".join(dict.fromkeys(kept)) if kept else None


def display_places(places: Sequence[PlaceClaim]) -> str:
    """'Hyderabad House, New Delhi'; 'Moscow or New Delhi (sources differ)'; 'not given'."""
    if not places:
        return "not given"
    if len(places) == 1:
        return places[0].place
    return f"{' or '.join(claim.place for claim in places)} (sources differ)"


def display_dates(dates: Sequence[DateClaim]) -> str:
    """'17 November 2025'; '26 or 27 September 2025 (sources differ)'; 'not given'."""
    if not dates:
        return "not given"
    if len(dates) == 1:
        return dates[0].date.display()
    spans = [claim.date for claim in dates]
    same_month = (
        all(s.end is None and s.start.day is not None and s.start.month is not None for s in spans)
        and len({(s.year, s.start.month) for s in spans}) == 1
    )
    if same_month:
        days = [str(s.start.day) for s in spans]
        month = spans[-1].display().split(" ", 1)[1]
        text = f"{', '.join(days[:-1])} or {days[-1]} {month}"
    else:
        text = " or ".join(s.display() for s in spans)
    return f"{text} (sources differ)"


LISTED_AT_MOST = 3
"""The most different dates (or places, or sources of one) a page lists one by one. Past it,
pages say how many there are and point to the event's list of reports, which holds each: 1,500
briefings giving different dates once made a 27 KB line on every one of their pages."""


def too_many_to_list(count: int) -> bool:
    return count > LISTED_AT_MOST


def given_by(sources: int, values: int, what: str) -> str:
    """'12 sources give 9 different dates': what stands for a list too long to repeat."""
    return f"{sources:,} sources give {values:,} {what}"


def _counted_claims(claims: Sequence[DateClaim | PlaceClaim], what: str) -> str | None:
    """How many sources give how many values, when they are too many to list; else None."""
    if not too_many_to_list(len(claims)):
        return None
    sources = len({briefing for claim in claims for briefing in claim.briefing_ids})
    return given_by(sources, len(claims), what)


def dates_summary(dates: Sequence[DateClaim]) -> str | None:
    """How many sources give how many dates, when they are too many to list; else None."""
    return _counted_claims(dates, "different dates")


def dates_in_brief(dates: Sequence[DateClaim]) -> str:
    """The dates as every place but the event's list of reports shows them: `display_dates`,
    or past LISTED_AT_MOST dates, their count."""
    return dates_summary(dates) or display_dates(dates)


def places_summary(places: Sequence[PlaceClaim]) -> str | None:
    """How many sources give how many places, when they are too many to list; else None."""
    return _counted_claims(places, "different places")


def places_in_brief(places: Sequence[PlaceClaim]) -> str:
    """The places as every page but the event's list of reports shows them: `display_places`,
    or past LISTED_AT_MOST places, their count."""
    return places_summary(places) or display_places(places)


@dataclass(frozen=True)
class Meeting:
    """Two people at one event, as one list puts them both there (rule 7)."""

    people: tuple[str, str]
    """In id order."""
    held: bool
    """True if they met; False if the meeting is only planned."""
    briefing_ids: tuple[str, ...]
    """The reports whose one list names both, in the order of rule 1."""


def _attending_lists(
    state: EventState | None, reports: Sequence[Report], registry_participants: Sequence[str]
) -> Iterator[tuple[Report, tuple[str, ...]]]:
    """Rule 7's lists: each report that counts (held, when the event was held; a plan, while
    it is planned; none once cancelled) with the one list it gives, its own or, if it names
    no one, the registry's."""
    if state is None or state.status is EventStatus.CANCELLED:
        return
    counted = {EventStatus.HELD} if state.status is EventStatus.HELD else PLANNED_STATUSES
    for report in reports:
        if report.status in counted:
            yield report, tuple(sorted(set(report.participants or registry_participants)))


def meetings(
    state: EventState | None, reports: Sequence[Report], registry_participants: Sequence[str]
) -> tuple[Meeting, ...]:
    """Rule 7: who met (or is planned to meet) whom at one event, and per which reports.
    `reports` are the event's reports in order; `registry_participants` the registry's list,
    which a report stands for only when it names no one itself."""
    held = state is not None and state.status is EventStatus.HELD
    sources: dict[tuple[str, str], list[str]] = {}
    for report, people in _attending_lists(state, reports, registry_participants):
        for index, first in enumerate(people):
            for second in people[index + 1 :]:
                sources.setdefault((first, second), []).append(report.briefing_id)
    return tuple(Meeting(pair, held, tuple(ids)) for pair, ids in sorted(sources.items()))


def attendees(
    state: EventState | None, reports: Sequence[Report], registry_participants: Sequence[str]
) -> tuple[str, ...]:
    """Rule 7 for one person at a time: everyone a report that counts puts at the event (or
    plans to), the registry's in its order first; no one for a cancelled event or one no
    briefing reports."""
    lists = _attending_lists(state, reports, registry_participants)
    found = {person for _, people in lists for person in people}
    named = [person for person in registry_participants if person in found]
    return (*named, *sorted(found.difference(registry_participants)))


@dataclass(frozen=True)
class KnownOutcome:
    """One thing an event produced (rule 9), with every report that gives it, oldest first:
    the first is credited with it, each keeps its own words and quote."""

    event_id: str
    given: tuple[tuple[Report, Outcome], ...]

    @property
    def first(self) -> Report:
        return self.given[0][0]

    @property
    def outcome(self) -> Outcome:
        return self.given[0][1]


def known_outcomes(event_id: str, ordered: Iterable[Report]) -> list[KnownOutcome]:
    """Rule 9, over an event's reports in order: each outcome once, in the order first given."""
    given: dict[tuple[str, str], list[tuple[Report, Outcome]]] = {}
    for report in ordered:
        for outcome in report.outcomes:
            key = (outcome.kind.value, " ".join(outcome.text.casefold().split()))
            given.setdefault(key, []).append((report, outcome))
    return [KnownOutcome(event_id, tuple(found)) for found in given.values()]


def status_words(state: EventState) -> str:
    """The status as pages write it (rule 3): 'on hold'; 'postponed, no new date' when no
    report since the postponement gives a new date, so no page reads one into it."""
    if state.status is EventStatus.POSTPONED and not state.dates:
        return "postponed, no new date"
    return state.status.words


def when_in_brief(state: EventState) -> str:
    """`dates_in_brief`, with the date the event was planned for while the plan does not
    stand (rule 3): '6 November 2025 (planned for 23 October 2025)', or with no new date,
    'planned for 23 October 2025'."""
    when = dates_in_brief(state.dates)
    if not state.planned_for:
        return when
    planned = f"planned for {dates_in_brief(state.planned_for)}"
    # A cancelled event's dates are the days it was to take place: all in `planned_for`.
    cancelled = state.status is EventStatus.CANCELLED
    return f"{when} ({planned})" if state.dates and not cancelled else planned


def without_week(span: DateSpan | None) -> DateSpan | None:
    """For formats that write no week (schema.org's dates): a week as the month that holds
    all of it, or else the year; None when it runs over a year's end. Never a day: that would
    say more than the source."""
    if span is None or span.precision is not DatePrecision.WEEK:
        return span
    first, last = span.first_day, span.last_day
    if (first.year, first.month) == (last.year, last.month):
        return DateSpan(PartialDate(first.year, first.month))
    return DateSpan(PartialDate(first.year)) if first.year == last.year else None
