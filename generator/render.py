"""Stage 5: turn the corpus and its link graph into Markdown pages. Pure: no file is touched.

Contributor text is untrusted. Every value a template prints is escaped for Markdown and HTML
unless it is `Markdown` the renderer built itself (links between our own pages), so a template
cannot forget to escape.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import json
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import jinja2

from .feeds import briefing_json_ld, country_feed_uri, event_json_ld
from .graph import LinkGraph, Pair, briefing_entities, event_sort_key
from .markdown_text import (
    Markdown,
    MentionLinker,
    escape_inline,
    external_link,
    link_destination,
    relative_uri,
)
from .models import (
    FUTURE_STATUSES,
    KIND,
    PLOVER_CATEGORY,
    Briefing,
    BriefingFile,
    Corpus,
    Country,
    EntityKey,
    EntityKind,
    EventRecord,
    EventReport,
    OfficeRecord,
    Page,
    PartialDate,
    PersonMention,
    has_unsafe_characters,
    without_unsafe_characters,
)
from .reads import (
    WHOLE,
    Fact,
    RecordedBriefing,
    RecordedBriefings,
    RecordedGraph,
    Recorder,
    plain,
)
from .sitemap import BRIEFING_TEMPLATE, OVERVIEW_PAGES, RELATION_TEMPLATE

LATEST_ON_HOME = 10


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_inline(str(value))


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


def front_matter(title: str, description: str, extra: dict[str, Any] | None = None) -> Markdown:
    """YAML front matter, made by a serializer. Themes print title and description into HTML
    unescaped (the description inside an attribute), so those two are HTML-escaped here; the
    theme override prints `json_ld` through Jinja's `tojson`, which escapes it for a script."""
    data = {
        "title": html.escape(" ".join(title.split()), quote=False),
        "description": html.escape(" ".join(description.split()), quote=True),
        **(extra or {}),
    }
    return Markdown(f"---\n{yaml_flow_mapping(data)}\n---\n")


def without_front_matter(page_text: str) -> str:
    """A page's Markdown after its front matter: what a reader sees of it."""
    if page_text.startswith("---\n"):
        end = page_text.find("\n---\n", 3)
        if end >= 0:
            return page_text[end + 5 :]
    return page_text


# Characters YAML 1.1 reads as line breaks inside a quoted string, though JSON does not.
_YAML_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


# JSON's escapes of control characters other than tab and line breaks: YAML would turn them
# back into the characters themselves.
_ESCAPED_CONTROL = re.compile(r"\\u00[01]|\\[bf]")


def _without_unsafe(value: Any) -> Any:
    if isinstance(value, str):
        return without_unsafe_characters(value)
    if isinstance(value, dict):
        return {key: _without_unsafe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_unsafe(item) for item in value]
    return value


