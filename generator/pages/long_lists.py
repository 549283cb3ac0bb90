"""Long lists are split: the rule of which pages they take.

A page lists at most LIST_LIMIT items of a list (briefings, events, an event's reports, the
outcomes events produced, the briefings and events of two countries), the newest. When a list
is longer, every item is on a page of its own year, and the page links to each year. A year
page lists at most YEAR_LIMIT items of each of its lists; a longer year goes on in parts, each
item in one part. A section's index of entities (people, say) shows INDEX_LIMIT names a page,
in parts. At 10,000 synthetic briefings the briefings index was 958 KB of HTML, the events
index 494 KB and the largest country page 171 KB: heavy on a phone, slow to rebuild after each
save in the preview, and past what Zensical indexes (issue 17). 1,500 briefings about two
countries made their page 179 KB of Markdown, and 1,500 reports of one event in one year its
year page 226 KB. A small collection keeps one page per list.

Year pages belong to a section (every briefing or every event of a year), to an entity page
(its briefings and events of a year; an event's reports and outcomes) or to the page of two
countries (their briefings, events and outcomes of a year). Their addresses come from
sitemap.year_uri and sitemap.year_part_uri, those of index parts from sitemap.index_part_uri.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..core.memo import BuildCache
from ..story.event_state import known_outcomes
from ..story.graph import GraphReads, LinkGraph
from ..story.models import KINDS, Corpus, EntityKey, EntityKind, Registry
from ..story.sitemap import BRIEFINGS_INDEX_PAGE, SECTION_INDEXES, index_part_uri, year_part_uri

LIST_LIMIT = 200
YEAR_LIMIT = 250
"""Items of one list a year page shows; a longer year goes on in parts. 1,500 reports of one
event in one year were 226 KB of Markdown on one page; 250 are about 40 KB."""
INDEX_LIMIT = 400
"""Names a section index shows on one page: 1,250 people in one table were 190 KB of HTML."""
BRIEFINGS_INDEX = BRIEFINGS_INDEX_PAGE.uri
EVENTS_INDEX = SECTION_INDEXES[EntityKind.EVENT].uri

Item = TypeVar("Item")


@dataclass(frozen=True)
class YearPage:
    uri: str
    year: int
    of: str
    """The page whose list it continues: a section index (`briefings/index.md`,
    `events/index.md`), an entity's page or the page of two countries."""
    entity: EntityKey | None = None
    pair: tuple[str, str] | None = None
    """The codes of the two countries, on a year page of their page."""
    part: int = 1
    parts: int = 1
    """How many pages the year takes (YEAR_LIMIT items of each list a page); this is one."""


def is_long(items: int) -> bool:
    return items > LIST_LIMIT


def part_count(items: int, limit: int) -> int:
    """How many pages a list of `items` takes, `limit` a page."""
    return max(1, -(-items // limit))


def part_of(items: Sequence[Item], number: int, limit: int) -> Sequence[Item]:
    """The items on page `number` (from 1) of a list split `limit` a page."""
    return items[(number - 1) * limit :][:limit]


def year_part(items: Sequence[Item], page: YearPage) -> Sequence[Item]:
    """The items of a year's list that the part `page` shows."""
    return part_of(items, page.part, YEAR_LIMIT)


def briefing_years(graph: GraphReads, briefing_ids: Iterable[str]) -> list[int]:
    return [graph.date_of_briefing[b].year for b in briefing_ids]


def event_years(graph: GraphReads, event_ids: Iterable[str]) -> list[int]:
    """The year of each dated event (its date as lists show it); undated events have none."""
    return [date.first_day.year for e in event_ids if (date := graph.event_date(e)) is not None]


def outcome_years(graph: GraphReads, event_ids: Iterable[str]) -> list[int]:
    """The year of each outcome the events' reports give, each once (event_state rule 9):
    that of the briefing that gave it first."""
    return [
        known.first.briefing_date.year
        for event_id in event_ids
        for known in known_outcomes(event_id, graph.reports_of.get(event_id, ()))
    ]


def site_year_pages(corpus: Corpus, graph: LinkGraph, cache: BuildCache) -> list[YearPage]:
    """The year pages of a corpus and its graph; the watch mode asks twice a save, for the
    pages that exist and for those to render, and computes them once."""
    pages: list[YearPage] = cache.identity("year pages").get(
        graph, lambda g: year_pages(g, corpus.registry.events)
    )
    return pages


def year_pages(graph: LinkGraph, event_ids: Iterable[str]) -> list[YearPage]:
    """Every year page of the site and every part of a long year, given every event there is."""
    pages = []
    if is_long(len(graph.newest_first)):
        pages += _years(BRIEFINGS_INDEX, [Counter(briefing_years(graph, graph.newest_first))])
    dated = event_years(graph, event_ids)
    if is_long(len(dated)):
        pages += _years(EVENTS_INDEX, [Counter(dated)])
    for key, uri in graph.uri_of.items():
        briefings, events = graph.briefings_of.get(key, ()), graph.events_of.get(key, ())
        reports = graph.reports_of.get(key.id, ()) if key.kind is EntityKind.EVENT else ()
        outcomes = outcome_years(graph, [key.id]) if key.kind is EntityKind.EVENT else []
        if any(is_long(len(items)) for items in (briefings, events, reports, outcomes)):
            counts = [
                Counter(briefing_years(graph, briefings)),
                Counter(event_years(graph, events)),
                Counter(report.briefing_date.year for report in reports),
            ]
            counts += [Counter(outcomes)] if is_long(len(outcomes)) else []
            pages += _years(uri, counts, entity=key)
    for pair in graph.pairs.values():
        outcomes = outcome_years(graph, pair.events)
        if is_long(len(pair.briefings) + len(pair.events)) or is_long(len(outcomes)):
            items = [*briefing_years(graph, pair.briefings), *event_years(graph, pair.events)]
            counts = [Counter(items), *([Counter(outcomes)] if is_long(len(outcomes)) else [])]
            pages += _years(pair.uri, counts, pair=pair.codes)
    return sorted(pages, key=lambda page: page.uri)


def _years(
    list_uri: str,
    counts: Sequence[Counter[int]],
    entity: EntityKey | None = None,
    pair: tuple[str, str] | None = None,
) -> list[YearPage]:
    """The pages of each year of the lists on `list_uri`, given how many items each list has
    in each year: one a year, or as many parts as its longest list needs."""
    pages = []
    for year in sorted({year for count in counts for year in count}):
        parts = max(part_count(count[year], YEAR_LIMIT) for count in counts)
        pages += [
            YearPage(year_part_uri(list_uri, year, n), year, list_uri, entity, pair, n, parts)
            for n in range(1, parts + 1)
        ]
    return pages


@dataclass(frozen=True)
class IndexPart:
    """One page of a section's index of entities; part 1 is the index itself."""

    uri: str
    kind: EntityKind
    number: int


def index_parts(count: int) -> int:
    """How many pages an index of `count` names takes."""
    return part_count(count, INDEX_LIMIT)


def index_part_pages(registry: Registry) -> list[IndexPart]:
    """The parts after the first of every section index that has more than one. Events have
    their own index, by date (year pages)."""
    return [
        IndexPart(index_part_uri(kind.entity, number), kind.entity, number)
        for kind in KINDS
        if kind.entity is not EntityKind.EVENT
        for number in range(2, index_parts(len(registry.records(kind.entity))) + 1)
    ]
