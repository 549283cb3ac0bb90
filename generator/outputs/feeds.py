"""Machine-readable outputs: Atom feeds, an iCalendar feed and a JSON export. Pure functions.

These are part of the render stage: they turn the corpus and link graph into text, which the
writer puts beside the Markdown pages (MkDocs copies them into the site as they are).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, TypeVar

import icalendar
from pydantic import BaseModel, ConfigDict, Field

from ..core.memo import NO_CACHE, BuildCache
from ..core.text_safety import without_unsafe_characters
from ..pages.markdown_text import relative_dir
from ..pages.site import BriefingReads, Site
from ..story import sitemap
from ..story.event_state import (
    EventState,
    PlaceClaim,
    agreed_date,
    agreed_place,
    agreed_status,
    agreement,
    attendees,
    dates_in_brief,
    dates_summary,
    display_status,
    places_in_brief,
    places_now,
    when_in_brief,
    without_week,
)
from ..story.graph import GraphReads, LinkGraph
from ..story.models import (
    PLOVER_CATEGORY,
    Briefing,
    Corpus,
    Country,
    DatePrecision,
    EntityKey,
    EntityKind,
    EventRecord,
    EventStatus,
    OrganisationRecord,
    Page,
    PersonRecord,
    TopicRecord,
)
from ..story.sitemap import CALENDAR, EXPORT, EXPORT_SCHEMA, ID_DOMAIN, MAIN_FEED, SITE_NAME

ID_PREFIX = f"tag:{ID_DOMAIN},2025:"
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"


def country_feed_uri(country: Country) -> str:
    return sitemap.country_feed_uri(country.slug)


@functools.lru_cache(maxsize=1 << 16)
def page_url(page_uri: str, from_file: str) -> str:
    """The site URL of a Markdown page (with directory URLs), relative to another file."""
    directory = page_uri.removesuffix(".md").removesuffix("index").rstrip("/")
    # Not posixpath.relpath, which makes both paths absolute from the working folder: 0.2 s
    # of the export's 15,000 links at 10,000 briefings.
    return relative_dir(directory, from_file.rpartition("/")[0]) or "./"


def site_link(page_uri: str, from_file: str, site_url: str | None) -> str:
    """A link from one generated file to a page or file: absolute under the site's address
    when it is known (feed readers and calendars resolve relative links badly, if at all),
    otherwise relative, which works wherever the site is served."""
    if site_url is None:
        if page_uri.endswith(".md"):
            return page_url(page_uri, from_file)
        return posixpath.relpath(page_uri, posixpath.dirname(from_file) or ".")
    path = page_url(page_uri, "index.md") if page_uri.endswith(".md") else page_uri
    return site_url + path.removeprefix("./")


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def atom_feed(
    title: str,
    feed_uri: str,
    briefings: Sequence[BriefingReads],
    graph: GraphReads,
    corpus: Corpus,
    site_url: str | None = None,
) -> Page:
    """An Atom 1.0 feed (RFC 4287) of the newest briefings, dated by the briefings themselves."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, f"{{{ATOM}}}id", f"{ID_PREFIX}{feed_uri}")
    _text(feed, f"{{{ATOM}}}title", title)
    newest = briefings[0].date if briefings else dt.date(2025, 1, 1)
    _text(feed, f"{{{ATOM}}}updated", _timestamp(newest))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, f"{{{ATOM}}}name", SITE_NAME)
    self_link = site_link(feed_uri, feed_uri, site_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_link})
    home = site_link("index.md", feed_uri, site_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": home})
    for briefing in briefings[:FEED_ENTRIES]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, f"{{{ATOM}}}id", f"{ID_PREFIX}briefing/{briefing.id}")
        _text(entry, f"{{{ATOM}}}title", briefing.record.title)
        _text(entry, f"{{{ATOM}}}updated", _timestamp(briefing.date))
        _text(entry, f"{{{ATOM}}}published", _timestamp(briefing.date))
        href = site_link(graph.briefing_uri[briefing.id], feed_uri, site_url)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": href})
        source = briefing.record.source
        if source.url:
            via = {"rel": "via", "href": source.url, "title": briefing.record.source_citation}
            ET.SubElement(entry, f"{{{ATOM}}}link", via)
        summary = f"{briefing.record.bottom_line}\n\nSource: {briefing.record.source_citation}"
        _text(entry, f"{{{ATOM}}}summary", summary, type="text")
        for code in briefing.record.countries:
            ET.SubElement(
                entry,
                f"{{{ATOM}}}category",
                {"term": code, "label": corpus.registry.countries[code].name},
            )
    ET.indent(feed)
    # ElementTree escapes markup but writes any character as it is; one a feed reader's XML
    # parser refuses (a control, U+FFFE) would break the whole feed, so each becomes U+FFFD.
    body = without_unsafe_characters(ET.tostring(feed, encoding="unicode"))
    return Page(feed_uri, f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n')


# --- iCalendar (RFC 5545) ----------------------------------------------------------------------

ICS_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.ANTICIPATED: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.ON_HOLD: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _one_line(value: str) -> str:
    """A TEXT value on one line, which may hold no control character: each, and each
    noncharacter, becomes U+FFFD, and runs of white space one space. The library escapes
    the rest (RFC 5545 3.3.11)."""
    return " ".join(without_unsafe_characters(value).split())


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1).
    The library's own folding stops each first line at 74 octets; ours fills it to 75, so the
    calendar stays byte for byte what readers' calendars have already fetched."""
    if line.isascii():  # one octet a character: cut by length
        parts = [line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))]
        return [parts[0], *(" " + part for part in parts[1:])]
    folded: list[str] = []
    current = ""
    for character in line:
        if len((current + character).encode("utf-8")) > (75 if not folded else 74):
            folded.append(current)
            current = ""
        current += character
    folded.append(current)
    return [folded[0], *(" " + part for part in folded[1:])]