def yaml_flow_mapping(data: dict[str, Any]) -> str:
    """Front matter as one JSON object, which YAML reads as a flow mapping: a serializer
    still writes it, and it is many times faster than PyYAML's representer. A character YAML
    refuses (a noncharacter, a control) would make MkDocs print the whole block as page text,
    JSON-LD and all, so each becomes U+FFFD, in the values, where no escape brings it back."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if has_unsafe_characters(text) or _ESCAPED_CONTROL.search(text):
        text = json.dumps(_without_unsafe(data), ensure_ascii=False, sort_keys=True)
    return text.translate(_YAML_LINE_BREAKS)


@dataclass(frozen=True)
class TimelineItem:
    """One line of a timeline: a briefing, or an event with the date the briefings give."""

    year: int | None
    iso_date: str
    briefing: Briefing | None
    event: EventRecord | None
    date: PartialDate | None

    @property
    def sort_key(self) -> tuple[str, str]:
        identifier = self.briefing.id if self.briefing else self.event.id if self.event else ""
        return (self.iso_date, identifier)


class _Site:
    """Lookups the templates need: names, links and the graph, for one corpus. Given a
    recorder, it hands out the graph and briefings through wrappers that note what each page
    reads (see reads.py); otherwise the plain objects."""

    def __init__(
        self, corpus: Corpus, graph: LinkGraph, as_of: dt.date, recorder: Recorder | None = None
    ) -> None:
        self.corpus = corpus
        self.as_of = as_of
        self.recorder = recorder
        briefings = {b.id: b for b in corpus.briefings}
        if recorder is None:
            self.graph = graph
            self.briefings = briefings
        else:
            # The wrappers offer what pages use of these objects, and record each read.
            self.graph = cast(LinkGraph, RecordedGraph(graph, recorder))
            self.briefings = cast(dict[str, Briefing], RecordedBriefings(briefings, recorder))

    @contextlib.contextmanager
    def recording(
        self, uri: str, reads: dict[str, frozenset[Fact]] | None, *facts: Fact
    ) -> Iterator[None]:
        """Note what the page at uri reads while it renders, plus `facts` it depends on."""
        if self.recorder is None or reads is None:
            yield
            return
        self.recorder.current = set(facts)
        try:
            yield
            reads[uri] = frozenset(self.recorder.current)
        finally:
            self.recorder.current = None

    def name(self, key: EntityKey) -> str:
        return self.corpus.registry.name(key)

    def uri(self, target: EntityKey | Briefing | RecordedBriefing | str) -> str:
        if isinstance(target, EntityKey):
            return self.graph.uri_of[target]
        if isinstance(target, Briefing | RecordedBriefing):
            return self.graph.briefing_uri[target.id]
        return target

    def title(self, target: EntityKey | Briefing | RecordedBriefing) -> str:
        if isinstance(target, Briefing | RecordedBriefing):
            return str(target.record.title)
        return self.name(target)

    def event_date(self, event_id: str) -> PartialDate | None:
        return self.graph.event_date(event_id)

    def upcoming(self) -> list[EventRecord]:
        found = []
        for event_id in sorted(self.corpus.registry.events):
            report, date = self.graph.latest_report(event_id), self.event_date(event_id)
            if report and date and report.status in FUTURE_STATUSES and date.last_day >= self.as_of:
                found.append(self.corpus.registry.events[event_id])
        return sorted(found, key=lambda e: event_sort_key(e.id, self.graph))

    def events_by_date(self, event_ids: Iterable[str] | None = None) -> list[EventRecord]:
        ids = self.corpus.registry.events if event_ids is None else event_ids
        ordered = sorted(ids, key=lambda e: event_sort_key(e, self.graph))
        return [self.corpus.registry.events[e] for e in ordered]

    def events_newest_first(self) -> list[EventRecord]:
        """Dated events newest first, then the undated ones."""
        dated = [e for e in self.events_by_date() if self.event_date(e.id) is not None]
        undated = [e for e in self.events_by_date() if self.event_date(e.id) is None]
        return [*reversed(dated), *undated]

    def mentions(self, briefing: Briefing, here: str) -> MentionLinker:
        """Links first mentions of the briefing's own entities; `.section()` starts afresh."""
        names = [
            (name, self.graph.uri_of[key])
            for key in briefing_entities(briefing)
            for name in self.corpus.registry.names(key)
        ]
        return MentionLinker(names, here)

    def corpus_briefing(self, briefing_id: str) -> Briefing:
        """The plain briefing, for its own page, which depends on all of it: render_site
        records that as one fact rather than each field read."""
        return plain(self.briefings[briefing_id])

    def related(self, briefing: Briefing) -> list[Briefing]:
        return [self.briefings[i] for i in self.graph.related.get(briefing.id, ())]

    def partners(self, code: str) -> list[tuple[Country, int, Pair]]:
        found = []
        for other, count in self.graph.partners.get(code, ()):
            pair = self.graph.pair(code, other)
            assert pair is not None
            found.append((self.corpus.registry.countries[other], count, pair))
        return found

    def pair_timeline(self, pair: Pair) -> list[TimelineItem]:
        """The pair's briefings and events in one list, newest first, undated events last."""
        items = [
            TimelineItem(b.date.year, b.date.isoformat(), b, None, None)
            for b in (self.briefings[i] for i in pair.briefings)
        ]
        for event_id in pair.events:
            date = self.event_date(event_id)
            event = self.corpus.registry.events[event_id]
            if date is None:
                items.append(TimelineItem(None, "", None, event, None))
            else:
                items.append(TimelineItem(date.year, str(date), None, event, date))
        dated = sorted(
            (i for i in items if i.year is not None), key=lambda i: i.sort_key, reverse=True
        )
        return [*dated, *(i for i in items if i.year is None)]

    def newest_briefings(self) -> list[Briefing]:
        return [self.briefings[i] for i in self.graph.newest_first]

    def briefings_listing(self, key: EntityKey) -> list[Briefing]:
        """The briefings that list an entity, newest first (the graph keeps them in order)."""
        return [self.briefings[i] for i in self.graph.briefings_of.get(key, ())]

    def offices_attested(self, person_id: str) -> list[tuple[str, Briefing]]:
        """Offices briefings give this person, newest attestation first."""
        found = []
        for briefing in self.briefings_listing(EntityKey(EntityKind.PERSON, person_id)):
            for mention in briefing.record.people:
                if mention.id == person_id and mention.office:
                    found.append((mention.office, briefing))
        return found


