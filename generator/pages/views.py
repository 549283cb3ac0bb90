"""Views: what each page shows, as a small frozen view model; the templates only lay it out.

A view is a function of the site (the corpus and link graph, read through `site.Site`,
which records what it reads in the watch mode) and of the page's own address, which links are
made relative to. Values a view hands over are either plain text, which the template escapes
when it prints it, or Markdown the view built from escaped parts (`Markdown`), which it prints
as it is. Blocks several pages share (a list of briefings, a table of events) are one method
each of `Blocks`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..core.escaping import escape_inline, link_destination
from ..story.event_state import (
    LISTED_AT_MOST,
    NO_DATE,
    Dispute,
    EventState,
    KnownOutcome,
    PlaceClaim,
    Report,
    agreeing,
    agreement,
    dates_summary,
    display_places,
    display_status,
    dispute,
    known_outcomes,
    places_now,
    places_summary,
    status_as_of,
    too_many_to_list,
    when_in_brief,
    when_now,
    where_now,
)
from ..story.models import (
    MONTH_NAMES,
    Briefing,
    BriefingFile,
    DatePrecision,
    DateSpan,
    EntityKey,
    EntityKind,
    EventRecord,
    EventStatus,
    NamedRecord,
    OfficeRecord,
    PartialDate,
    PersonMention,
    PersonRecord,
    StatusClaim,
)
from ..story.sitemap import (
    ABOUT,
    BRIEFINGS_INDEX_PAGE,
    CALENDAR,
    EXPORT,
    EXPORT_SCHEMA,
    MAIN_FEED,
    SECTION_INDEXES,
    TIMELINE,
    OverviewPage,
    country_feed_uri,
    index_part_uri,
    year_part_uri,
    year_uri,
)
from . import long_lists, pictures
from .long_lists import YearPage
from .markdown_text import Markdown, external_link, relative_uri
from .site import BriefingReads, Site, TimelineItem

Item = TypeVar("Item")


# Pages print the same few thousand dates hundreds of thousands of times.
@functools.lru_cache(maxsize=1 << 14)
def long_date(value: dt.date | PartialDate | DateSpan | None) -> str:
    if value is None:
        return "date not given"
    if isinstance(value, PartialDate | DateSpan):
        return value.display()
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


def date_given(date: DateSpan | None, planned_for: DateSpan | None) -> str:
    """What one report says of the date: '23 October 2025'; with the date it says the event
    was planned for, 'planned for 23 October 2025', or '6 November 2025 (planned for 23
    October 2025)' (event_state rule 3)."""
    if planned_for is None:
        return long_date(date)
    planned = f"planned for {planned_for.display()}"
    return f"{date.display()} ({planned})" if date else planned


def source_citation(record: BriefingFile) -> Markdown:
    """The source as readers see it: 'ANI, 15 November 2025: *Headline*', linked to the
    article when it is public."""
    text = escape_inline(record.source_credit)
    if record.source.headline:
        text += f": *{escape_inline(record.source.headline)}*"
    if record.source.url:
        return Markdown(f"[{text}]({link_destination(record.source.url)})")
    return Markdown(text)


def events_table(rows: Iterable[list[str]], *extra_columns: str) -> Markdown:
    """The one table of events: date, event, place and status, then any extra columns. Cells
    are Markdown already."""
    columns = ["Date", "Event", "Place", "Status", *extra_columns]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return Markdown("\n".join(lines))


def indented(block: Markdown, width: int) -> Markdown:
    """A block of Markdown indented to sit inside another (a list inside an admonition)."""
    margin = " " * width
    return Markdown("\n".join(margin + line if line else line for line in block.split("\n")))


def office_period(office: OfficeRecord) -> str:
    """A term of office as the registry gives it, from a public source that states it."""
    if office.since and office.until:
        return f"from {long_date(office.since)} to {long_date(office.until)}"
    if office.since:
        return f"since {long_date(office.since)}"
    if office.until:
        return f"until {long_date(office.until)}"
    return "dates not given"


NOT_IN_REPORT = "none in this report"
"""A report's date or place where that report gives none: the event's own page says where
the value it shows comes from (another report, or the registry), so the two never clash."""


LEAD_EVENTS = 3
"""How many of an entity's latest events its page's lead gives the state of."""


def _list_entry(briefing: BriefingReads) -> tuple[str, str]:
    """A briefing's entry in a list, before and after its link: its date, title and bottom
    line (a reader scanning a list wants what each says, not only what it is called)."""
    return (
        f"- {long_date(briefing.date)}: [{escape_inline(briefing.record.title)}](",
        f")\n\n    {escape_inline(' '.join(briefing.record.bottom_line.split()))}",
    )


