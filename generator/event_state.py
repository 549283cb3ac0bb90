"""What is known of an event now: one rule, from every briefing that reports it.

Many articles tell one story over weeks, and they overtake, refine and contradict each other.
Every place that shows an event's status or date (pages, lists, Upcoming, the calendar, feeds,
the export, JSON-LD, the checker's warnings) reads it from `event_state`, so they all agree:

1. **Order.** Reports are read in the order of their briefings' dates. Reports of the same
   day are ordered by what they say, a final status after a plan (anticipated, scheduled,
   postponed, cancelled, held), never by file name.
2. **Status.** The last report's status is the event's status, except that a plan never
   overtakes a report that the event was held: what took place cannot become scheduled again.
   Earlier statuses are history, shown in the event's list of reports.
3. **Date.** A report that the event was postponed starts afresh: dates before it are
   history, and its own date, if it gives one, is the new one. After that, dates of reports
   that it was held outrank the dates of plans. Among the dates left, a vaguer one (a month)
   that holds a more precise one (a day in it) adds nothing and is dropped; a single day
   inside a range of days is part of that range. If more than one date remains, the sources
   differ, and every place shows them ("26 or 27 September 2025, sources differ").
4. **Who met whom.** Two people met at an event only when its status is held and one report
   that says it was held puts both there: the participants that report gives, or, when it
   gives none, the registry's participants. A meeting is never made from two lists (the
   registry's and another report's, or two reports'). While the event is planned
   (anticipated, scheduled, postponed), the same rule over the reports of a plan gives the
   meetings planned, which pages show as planned and never count as met; a cancelled event
   gives none (`meetings`).

How many disagreeing values a page lists is bounded too (`LISTED_AT_MOST`): past a few
dates, every place but the event's own list of reports gives their number instead ("12
sources give 9 different dates"), so that no page repeats a list that grows with the sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import FUTURE_STATUSES, DateSpan, EventStatus, Outcome

PLANNED_STATUSES = frozenset({*FUTURE_STATUSES, EventStatus.POSTPONED})
"""A plan, still open: a meeting it names is shown as planned, never as met."""

STATUS_WEIGHT: dict[EventStatus, int] = {
    EventStatus.ANTICIPATED: 0,
    EventStatus.SCHEDULED: 1,
    EventStatus.POSTPONED: 2,
    EventStatus.CANCELLED: 3,
    EventStatus.HELD: 4,
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
class EventState:
    status: EventStatus
    status_from: str
    """The briefing whose report gives the status."""
    dates: tuple[DateClaim, ...]
    """None if no report gives a date; one if they agree; several, earliest first, if not."""

    @property
    def date(self) -> DateSpan | None:
        """The date to sort and group by: the earliest the sources give."""
        return self.dates[0].date if self.dates else None

    @property
    def sources_differ(self) -> bool:
        return len(self.dates) > 1

    @property
    def last_day(self) -> dt.date | None:
        """The latest day the event may take place on, by any source."""
        return max(claim.date.last_day for claim in self.dates) if self.dates else None

    def is_upcoming(self, as_of: dt.date) -> bool:
        last_day = self.last_day
        return self.status in FUTURE_STATUSES and last_day is not None and last_day >= as_of

    def is_overdue(self, as_of: dt.date) -> bool:
        """Planned for a date that has passed, with no report of what happened."""
        last_day = self.last_day
        return self.status in FUTURE_STATUSES and last_day is not None and last_day < as_of


def in_order(reports: Iterable[Report]) -> list[Report]:
    return sorted(reports, key=lambda report: report.order)


def event_state(reports: Sequence[Report]) -> EventState | None:
    """The event's status and date by the rules above; None if no briefing reports it."""
    if not reports:
        return None
    ordered = in_order(reports)
    status = ordered[0]
    for report in ordered[1:]:
        if status.status is EventStatus.HELD and report.status in FUTURE_STATUSES:
            continue
        status = report
    return EventState(status.status, status.briefing_id, current_dates(ordered))


def current_dates(ordered: Sequence[Report]) -> tuple[DateClaim, ...]:
    """Rule 3, over reports already in order."""
    start = max((i for i, r in enumerate(ordered) if r.status is EventStatus.POSTPONED), default=0)
    since_move = ordered[start:]
    held = [r for r in since_move if r.status is EventStatus.HELD and r.date is not None]
    giving = held or [r for r in since_move if r.date is not None]
    claims: dict[DateSpan, list[str]] = {}
    for report in giving:
        assert report.date is not None
        claims.setdefault(report.date, []).append(report.briefing_id)
    kept = [date for date in claims if not any(_adds_nothing(date, other) for other in claims)]
    return tuple(
        DateClaim(date, tuple(claims[date]))
        for date in sorted(kept, key=lambda d: (d.first_day, d.last_day))
    )


def _adds_nothing(date: DateSpan, other: DateSpan) -> bool:
    """Whether `date` only says less than `other`: a month holding one of its days, or a
    day inside a range of days."""
    if date == other:
        return False
    if date.precision is other.precision:
        return other.contains(date) and date.days < other.days
    return date.contains(other)


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


def dates_summary(dates: Sequence[DateClaim]) -> str | None:
    """How many sources give how many dates, when they are too many to list; else None."""
    if not too_many_to_list(len(dates)):
        return None
    sources = len({briefing for claim in dates for briefing in claim.briefing_ids})
    return given_by(sources, len(dates), "different dates")


def dates_in_brief(dates: Sequence[DateClaim]) -> str:
    """The dates as every place but the event's list of reports shows them: `display_dates`,
    or past LISTED_AT_MOST dates, their count."""
    return dates_summary(dates) or display_dates(dates)


@dataclass(frozen=True)
class Meeting:
    """Two people at one event, as one list puts them both there (rule 4)."""

    people: tuple[str, str]
    """In id order."""
    held: bool
    """True if they met; False if the meeting is only planned."""
    briefing_ids: tuple[str, ...]
    """The reports whose one list names both, in the order of rule 1."""


def meetings(
    state: EventState | None, reports: Sequence[Report], registry_participants: Sequence[str]
) -> tuple[Meeting, ...]:
    """Rule 4: who met (or is planned to meet) whom at one event, and per which reports.
    `reports` are the event's reports in order; `registry_participants` the registry's list,
    which a report stands for only when it names no one itself."""
    if state is None or state.status is EventStatus.CANCELLED:
        return ()
    held = state.status is EventStatus.HELD
    counted = {EventStatus.HELD} if held else PLANNED_STATUSES
    sources: dict[tuple[str, str], list[str]] = {}
    for report in reports:
        if report.status not in counted:
            continue
        # One list only: the report's own, or, if it names no one, the registry's.
        people = sorted(set(report.participants or registry_participants))
        for index, first in enumerate(people):
            for second in people[index + 1 :]:
                sources.setdefault((first, second), []).append(report.briefing_id)
    return tuple(Meeting(pair, held, tuple(ids)) for pair, ids in sorted(sources.items()))