def _content_lines(component: icalendar.cal.component.Component) -> list[str]:
    """The component's lines as the library writes them (names, parameters, escaped values),
    in the order they were added, each folded."""
    lines: list[str] = component.content_lines(sorted=False)
    return [part for line in lines if line for part in _fold(line)]


def calendar_feed(
    corpus: Corpus, graph: GraphReads, cache: BuildCache = NO_CACHE, site_url: str | None = None
) -> Page:
    """Each event the briefings date, as an all-day entry, linked to its page when the site's
    address is known (a calendar has no use for a relative link); the cache keeps each entry
    while what it is made from stays the same."""
    memo = cache.inputs("feeds.calendar")
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{SITE_NAME}//Events//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{SITE_NAME}: events")
    *lines, end = _content_lines(calendar)
    for event_id in sorted(corpus.registry.events):
        state = graph.state(event_id)
        if state is None or agreed_date(state.dates) is None:
            # No briefing gives a date, or their dates share no year: nothing honest to put
            # in a calendar, which needs one start and one end.
            continue
        event = corpus.registry.events[event_id]
        page = EntityKey(EntityKind.EVENT, event_id)
        link = site_link(graph.uri_of[page], CALENDAR, site_url) if site_url else None
        entry: list[str] = memo.get(
            event_id, (event, state, link), functools.partial(_calendar_entry, event, state, link)
        )
        lines += entry
    lines.append(end)
    return Page(CALENDAR, "\r\n".join(lines) + "\r\n")