class Blocks:
    """Links and the Markdown blocks pages share, relative to one page."""

    def __init__(self, site: Site, here: str) -> None:
        self.site, self.here = site, here

    def link(self, target: EntityKey | BriefingReads | str, text: str | None = None) -> Markdown:
        href = relative_uri(self.site.uri(target), self.here)
        if text is None:
            assert not isinstance(target, str), "a link to a page by address needs its text"
            text = self.site.title(target)
        label = escape_inline(text)
        return Markdown(f"[{label}]({href})")

    def cited(self, briefing: BriefingReads) -> Markdown:
        """A link to a briefing named by its source ('ANI, 15 November 2025'), where its
        title would repeat words that search should find on the pages about them."""
        return self.link(briefing, briefing.record.source_credit)

    def entity(self, kind: EntityKind, identifier: str) -> Markdown:
        return self.link(EntityKey(kind, identifier))

    def link_list(self, keys: Iterable[EntityKey]) -> Markdown:
        links = [self.link(key) for key in keys]
        return Markdown(", ".join(links) if links else "none")

    def briefings_of(self, key: EntityKey) -> Markdown:
        """The briefings that list an entity, newest first: every entity page ends with them.
        A long list shows the newest and links to the entity's year pages (long_lists.py)."""
        briefings = self.site.briefings_listing(key)
        if not long_lists.is_long(len(briefings)):
            return self.briefing_list(briefings)
        counts = Counter(long_lists.briefing_years(self.site.graph, (b.id for b in briefings)))
        return self._newest_of_long_list(
            f"The latest {long_lists.LIST_LIMIT} of {len(briefings):,} briefings",
            self.briefing_list(briefings[: long_lists.LIST_LIMIT]),
            self.site.uri(key),
            counts,
        )

    def events_of(self, key: EntityKey) -> Markdown:
        """The events that involve an entity, in date order; of a long list, the latest (and
        those without a date) and links to the entity's year pages."""
        events = self.site.events_by_date(self.site.graph.events_of[key])
        if not long_lists.is_long(len(events)):
            return self.event_table(events)
        dated = [e for e in events if self.site.event_date(e.id) is not None]
        undated = [e for e in events if self.site.event_date(e.id) is None]
        counts = Counter(long_lists.event_years(self.site.graph, (e.id for e in dated)))
        return self._newest_of_long_list(
            f"The latest {long_lists.LIST_LIMIT} of {len(dated):,} dated events",
            self.event_table([*dated[-long_lists.LIST_LIMIT :], *undated]),
            self.site.uri(key),
            counts,
        )

    def reports_of(self, key: EntityKey) -> Markdown:
        """The table of an event's reports, in the order of the rule: every date and place each
        source gives. Of a long list, the latest and links to the event's year pages."""
        reports = self.site.graph.reports_of.get(key.id, ())
        if not long_lists.is_long(len(reports)):
            return self.reports_table(reports)
        counts = Counter(r.briefing_date.year for r in reports)
        return self._newest_of_long_list(
            f"The latest {long_lists.LIST_LIMIT} of {len(reports):,} reports",
            self.reports_table(reports[-long_lists.LIST_LIMIT :]),
            self.site.uri(key),
            counts,
        )

    def _newest_of_long_list(
        self, what: str, shown: Markdown, list_uri: str, counts: Counter[int]
    ) -> Markdown:
        return Markdown(
            f"{what}; all of them by year: {self.year_links(list_uri, counts)}.\n\n{shown}"
        )

    def year_links(
        self, list_uri: str, counts: Counter[int], current: int | None = None
    ) -> Markdown:
        """Links to the year pages of the list on `list_uri`, newest first, each with how many
        items it holds (not on a year page, which lists two kinds); the year being read is
        named, not linked."""
        links = []
        for year in sorted(counts, reverse=True):
            label = str(year) if current else f"{year} ({counts[year]})"
            links.append(
                f"**{label}**" if year == current else self.link(year_uri(list_uri, year), label)
            )
        return Markdown(" · ".join(links))

    def briefing_list(self, briefings: Iterable[BriefingReads]) -> Markdown:
        """Briefings, each with its date, title and bottom line: a reader scanning a list
        wants what each says, not only what it is called."""
        # Long entity pages list thousands: built here rather than in a template loop, and
        # each briefing's entry, but for its link, once a run (`Site.kept`).
        uris, kept = self.site.graph.briefing_uri, self.site.kept
        lines = []
        for b in briefings:
            before, after = kept(("briefing list entry", b.id), _list_entry, b)
            lines.append(f"{before}{relative_uri(uris[b.id], self.here)}{after}")
        return Markdown("\n\n".join(lines) if lines else "No briefing yet.")

    def briefing_summaries(self, briefings: Iterable[BriefingReads]) -> Markdown:
        """Briefings with their bottom lines: what a reader arriving on the home page wants."""
        items = [
            f"- **{escape_inline(long_date(b.date))}**: {self.link(b)}\n\n"
            f"    {escape_inline(' '.join(b.record.bottom_line.split()))}"
            for b in briefings
        ]
        return Markdown("\n\n".join(items) if items else "No briefing yet.")

    def lead(self, key: EntityKey) -> Markdown:
        """Where things stand for an entity, first on its page: the latest briefing's bottom
        line with its date, and the state now of its latest events (at most LEAD_EVENTS, the
        latest date first). A listing inside the box, so search indexes the page's own words
        rather than another page's bottom line."""
        parts = []
        briefings = self.site.briefings_listing(key)
        if briefings:
            latest = briefings[0]
            bottom = escape_inline(" ".join(latest.record.bottom_line.split()))
            parts.append(
                f"**Latest briefing, {escape_inline(long_date(latest.date))}:** "
                f"{self.link(latest)}\n\n{bottom}"
            )
        else:
            parts.append("No briefing yet.")
        events = self.site.events_by_date(self.site.graph.events_of.get(key, ()))
        dated = [e for e in events if self.site.event_date(e.id) is not None]
        latest_events = list(reversed(dated))[:LEAD_EVENTS]
        if latest_events:
            lines = [
                f"- **{self.event_when_linked(e.id)}**: {self.entity(EntityKind.EVENT, e.id)}"
                f"{self.event_where_aside(e.id)}, {escape_inline(self.event_status(e.id))}"
                for e in latest_events
            ]
            more = len(events) - len(latest_events)
            heading = "Its latest events, as reported now"
            if more > 0:
                heading += f" ({len(events):,} in all, listed below)"
            parts.append(f"**{heading}:**\n\n" + "\n".join(lines))
        inner = indented(Markdown("\n\n".join(parts)), 4)
        return Markdown(
            f'!!! abstract "Where things stand"\n\n    !!! listing ""\n\n{indented(inner, 4)}'
        )

    def _event_cells(self, event_id: str) -> list[str]:
        return [self.entity(EntityKind.EVENT, event_id), self.event_where_linked(event_id)]

    def event_places(self, event_id: str) -> tuple[PlaceClaim, ...]:
        """The event's place by event_state's rule 4: the most precise place the sources give,
        their places when they conflict, or while no report gives one, the registry's."""
        state = self.site.graph.state(event_id)
        return places_now(state, self.site.corpus.registry.events[event_id].place)

    def event_where_linked(self, event_id: str) -> Markdown:
        """Every page but the event's own shows its place this way: the place, or the places
        the sources differ on, or past LISTED_AT_MOST how many sources give how many, linked
        to the list of reports."""
        places = self.event_places(event_id)
        summary = places_summary(places)
        if summary is None:
            return Markdown(escape_inline(display_places(places)))
        return Markdown(f"{escape_inline(summary)}; see {self.reports_link(event_id)}")

    def event_where_aside(self, event_id: str) -> Markdown:
        """The place as lists of events add it after the event's name: ' (New Delhi)', or
        nothing when no place is known."""
        return Markdown(
            f" ({self.event_where_linked(event_id)})" if self.event_places(event_id) else ""
        )

    def event_when(self, event_id: str) -> str:
        """The event's date as the sources give it now, saying so when they differ, and how
        many dates they give when they give too many to list (event_state.dates_in_brief);
        NO_DATE when no report gives one (the registry holds no dates)."""
        return when_now(self.site.graph.state(event_id))

    def event_when_linked(self, event_id: str) -> Markdown:
        """`event_when` as Markdown, a count of dates pointing to the event's reports."""
        state = self.site.graph.state(event_id)
        if state is None or not (state.dates or state.planned_for):
            return Markdown(NO_DATE)
        return self._dates(event_id, state)

    def _dates(self, event_id: str, state: EventState) -> Markdown:
        """Every page but the event's own shows its dates this way: the dates, or past
        LISTED_AT_MOST how many sources give how many, linked to the list of reports."""
        summary = dates_summary(state.dates)
        if summary is None:
            return Markdown(escape_inline(when_in_brief(state)))
        return Markdown(f"{escape_inline(summary)}; see {self.reports_link(event_id)}")

    def reports_link(self, event_id: str, text: str = "the event page") -> Markdown:
        """A link to an event's list of reports: each date and place every source gives."""
        page = self.site.uri(EntityKey(EntityKind.EVENT, event_id))
        href = relative_uri(page, self.here) if page != self.here else ""
        return Markdown(f"[{escape_inline(text)}]({href}#{REPORTS_ANCHOR})")

    def credit(self, event_id: str, state: EventState, *, dated: bool = False) -> Markdown:
        """The report credited with the event's status (event_state rule 2), and how many
        later ones agree, linked to the list of reports: 'ANI, 18 November 2025; 2 later
        reports agree'. `dated` names the briefing by its date, as a table column does."""
        briefing = self.site.briefings[state.status_from]
        source = self.link(briefing, long_date(briefing.date)) if dated else self.cited(briefing)
        agree = agreement(state)
        return Markdown(f"{source}; {self.reports_link(event_id, agree)}" if agree else source)

    def event_status(self, event_id: str) -> str:
        """The event's status now; a plan whose date has passed says no outcome is known."""
        return status_as_of(self.site.graph.state(event_id), self.site.as_of)

    def planned_events(self, event_ids: Iterable[str]) -> Markdown:
        """Events where a meeting is only planned, each with its status and date, so that
        none reads as a meeting that took place."""
        return Markdown(
            ", ".join(
                f"{self.entity(EntityKind.EVENT, e)} ({self.event_when_linked(e)}, "
                f"{escape_inline(self.event_status(e))})"
                for e in event_ids
            )
        )

    def event_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Events with the date and status their reports give now (event_state.py)."""
        rows = [
            [
                self.event_when_linked(event.id),
                *self._event_cells(event.id),
                escape_inline(self.event_status(event.id)),
            ]
            for event in events
        ]
        return events_table(rows) if rows else Markdown("No event yet.")

    def upcoming_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Upcoming events, each with the briefing whose report gives its status."""
        rows = []
        for event in events:
            state = self.site.graph.state(event.id)
            assert state is not None  # upcoming means reported as scheduled or anticipated
            reported = self.credit(event.id, state, dated=True)
            date = self._dates(event.id, state)
            status = escape_inline(display_status(state))
            rows.append([date, *self._event_cells(event.id), status, reported])
        return events_table(rows, "Reported")

    def overdue_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Plans whose date has passed with no report of the outcome, each with the briefing
        whose report gives the plan: the status says no outcome is reported yet."""
        rows = []
        for event in events:
            state = self.site.graph.state(event.id)
            assert state is not None  # overdue means reported as planned
            reported = self.credit(event.id, state, dated=True)
            date = self._dates(event.id, state)
            status = escape_inline(self.event_status(event.id))
            rows.append([date, *self._event_cells(event.id), status, reported])
        return events_table(rows, "Reported")

    def undated_plans_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Plans no report dates (event_state rule 11), each with the briefing whose report
        gives its status: the date column says the date is not set, never a guess."""
        rows = []
        for event in events:
            state = self.site.graph.state(event.id)
            assert state is not None  # a plan with no date is reported as one
            reported = self.credit(event.id, state, dated=True)
            cells = self._event_cells(event.id)
            rows.append([DATE_NOT_SET, *cells, str(state.status), reported])
        return events_table(rows, "Reported")

    def reported_events(self, briefing: BriefingReads) -> Markdown:
        """The events one briefing reports, as it reports them, in date order (undated last).
        A date, place or status other sources disagree with (event_state's rule 5) keeps what
        this briefing's source said and says that others differ, with a link to the event's
        reports; a place the briefing does not give is the event's, as other lists show it."""
        mentions = briefing.record.events
        ordered = sorted(mentions, key=lambda m: m.date.first_day if m.date else dt.date.max)
        rows = []
        for mention in ordered:
            said = Report(briefing.id, briefing.date, mention.status, mention.date, mention.place)
            state = self.site.graph.state(mention.id)
            differs = dispute(state, said) if state is not None else Dispute()
            place = (
                Markdown(escape_inline(mention.place))
                if mention.place
                else self.event_where_linked(mention.id)
            )
            cells = [
                (
                    Markdown(escape_inline(date_given(mention.date, mention.planned_for))),
                    differs.date,
                ),
                (self.entity(EntityKind.EVENT, mention.id), False),
                (place, differs.place),
                (Markdown(escape_inline(mention.status.words)), differs.status),
            ]
            mark = self._others_differ(mention.id) if differs else ""
            rows.append([cell + mark if marked else cell for cell, marked in cells])
        return events_table(rows)

    def _others_differ(self, event_id: str) -> Markdown:
        """What follows a briefing's own value that other sources disagree with."""
        href = relative_uri(self.site.uri(EntityKey(EntityKind.EVENT, event_id)), self.here)
        return Markdown(f" \u2014 other sources differ: see [the event]({href}#{REPORTS_ANCHOR})")

    def since_briefing(self, briefing: BriefingReads) -> Markdown | None:
        """What later briefings changed of what this one reported of its events: a status,
        a date or a place (event_state rule 8); or, where nothing followed a plan whose date
        has passed, that no outcome is known. None when the briefing's account still stands;
        an earlier report it disagrees with is not news since it."""
        lines = []
        for mention in briefing.record.events:
            state = self.site.graph.state(mention.id)
            if state is None:
                continue
            # Worked out once per event, for every report of it (event_state.py): no walk
            # over every report of the event on each of the briefings that report it.
            since = state.changed_since(briefing.id)
            event = self.entity(EntityKind.EVENT, mention.id)
            said: list[str] = []
            if since.status:
                said.append(self._state_sentence(mention.id, state))
            elif since.dates is not None:
                source = self.cited(self.site.briefings[since.dates.briefing_id])
                said.append(
                    self._state_sentence(mention.id, state, f"the date as given by {source}")
                )
            if since.place is not None:
                source = self.cited(self.site.briefings[since.place.briefing_id])
                place = escape_inline(since.place.place or "")
                said.append(f"place given as {place}, per {source}")
            if said:
                lines.append(f"- {event}: {'; '.join(said)}")
            elif state.is_overdue(self.site.as_of):
                when = self._dates(mention.id, state)
                status = display_status(state)
                lines.append(f"- {event}: {status} for {when}; no report of the outcome yet")
        return Markdown("\n".join(lines)) if lines else None

    def _state_sentence(self, event_id: str, state: EventState, per: str | None = None) -> str:
        """'held on 17 November 2025, per [Briefing] (18 November 2025); 2 later reports
        agree'; of many dates, 'scheduled, per [Briefing]; 12 sources give 9 different dates;
        see the event page'. `per` names another source than the status's."""
        if state.statuses_differ and per is None:
            # Rule 10: no one report is the source of a status the sources differ on.
            per = f"see {self.reports_link(event_id, 'each report and claim')}"
        per = per or f"per {self.credit(event_id, state)}"
        status = escape_inline(display_status(state))
        if not state.dates:
            planned = f" ({escape_inline(when_in_brief(state))})" if state.planned_for else ""
            return f"{status}{planned}, {per}"
        when = self._dates(event_id, state)
        if dates_summary(state.dates) is not None:
            return f"{status}, {per}; {when}"
        # 'on 17 November 2025', 'in the week of 20 October 2025', 'in December 2025'.
        precision = DatePrecision.DAY if state.sources_differ else state.dates[0].date.precision
        preposition = {DatePrecision.DAY: "on", DatePrecision.WEEK: "in the"}.get(precision, "in")
        if state.status is EventStatus.POSTPONED:
            preposition = "to"  # the new date: 'postponed to 6 November 2025'
        return f"{status} {preposition} {when}, {per}"

    def people_list(self, people: Iterable[PersonMention]) -> Markdown:
        lines = []
        for mention in people:
            office = f", {escape_inline(mention.office)}" if mention.office else ""
            lines.append(f"- {self.entity(EntityKind.PERSON, mention.id)}{office}")
        return Markdown("\n".join(lines))

    def country_list(self, codes: Iterable[str]) -> Markdown:
        return Markdown("\n".join(f"- {self.entity(EntityKind.COUNTRY, c)}" for c in codes))

    def timeline(self, events: Iterable[EventRecord]) -> Markdown:
        """Events under a heading for each year: the timeline lists every event there is."""
        lines: list[str] = []
        heading: int | str | None = None
        for event in events:
            date = self.site.event_date(event.id)
            year = date.year if date else "No date reported"
            if year != heading:
                lines += ["", f"## {year}", ""]
                heading = year
            place = self.event_where_aside(event.id)
            status = escape_inline(self.event_status(event.id))
            event_link = self.entity(EntityKind.EVENT, event.id)
            day = self.event_when_linked(event.id)
            lines.append(f"- **{day}**: {event_link}{place}, {status}")
        return Markdown("\n".join(lines) if lines else "No event yet.")

    def entity_timeline(self, key: EntityKey) -> Markdown | None:
        graph = self.site.graph
        return self.timeline_picture(
            self.site.name(key), graph.briefings_of.get(key, ()), graph.events_of.get(key, ())
        )

    def timeline_picture(
        self, subject: str, briefing_ids: Iterable[str], event_ids: Iterable[str]
    ) -> Markdown | None:
        """The timeline chart of what a page lists: its briefings per month and its events."""
        listed = list(event_ids)
        dated = [(e, s) for e in listed if (s := self.site.graph.state(e)) and s.dates]
        # Labels only for events drawn one by one: a hub's thousands are drawn as counts.
        labelled = len(dated) <= pictures.INDIVIDUAL_EVENTS
        marks = []
        for event_id, state in dated:
            assert state.last_day is not None
            label = ""
            if labelled:
                name = self.site.corpus.registry.events[event_id].name
                label = f"{name}: {display_status(state)}, {when_in_brief(state)}"
            first = state.dates[0].date.first_day
            vague = all(c.date.precision is not DatePrecision.DAY for c in state.dates)
            status = str(state.status)
            marks.append(pictures.EventMark(first, state.last_day, status, label, vague))
        date_of = self.site.graph.date_of_briefing
        dates = [date_of[i] for i in briefing_ids]
        # An event with no date is not drawn, so the chart's words do not count it either.
        return pictures.timeline("timeline", subject, dates, marks, self.site.as_of)

    def outcomes(
        self, event_ids: Iterable[str], list_uri: str, *, name_events: bool
    ) -> Markdown | None:
        """What the events produced, each outcome once with every briefing that reports it
        (event_state rule 9), the newest first reported first. Of a long list, the latest and
        links to the year pages of the page on `list_uri`."""
        found = self.outcomes_found(event_ids)
        if not found:
            return None
        if not long_lists.is_long(len(found)):
            return self.outcome_list(found, name_events=name_events)
        return self._newest_of_long_list(
            f"The latest {long_lists.LIST_LIMIT} of {len(found):,} outcomes",
            self.outcome_list(found[: long_lists.LIST_LIMIT], name_events=name_events),
            list_uri,
            Counter(known.first.briefing_date.year for known in found),
        )

    def outcomes_found(self, event_ids: Iterable[str]) -> list[KnownOutcome]:
        """Each outcome the events' reports give, once (event_state rule 9), the newest
        first reported first."""
        found = []
        for event_id in event_ids:
            found += known_outcomes(event_id, self.site.graph.reports_of.get(event_id, ()))
        found.sort(key=lambda known: known.first.order, reverse=True)
        return found

    def outcome_list(self, found: Iterable[KnownOutcome], *, name_events: bool) -> Markdown:
        """Outcomes as a list, each with its sources and the passages they quote; `name_events`
        where they come from several events (the page of two countries)."""
        lines = []
        for known in found:
            outcome = known.outcome
            event = f" ({self.entity(EntityKind.EVENT, known.event_id)})" if name_events else ""
            # A kind of two words is written with a hyphen (no-agreement), read with a space.
            kind = outcome.kind.value.replace("-", " ").capitalize()
            lines.append(
                f"- **{escape_inline(kind)}:** "
                f"{escape_inline(outcome.text)}{event}, per {self._outcome_sources(known)}"
            )
        return Markdown("\n".join(lines))

    def _outcome_sources(self, known: KnownOutcome) -> Markdown:
        """Each briefing that gives an outcome with the passage it quotes, the first first,
        one quote for the briefings that quote the same words: '[A]: "q"; [B] and [C]: "r"'.
        Past LISTED_AT_MOST briefings, the first and how many agree, as the status has it."""
        given = known.given
        if too_many_to_list(len(given)):
            report, outcome = given[0]
            first = self.cited(self.site.briefings[report.briefing_id])
            later = agreeing(report, [other for other, _ in given[1:]])
            agree = self.reports_link(known.event_id, later or "")
            return Markdown(f"{first}: \u201c{escape_inline(outcome.evidence)}\u201d; {agree}")
        quoted: dict[str, list[Markdown]] = {}
        for report, outcome in given:
            cited = self.cited(self.site.briefings[report.briefing_id])
            quoted.setdefault(outcome.evidence, []).append(cited)
        return Markdown(
            "; ".join(
                f"{' and '.join(sources)}: \u201c{escape_inline(evidence)}\u201d"
                for evidence, sources in quoted.items()
            )
        )

    def reports_table(self, reports: Iterable[Report]) -> Markdown:
        """Reports as a table: when and where each briefing says the event is or was."""
        lines = [
            "| Reported on | Briefing | Status | Date given | Place given |",
            "| --- | --- | --- | --- | --- |",
        ]
        for report in reports:
            briefing = self.site.briefings[report.briefing_id]
            cells = [
                escape_inline(long_date(briefing.date)),
                self.link(briefing),
                escape_inline(report.status.words),
                escape_inline(
                    date_given(report.date, report.planned_for)
                    if report.date or report.planned_for
                    else NOT_IN_REPORT
                ),
                escape_inline(report.place or NOT_IN_REPORT),
            ]
            lines.append("| " + " | ".join(cells) + " |")
            lines += [self._claim_row(cells, claim) for claim in report.claims]
        return Markdown("\n".join(lines))

    def _claim_row(self, cells: Sequence[str], claim: StatusClaim) -> str:
        """One claim a report attributes (event_state rule 10), as a row under the report's
        own: the status, who gives it and the passage that says so."""
        who = self.claimant(claim.by) if claim.by else Markdown("the outlet itself")
        status = escape_inline(str(claim.status))
        said = f"{status}, says {who}: \u201c{escape_inline(claim.evidence)}\u201d"
        return "| " + " | ".join([cells[0], cells[1], said, "", ""]) + " |"

    def claimant(self, identifier: str) -> Markdown:
        """Who a claim is attributed to: a person or an organisation of the registry."""
        registry = self.site.corpus.registry
        kind = EntityKind.PERSON if identifier in registry.people else EntityKind.ORGANISATION
        return self.entity(kind, identifier)


