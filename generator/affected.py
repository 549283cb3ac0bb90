"""What an edit is, for the watch mode: which briefings changed, and which pages exist.

Which pages an edit reaches is not predicted here: each site page records what it read when
it was rendered (reads.py), and the feeds say what they show (feeds.feeds_reached). An edit to
the registry, or a new date, renders everything. An edit to a source article re-checks the
briefings that quote it, which then count as edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from .feeds import country_feed_uri
from .graph import LinkGraph
from .long_lists import index_part_pages, site_year_pages
from .memo import NO_CACHE, BuildCache
from .models import Briefing, Corpus
from .sitemap import CALENDAR, EXPORT, EXPORT_SCHEMA, MAIN_FEED, OVERVIEW_PAGES


@dataclass(frozen=True)
class BriefingEdit:
    """One briefing as it was and as it is; None where it did not or does not exist."""

    before: Briefing | None
    after: Briefing | None


def briefing_edits(old: Corpus, new: Corpus) -> dict[str, BriefingEdit]:
    """Briefings added, removed or changed. An unchanged file keeps its parsed object from one
    run to the next (the load and validate memos), so identity says what changed."""
    before = {b.id: b for b in old.briefings}
    after = {b.id: b for b in new.briefings}
    return {
        i: BriefingEdit(before.get(i), after.get(i))
        for i in sorted(before.keys() | after.keys())
        if before.get(i) is not after.get(i)
    }


def page_uris(corpus: Corpus, graph: LinkGraph, cache: BuildCache = NO_CACHE) -> set[str]:
    """Every page a full run writes."""
    uris = {*graph.briefing_uri.values(), *graph.uri_of.values()}
    uris |= {pair.uri for pair in graph.pairs.values()}
    uris |= {page.uri for page in OVERVIEW_PAGES}
    uris |= {MAIN_FEED, CALENDAR, EXPORT, EXPORT_SCHEMA}
    uris |= {country_feed_uri(country) for country in corpus.registry.countries.values()}
    uris |= {page.uri for page in site_year_pages(corpus, graph, cache)}
    uris |= {part.uri for part in index_part_pages(corpus.registry)}
    return uris