def _calendar_entry(event: EventRecord, state: EventState, link: str | None) -> list[str]:
    """One VEVENT, its lines folded: an all-day entry over the date every source agrees on
    (event_state's rule 6): the day or days they give, or the whole month (or year) when
    only that is known or agreed; never a span of days no source gave. Its status is
    credited to the first report of it (event_state rule 2); the entry was last revised by
    the newest report that agrees."""
    agreed = agreed_date(state.dates)
    assert agreed is not None
    start, end = agreed.first_day, agreed.last_day + dt.timedelta(days=1)
    when = when_in_brief(state)
    units = {DatePrecision.WEEK: "week", DatePrecision.MONTH: "month"}
    unit = units.get(agreed.precision, "year")
    if dates_summary(state.dates) is not None:
        precision = (
            f"Date as reported: {when} (see the event page); the entry spans the whole {unit} "
            "that holds them all."
        )
    elif state.sources_differ:
        precision = (
            f"Date as reported: {when}; the sources agree on no day, so the entry spans the "
            f"whole {unit}."
        )
    elif agreed.precision is not DatePrecision.DAY:
        precision = (
            f"Date as reported: {when}; no day was given, so the entry spans the whole {unit}."
        )
    else:
        precision = f"Date as reported: {when}."
    reported_on = state.credited.briefing_date.isoformat()
    agree = agreement(state)
    credit = f"as reported on {reported_on}" + (f"; {agree}" if agree else "")
    status = agreed_status(state)
    if status is None:
        # Rule 10: no one report gives a status the sources differ on.
        credit = "see the event page for each report and claim"
    description = f"{precision} Status: {display_status(state)}, {credit}."
    places = places_now(state, event.place)
    entry = icalendar.Event()
    entry.add("uid", f"{event.id}@{ID_DOMAIN}")
    revised = state.latest.briefing_date
    entry.add("dtstamp", dt.datetime(revised.year, revised.month, revised.day, tzinfo=dt.UTC))
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", _one_line(event.name))
    entry.add("description", _one_line(description))
    if status is not None:
        entry.add("status", ICS_STATUS[status])
    entry.add("categories", [_one_line(event.kind)])
    if places:
        entry.add("location", _one_line(places_in_brief(places)))
    if link:
        entry.add("url", link, parameters={"VALUE": "URI"})
    return _content_lines(entry)


# --- JSON export ----------------------------------------------------------------------------


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportPersonMention(_Export):
    id: str
    office: str | None


class ExportOutcome(_Export):
    kind: str
    text: str
    evidence: str


class ExportStatusClaim(_Export):
    by: str | None = Field(description="A person's or organisation's id; null for the outlet.")
    status: EventStatus
    evidence: str


class ExportEventReport(_Export):
    briefing: str
    status: EventStatus
    claims: list[ExportStatusClaim] = Field(
        description="The claims about the status the article attributes, each with its quote."
    )
    date: str | None = Field(
        description="YYYY-MM-DD, YYYY-Www (some day of an ISO week), YYYY-MM or YYYY, or "
        "start/end for a range."
    )
    date_precision: str | None
    planned_for: str | None = Field(
        description="On a postponed, on-hold or cancelled report: the date it says the event "
        "was planned for, never its date now."
    )
    place: str | None
    participants: list[str]
    outcomes: list[ExportOutcome]


class ExportBriefing(_Export):
    id: str
    url: str
    title: str
    date: dt.date
    source_file: str
    source_agency: str | None
    source_headline: str | None
    source_citation: str = Field(description="How the site credits the source to readers.")
    source_url: str | None
    bottom_line: str
    key_points: list[dict[str, str]]
    background: str
    outlook: str
    countries: list[str]
    people: list[ExportPersonMention]
    organisations: list[str]
    events: list[str]
    topics: list[str]


class ExportEntity(_Export):
    id: str
    url: str
    name: str
    aliases: list[str]
    country: str | None = None


class ExportEvent(ExportEntity):
    kind: str
    plover_category: str | None
    place: str | None = Field(
        description="The place now, when the sources agree on one (the most precise place "
        "given, which holds every other); the registry's while no report gives one."
    )
    places: list[str] = Field(
        description="Every place the sources give now: one if they agree, several if not."
    )
    countries: list[str]
    participants: list[str]
    organisations: list[str]
    parent: str | None
    status: EventStatus | None = Field(
        description="The status now, by the site's rule; null when the sources differ on it."
    )
    statuses: list[EventStatus] = Field(
        description="Every status the sources give now: one if they agree, several if not."
    )
    date: str | None = Field(description="The date now, when the sources agree on one.")
    dates: list[str] = Field(
        description="Every date the sources give now: one if they agree, several if not. "
        "Empty for a postponement with no new date."
    )
    planned_for: list[str] = Field(
        description="While the status is postponed, on-hold or cancelled: the dates the "
        "reports say the event was planned for (one if they agree); empty otherwise."
    )
    reports: list[ExportEventReport]