def _indented_or_none(block: Markdown | None, width: int) -> Markdown | None:
    return indented(block, width) if block is not None else None


def _joined(names: Sequence[str]) -> str:
    return ", ".join(names)


def _by_name(records: Iterable[Any]) -> list[Any]:
    """In name order, ignoring case, as readers look names up."""
    return sorted(records, key=lambda record: record.name.lower())


# --- Entity pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonView:
    name: str
    lead: Markdown
    """Where things stand: the latest bottom line and the state of its latest events."""
    country: Markdown | None
    aliases: str
    terms: tuple[tuple[str, str, Markdown], ...]
    """(office, term, source): the registry's terms of office, each from a public source."""
    named: tuple[Markdown, ...]
    """How briefings name the person, one line per office, the latest named first
    (`office_named`): never read as a term."""
    met: tuple[tuple[Markdown, Markdown], ...]
    """(person, the events where they met): held events only (event_state's rule 7)."""
    met_picture: Markdown | None
    planned: tuple[tuple[Markdown, Markdown], ...]
    """(person, the events where a meeting is planned, each with its status and date)."""
    timeline: Markdown | None
    events: Markdown
    briefings: Markdown


def office_named(office: str, briefings: Sequence[BriefingReads]) -> str:
    """The one rule for an office a briefing gives a person: it says how briefings of those
    days name them, never that a term began or ended then, so it is never worded as the
    registry's terms are ('from ... to ...', 'since'). 'named Prime Minister in a briefing of
    4 December 2025'; 'named Prime Minister in 2 briefings of 4\u20135 December 2025'.
    `briefings` are those that name it, newest first."""
    latest, first = briefings[0].date, briefings[-1].date
    if len(briefings) == 1:
        return f"named {office} in a briefing of {long_date(first)}"
    days = long_date(first) if first == latest else DateSpan.parse(f"{first}/{latest}").display()
    return f"named {office} in {len(briefings):,} briefings of {days}"


