"""Every output of the site, one row each: what the render stage makes, in one table.

A row is one kind of page or file: how to list its keys from the corpus and the link graph
(every briefing; every country; one key for a page of its own), the address of each key
(from sitemap.py and long_lists.py, the one place each address is made), and how to write it:
a pure view (views.py) laid out by a template (render.py), or a writer (feeds.py). The full
build is one loop over the rows (`render_outputs`); the watch mode asks the same rows which
outputs exist (`output_uris`) and renders again those whose recorded reads changed (reads.py):
pages and feeds alike, since every writer reads the site through `Site`.

A new kind of page is a row here, a view and a template; a section index's row is listed
under Browse on the home page (`SECTION_ROWS`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..core.memo import NO_CACHE, BuildCache
from ..core.workers import in_parts
from ..outputs.feeds import (
    briefing_json_ld,
    calendar_feed,
    country_feed,
    event_json_ld,
    export_file,
    export_schema_file,
    main_feed,
)
from ..pages.long_lists import IndexPart, YearPage, index_part_pages, site_year_pages
from ..pages.reads import WHOLE, Fact, Recorder
from ..pages.render import render_page, search_meta
from ..pages.site import Site
from ..pages.views import (
    Blocks,
    briefing_view,
    briefings_index_view,
    country_view,
    entity_index_view,
    event_view,
    events_index_view,
    home_view,
    long_date,
    named_view,
    organisation_view,
    pair_view,
    person_view,
    timeline_view,
    upcoming_view,
    year_view,
)
from ..story.event_state import NO_DATE
from ..story.graph import LinkGraph, Pair
from ..story.models import KIND, Corpus, Country, EntityKey, EntityKind, Page
from ..story.sitemap import (
    BRIEFING_TEMPLATE,
    BRIEFINGS_INDEX_PAGE,
    CALENDAR,
    EXPORT,
    EXPORT_SCHEMA,
    HOME,
    MAIN_FEED,
    RELATION_TEMPLATE,
    SECTION_INDEXES,
    SITE_NAME,
    TIMELINE,
    UPCOMING,
    YEAR_TEMPLATE,
    OverviewPage,
    country_feed_uri,
)

Key = TypeVar("Key")


@dataclass(frozen=True)
class Build:
    """What a row's writer gets besides its key: the site to read, the run's cache, and the
    site's address (feeds and the calendar link absolutely when it is known)."""

    site: Site
    cache: BuildCache
    site_url: str | None


def _no_facts(key: object) -> tuple[Fact, ...]:
    return ()


@dataclass(frozen=True)
class Output(Generic[Key]):
    """One kind of output: a page kind, a feed, the calendar, the export."""

    name: str
    keys: Callable[[Corpus, LinkGraph, BuildCache], Iterable[Key]]
    """Its keys, from the plain corpus and graph: listing them is no read of a page."""
    uri: Callable[[LinkGraph, Key], str]
    write: Callable[[Build, Key, str], Page]
    """Pure: the output at that address, read through the site."""
    facts: Callable[[Key], tuple[Fact, ...]] = _no_facts
    """What it depends on besides what it reads (a briefing's page: all of the briefing)."""


ViewOf = Callable[[Site, Key, Blocks], Any]
OverviewView = Callable[..., Any]


# --- Pages of a kind ---------------------------------------------------------------------------


def _briefing_page(build: Build, briefing_id: str, uri: str) -> Page:
    site = build.site
    briefing = site.corpus_briefing(briefing_id)
    return render_page(
        BRIEFING_TEMPLATE,
        uri,
        briefing.record.title,
        briefing.record.bottom_line,
        briefing_view(site, briefing, Blocks(site, uri)),
        {
            "json_ld": briefing_json_ld(briefing, site.corpus),
            "search": search_meta("briefing", long_date(briefing.date)),
        },
    )


BRIEFINGS: Output[str] = Output(
    "briefing",
    lambda corpus, graph, cache: graph.newest_first,
    lambda graph, briefing_id: graph.briefing_uri[briefing_id],
    _briefing_page,
    lambda briefing_id: (("briefing", briefing_id, WHOLE),),
)