class Export(_Export):
    """Every briefing and entity of the site, for people who want to build on the data."""

    model_config = ConfigDict(extra="forbid", title=f"{SITE_NAME} export")

    format_version: int
    briefings: list[ExportBriefing]
    countries: list[ExportEntity]
    people: list[ExportEntity]
    organisations: list[ExportEntity]
    topics: list[ExportEntity]
    events: list[ExportEvent]


Record = TypeVar("Record", PersonRecord, OrganisationRecord, TopicRecord, EventRecord)


def _by_id(records: dict[str, Record]) -> list[Record]:
    return [records[identifier] for identifier in sorted(records)]


def _entity(record: PersonRecord | OrganisationRecord | TopicRecord, url: str) -> ExportEntity:
    country = None if isinstance(record, TopicRecord) else record.country
    return ExportEntity(
        id=record.id, url=url, name=record.name, aliases=list(record.aliases), country=country
    )


def _newest_first(corpus: Corpus, graph: LinkGraph) -> list[Briefing]:
    by_id = {b.id: b for b in corpus.briefings}
    return [by_id[i] for i in graph.newest_first]


def _export_briefing(b: Briefing, graph: LinkGraph) -> ExportBriefing:
    return ExportBriefing(
        id=b.id,
        url=page_url(graph.briefing_uri[b.id], EXPORT),
        title=b.record.title,
        date=b.date,
        source_file=b.record.source.file,
        source_agency=b.record.source.agency,
        source_headline=b.record.source.headline,
        source_citation=b.record.source_citation,
        source_url=b.record.source.url,
        bottom_line=b.record.bottom_line,
        key_points=[{"text": k.text, "evidence": k.evidence} for k in b.record.key_points],
        background=b.record.background,
        outlook=b.record.outlook,
        countries=list(b.record.countries),
        people=[ExportPersonMention(id=p.id, office=p.office) for p in b.record.people],
        organisations=list(b.record.organisations),
        events=[e.id for e in b.record.events],
        topics=list(b.record.topics),
    )


def _export_event(event: EventRecord, graph: LinkGraph) -> ExportEvent:
    state = graph.state(event.id)
    dates = [str(claim.date) for claim in state.dates] if state else []
    places = [claim.place for claim in places_now(state, event.place)]
    return ExportEvent(
        id=event.id,
        url=page_url(graph.uri_of[EntityKey(EntityKind.EVENT, event.id)], EXPORT),
        name=event.name,
        aliases=list(event.aliases),
        kind=event.kind,
        plover_category=PLOVER_CATEGORY.get(event.kind),
        place=places[0] if len(places) == 1 else None,
        places=places,
        countries=list(event.countries),
        participants=list(event.participants),
        organisations=list(event.organisations),
        parent=event.parent,
        status=agreed_status(state) if state else None,
        statuses=[given.status for given in state.statuses] if state else [],
        date=dates[0] if len(dates) == 1 else None,
        dates=dates,
        planned_for=[str(claim.date) for claim in state.planned_for] if state else [],
        reports=[
            ExportEventReport(
                briefing=r.briefing_id,
                status=r.status,
                claims=[
                    ExportStatusClaim(by=c.by, status=c.status, evidence=c.evidence)
                    for c in r.claims
                ],
                date=str(r.date) if r.date else None,
                date_precision=str(r.date.precision) if r.date else None,
                planned_for=str(r.planned_for) if r.planned_for else None,
                place=r.place,
                participants=list(r.participants),
                outcomes=[
                    ExportOutcome(kind=o.kind, text=o.text, evidence=o.evidence) for o in r.outcomes
                ],
            )
            for r in graph.reports_of.get(event.id, ())
        ],
    )


def export(
    corpus: Corpus, graph: LinkGraph, *, with_briefings: bool = True, with_events: bool = True
) -> Export:
    """Everything as one model; without briefings or events for a caller that encodes those
    itself, record by record."""
    registry = corpus.registry
    briefings = (
        [_export_briefing(b, graph) for b in _newest_first(corpus, graph)] if with_briefings else []
    )

    def url(kind: EntityKind, identifier: str) -> str:
        return page_url(graph.uri_of[EntityKey(kind, identifier)], EXPORT)

    events = (
        [_export_event(event, graph) for event in _by_id(registry.events)] if with_events else []
    )
    return Export(
        format_version=3,
        briefings=briefings,
        countries=[
            ExportEntity(id=c.code, url=url(EntityKind.COUNTRY, c.code), name=c.name, aliases=[])
            for c in sorted(registry.countries.values(), key=lambda c: c.code)
        ],
        people=[_entity(p, url(EntityKind.PERSON, p.id)) for p in _by_id(registry.people)],
        organisations=[
            _entity(o, url(EntityKind.ORGANISATION, o.id)) for o in _by_id(registry.organisations)
        ],
        topics=[_entity(t, url(EntityKind.TOPIC, t.id)) for t in _by_id(registry.topics)],
        events=events,
    )