Named = list[tuple[str, BriefingReads]]
"""The wording of an office each briefing gives, newest briefing first."""


def _offices_named(
    attested: Sequence[tuple[str, BriefingReads]], person: PersonRecord
) -> Iterator[tuple[str, Named]]:
    """Each office briefings give, with each briefing's wording of it, newest first: attested
    is newest first, so the first office is the one named last. Wordings the registry lists
    as one office (`PersonRecord.office_of`) are one office, under the registry's name, so
    two wordings never read as a change of office; any other wording is an office of its own."""
    by_office: dict[str, Named] = {}
    for wording, briefing in attested:
        by_office.setdefault(person.office_of(wording), []).append((wording, briefing))
    yield from by_office.items()


def _first_and_latest(
    briefings: Sequence[BriefingReads], blocks: Blocks, joiner: str = "; "
) -> str:
    """The first briefing of `briefings` (newest first) and, if another, the latest."""
    latest, first = briefings[0], briefings[-1]
    return joiner.join(
        [blocks.cited(first)] + ([blocks.cited(latest)] if latest is not first else [])
    )


def _office_lines(
    attested: Sequence[tuple[str, BriefingReads]], person: PersonRecord, blocks: Blocks
) -> Iterator[Markdown]:
    """One line per office briefings give, with the first and latest briefing naming it; of
    an office the registry knows by several wordings, each wording with its own."""
    for office, named in _offices_named(attested, person):
        line = office_named(office, [briefing for _, briefing in named])
        line = escape_inline(line[0].upper() + line[1:])
        by_wording: dict[str, list[BriefingReads]] = {}
        for wording, briefing in named:
            by_wording.setdefault(wording, []).append(briefing)
        if list(by_wording) == [office]:
            yield Markdown(f"{line}: {_first_and_latest(by_wording[office], blocks)}")
            continue
        worded = "; ".join(
            f"\u201c{escape_inline(wording)}\u201d in "
            + _first_and_latest(briefings, blocks, " and ")
            for wording, briefings in by_wording.items()
        )
        yield Markdown(f"{line}; the registry counts these wordings as one office: {worded}")


MET_DRAWN = 12
"""The people drawn around a person: those they met most often."""
MET_THROUGH = "at events reported held, where one report names both"
"""How the pictures of who met whom count: event_state's rule 7, in words."""