def _environment(site: _Site) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def link(context: jinja2.runtime.Context, target: Any, text: str | None = None) -> Markdown:
        href = relative_uri(site.uri(target), context["page_uri"])
        label = escape_inline(text if text is not None else site.title(target))
        return Markdown(f"[{label}]({href})")

    @jinja2.pass_context
    def link_list(context: jinja2.runtime.Context, keys: Iterable[EntityKey]) -> Markdown:
        links = [link(context, key) for key in keys]
        return Markdown(", ".join(links) if links else "none")

    # Lists and tables that long entity pages repeat thousands of times are built here rather
    # than in a template loop: the same Markdown, a fraction of the template calls.
    @jinja2.pass_context
    def briefing_list(context: jinja2.runtime.Context, briefings: Iterable[Briefing]) -> Markdown:
        here = context["page_uri"]
        lines = [
            f"- {long_date(b.date)}: [{escape_inline(b.record.title)}]"
            f"({relative_uri(site.graph.briefing_uri[b.id], here)})"
            for b in briefings
        ]
        return Markdown("\n".join(lines) if lines else "No briefing yet.")

    def event_cells(context: jinja2.runtime.Context, event_id: str) -> list[str]:
        """An event's place and link, for a row of a table of events."""
        place = site.corpus.registry.events[event_id].place
        return [
            link(context, EntityKey(EntityKind.EVENT, event_id)),
            escape_inline(place) if place else "not given",
        ]

    @jinja2.pass_context
    def event_table(context: jinja2.runtime.Context, events: Iterable[EventRecord]) -> Markdown:
        """Events with the date and status their latest reports give."""
        rows = []
        for event in events:
            report = site.graph.latest_report(event.id)
            status = str(report.status) if report else "not reported"
            date = long_date(site.event_date(event.id))
            rows.append([date, *event_cells(context, event.id), status])
        return events_table(rows) if rows else Markdown("No event yet.")

    @jinja2.pass_context
    def upcoming_table(context: jinja2.runtime.Context, events: Iterable[EventRecord]) -> Markdown:
        """Upcoming events, each with the briefing that reported it so."""
        rows = []
        for event in events:
            report = site.graph.latest_report(event.id)
            assert report is not None  # upcoming means reported as scheduled or anticipated
            briefing = site.briefings[report.briefing_id]
            reported = link(context, briefing, long_date(briefing.date))
            date = long_date(site.event_date(event.id))
            rows.append([date, *event_cells(context, event.id), str(report.status), reported])
        return events_table(rows, "Reported")

    # The briefing page's lists, built here for the same reason: 10,000 briefing pages.
    @jinja2.pass_context
    def people_list(context: jinja2.runtime.Context, people: Iterable[PersonMention]) -> Markdown:
        lines = []
        for mention in people:
            office = f", {escape_inline(mention.office)}" if mention.office else ""
            person = link(context, EntityKey(EntityKind.PERSON, mention.id))
            lines.append(f"- {person}{office}")
        return Markdown("\n".join(lines))

    @jinja2.pass_context
    def country_list(context: jinja2.runtime.Context, codes: Iterable[str]) -> Markdown:
        keys = [EntityKey(EntityKind.COUNTRY, code) for code in codes]
        return Markdown("\n".join(f"- {link(context, key)}" for key in keys))

    @jinja2.pass_context
    def reported_events(
        context: jinja2.runtime.Context, mentions: Iterable[EventReport]
    ) -> Markdown:
        """The events one briefing reports, as it reports them."""
        rows = [[long_date(m.date), *event_cells(context, m.id), str(m.status)] for m in mentions]
        return events_table(rows)

    @jinja2.pass_context
    def timeline(context: jinja2.runtime.Context, events: Iterable[EventRecord]) -> Markdown:
        """Events under a heading for each year: the timeline lists every event there is."""
        lines: list[str] = []
        heading: int | str | None = None
        for event in events:
            date, report = site.event_date(event.id), site.graph.latest_report(event.id)
            year = date.year if date else "Date not given"
            if year != heading:
                lines += ["", f"## {year}", ""]
                heading = year
            place = f" ({escape_inline(event.place)})" if event.place else ""
            status = escape_inline(str(report.status)) if report else "not reported"
            event_link = link(context, EntityKey(EntityKind.EVENT, event.id))
            lines.append(f"- **{escape_inline(long_date(date))}**: {event_link}{place}, {status}")
        return Markdown("\n".join(lines) if lines else "No event yet.")

    environment.globals.update(
        timeline=timeline,
        people_list=people_list,
        country_list=country_list,
        reported_events=reported_events,
        link=link,
        link_list=link_list,
        briefing_list=briefing_list,
        event_table=event_table,
        upcoming_table=upcoming_table,
        site=site,
        long_date=long_date,
        external_link=external_link,
        source_citation=source_citation,
        office_period=office_period,
        latest_count=LATEST_ON_HOME,
        EntityKey=EntityKey,
        keys=lambda kind, ids: [EntityKey(kind, i) for i in ids],
        Kind=EntityKind,
        plover=PLOVER_CATEGORY,
    )
    environment.filters["indented"] = indented
    return environment


