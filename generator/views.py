"""Views: what each page shows, as a small frozen view model; the templates only lay it out.

A view is a function of the site (the corpus and link graph, read through `render._Site`,
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .markdown_text import Markdown, escape_inline, external_link, link_destination, relative_uri
from .models import (
    KIND,
    KINDS,
    PLOVER_CATEGORY,
    Briefing,
    BriefingFile,
    EntityKey,
    EntityKind,
    EventRecord,
    EventReport,
    OfficeRecord,
    PartialDate,
    PersonMention,
)
from .reads import RecordedBriefing
from .sitemap import BRIEFINGS_DIR, country_feed_uri

if TYPE_CHECKING:
    from .render import _Site

AnyBriefing = Briefing | RecordedBriefing


# Pages print the same few thousand dates hundreds of thousands of times.
@functools.lru_cache(maxsize=1 << 14)
def long_date(value: dt.date | PartialDate | None) -> str:
    if value is None:
        return "date not given"
    if isinstance(value, PartialDate):
        return value.display()
    return f"{value.day} {value.strftime('%B')} {value.year}"


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
    if office.since and office.until:
        return f"from {long_date(office.since)} to {long_date(office.until)}"
    if office.since:
        return f"since {long_date(office.since)}"
    if office.until:
        return f"until {long_date(office.until)}"
    return "dates not given"


class Blocks:
    """Links and the Markdown blocks pages share, relative to one page."""

    def __init__(self, site: _Site, here: str) -> None:
        self.site, self.here = site, here

    def link(self, target: EntityKey | AnyBriefing | str, text: str | None = None) -> Markdown:
        href = relative_uri(self.site.uri(target), self.here)
        if text is None:
            assert not isinstance(target, str), "a link to a page by address needs its text"
            text = self.site.title(target)
        label = escape_inline(text)
        return Markdown(f"[{label}]({href})")

    def entity(self, kind: EntityKind, identifier: str) -> Markdown:
        return self.link(EntityKey(kind, identifier))

    def link_list(self, keys: Iterable[EntityKey]) -> Markdown:
        links = [self.link(key) for key in keys]
        return Markdown(", ".join(links) if links else "none")

    def briefings_of(self, key: EntityKey) -> Markdown:
        """The briefings that list an entity, newest first: every entity page ends with them."""
        return self.briefing_list(self.site.briefings_listing(key))

    def events_of(self, key: EntityKey) -> Markdown:
        """The events that involve an entity, in date order."""
        return self.event_table(self.site.events_by_date(self.site.graph.events_of[key]))

    def briefing_list(self, briefings: Iterable[AnyBriefing]) -> Markdown:
        # Long entity pages list thousands: built here rather than in a template loop.
        lines = [
            f"- {long_date(b.date)}: [{escape_inline(b.record.title)}]"
            f"({relative_uri(self.site.graph.briefing_uri[b.id], self.here)})"
            for b in briefings
        ]
        return Markdown("\n".join(lines) if lines else "No briefing yet.")

    def _event_cells(self, event_id: str) -> list[str]:
        place = self.site.corpus.registry.events[event_id].place
        return [
            self.entity(EntityKind.EVENT, event_id),
            escape_inline(place) if place else "not given",
        ]

    def event_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Events with the date and status their latest reports give."""
        rows = []
        for event in events:
            report = self.site.graph.latest_report(event.id)
            status = str(report.status) if report else "not reported"
            date = long_date(self.site.event_date(event.id))
            rows.append([date, *self._event_cells(event.id), status])
        return events_table(rows) if rows else Markdown("No event yet.")

    def upcoming_table(self, events: Iterable[EventRecord]) -> Markdown:
        """Upcoming events, each with the briefing that reported it so."""
        rows = []
        for event in events:
            report = self.site.graph.latest_report(event.id)
            assert report is not None  # upcoming means reported as scheduled or anticipated
            briefing = self.site.briefings[report.briefing_id]
            reported = self.link(briefing, long_date(briefing.date))
            date = long_date(self.site.event_date(event.id))
            rows.append([date, *self._event_cells(event.id), str(report.status), reported])
        return events_table(rows, "Reported")

    def reported_events(self, mentions: Iterable[EventReport]) -> Markdown:
        """The events one briefing reports, as it reports them."""
        rows = [[long_date(m.date), *self._event_cells(m.id), str(m.status)] for m in mentions]
        return events_table(rows)

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
            report = self.site.graph.latest_report(event.id)
            year = date.year if date else "Date not given"
            if year != heading:
                lines += ["", f"## {year}", ""]
                heading = year
            place = f" ({escape_inline(event.place)})" if event.place else ""
            status = escape_inline(str(report.status)) if report else "not reported"
            event_link = self.entity(EntityKind.EVENT, event.id)
            day = escape_inline(long_date(date))
            lines.append(f"- **{day}**: {event_link}{place}, {status}")
        return Markdown("\n".join(lines) if lines else "No event yet.")


