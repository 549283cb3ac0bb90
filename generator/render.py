"""Stage 5: turn the corpus and its link graph into Markdown pages. Pure: no file is touched.

For each page the site map lists, a view (views.py) computes what the page shows as a small
frozen view model, reading the corpus and graph through `_Site`; the page's template lays the
view model out. Contributor text is untrusted: every value a template prints is escaped for
Markdown and HTML unless it is `Markdown` a view built from escaped parts, so a template
cannot forget to escape.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import jinja2

from .escaping import escape_inline, script_json, theme_text, yaml_flow_mapping
from .feeds import briefing_json_ld, event_json_ld
from .graph import LinkGraph, Pair, briefing_entities, event_sort_key
from .long_lists import IndexPart, YearPage, index_part_pages, site_year_pages
from .markdown_text import Markdown, MentionLinker
from .memo import NO_CACHE, BuildCache
from .models import (
    KIND,
    Briefing,
    Corpus,
    Country,
    DateSpan,
    EntityKey,
    EntityKind,
    EventRecord,
    Page,
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
from .sitemap import (
    BRIEFING_TEMPLATE,
    OVERVIEW_PAGES,
    RELATION_TEMPLATE,
    SITE_NAME,
    YEAR_TEMPLATE,
)
from .views import (
    Blocks,
    briefing_view,
    country_view,
    entity_index_view,
    event_view,
    indented,
    long_date,
    named_view,
    organisation_view,
    overview_view,
    pair_view,
    person_view,
    year_view,
)


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_inline(str(value))


LISTING = "listing"
"""The admonition type of a block that repeats what other pages are about (a list of
briefings, a table of events): pagefind.yml leaves it out of the search index, so a search
finds the pages about a name, not every page that lists one."""


def search_meta(kind: str, date: str | None = None) -> dict[str, str]:
    """What a search result says of a page: its kind and, for briefings and events, its date.
    Only pages that carry it are indexed (overrides/main.html): overview pages, which list
    what other pages are about, are not."""
    return {"kind": kind, "date": date} if date else {"kind": kind}


def listing(block: Markdown) -> Markdown:
    """A block as a listing: an untitled admonition, which the stylesheet shows as plain text."""
    return Markdown(f'!!! {LISTING} ""\n\n{indented(block, 4)}')


def front_matter(title: str, description: str, extra: dict[str, Any] | None = None) -> Markdown:
    """YAML front matter, made by a serializer. Themes print title and description into HTML
    unescaped (the description inside an attribute), so those two are HTML-escaped here.

    `json_ld` goes in as one string of JSON text, escaped for a script element as Jinja's
    `tojson` would: MkDocs reads every page's front matter with PyYAML, whose constructor
    built the nested mapping in Python (about 5% of a briefing page's conversion); one string
    costs it next to nothing, and the theme override prints it as it is."""
    data = {
        "title": theme_text(title),
        "description": theme_text(description, attribute=True),
        **(extra or {}),
    }
    if "json_ld" in data:
        data["json_ld"] = script_json(data["json_ld"])
    return Markdown(f"---\n{yaml_flow_mapping(data)}\n---\n")


def without_front_matter(page_text: str) -> str:
    """A page's Markdown after its front matter: what a reader sees of it."""
    if page_text.startswith("---\n"):
        end = page_text.find("\n---\n", 3)
        if end >= 0:
            return page_text[end + 5 :]
    return page_text


@dataclass(frozen=True)
class TimelineItem:
    """One line of a timeline: a briefing, or an event with the date the briefings give."""

    year: int | None
    iso_date: str
    briefing: Briefing | None
    event: EventRecord | None
    date: DateSpan | None

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

    def event_date(self, event_id: str) -> DateSpan | None:
        return self.graph.event_date(event_id)

    def upcoming(self) -> list[EventRecord]:
        found = []
        for event_id in sorted(self.corpus.registry.events):
            state = self.graph.state(event_id)
            if state is not None and state.is_upcoming(self.as_of):
                found.append(self.corpus.registry.events[event_id])
        return sorted(found, key=lambda e: event_sort_key(e.id, self.graph))

    def events_by_date(self, event_ids: Iterable[str] | None = None) -> list[EventRecord]:
        ids = self.corpus.registry.events if event_ids is None else event_ids
        ordered = sorted(ids, key=lambda e: event_sort_key(e, self.graph))
        return [self.corpus.registry.events[e] for e in ordered]

    def events_newest_first(self) -> list[EventRecord]:
        """Dated events newest first, then the undated ones."""
        ordered = self.events_by_date()
        dated = [e for e in ordered if self.event_date(e.id) is not None]
        undated = [e for e in ordered if self.event_date(e.id) is None]
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

    def pair_name(self, pair: Pair) -> str:
        """One name for a pair, whichever country's page links to it: 'India and Russia'."""
        countries = self.corpus.registry.countries
        return " and ".join(countries[code].name for code in pair.codes)

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


@functools.cache
def _environment() -> jinja2.Environment:
    """Templates get a page's view model and front matter, and lay them out: every value
    they print is escaped by `_finalize` unless a view built it as Markdown. One environment
    for the process, so the watch mode compiles each template once, not on every save."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["listing"] = listing
    environment.globals["site_name"] = SITE_NAME
    return environment


def _render(
    environment: jinja2.Environment,
    template: str,
    uri: str,
    title: str,
    description: str,
    view: Any,
    meta: dict[str, Any] | None = None,
) -> Page:
    text = environment.get_template(template).render(
        front_matter=front_matter(title, description, meta), view=view
    )
    return Page(uri, re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n")


ENTITY_VIEWS: dict[EntityKind, Callable[[_Site, EntityKey, Blocks], Any]] = {
    EntityKind.COUNTRY: country_view,
    EntityKind.PERSON: person_view,
    EntityKind.ORGANISATION: organisation_view,
    EntityKind.EVENT: event_view,
}
"""The view of each kind's page that shows more than `named_view`; its template is the kinds
table's."""


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
            blocks = Blocks(site, uri)
            meta: dict[str, Any] = {"search": search_meta(KIND[key.kind].singular)}
            if key.kind is EntityKind.EVENT:
                meta["json_ld"] = event_json_ld(key.id, site.corpus, site.graph)
                meta["search"] = search_meta("event", blocks.event_when(key.id))
            view = ENTITY_VIEWS.get(key.kind, named_view)(site, key, blocks)
            yield _render(
                environment,
                KIND[key.kind].template,
                uri,
                name,
                f"{name}: briefings and events on {SITE_NAME}.",
                view,
                meta,
            )
    for pair in site.graph.pairs.values():
        if only is not None and pair.uri not in only:
            continue
        names = site.pair_name(pair)
        with site.recording(pair.uri, reads, ("graph", "pairs", pair.codes)):
            yield _render(
                environment,
                RELATION_TEMPLATE,
                pair.uri,
                names,
                f"Every briefing and event that involves {names}.",
                pair_view(site, pair.codes, Blocks(site, pair.uri)),
                {"search": search_meta("two countries")},
            )


def _year_pages(
    environment: jinja2.Environment,
    site: _Site,
    pages: Iterable[YearPage],
    only: Container[str] | None,
    reads: dict[str, frozenset[Fact]] | None,
) -> Iterable[Page]:
    for page in pages:
        if only is None or page.uri in only:
            with site.recording(page.uri, reads):
                view = year_view(site, page, Blocks(site, page.uri))
                yield _render(
                    environment,
                    YEAR_TEMPLATE,
                    page.uri,
                    view.title,
                    f"{view.title}: every one, on {SITE_NAME}.",
                    view,
                )


def _index_parts(
    environment: jinja2.Environment,
    site: _Site,
    parts: Iterable[IndexPart],
    only: Container[str] | None,
    reads: dict[str, frozenset[Fact]] | None,
) -> Iterable[Page]:
    for part in parts:
        if only is None or part.uri in only:
            kind = KIND[part.kind]
            with site.recording(part.uri, reads):
                view = entity_index_view(site, part.kind, Blocks(site, part.uri), part.number)
                yield _render(
                    environment,
                    f"{kind.plural}_index.md.j2",
                    part.uri,
                    f"{kind.title}, part {part.number}",
                    kind.summary,
                    view,
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
                view = overview_view(page.uri, site, Blocks(site, page.uri))
                yield _render(
                    environment, page.template, page.uri, page.title, page.description, view
                )


def render_site(
    corpus: Corpus,
    graph: LinkGraph,
    as_of: dt.date,
    only: Container[str] | None = None,
    reads: dict[str, frozenset[Fact]] | None = None,
    cache: BuildCache = NO_CACHE,
    on_page: Callable[[int], None] | None = None,
) -> list[Page]:
    """Every generated page, in a stable order, or only those whose uri is in `only`.
    `as_of` decides which events are upcoming. Given `reads`, it receives the facts each
    rendered page read (the watch mode keeps them to know what an edit reaches)."""
    site = _Site(corpus, graph, as_of, Recorder() if reads is not None else None)
    environment = _environment()
    pages = _Counted(on_page)
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
                    briefing_view(site, briefing, Blocks(site, uri)),
                    {
                        "json_ld": briefing_json_ld(briefing, corpus),
                        "search": search_meta("briefing", long_date(briefing.date)),
                    },
                )
            )
    pages.extend(_entity_pages(environment, site, only, reads))
    pages.extend(_index_pages(environment, site, only, reads))
    archive = site_year_pages(corpus, graph, cache)
    pages.extend(_year_pages(environment, site, archive, only, reads))
    parts = index_part_pages(corpus.registry)
    pages.extend(_index_parts(environment, site, parts, only, reads))
    return sorted(pages, key=lambda page: page.uri)


class _Counted(list[Page]):
    """The pages rendered so far, telling `on_page` how many there are as they come: a long
    run shows its progress on a terminal."""

    def __init__(self, on_page: Callable[[int], None] | None) -> None:
        super().__init__()
        self.on_page = on_page

    def append(self, page: Page) -> None:
        super().append(page)
        if self.on_page is not None:
            self.on_page(len(self))

    def extend(self, pages: Iterable[Page]) -> None:
        for page in pages:
            self.append(page)