def _render(
    environment: jinja2.Environment,
    template: str,
    uri: str,
    title: str,
    description: str,
    meta: dict[str, Any] | None = None,
    **context: Any,
) -> Page:
    text = environment.get_template(template).render(
        page_uri=uri, front_matter=front_matter(title, description, meta), title=title, **context
    )
    return Page(uri, re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n")


def _entity_pages(
    environment: jinja2.Environment,
    site: _Site,
    only: Container[str] | None,
    reads: dict[str, frozenset[Fact]] | None,
) -> Iterable[Page]:
    for key, uri in sorted(site.graph.uri_of.items()):
        if only is not None and uri not in only:
            continue
        with site.recording(uri, reads):
            name = site.name(key)
            extra: dict[str, Any] = {}
            meta: dict[str, Any] = {}
            if key.kind is EntityKind.COUNTRY:
                extra["feed_uri"] = country_feed_uri(site.corpus.registry.countries[key.id])
            if key.kind is EntityKind.EVENT:
                meta["json_ld"] = event_json_ld(key.id, site.corpus, site.graph)
            yield _render(
                environment,
                KIND[key.kind].template,
                uri,
                name,
                f"{name}: briefings and events on Policy Briefings.",
                meta,
                key=key,
                **extra,
            )
    countries = site.corpus.registry.countries
    for pair in site.graph.pairs.values():
        if only is not None and pair.uri not in only:
            continue
        names = " and ".join(countries[code].name for code in pair.codes)
        with site.recording(pair.uri, reads, ("graph", "pairs", pair.codes)):
            yield _render(
                environment,
                RELATION_TEMPLATE,
                pair.uri,
                names,
                f"Every briefing and event that involves {names}.",
                pair=pair,
            )


def _index_pages(
    environment: jinja2.Environment,
    site: _Site,
    only: Container[str] | None,
    reads: dict[str, frozenset[Fact]] | None,
) -> Iterable[Page]:
    for page in OVERVIEW_PAGES:
        if only is None or page.uri in only:
            with site.recording(page.uri, reads):
                yield _render(environment, page.template, page.uri, page.title, page.description)


def render_site(
    corpus: Corpus,
    graph: LinkGraph,
    as_of: dt.date,
    only: Container[str] | None = None,
    reads: dict[str, frozenset[Fact]] | None = None,
) -> list[Page]:
    """Every generated page, in a stable order, or only those whose uri is in `only`.
    `as_of` decides which events are upcoming. Given `reads`, it receives the facts each
    rendered page read (the watch mode keeps them to know what an edit reaches)."""
    site = _Site(corpus, graph, as_of, Recorder() if reads is not None else None)
    environment = _environment(site)
    pages: list[Page] = []
    for briefing_id in graph.newest_first:
        uri = graph.briefing_uri[briefing_id]
        if only is not None and uri not in only:
            continue
        briefing = site.corpus_briefing(briefing_id)
        with site.recording(uri, reads, ("briefing", briefing_id, WHOLE)):
            pages.append(
                _render(
                    environment,
                    BRIEFING_TEMPLATE,
                    uri,
                    briefing.record.title,
                    briefing.record.bottom_line,
                    {
                        "json_ld": briefing_json_ld(briefing, corpus),
                    },
                    briefing=briefing,
                )
            )
    pages.extend(_entity_pages(environment, site, only, reads))
    pages.extend(_index_pages(environment, site, only, reads))
    return sorted(pages, key=lambda page: page.uri)