def export_schema() -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Export.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# --- JSON-LD (schema.org) for briefing and event pages ---------------------------------------

SCHEMA_ORG = "https://schema.org"
EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.ANTICIPATED: "https://schema.org/EventScheduled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    # schema.org has no word for a paused plan: EventPostponed is defined as "postponed and
    # no new date has been set", which is all an on-hold report says; with no eventStatus,
    # readers of schema.org would take the event to be scheduled.
    EventStatus.ON_HOLD: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def _person_ld(corpus: Corpus, person_id: str, office: str | None = None) -> dict[str, Any]:
    person = corpus.registry.people[person_id]
    data: dict[str, Any] = {"@type": "Person", "name": person.name}
    if office:
        data["jobTitle"] = office
    if person.country:
        data["nationality"] = {
            "@type": "Country",
            "name": corpus.registry.countries[person.country].name,
        }
    return data


def briefing_json_ld(briefing: Briefing, corpus: Corpus) -> dict[str, Any]:
    """A schema.org Report: what the briefing is about, as structured data for search engines."""
    record, registry = briefing.record, corpus.registry
    about: list[dict[str, Any]] = [
        {"@type": "Country", "name": registry.countries[code].name} for code in record.countries
    ]
    about += [_person_ld(corpus, p.id, p.office) for p in record.people]
    about += [
        {"@type": "Organization", "name": registry.organisations[o].name}
        for o in record.organisations
    ]
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Report",
        "headline": record.title,
        "datePublished": record.date.isoformat(),
        "abstract": record.bottom_line,
        "about": about,
        "keywords": [registry.topics[t].name for t in record.topics],
        "isBasedOn": {
            "@type": "NewsArticle",
            "name": record.source_citation,
            "datePublished": record.date.isoformat(),
        },
    }
    if record.source.headline:
        data["isBasedOn"]["headline"] = record.source.headline
    if record.source.agency:
        data["isBasedOn"]["publisher"] = {"@type": "Organization", "name": record.source.agency}
    if record.source.url:
        data["isBasedOn"]["url"] = record.source.url
    return data


def event_json_ld(event_id: str, corpus: Corpus, graph: GraphReads) -> dict[str, Any]:
    """A schema.org Event, with the date and place only as precise as the briefings give
    them: where they differ, only what they all agree on (event_state's rule 6), and the
    description says that they differ."""
    event = corpus.registry.events[event_id]
    data: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "Event", "name": event.name}
    state = graph.state(event_id)
    differ: list[str] = []
    # schema.org writes no week: a week-precise date is given as the month (or year) holding it.
    agreed = without_week(agreed_date(state.dates)) if state is not None else None
    if agreed is not None:
        data["startDate"] = str(agreed.start)
        if agreed.end is not None:
            data["endDate"] = str(agreed.end)
    planned = without_week(agreed_date(state.planned_for)) if state is not None else None
    if planned is not None:
        data["previousStartDate"] = str(planned.start)
    if state is not None and state.sources_differ:
        differ.append(f"Date: {dates_in_brief(state.dates)}.")
    status = agreed_status(state) if state is not None else None
    if status in EVENT_STATUS:
        data["eventStatus"] = EVENT_STATUS[status]
        if status is EventStatus.POSTPONED and state is not None and state.dates:
            # schema.org's EventPostponed means no new date is set; with one, it is this.
            data["eventStatus"] = f"{SCHEMA_ORG}/EventRescheduled"
    if state is not None and state.statuses_differ:
        differ.append(f"Status: {display_status(state)}.")
    places: tuple[PlaceClaim, ...] = places_now(state, event.place)
    place = agreed_place(places)
    if place is not None:
        data["location"] = {"@type": "Place", "name": place}
    if len(places) > 1:
        differ.append(f"Place: {places_in_brief(places)}.")
    if differ:
        data["description"] = " ".join(differ)
    # Only as certain as the reports: those a report that counts puts there (event_state's
    # rule 7), not the registry's list whatever became of the event.
    people = attendees(state, graph.reports_of.get(event_id, ()), event.participants)
    if people:
        data["attendee"] = [_person_ld(corpus, p) for p in people]
    if event.organisations:
        data["organizer"] = [
            {"@type": "Organization", "name": corpus.registry.organisations[o].name}
            for o in event.organisations
        ]
    return data