def person_view(site: Site, key: EntityKey, blocks: Blocks) -> PersonView:
    person = site.corpus.registry.people[key.id]
    terms = [
        (office.title, office_period(office), external_link(office.source))
        for office in person.offices
    ]
    met_with = site.graph.met.get(key.id, ())
    met = [
        (
            blocks.entity(EntityKind.PERSON, other),
            blocks.link_list(EntityKey(EntityKind.EVENT, e) for e in events),
        )
        for other, events in met_with
    ]
    planned = [
        (blocks.entity(EntityKind.PERSON, other), blocks.planned_events(events))
        for other, events in site.graph.planned_meetings.get(key.id, ())
    ]
    people = site.corpus.registry.people
    most_met = sorted(
        ((people[other].name, len(events)) for other, events in met_with),
        key=lambda item: (-item[1], item[0]),
    )[:MET_DRAWN]
    return PersonView(
        name=person.name,
        lead=blocks.lead(key),
        country=blocks.entity(EntityKind.COUNTRY, person.country) if person.country else None,
        aliases=_joined(person.aliases),
        terms=tuple(terms),
        named=tuple(_office_lines(site.offices_attested(key.id), person, blocks)),
        met=tuple(met),
        met_picture=pictures.star("met", person.name, most_met, through=MET_THROUGH),
        planned=tuple(planned),
        timeline=blocks.entity_timeline(key),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class OrganisationView:
    name: str
    lead: Markdown
    """Where things stand: the latest bottom line and the state of its latest events."""
    aliases: str
    country: Markdown | None
    timeline: Markdown | None
    events: Markdown
    briefings: Markdown


def organisation_view(site: Site, key: EntityKey, blocks: Blocks) -> OrganisationView:
    organisation = site.corpus.registry.organisations[key.id]
    country = organisation.country
    return OrganisationView(
        name=organisation.name,
        lead=blocks.lead(key),
        aliases=_joined(organisation.aliases),
        country=blocks.entity(EntityKind.COUNTRY, country) if country else None,
        timeline=blocks.entity_timeline(key),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class NamedView:
    """What any named entity's page can show: topics use it, and so would a new kind of
    entity until its page needs more."""

    name: str
    lead: Markdown
    """Where things stand: the latest bottom line and the state of its latest events."""
    aliases: str
    events: Markdown
    briefings: Markdown


def named_view(site: Site, key: EntityKey, blocks: Blocks) -> NamedView:
    record = site.corpus.registry.records(key.kind)[key.id]
    assert isinstance(record, NamedRecord)
    return NamedView(
        name=record.name,
        lead=blocks.lead(key),
        aliases=_joined(record.aliases),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class CountryView:
    name: str
    lead: Markdown
    """Where things stand: the latest bottom line and the state of its latest events."""
    code: str
    feed: Markdown
    people: tuple[Markdown, ...]
    """Each of its people, with the office the latest briefing naming one gives them."""
    partners: tuple[tuple[Markdown, int, int, Markdown], ...]
    """(country, briefings on both, events of both, their shared page), most together first."""
    partners_picture: Markdown | None
    """The countries it took part in events with, weighted by how many."""
    timeline: Markdown | None
    events: Markdown
    briefings: Markdown


PARTNERS_SHOWN = 10


def country_view(site: Site, key: EntityKey, blocks: Blocks) -> CountryView:
    country = site.corpus.registry.countries[key.id]
    people = []
    for person_id in site.graph.people_of_country.get(key.id, ()):
        line = blocks.entity(EntityKind.PERSON, person_id)
        person = site.corpus.registry.people[person_id]
        latest = next(_offices_named(site.offices_attested(person_id), person), None)
        if latest is not None:
            office, named = latest
            said = office_named(office, [briefing for _, briefing in named])
            line = Markdown(f"{line}: {escape_inline(said)}")
        people.append(line)
    partners = [
        (
            blocks.entity(EntityKind.COUNTRY, other.code),
            len(pair.briefings),
            len(pair.events),
            blocks.link(pair.uri, site.pair_name(pair)),
        )
        for other, _, pair in site.partners(key.id)[:PARTNERS_SHOWN]
    ]
    met_in_events = sorted(
        (found for found in site.partners(key.id) if found[2].events),
        key=lambda found: (-len(found[2].events), found[0].name),
    )
    feed = blocks.link(country_feed_uri(country.slug), f"Atom feed of briefings on {country.name}")
    return CountryView(
        name=country.name,
        lead=blocks.lead(key),
        code=country.code,
        feed=feed,
        people=tuple(people),
        partners=tuple(partners),
        partners_picture=pictures.star(
            "met",
            country.name,
            [(other.name, len(pair.events)) for other, _, pair in met_in_events][:MET_DRAWN],
            f"The countries {country.name} took part in events with",
        ),
        timeline=blocks.entity_timeline(key),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class EventView:
    name: str
    date: Markdown
    """The date as every page and the site-diff report give it (event_state.when_now)."""
    date_source: Markdown | None
    """The briefings that give the date, on a line of its own; None where the date is a
    count of dates (the list of reports names each) or no report gives one."""
    kind: str
    place: Markdown
    """The place as every page and the site-diff report give it (event_state.where_now)."""
    place_source: Markdown | None
    """The briefings that give the place, or the registry; None as for `date_source`."""
    status: Markdown
    parent: Markdown | None
    aliases: str
    reports: Markdown | None
    """Each report in the order of the rule, as a table (of a long list, the latest and links
    to the event's year pages); None if no briefing reports the event."""
    outcomes: Markdown | None
    people: Markdown | None
    countries: Markdown | None
    organisations: Markdown | None
    """Who and what took part; None where no one or nothing is known."""
    children: Markdown | None
    briefings: Markdown


REPORTS_ANCHOR = "status-as-reported"
"""The event page's list of reports, which 'sources differ' links to."""


def event_view(site: Site, key: EntityKey, blocks: Blocks) -> EventView:
    event = site.corpus.registry.events[key.id]
    state = site.graph.state(key.id)
    reports = site.graph.reports_of.get(key.id, ())
    status = Markdown("not reported by any briefing")
    if state is not None and state.statuses_differ:
        # No one report is the source of a status the sources differ on (rule 10).
        status = Markdown(
            f"{escape_inline(blocks.event_status(key.id))}: see [each report and claim]"
            f"(#{REPORTS_ANCHOR})"
        )
    elif state is not None:
        status = Markdown(
            f"{escape_inline(blocks.event_status(key.id))}, as reported by "
            f"{blocks.credit(key.id, state)}"
        )
    places = blocks.event_places(key.id)
    involved = site.graph.entities_of_event[key.id]
    children = site.graph.children_of.get(key.id, ())

    def involved_of(kind: EntityKind) -> Markdown | None:
        keys = [k for k in involved if k.kind is kind]
        return blocks.link_list(keys) if keys else None

    return EventView(
        name=event.name,
        date=_event_date(key.id, state, blocks),
        date_source=_date_source(state, blocks),
        kind=str(event.kind),
        place=_event_place(places),
        place_source=_place_source(places, blocks),
        status=status,
        parent=blocks.entity(EntityKind.EVENT, event.parent) if event.parent else None,
        aliases=_joined(event.aliases),
        reports=indented(blocks.reports_of(key), 4) if reports else None,
        outcomes=blocks.outcomes([key.id], site.uri(key), name_events=False),
        people=_event_people(event, reports, blocks),
        countries=involved_of(EntityKind.COUNTRY),
        organisations=involved_of(EntityKind.ORGANISATION),
        children=blocks.event_table(site.events_by_date(children)) if children else None,
        briefings=blocks.briefings_of(key),
    )


def _sources(briefing_ids: Sequence[str], blocks: Blocks) -> str:
    """The briefings that give a value, cited; of many, the first few and how many more (the
    event's list of reports names each)."""
    cited = ", ".join(blocks.cited(blocks.site.briefings[i]) for i in briefing_ids[:LISTED_AT_MOST])
    more = len(briefing_ids) - LISTED_AT_MOST
    return f"{cited} and {more:,} more" if more > 0 else cited


def _see_reports(value: str, differ: bool) -> Markdown:
    """A value alone, or the values the sources differ on with a link to each report."""
    text = escape_inline(value)
    return Markdown(f"{text}: see [each report](#{REPORTS_ANCHOR})" if differ else text)


def _given_by(claims: Sequence[tuple[str, Sequence[str]]], blocks: Blocks) -> Markdown | None:
    """Who gives each value shown: the briefings of the one value, or of several, each value
    with its own ('Moscow: [A]; New Delhi: [B]'); a value no report gives is the registry's."""

    def sources(ids: Sequence[str]) -> str:
        return _sources(ids, blocks) if ids else FROM_REGISTRY

    if not claims:
        return None
    if len(claims) == 1:
        return Markdown(sources(claims[0][1]))
    return Markdown("; ".join(f"{escape_inline(value)}: {sources(ids)}" for value, ids in claims))


def _event_place(places: Sequence[PlaceClaim]) -> Markdown:
    """The place by event_state's rule 4 as every page gives it; places the sources differ
    on link to the list of reports."""
    return _see_reports(where_now(places), len(places) > 1)


def _place_source(places: Sequence[PlaceClaim], blocks: Blocks) -> Markdown | None:
    """Who gives the place: its briefings, or the registry while no report gives one; past
    LISTED_AT_MOST places, nothing here (the list of reports gives each)."""
    if places_summary(places) is not None:
        return None
    return _given_by([(claim.place, claim.briefing_ids) for claim in places], blocks)


FROM_REGISTRY = "the registry; no report gives a place"
"""Where a place no report gives comes from, so the reports' own 'none' does not contradict it."""


def _event_date(event_id: str, state: EventState | None, blocks: Blocks) -> Markdown:
    """The date by the rules as every page gives it; dates the sources differ on, or too many
    to list, link to the list of reports."""
    differ = state is not None and (state.sources_differ or dates_summary(state.dates) is not None)
    return _see_reports(blocks.event_when(event_id), differ)


def _date_source(state: EventState | None, blocks: Blocks) -> Markdown | None:
    """Who gives each date shown: the dates, then the dates the event was planned for while
    the plan does not stand (rule 3); nothing past LISTED_AT_MOST (the list of reports
    gives each) or where no report gives a date."""
    if state is None or any(dates_summary(d) for d in (state.dates, state.planned_for)):
        return None
    cancelled = state.status is EventStatus.CANCELLED and bool(state.planned_for)
    shown = () if cancelled else state.dates  # as event_state.when_in_brief shows them
    claims = [(claim.date.display(), claim.briefing_ids) for claim in shown]
    claims += [(f"planned for {c.date.display()}", c.briefing_ids) for c in state.planned_for]
    return _given_by(claims, blocks)


def _event_people(event: EventRecord, reports: Sequence[Report], blocks: Blocks) -> Markdown | None:
    """The registry's participants, then those only reports name, each with its sources."""
    named: dict[str, list[str]] = {}
    for report in reports:
        for person in report.participants:
            if person not in event.participants:
                named.setdefault(person, []).append(report.briefing_id)
    people: list[str] = [blocks.entity(EntityKind.PERSON, p) for p in event.participants]
    people += [
        f"{blocks.entity(EntityKind.PERSON, p)} (per {_sources(ids, blocks)})"
        for p, ids in sorted(named.items())
    ]
    return Markdown(", ".join(people)) if people else None


@dataclass(frozen=True)
class PairView:
    first: str
    second: str
    first_link: Markdown
    second_link: Markdown
    outcomes: Markdown | None
    """What events between the two produced, newest report first."""
    timeline: Markdown | None
    sides: Markdown | None
    """The people of each country who met in their events (event_state's rule 7)."""
    planned: tuple[Markdown, ...]
    """Meetings planned between their people, each with its status and date: never drawn
    among those who met."""
    items: tuple[tuple[int | None, Markdown], ...]
    """(year, line): the pair's briefings and events, newest first, undated events last; of
    a long list, the latest dated ones and the undated."""
    by_year: Markdown | None = None
    """How many of a long list the page shows, and links to each year's page."""


def _pair_meetings(
    site: Site, codes: tuple[str, str], events: Iterable[str], *, held: bool
) -> dict[tuple[str, str], list[str]]:
    """(person of the first country, person of the second): the events where they met, or
    where a meeting is planned (event_state's rule 7, as the graph holds it)."""
    people = site.corpus.registry.people
    found: dict[tuple[str, str], list[str]] = {}
    for event_id in events:
        for meeting in site.graph.meetings_of.get(event_id, ()):
            if meeting.held is not held:
                continue
            first, second = sorted(meeting.people, key=lambda p: people[p].country != codes[0])
            if (people[first].country, people[second].country) == codes:
                found.setdefault((first, second), []).append(event_id)
    return found


def _pair_planned(
    site: Site, codes: tuple[str, str], events: Iterable[str], blocks: Blocks
) -> tuple[Markdown, ...]:
    """Each meeting planned between people of the two countries, with status and date."""
    people = site.corpus.registry.people
    planned = _pair_meetings(site, codes, events, held=False)
    by_name = sorted(planned.items(), key=lambda item: [people[p].name for p in item[0]])
    return tuple(
        Markdown(
            f"{blocks.entity(EntityKind.PERSON, first)} and "
            f"{blocks.entity(EntityKind.PERSON, second)}: {blocks.planned_events(found)}"
        )
        for (first, second), found in by_name
    )


def _pair_sides(site: Site, codes: tuple[str, str], events: Iterable[str]) -> Markdown | None:
    people, countries = site.corpus.registry.people, site.corpus.registry.countries
    met = Counter(
        {pair: len(found) for pair, found in _pair_meetings(site, codes, events, held=True).items()}
    )
    if not met:
        return None
    left = sorted({a for a, _ in met}, key=lambda p: people[p].name)
    row = {person: i for i, person in enumerate(left)}
    # Each person on the right level with those they met on the left, so lines rarely cross.
    right = sorted(
        {b for _, b in met},
        key=lambda b: (min(row[a] for a, other in met if other == b), people[b].name),
    )
    names = (left, right)
    index = [{person: i for i, person in enumerate(side)} for side in names]
    lines = [(index[0][a], index[1][b], count) for (a, b), count in sorted(met.items())]
    return pictures.sides(
        "sides",
        (countries[codes[0]].name, countries[codes[1]].name),
        ([people[p].name for p in names[0]], [people[p].name for p in names[1]]),
        lines,
        through=MET_THROUGH,
    )


def _pair_line(item: TimelineItem, blocks: Blocks) -> Markdown:
    """One briefing or event of two countries, with its date."""
    if item.briefing is not None:
        day = escape_inline(long_date(item.briefing.date))
        return Markdown(f"**{day}**, briefing: {blocks.link(item.briefing)}")
    assert item.event is not None
    event = item.event
    place = blocks.event_where_aside(event.id)
    status = escape_inline(blocks.event_status(event.id))
    day = blocks.event_when_linked(event.id)
    link = blocks.entity(EntityKind.EVENT, event.id)
    return Markdown(f"**{day}**, {escape_inline(str(event.kind))}: {link}{place}, {status}")


def pair_view(site: Site, codes: tuple[str, str], blocks: Blocks) -> PairView:
    countries = site.corpus.registry.countries
    first, second = countries[codes[0]], countries[codes[1]]
    pair = site.graph.pair(*codes)
    assert pair is not None
    timeline = site.pair_timeline(pair)
    by_year = None
    if long_lists.is_long(len(timeline)):
        dated = [item for item in timeline if item.year is not None]
        counts = Counter(item.year for item in dated if item.year is not None)
        shown = f"The latest {long_lists.LIST_LIMIT} of {len(dated):,} dated briefings and events"
        by_year = Markdown(f"{shown}; all of them by year: {blocks.year_links(pair.uri, counts)}.")
        timeline = [*dated[: long_lists.LIST_LIMIT], *timeline[len(dated) :]]
    return PairView(
        first=first.name,
        second=second.name,
        first_link=blocks.entity(EntityKind.COUNTRY, first.code),
        second_link=blocks.entity(EntityKind.COUNTRY, second.code),
        outcomes=blocks.outcomes(pair.events, pair.uri, name_events=True),
        timeline=blocks.timeline_picture(site.pair_name(pair), pair.briefings, pair.events),
        sides=_pair_sides(site, codes, pair.events),
        planned=_pair_planned(site, codes, pair.events, blocks),
        items=tuple((item.year, _pair_line(item, blocks)) for item in timeline),
        by_year=by_year,
    )


# --- A briefing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPointView:
    text: Markdown
    evidence: str


@dataclass(frozen=True)
class BriefingView:
    title: str
    date: str
    agency: Markdown | None
    """The outlet, linked to the article when it has an address."""
    bottom_line: Markdown
    people: Markdown | None
    countries: Markdown | None
    organisations: Markdown | None
    topics: Markdown | None
    key_points: tuple[KeyPointView, ...]
    background: Markdown
    outlook: Markdown
    events: Markdown | None
    since: Markdown | None
    """What later briefings report of its events, or that no outcome is known yet."""
    related: Markdown | None
    source: Markdown


def _agency(record: BriefingFile) -> Markdown | None:
    """The outlet the briefing is based on, linked to the article when it is public."""
    agency = record.source.agency
    if agency is None:
        return None
    if record.source.url:
        return Markdown(f"[{escape_inline(agency)}]({link_destination(record.source.url)})")
    return Markdown(escape_inline(agency))


def briefing_view(site: Site, briefing: Briefing, blocks: Blocks) -> BriefingView:
    record = briefing.record
    mentions = site.mentions(briefing, blocks.here)
    points = mentions.section()  # one linker across the key points: each entity linked once
    key_points = tuple(
        KeyPointView(points.prose(point.text, indent=4), point.evidence)
        for point in record.key_points
    )
    related = site.related(briefing)
    return BriefingView(
        title=record.title,
        date=long_date(record.date),
        agency=_agency(record),
        bottom_line=mentions.section().prose(record.bottom_line, indent=4),
        people=indented(blocks.people_list(record.people), 4) if record.people else None,
        countries=indented(blocks.country_list(record.countries), 4) if record.countries else None,
        organisations=blocks.link_list(
            EntityKey(EntityKind.ORGANISATION, o) for o in record.organisations
        )
        if record.organisations
        else None,
        topics=blocks.link_list(EntityKey(EntityKind.TOPIC, t) for t in record.topics)
        if record.topics
        else None,
        key_points=key_points,
        background=mentions.section().prose(record.background),
        outlook=mentions.section().prose(record.outlook),
        events=blocks.reported_events(briefing) if record.events else None,
        since=_indented_or_none(blocks.since_briefing(briefing), 4),
        related=blocks.briefing_list(related) if related else None,
        source=source_citation(record),
    )


# --- Overviews ---------------------------------------------------------------------------------


DATE_NOT_SET = "not set"
"""The date of a plan no report dates, where Upcoming lists it."""


def undated_plans(site: Site) -> list[EventRecord]:
    """The plans no report dates (event_state rule 11), newest report first: the one rule
    that Upcoming and the home page list them by."""
    found = []
    for event_id in site.corpus.registry.events:
        state = site.graph.state(event_id)
        if state is not None and state.is_undated_plan:
            found.append((state.latest.briefing_date, event_id))
    found.sort(key=lambda item: (-item[0].toordinal(), item[1]))
    return [site.corpus.registry.events[event_id] for _, event_id in found]


def overdue_plans(site: Site) -> list[EventRecord]:
    """Plans whose date has passed with no report of what happened, the latest date first:
    what an analyst chases next. Ties go by event id, so the order never depends on the
    registry's."""
    found = []
    for event_id in site.corpus.registry.events:
        state = site.graph.state(event_id)
        if state is not None and state.is_overdue(site.as_of):
            assert state.last_day is not None  # overdue means dated
            found.append((state.last_day, event_id))
    found.sort(key=lambda item: (-item[0].toordinal(), item[1]))
    return [site.corpus.registry.events[event_id] for _, event_id in found]


@dataclass(frozen=True)
class HomeView:
    timeline: Markdown | None
    """Every briefing and event over time: the collection at a glance."""
    latest: Markdown
    upcoming: Markdown | None
    as_of: str
    links: dict[str, Markdown]
    """Links to the other overview pages, feeds and data, by name."""
    browse: tuple[Markdown, ...]
    """A link to each section's index, in the order of the outputs table."""
    undated: Markdown | None = None
    """Plans no report dates yet (event_state rule 11), newest report first."""


LATEST_ON_HOME = 5


def home_view(
    site: Site, blocks: Blocks, sections: Sequence[OverviewPage] = tuple(SECTION_INDEXES.values())
) -> HomeView:
    """The home page; `sections` are the section indexes it links to under Browse (the
    outputs table's, so a new kind of page is there with no other change)."""
    upcoming = site.upcoming()
    graph = site.graph
    everything = blocks.timeline_picture(
        "every briefing and event", graph.newest_first, site.corpus.registry.events
    )
    links = {
        "about": blocks.link(ABOUT, "how briefings are made"),
        "all briefings": blocks.link(BRIEFINGS_INDEX_PAGE.uri, "All briefings"),
        "timeline": blocks.link(TIMELINE.uri, "Full timeline"),
        "feed": blocks.link(MAIN_FEED, "Atom feed of the latest briefings"),
        "calendar": blocks.link(CALENDAR, "Calendar of events (iCalendar)"),
        "export": blocks.link(EXPORT, "All briefings and entities as JSON"),
        "schema": blocks.link(EXPORT_SCHEMA, "its JSON Schema"),
        "about page": blocks.link(ABOUT, "about page"),
    }
    return HomeView(
        timeline=everything,
        latest=blocks.briefing_summaries(site.newest_briefings()[:LATEST_ON_HOME]),
        upcoming=blocks.event_table(upcoming) if upcoming else None,
        as_of=long_date(site.as_of),
        links=links,
        browse=tuple(blocks.link(page.uri, page.title) for page in sections),
        undated=_undated_table(site, blocks),
    )


def _undated_table(site: Site, blocks: Blocks) -> Markdown | None:
    plans = undated_plans(site)
    return blocks.undated_plans_table(plans) if plans else None


@dataclass(frozen=True)
class EventsView:
    """The events index, the timeline and the upcoming events."""

    events: Markdown | None
    as_of: str
    timeline: Markdown
    by_year: Markdown | None = None
    """Links to each year's page, when the list is long and shows only the latest."""
    shown: int = 0
    """How many dated events the page lists."""
    undated: Markdown | None = None
    """On Upcoming, the plans no report dates yet (event_state rule 11)."""
    overdue: Markdown | None = None
    """On Upcoming, the plans whose date has passed with no report of the outcome."""


def _newest_events(site: Site) -> tuple[list[EventRecord], list[EventRecord], Counter[int]]:
    """The dated events an overview lists (all, or the latest of a long list), the undated
    ones, and how many events each year has when the list is long (else none)."""
    ordered = site.events_newest_first()
    dated = [e for e in ordered if site.event_date(e.id) is not None]
    undated = ordered[len(dated) :]
    if not long_lists.is_long(len(dated)):
        return dated, undated, Counter()
    counts = Counter(long_lists.event_years(site.graph, (e.id for e in dated)))
    return dated[: long_lists.LIST_LIMIT], undated, counts


def events_index_view(site: Site, blocks: Blocks) -> EventsView:
    dated, undated, counts = _newest_events(site)
    by_year = blocks.year_links(long_lists.EVENTS_INDEX, counts) if counts else None
    return EventsView(
        blocks.event_table([*dated, *undated]) if dated or undated else None,
        long_date(site.as_of),
        blocks.link("timeline.md", "timeline"),
        by_year,
        len(dated),
    )


def timeline_view(site: Site, blocks: Blocks) -> EventsView:
    dated, undated, counts = _newest_events(site)
    by_year = blocks.year_links(long_lists.EVENTS_INDEX, counts) if counts else None
    return EventsView(
        blocks.timeline([*dated, *undated]),
        long_date(site.as_of),
        blocks.link("timeline.md", "timeline"),
        by_year,
        len(dated),
    )


def upcoming_view(site: Site, blocks: Blocks) -> EventsView:
    upcoming = site.upcoming()
    table = blocks.upcoming_table(upcoming) if upcoming else None
    timeline = blocks.link("timeline.md", "timeline")
    overdue = overdue_plans(site)
    return EventsView(
        table,
        long_date(site.as_of),
        timeline,
        undated=_undated_table(site, blocks),
        overdue=blocks.overdue_table(overdue) if overdue else None,
    )


@dataclass(frozen=True)
class BriefingsIndexView:
    years: tuple[tuple[int, Markdown], ...]
    """Each year, newest first, with its briefings newest first (of a long list, the latest)."""
    by_year: Markdown | None = None
    """Links to each year's page, when the list is long."""
    total: int = 0
    shown: int = 0


def briefings_index_view(site: Site, blocks: Blocks) -> BriefingsIndexView:
    newest = site.newest_briefings()
    counts: Counter[int] = Counter()
    if long_lists.is_long(len(newest)):
        counts = Counter(long_lists.briefing_years(site.graph, site.graph.newest_first))
        newest = newest[: long_lists.LIST_LIMIT]
    groups = [
        (year, blocks.briefing_list(group))
        for year, group in itertools.groupby(newest, key=lambda b: b.date.year)
    ]
    by_year = blocks.year_links(long_lists.BRIEFINGS_INDEX, counts) if counts else None
    return BriefingsIndexView(tuple(groups), by_year, len(site.graph.newest_first), len(newest))


@dataclass(frozen=True)
class YearView:
    """One year of a long list (long_lists.py): a section's briefings or events, an entity's,
    or two countries'; of a long year, one part."""

    title: str
    back: Markdown
    """A link to the page whose list it continues."""
    years: Markdown
    """Every year of that list, this one named."""
    events: Markdown | None
    briefings: Markdown | None
    reports: Markdown | None = None
    """An event's reports of the year, in place of its briefings: each row links one."""
    parts: Markdown | None = None
    """Links to every part of a long year, this one named."""
    outcomes: Markdown | None = None
    """What the events produced, reported this year, when the list of outcomes is long."""
    items: Markdown | None = None
    """Two countries' briefings and events of the year, newest first."""


def year_view(site: Site, page: YearPage, blocks: Blocks) -> YearView:
    if page.pair is not None:
        return _pair_year_view(site, page, blocks)
    graph = site.graph
    if page.entity is not None:
        name = site.name(page.entity)
        briefing_ids = graph.briefings_of.get(page.entity, ())
        event_ids: Iterable[str] = graph.events_of.get(page.entity, ())
        back = blocks.link(page.entity, f"{name}: the latest")
        title = f"{name} in {page.year}"
    elif page.of == long_lists.BRIEFINGS_INDEX:
        briefing_ids, event_ids = graph.newest_first, ()
        back, title = blocks.link(page.of, "All briefings: the latest"), f"Briefings of {page.year}"
    else:
        briefing_ids, event_ids = (), site.corpus.registry.events
        back, title = blocks.link(page.of, "All events: the latest"), f"Events of {page.year}"
    years = site.kept(("years of a list", page.of), _years_of_list, (site, briefing_ids, event_ids))
    counts = Counter(years.counts)  # the outcomes may add to it, below
    briefings = [site.briefings[b] for b in years.briefings.get(page.year, ())]
    events = years.events.get(page.year, [])
    # An entity's events read in date order, as on its page; a section's newest first.
    events = events if page.entity else events[::-1]
    reports, outcomes = None, None
    if page.entity is not None and page.entity.kind is EntityKind.EVENT:
        of_year = [
            r for r in graph.reports_of.get(page.entity.id, ()) if r.briefing_date.year == page.year
        ]
        shown = long_lists.year_part(of_year, page)
        reports = blocks.reports_table(shown) if shown else None
        outcomes = _outcomes_of_year(site, page, [page.entity.id], counts, blocks)
    return YearView(
        title=_part_title(title, page),
        back=back,
        years=blocks.year_links(page.of, counts, page.year),
        events=(
            _year_part_list(events, page, blocks.event_table)
            if page.of != long_lists.BRIEFINGS_INDEX
            else None
        ),
        briefings=(
            _year_part_list(briefings, page, blocks.briefing_list)
            if page.of != long_lists.EVENTS_INDEX and reports is None
            else None
        ),
        reports=reports,
        parts=_year_part_links(page, blocks),
        outcomes=outcomes,
    )


@dataclass(frozen=True)
class _YearsOfList:
    """A long list's briefings and dated events by year: every year page of the list reads
    them, so a run sorts them once a list, not once a page (a list of 10,000 briefings has
    dozens of year pages)."""

    counts: Counter[int]
    """How many of each year (events by their date)."""
    briefings: dict[int, list[str]]
    """Each year's briefing ids, in the list's order."""
    events: dict[int, list[EventRecord]]
    """Each year's events, in date order."""


def _years_of_list(argument: tuple[Site, Iterable[str], Iterable[str]]) -> _YearsOfList:
    site, briefing_ids, event_ids = argument
    briefings: dict[int, list[str]] = {}
    for briefing_id in briefing_ids:
        year = site.graph.date_of_briefing[briefing_id].year
        briefings.setdefault(year, []).append(briefing_id)
    events: dict[int, list[EventRecord]] = {}
    for event in site.events_by_date(event_ids):
        date = site.event_date(event.id)
        if date is not None:
            events.setdefault(date.first_day.year, []).append(event)
    # Counted from the lists themselves, so a count never differs from what its page lists.
    counts = Counter({year: len(ids) for year, ids in briefings.items()})
    counts.update({year: len(records) for year, records in events.items()})
    return _YearsOfList(counts, briefings, events)


def _pair_year_view(site: Site, page: YearPage, blocks: Blocks) -> YearView:
    """A year of two countries: their briefings and events of the year, newest first, and
    what their events produced as briefings of the year report it, if that list is long."""
    assert page.pair is not None
    pair = site.graph.pair(*page.pair)
    assert pair is not None
    name = site.pair_name(pair)
    timeline = [item for item in site.pair_timeline(pair) if item.year is not None]
    counts = Counter(item.year for item in timeline if item.year is not None)
    outcomes = _outcomes_of_year(site, page, pair.events, counts, blocks)
    of_year = [item for item in timeline if item.year == page.year]
    lines = [f"- {_pair_line(item, blocks)}" for item in long_lists.year_part(of_year, page)]
    return YearView(
        title=_part_title(f"{name} in {page.year}", page),
        back=blocks.link(page.of, f"{name}: the latest"),
        years=blocks.year_links(page.of, counts, page.year),
        events=None,
        briefings=None,
        parts=_year_part_links(page, blocks),
        outcomes=outcomes,
        items=Markdown("\n".join(lines)) if lines else None,
    )


def _outcomes_of_year(
    site: Site, page: YearPage, event_ids: Iterable[str], counts: Counter[int], blocks: Blocks
) -> Markdown | None:
    """The outcomes of the year, when the list of outcomes is long (the page whose list the
    year continues shows them all otherwise); `counts` gains the years of outcomes."""
    found = blocks.outcomes_found(event_ids)
    if not long_lists.is_long(len(found)):
        return None
    counts.update(long_lists.outcome_years(site.graph, event_ids))
    of_year = [known for known in found if known.first.briefing_date.year == page.year]
    shown = long_lists.year_part(of_year, page)
    return blocks.outcome_list(shown, name_events=page.pair is not None) if shown else None


def _year_part_list(
    items: Sequence[Item], page: YearPage, block: Callable[[Sequence[Item]], Markdown]
) -> Markdown | None:
    """A list of the year as one part shows it: none on a later part past its end."""
    shown = long_lists.year_part(items, page)
    return block(shown) if shown or page.part == 1 else None


def _part_title(title: str, page: YearPage) -> str:
    return title if page.parts == 1 else f"{title}, part {page.part} of {page.parts}"


def _year_part_links(page: YearPage, blocks: Blocks) -> Markdown | None:
    """'Parts of 2025: [1](…) · **2** · [3](…)': a long year's parts, this one named."""
    if page.parts == 1:
        return None
    links = [
        f"**{number}**"
        if number == page.part
        else blocks.link(year_part_uri(page.of, page.year, number), str(number))
        for number in range(1, page.parts + 1)
    ]
    return Markdown(f"Parts of {page.year}: " + " · ".join(links))


@dataclass(frozen=True)
class EntityIndexView:
    rows: tuple[tuple[Markdown, ...], ...]
    picture: Markdown | None = None
    parts: Markdown | None = None
    """Links to every page of a long index, this one named."""


COUNTRIES_DRAWN = 15


def entity_index_view(
    site: Site, kind: EntityKind, blocks: Blocks, number: int = 1
) -> EntityIndexView:
    """A section's index, or part `number` of a long one (long_lists.py): each entity by
    name, with how many briefings (and, for countries, organisations and people, events or
    the person's country) it has."""
    registry, graph = site.corpus.registry, site.graph
    records = _by_name(registry.records(kind).values())
    parts = long_lists.index_parts(len(records))
    links = None
    if parts > 1:
        links = _index_part_links(site, kind, records, number, blocks)
        records = records[(number - 1) * long_lists.INDEX_LIMIT :][: long_lists.INDEX_LIMIT]
    rows: list[tuple[Markdown, ...]] = []
    for record in records:
        key = EntityKey(kind, record.code if kind is EntityKind.COUNTRY else record.id)
        count = Markdown(str(len(graph.briefings_of[key])))
        if kind is EntityKind.PERSON:
            country = blocks.entity(EntityKind.COUNTRY, record.country) if record.country else None
            rows.append((blocks.link(key), country or Markdown("not given"), count))
        elif kind in (EntityKind.COUNTRY, EntityKind.ORGANISATION):
            events = Markdown(str(len(graph.events_of[key])))
            rows.append((blocks.link(key), count, events))
        else:
            rows.append((blocks.link(key), count))
    picture = None
    if kind is EntityKind.COUNTRY and number == 1:
        by_briefings = sorted(
            ((c.name, len(graph.briefings_of[c.key])) for c in registry.countries.values()),
            key=lambda item: (-item[1], item[0]),
        )
        shown = [row for row in by_briefings[:COUNTRIES_DRAWN] if row[1]]
        title = "The countries most briefings involve"
        picture = pictures.bars("countries", title, shown, "briefings")
    return EntityIndexView(tuple(rows), picture, links)


def _index_part_links(
    site: Site, kind: EntityKind, records: Sequence[Any], number: int, blocks: Blocks
) -> Markdown:
    """'Names: [Aaron – Jones](…) · **Kim – Zhou**': each part by its first and last names."""
    links = []
    for part in range(1, long_lists.index_parts(len(records)) + 1):
        chunk = records[(part - 1) * long_lists.INDEX_LIMIT :][: long_lists.INDEX_LIMIT]
        label = f"{chunk[0].name} – {chunk[-1].name}"
        if part == number:
            links.append(f"**{escape_inline(label)}**")
        else:
            links.append(blocks.link(index_part_uri(kind, part), label))
    return Markdown(" · ".join(links))