def _joined(names: Sequence[str]) -> str:
    return ", ".join(names)


def _by_name(records: Iterable[Any]) -> list[Any]:
    """In name order, ignoring case, as readers look names up."""
    return sorted(records, key=lambda record: record.name.lower())


# --- Entity pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonView:
    name: str
    country: Markdown | None
    aliases: str
    offices: tuple[tuple[str, str, Markdown], ...]
    """(office, when, source): offices briefings give, newest first, then the registry's."""
    met: tuple[tuple[Markdown, Markdown], ...]
    """(person, the events where they met)."""
    events: Markdown
    briefings: Markdown


def person_view(site: _Site, key: EntityKey, blocks: Blocks) -> PersonView:
    person = site.corpus.registry.people[key.id]
    offices = [
        (office, f"as of {long_date(briefing.date)}", blocks.link(briefing))
        for office, briefing in site.offices_attested(key.id)
    ]
    offices += [
        (office.title, office_period(office), external_link(office.source))
        for office in person.offices
    ]
    met = [
        (
            blocks.entity(EntityKind.PERSON, other),
            blocks.link_list(EntityKey(EntityKind.EVENT, e) for e in events),
        )
        for other, events in site.graph.met.get(key.id, ())
    ]
    return PersonView(
        name=person.name,
        country=blocks.entity(EntityKind.COUNTRY, person.country) if person.country else None,
        aliases=_joined(person.aliases),
        offices=tuple(offices),
        met=tuple(met),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class OrganisationView:
    name: str
    aliases: str
    country: Markdown | None
    events: Markdown
    briefings: Markdown


def organisation_view(site: _Site, key: EntityKey, blocks: Blocks) -> OrganisationView:
    organisation = site.corpus.registry.organisations[key.id]
    country = organisation.country
    return OrganisationView(
        name=organisation.name,
        aliases=_joined(organisation.aliases),
        country=blocks.entity(EntityKind.COUNTRY, country) if country else None,
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class TopicView:
    name: str
    aliases: str
    briefings: Markdown


def topic_view(site: _Site, key: EntityKey, blocks: Blocks) -> TopicView:
    topic = site.corpus.registry.topics[key.id]
    return TopicView(
        name=topic.name,
        aliases=_joined(topic.aliases),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class CountryView:
    name: str
    code: str
    feed: Markdown
    people: tuple[Markdown, ...]
    """Each of its people, with the latest office a briefing gives them."""
    partners: tuple[tuple[Markdown, int, Markdown], ...]
    """(country, briefings and events together, their shared page), most together first."""
    events: Markdown
    briefings: Markdown


PARTNERS_SHOWN = 10


def country_view(site: _Site, key: EntityKey, blocks: Blocks) -> CountryView:
    country = site.corpus.registry.countries[key.id]
    people = []
    for person_id in site.graph.people_of_country.get(key.id, ()):
        line = blocks.entity(EntityKind.PERSON, person_id)
        attested = site.offices_attested(person_id)
        if attested:
            office, briefing = attested[0]
            day = escape_inline(long_date(briefing.date))
            line = Markdown(f"{line}: {escape_inline(office)} (as of {day})")
        people.append(line)
    partners = [
        (
            blocks.entity(EntityKind.COUNTRY, other.code),
            count,
            blocks.link(pair.uri, f"{country.name} and {other.name}"),
        )
        for other, count, pair in site.partners(key.id)[:PARTNERS_SHOWN]
    ]
    feed = blocks.link(country_feed_uri(country.slug), f"Atom feed of briefings on {country.name}")
    return CountryView(
        name=country.name,
        code=country.code,
        feed=feed,
        people=tuple(people),
        partners=tuple(partners),
        events=blocks.events_of(key),
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class EventView:
    name: str
    date: str
    kind: str
    plover: str | None
    place: str
    status: str
    parent: Markdown | None
    aliases: str
    reports: tuple[tuple[str, Markdown, str, str], ...]
    """(reported on, briefing, status, date given), oldest report first."""
    people: Markdown
    countries: Markdown
    organisations: Markdown
    children: Markdown | None
    briefings: Markdown


def event_view(site: _Site, key: EntityKey, blocks: Blocks) -> EventView:
    event = site.corpus.registry.events[key.id]
    report = site.graph.latest_report(key.id)
    status = "not reported by any briefing"
    if report:
        reported_on = long_date(site.briefings[report.briefing_id].date)
        status = f"{report.status}, as reported on {reported_on}"
    reports = []
    for r in site.graph.reports_of.get(key.id, ()):
        briefing = site.briefings[r.briefing_id]
        reports.append(
            (long_date(briefing.date), blocks.link(briefing), str(r.status), long_date(r.date))
        )
    involved = site.graph.entities_of_event[key.id]
    children = site.graph.children_of.get(key.id, ())

    def involved_of(kind: EntityKind) -> Markdown:
        return blocks.link_list(k for k in involved if k.kind is kind)

    return EventView(
        name=event.name,
        date=long_date(site.event_date(key.id)),
        kind=str(event.kind),
        plover=PLOVER_CATEGORY.get(event.kind),
        place=event.place or "not given",
        status=status,
        parent=blocks.entity(EntityKind.EVENT, event.parent) if event.parent else None,
        aliases=_joined(event.aliases),
        reports=tuple(reports),
        people=involved_of(EntityKind.PERSON),
        countries=involved_of(EntityKind.COUNTRY),
        organisations=involved_of(EntityKind.ORGANISATION),
        children=blocks.event_table(site.events_by_date(children)) if children else None,
        briefings=blocks.briefings_of(key),
    )


@dataclass(frozen=True)
class PairView:
    first: str
    second: str
    first_link: Markdown
    second_link: Markdown
    items: tuple[tuple[int | None, Markdown], ...]
    """(year, line): the pair's briefings and events, newest first, undated events last."""


def pair_view(site: _Site, codes: tuple[str, str], blocks: Blocks) -> PairView:
    countries = site.corpus.registry.countries
    first, second = countries[codes[0]], countries[codes[1]]
    pair = site.graph.pair(*codes)
    assert pair is not None
    items = []
    for item in site.pair_timeline(pair):
        if item.briefing is not None:
            day = escape_inline(long_date(item.briefing.date))
            line = f"**{day}**, briefing: {blocks.link(item.briefing)}"
        else:
            assert item.event is not None
            event = item.event
            report = site.graph.latest_report(event.id)
            place = f" ({escape_inline(event.place)})" if event.place else ""
            status = escape_inline(str(report.status) if report else "not reported")
            day = escape_inline(long_date(item.date))
            link = blocks.entity(EntityKind.EVENT, event.id)
            line = f"**{day}**, {escape_inline(str(event.kind))}: {link}{place}, {status}"
        items.append((item.year, Markdown(line)))
    return PairView(
        first=first.name,
        second=second.name,
        first_link=blocks.entity(EntityKind.COUNTRY, first.code),
        second_link=blocks.entity(EntityKind.COUNTRY, second.code),
        items=tuple(items),
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
    agency: str | None
    bottom_line: Markdown
    people: Markdown | None
    countries: Markdown | None
    organisations: Markdown | None
    topics: Markdown | None
    key_points: tuple[KeyPointView, ...]
    background: Markdown
    outlook: Markdown
    events: Markdown | None
    related: Markdown | None
    source: Markdown


def briefing_view(site: _Site, briefing: Briefing, blocks: Blocks) -> BriefingView:
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
        agency=record.source.agency,
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
        events=blocks.reported_events(record.events) if record.events else None,
        related=blocks.briefing_list(related) if related else None,
        source=source_citation(record),
    )


# --- Overviews ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeView:
    latest: Markdown
    upcoming: Markdown | None
    as_of: str
    links: dict[str, Markdown]
    """Links to the other overview pages, feeds and data, by name."""


LATEST_ON_HOME = 10
HOME_LINKS = {
    "about": ("about.md", "how briefings are made"),
    "all briefings": ("briefings/index.md", "All briefings"),
    "timeline": ("timeline.md", "Full timeline"),
    "countries": ("countries/index.md", "Countries"),
    "people": ("people/index.md", "People"),
    "organisations": ("organisations/index.md", "Organisations"),
    "events": ("events/index.md", "Events"),
    "topics": ("topics/index.md", "Topics"),
    "feed": ("feeds/briefings.xml", "Atom feed of the latest briefings"),
    "calendar": ("feeds/events.ics", "Calendar of events (iCalendar)"),
    "export": ("data/export.json", "All briefings and entities as JSON"),
    "schema": ("data/export.schema.json", "its JSON Schema"),
    "about page": ("about.md", "about page"),
}


def home_view(site: _Site, blocks: Blocks) -> HomeView:
    upcoming = site.upcoming()
    return HomeView(
        latest=blocks.briefing_list(site.newest_briefings()[:LATEST_ON_HOME]),
        upcoming=blocks.event_table(upcoming) if upcoming else None,
        as_of=long_date(site.as_of),
        links={name: blocks.link(uri, text) for name, (uri, text) in HOME_LINKS.items()},
    )


@dataclass(frozen=True)
class EventsView:
    """The events index, the timeline and the upcoming events."""

    events: Markdown | None
    as_of: str
    timeline: Markdown


def events_index_view(site: _Site, blocks: Blocks) -> EventsView:
    events = blocks.event_table(site.events_newest_first())
    return EventsView(events, long_date(site.as_of), blocks.link("timeline.md", "timeline"))


def timeline_view(site: _Site, blocks: Blocks) -> EventsView:
    events = blocks.timeline(site.events_by_date())
    return EventsView(events, long_date(site.as_of), blocks.link("timeline.md", "timeline"))


def upcoming_view(site: _Site, blocks: Blocks) -> EventsView:
    upcoming = site.upcoming()
    table = blocks.upcoming_table(upcoming) if upcoming else None
    return EventsView(table, long_date(site.as_of), blocks.link("timeline.md", "timeline"))


@dataclass(frozen=True)
class BriefingsIndexView:
    years: tuple[tuple[int, Markdown], ...]
    """Each year, newest first, with its briefings newest first."""


def briefings_index_view(site: _Site, blocks: Blocks) -> BriefingsIndexView:
    by_year = sorted(site.newest_briefings(), key=lambda b: b.date.year)
    groups = [
        (year, sorted(group, key=lambda b: b.date, reverse=True))
        for year, group in itertools.groupby(by_year, key=lambda b: b.date.year)
    ]
    return BriefingsIndexView(
        tuple((year, blocks.briefing_list(items)) for year, items in reversed(groups))
    )


@dataclass(frozen=True)
class EntityIndexView:
    rows: tuple[tuple[Markdown, ...], ...]


def entity_index_view(site: _Site, kind: EntityKind, blocks: Blocks) -> EntityIndexView:
    """A section's index: each entity by name, with how many briefings (and, for countries,
    organisations and people, events or the person's country) it has."""
    registry, graph = site.corpus.registry, site.graph
    rows: list[tuple[Markdown, ...]] = []
    for record in _by_name(registry.records(kind).values()):
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
    return EntityIndexView(tuple(rows))


def overview_view(uri: str, site: _Site, blocks: Blocks) -> Any:
    """The view of one overview page (see sitemap.OVERVIEW_PAGES), by its address."""
    views = {
        "index.md": home_view,
        f"{BRIEFINGS_DIR}/index.md": briefings_index_view,
        f"{KIND[EntityKind.EVENT].plural}/index.md": events_index_view,
        "timeline.md": timeline_view,
        "upcoming.md": upcoming_view,
    }
    if uri in views:
        return views[uri](site, blocks)
    kind = next(k for k in KINDS if uri == f"{k.plural}/index.md")
    return entity_index_view(site, kind.entity, blocks)