def _one_record_a_line(data: dict[str, Any], encoded: dict[str, list[str]]) -> str:
    """JSON with each record of each list on a line of its own: readable in a diff, and
    written by the C encoder (an indent makes json fall back to Python, 4x slower here).
    `encoded` holds lists whose records are JSON already."""
    parts = []
    for key, value in data.items():
        name = json.dumps(key)
        lines = encoded.get(key) or (
            [_json_line(item) for item in value] if isinstance(value, list) else []
        )
        if lines:
            records = ",\n".join(lines)
            parts.append(f"{name}: [\n{records}\n]")
        else:
            parts.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _json_line(item: Any) -> str:
    # JSON escapes control characters itself; a lone surrogate or noncharacter becomes U+FFFD.
    return without_unsafe_characters(json.dumps(item, ensure_ascii=False))


def _export_text(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> str:
    """The export, record by record: the watch mode's cache keeps each record's line, so an
    edit encodes only what it changed."""

    def briefing_line(briefing: Briefing) -> str:
        return _json_line(_export_briefing(briefing, graph).model_dump(mode="json"))

    def event_line(event: EventRecord) -> str:
        return _json_line(_export_event(event, graph).model_dump(mode="json"))

    def rest() -> dict[str, Any]:
        model = export(corpus, graph, with_briefings=False, with_events=False)
        return model.model_dump(mode="json")

    briefing_memo, event_memo = cache.identity("export.briefings"), cache.inputs("export.events")
    briefings = [briefing_memo.get(b, briefing_line) for b in _newest_first(corpus, graph)]
    events = [
        event_memo.get(
            event.id,
            (event, graph.reports_of.get(event.id), graph.state(event.id)),
            functools.partial(event_line, event),
        )
        for event in _by_id(corpus.registry.events)
    ]
    inputs = (corpus.registry, graph.uri_of)
    data = cache.inputs("export.rest").get("rest", inputs, rest)
    return _one_record_a_line(data, {"briefings": briefings, "events": events})


# --- The writers the outputs table names (outputs.py) -------------------------------------
# Each reads the site through `Site`, so in the watch mode what it reads is recorded like a
# page's reads, and an edit renders it again exactly when something it shows changed.


def main_feed(site: Site, site_url: str | None) -> Page:
    """The Atom feed of the newest briefings."""
    newest = [site.briefings[i] for i in site.graph.newest_first[:FEED_ENTRIES]]
    title = f"{SITE_NAME}: latest briefings"
    return atom_feed(title, MAIN_FEED, newest, site.graph, site.corpus, site_url)


def country_feed(site: Site, country: Country, site_url: str | None) -> Page:
    """The Atom feed of the newest briefings that list one country."""
    listed = site.graph.briefings_of.get(country.key, ())
    newest = [site.briefings[i] for i in listed[:FEED_ENTRIES]]
    title = f"{SITE_NAME}: {country.name}"
    return atom_feed(title, country_feed_uri(country), newest, site.graph, site.corpus, site_url)


def export_file(site: Site, cache: BuildCache) -> Page:
    """The export shows every briefing whole, so it reads each of them (`WHOLE`), and which
    briefings there are; its cache keeps each record's line (see _export_text)."""
    for briefing_id in site.graph.newest_first:
        site.reads_whole(briefing_id)
    return Page(EXPORT, _export_text(site.corpus, site.plain_graph, cache))


def export_schema_file() -> Page:
    return Page(EXPORT_SCHEMA, export_schema())
