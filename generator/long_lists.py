"""Long lists are split: the rule of which pages they take.

A page lists at most LIST_LIMIT briefings and LIST_LIMIT events, the newest. When a list is
longer, every item is on a page of its own year, and the page links to each year. A section's
index of entities (people, say) shows INDEX_LIMIT names a page, in parts. At 10,000
synthetic briefings the briefings index was 958 KB of HTML, the events index 494 KB and the
largest country page 171 KB: heavy on a phone, slow to rebuild after each save in the preview,
and past what Zensical indexes (issue 17). A small collection keeps one page per list.

Year pages belong to a section (every briefing or every event of a year) or to an entity
page (its briefings and events of a year). Their addresses come from sitemap.year_uri, those
of index parts from sitemap.index_part_uri.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .graph import LinkGraph
from .memo import BuildCache
from .models import KIND, KINDS, Corpus, EntityKey, EntityKind, Registry
from .sitemap import BRIEFINGS_DIR, index_part_uri, year_uri

LIST_LIMIT = 200
INDEX_LIMIT = 400
"""Names a section index shows on one page: 1,250 people in one table were 190 KB of HTML."""
BRIEFINGS_INDEX = f"{BRIEFINGS_DIR}/index.md"
EVENTS_INDEX = f"{KIND[EntityKind.EVENT].plural}/index.md"


@dataclass(frozen=True)
class YearPage:
    uri: str
    year: int
    of: str
    """The page whose list it continues: a section index (`briefings/index.md`,
    `events/index.md`) or an entity's page."""
    entity: EntityKey | None = None


def is_long(items: int) -> bool:
    return items > LIST_LIMIT


def briefing_years(graph: LinkGraph, briefing_ids: Iterable[str]) -> list[int]:
    return [graph.date_of_briefing[b].year for b in briefing_ids]


def event_years(graph: LinkGraph, event_ids: Iterable[str]) -> list[int]:
    """The year of each dated event (its date as lists show it); undated events have none."""
    return [date.first_day.year for e in event_ids if (date := graph.event_date(e)) is not None]


def site_year_pages(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> list[YearPage]:
    """The year pages of a corpus and its graph; the watch mode asks twice a save, for the
    pages that exist and for those to render, and computes them once."""
    pages: list[YearPage] = cache.identity("year pages").get(
        graph, lambda g: year_pages(g, corpus.registry.events)
    )
    return pages


def year_pages(graph: LinkGraph, event_ids: Iterable[str]) -> list[YearPage]:
    """Every year page of the site, given every event there is."""
    pages = []
    if is_long(len(graph.newest_first)):
        years = set(briefing_years(graph, graph.newest_first))
        pages += [YearPage(year_uri(BRIEFINGS_INDEX, y), y, BRIEFINGS_INDEX) for y in years]
    dated = event_years(graph, event_ids)
    if is_long(len(dated)):
        pages += [YearPage(year_uri(EVENTS_INDEX, y), y, EVENTS_INDEX) for y in set(dated)]
    for key, uri in graph.uri_of.items():
        briefings, events = graph.briefings_of.get(key, ()), graph.events_of.get(key, ())
        if is_long(len(briefings)) or is_long(len(events)):
            years = {*briefing_years(graph, briefings), *event_years(graph, events)}
            pages += [YearPage(year_uri(uri, y), y, uri, key) for y in years]
    return sorted(pages, key=lambda page: page.uri)


@dataclass(frozen=True)
class IndexPart:
    """One page of a section's index of entities; part 1 is the index itself."""

    uri: str
    kind: EntityKind
    number: int


def index_parts(count: int) -> int:
    """How many pages an index of `count` names takes."""
    return max(1, -(-count // INDEX_LIMIT))


def index_part_pages(registry: Registry) -> list[IndexPart]:
    """The parts after the first of every section index that has more than one. Events have
    their own index, by date (year pages)."""
    return [
        IndexPart(index_part_uri(kind.entity, number), kind.entity, number)
        for kind in KINDS
        if kind.entity is not EntityKind.EVENT
        for number in range(2, index_parts(len(registry.records(kind.entity))) + 1)
    ]