def _entity_row(kind: EntityKind, view: ViewOf[EntityKey]) -> Output[EntityKey]:
    """The pages of one kind of entity, each laid out by the kind's template."""

    def keys(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> list[EntityKey]:
        return sorted(key for key in graph.uri_of if key.kind is kind)

    def write(build: Build, key: EntityKey, uri: str) -> Page:
        site = build.site
        name = site.name(key)
        blocks = Blocks(site, uri)
        meta: dict[str, Any] = {"search": search_meta(KIND[kind].singular)}
        if kind is EntityKind.EVENT:
            meta["json_ld"] = event_json_ld(key.id, site.corpus, site.graph)
            # No date rather than words saying there is none: a result shows what it has.
            when = blocks.event_when(key.id)
            meta["search"] = search_meta("event", None if when == NO_DATE else when)
        description = f"{name}: briefings and events on {SITE_NAME}."
        return render_page(
            KIND[kind].template, uri, name, description, view(site, key, blocks), meta
        )

    return Output(kind.value, keys, lambda graph, key: graph.uri_of[key], write)


def _pair_page(build: Build, pair: Pair, uri: str) -> Page:
    site = build.site
    names = site.pair_name(pair)
    return render_page(
        RELATION_TEMPLATE,
        uri,
        names,
        f"Every briefing and event that involves {names}.",
        pair_view(site, pair.codes, Blocks(site, uri)),
        {"search": search_meta("two countries")},
    )


PAIRS: Output[Pair] = Output(
    "two countries",
    lambda corpus, graph, cache: graph.pairs.values(),
    lambda graph, pair: pair.uri,
    _pair_page,
    lambda pair: (("graph", "pairs", pair.codes),),
)


def _year_page(build: Build, page: YearPage, uri: str) -> Page:
    site = build.site
    view = year_view(site, page, Blocks(site, uri))
    description = f"{view.title}: every one, on {SITE_NAME}."
    return render_page(YEAR_TEMPLATE, uri, view.title, description, view)


YEARS: Output[YearPage] = Output(
    "year",
    lambda corpus, graph, cache: site_year_pages(corpus, graph, cache),
    lambda graph, page: page.uri,
    _year_page,
)


def _index_part(build: Build, part: IndexPart, uri: str) -> Page:
    site, index, kind = build.site, SECTION_INDEXES[part.kind], KIND[part.kind]
    view = entity_index_view(site, part.kind, Blocks(site, uri), part.number)
    title = f"{kind.title}, part {part.number}"
    return render_page(index.template, uri, title, index.description, view)


INDEX_PARTS: Output[IndexPart] = Output(
    "index part",
    lambda corpus, graph, cache: index_part_pages(corpus.registry),
    lambda graph, part: part.uri,
    _index_part,
)


# --- Pages of their own ------------------------------------------------------------------------


def overview_row(page: OverviewPage, view: OverviewView) -> Output[None]:
    """A page of its own (sitemap.OVERVIEW_PAGES), made by `view(site, blocks)`."""

    def write(build: Build, key: None, uri: str) -> Page:
        site = build.site
        shown = view(site, Blocks(site, uri))
        return render_page(page.template, uri, page.title, page.description, shown)

    return Output(page.uri, _one, lambda graph, key: page.uri, write)


def _one(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> tuple[None]:
    return (None,)


def _section_index(kind: EntityKind) -> Callable[[Site, Blocks], Any]:
    def view(site: Site, blocks: Blocks) -> Any:
        return entity_index_view(site, kind, blocks)

    return view


SECTION_ROWS: tuple[tuple[OverviewPage, OverviewView], ...] = (
    (SECTION_INDEXES[EntityKind.COUNTRY], _section_index(EntityKind.COUNTRY)),
    (SECTION_INDEXES[EntityKind.PERSON], _section_index(EntityKind.PERSON)),
    (SECTION_INDEXES[EntityKind.ORGANISATION], _section_index(EntityKind.ORGANISATION)),
    (SECTION_INDEXES[EntityKind.EVENT], events_index_view),
    (SECTION_INDEXES[EntityKind.TOPIC], _section_index(EntityKind.TOPIC)),
)
"""Each section's index and its view, in the order the home page's Browse list links them."""


def _home(site: Site, blocks: Blocks) -> Any:
    return home_view(site, blocks, tuple(page for page, _ in SECTION_ROWS))


# --- Feeds, the calendar and the export ------------------------------------------------------


def _file(uri: str, write: Callable[[Build], Page]) -> Output[None]:
    """A file of its own."""
    return Output(uri, _one, lambda graph, key: uri, lambda build, key, at: write(build))


def _countries(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> list[Country]:
    return [country for _, country in sorted(corpus.registry.countries.items())]


COUNTRY_FEEDS: Output[Country] = Output(
    "country feed",
    _countries,
    lambda graph, country: country_feed_uri(country.slug),
    lambda build, country, uri: country_feed(build.site, country, build.site_url),
)


OUTPUTS: tuple[Output[Any], ...] = (
    BRIEFINGS,
    _entity_row(EntityKind.COUNTRY, country_view),
    _entity_row(EntityKind.PERSON, person_view),
    _entity_row(EntityKind.ORGANISATION, organisation_view),
    _entity_row(EntityKind.EVENT, event_view),
    _entity_row(EntityKind.TOPIC, named_view),
    PAIRS,
    overview_row(HOME, _home),
    overview_row(BRIEFINGS_INDEX_PAGE, briefings_index_view),
    *(overview_row(page, view) for page, view in SECTION_ROWS),
    overview_row(TIMELINE, timeline_view),
    overview_row(UPCOMING, upcoming_view),
    YEARS,
    INDEX_PARTS,
    _file(MAIN_FEED, lambda build: main_feed(build.site, build.site_url)),
    COUNTRY_FEEDS,
    _file(
        CALENDAR,
        lambda build: calendar_feed(
            build.site.corpus, build.site.graph, build.cache, build.site_url
        ),
    ),
    _file(EXPORT, lambda build: export_file(build.site, build.cache)),
    _file(EXPORT_SCHEMA, lambda build: export_schema_file()),
)
"""Every output of the site."""


def output_uris(corpus: Corpus, graph: LinkGraph, cache: BuildCache = NO_CACHE) -> set[str]:
    """The address of every output a full run writes."""
    return {row.uri(graph, key) for row in OUTPUTS for key in row.keys(corpus, graph, cache)}


PART_SIZE = 100
"""Outputs of one row rendered together by a worker: large enough that sending the work and
its pages costs little beside it, small enough that the workers finish close together."""


def _todo(
    corpus: Corpus, graph: LinkGraph, only: Container[str] | None, cache: BuildCache
) -> list[tuple[Output[Any], Any, str]]:
    """Each output to render, as (row, key, address), in the table's order."""
    todo: list[tuple[Output[Any], Any, str]] = []
    for row in OUTPUTS:
        for key in row.keys(corpus, graph, cache):
            uri = row.uri(graph, key)
            if only is None or uri in only:
                todo.append((row, key, uri))
    return todo


def render_outputs(
    corpus: Corpus,
    graph: LinkGraph,
    as_of: dt.date,
    only: Container[str] | None = None,
    cache: BuildCache = NO_CACHE,
    reads: dict[str, frozenset[Fact]] | None = None,
    site_url: str | None = None,
    on_page: Callable[[int], None] | None = None,
    workers: int = 1,
) -> list[Page]:
    """Every output, or those whose address is in `only`, sorted by address. `as_of` decides
    which events are upcoming. Given `reads`, it receives the facts each output read (the
    watch mode keeps them to know what an edit reaches); `on_page` hears the count of outputs
    as they come. With more than one worker, the outputs are rendered in forked worker
    processes (core/workers.py), for a run that keeps nothing: the facts read and the memos
    of `cache` would stay in the workers, so `reads` and a cache that keeps its memos call
    for one worker."""
    site = Site(corpus, graph, as_of, Recorder() if reads is not None else None)
    build = Build(site, cache, site_url)
    todo = _todo(corpus, graph, only, cache)
    pages: list[Page] = []
    if workers > 1:
        assert reads is None and cache is NO_CACHE, "workers keep no reads and no memos"
        rendered: dict[int, list[Page]] = {}
        _render_in_parts(build, todo, workers, on_page, list, rendered.__setitem__)
        pages = [page for number in sorted(rendered) for page in rendered[number]]
    else:
        for row, key, uri in todo:
            with site.recording(uri, reads, *row.facts(key)):
                pages.append(row.write(build, key, uri))
            if on_page is not None:
                on_page(len(pages))
    return sorted(pages, key=lambda page: page.uri)


Receipt = TypeVar("Receipt")


def render_staged(
    corpus: Corpus,
    graph: LinkGraph,
    as_of: dt.date,
    stage: Callable[[Sequence[Page]], Receipt],
    take: Callable[[Receipt], None],
    site_url: str | None = None,
    on_page: Callable[[int], None] | None = None,
    workers: int = 1,
) -> int:
    """Every output, for a full run that writes them: each part's pages go to `stage` in
    the process that rendered them (a worker, with more than one), and what it returns goes
    to `take` in this one, a part at a time in no set order. Returns how many outputs there
    were. The pages' text stays where it was made: at 10,000 briefings, sending 120 MB of
    pages back to be written here cost a second of the run's two cores (measured)."""
    build = Build(Site(corpus, graph, as_of), NO_CACHE, site_url)
    todo = _todo(corpus, graph, None, NO_CACHE)
    _render_in_parts(build, todo, workers, on_page, stage, lambda number, done: take(done))
    return len(todo)


def _parts(todo: Sequence[tuple[Output[Any], Any, str]]) -> list[range]:
    """The outputs in parts of at most PART_SIZE, each of one row."""
    parts: list[range] = []
    start = 0
    for index in range(1, len(todo) + 1):
        if index == len(todo) or todo[index][0] is not todo[start][0] or index - start == PART_SIZE:
            parts.append(range(start, index))
            start = index
    return parts


def _render_in_parts(
    build: Build,
    todo: Sequence[tuple[Output[Any], Any, str]],
    workers: int,
    on_page: Callable[[int], None] | None,
    stage: Callable[[list[Page]], Receipt],
    take: Callable[[int, Receipt], None],
) -> None:
    """Each part's pages through `stage` where they are rendered, and its result, with the
    part's number, through `take` here (see `in_parts` for one worker and for errors)."""
    parts = _parts(todo)

    def render_part(number: int) -> Receipt:
        return stage(
            [row.write(build, key, uri) for row, key, uri in (todo[i] for i in parts[number])]
        )

    # The rows at the end of the table (the export, the calendar, year pages) cost the most
    # an output: started first, they leave the many small parts to even out the end.
    order = range(len(parts) - 1, -1, -1)
    count = 0
    # Closed at once if `take` fails, which ends the workers (see in_parts).
    with contextlib.closing(in_parts(render_part, len(parts), workers, order)) as done:
        for number, receipt in done:
            take(number, receipt)
            if on_page is None:
                continue
            for _ in parts[number]:
                count += 1
                on_page(count)
