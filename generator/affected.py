"""Which pages an edit to some briefings reaches: the watch mode renders only those.

A page changes when something it prints changes. The rules below follow what the templates
and feeds print; the watch tests compare every page with a full run after many kinds of edit,
so a page a rule forgets makes a test fail. An edit to the registry, or a new date, is not
handled here: the watch mode renders everything then. An edit to a source article re-checks
the briefings that quote it, which then count as edited.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .feeds import CALENDAR, EXPORT, EXPORT_SCHEMA, FEED_ENTRIES, MAIN_FEED, country_feed_uri
from .graph import BRIEFINGS_SECTION, SECTION, LinkGraph, briefing_entities
from .models import Briefing, Corpus, EntityKey, EntityKind
from .render import INDEX_PAGES, LATEST_ON_HOME


@dataclass(frozen=True)
class BriefingEdit:
    """One briefing as it was and as it is; None where it did not or does not exist."""

    before: Briefing | None
    after: Briefing | None

    @property
    def versions(self) -> list[Briefing]:
        return [b for b in (self.before, self.after) if b is not None]


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


def page_uris(corpus: Corpus, graph: LinkGraph) -> set[str]:
    """Every page a full run writes."""
    uris = {*graph.briefing_uri.values(), *graph.uri_of.values()}
    uris |= {pair.uri for pair in graph.pairs.values()}
    uris |= {uri for uri, *_ in INDEX_PAGES}
    uris |= {MAIN_FEED, CALENDAR, EXPORT, EXPORT_SCHEMA}
    uris |= {country_feed_uri(country) for country in corpus.registry.countries.values()}
    return uris


def affected_uris(
    edits: Mapping[str, BriefingEdit],
    old_graph: LinkGraph,
    corpus: Corpus,
    graph: LinkGraph,
) -> set[str]:
    """The pages whose text can differ after `edits`, given the registry did not change."""
    versions = [b for edit in edits.values() for b in edit.versions]
    listed = {key for briefing in versions for key in briefing_entities(briefing)}
    # An event's date and status come from its reports; where it is listed, the date of the
    # briefing that reported it last may show too.
    events = {
        k.id
        for k in listed
        if k.kind is EntityKind.EVENT
        and old_graph.reports_of.get(k.id) != graph.reports_of.get(k.id)
    }
    events |= {
        mention.id
        for edit in edits.values()
        if _date_changed(edit)
        for briefing in edit.versions
        for mention in briefing.record.events
    }
    shown = {key for edit in edits.values() for key in _entities_showing(edit)}
    pairs = _pairs_showing(edits, events, corpus)
    # A country page counts the briefings and events it shares with each other country.
    partners = {EntityKey(EntityKind.COUNTRY, code) for pair in pairs for code in pair}
    keys = shown | partners | _showing_events(events, corpus, graph)
    keys |= _showing_offices(shown, corpus)
    uris = {graph.uri_of[key] for key in keys}
    uris |= {graph.pairs[pair].uri for pair in pairs if pair in graph.pairs}
    uris |= _briefing_pages(edits, old_graph, graph)
    uris |= _overview_pages(edits, listed, events, old_graph, corpus, graph)
    uris.add(EXPORT)
    return uris


def _entities_showing(edit: BriefingEdit) -> set[EntityKey]:
    """Entities whose pages show something of this briefing that changed. Entity pages show
    a briefing's title and date where they list it, and a person's office as it gives it."""
    before = set(briefing_entities(edit.before)) if edit.before else set()
    after = set(briefing_entities(edit.after)) if edit.after else set()
    if _heading_changed(edit):
        return before | after
    offices_before = _offices(edit.before)
    offices_after = _offices(edit.after)
    offices_changed = {
        EntityKey(EntityKind.PERSON, person)
        for person in offices_before.keys() | offices_after.keys()
        if offices_before.get(person) != offices_after.get(person)
    }
    return (before ^ after) | offices_changed


def _offices(briefing: Briefing | None) -> dict[str, str | None]:
    return {p.id: p.office for p in briefing.record.people} if briefing else {}


def _showing_events(events: set[str], corpus: Corpus, graph: LinkGraph) -> set[EntityKey]:
    """Entities whose pages list these events: everyone and everything an event involves,
    and its parent."""
    keys: set[EntityKey] = set()
    for event_id in events:
        keys.add(EntityKey(EntityKind.EVENT, event_id))
        keys.update(graph.entities_of_event.get(event_id, ()))
        parent = corpus.registry.events[event_id].parent
        if parent:
            keys.add(EntityKey(EntityKind.EVENT, parent))
    return keys


def _showing_offices(shown: set[EntityKey], corpus: Corpus) -> set[EntityKey]:
    """A country page shows each of its people's latest office, with the briefing's date."""
    people = corpus.registry.people
    return {
        EntityKey(EntityKind.COUNTRY, country)
        for k in shown
        if k.kind is EntityKind.PERSON and (country := people[k.id].country)
    }


def _briefing_pages(
    edits: Mapping[str, BriefingEdit], old_graph: LinkGraph, graph: LinkGraph
) -> set[str]:
    """The edited briefings, and those whose related list changed or shows an edited title."""
    uris = {graph.briefing_uri[i] for i, edit in edits.items() if edit.after is not None}
    retitled = {i for i, edit in edits.items() if _heading_changed(edit)}
    for briefing_id, related in graph.related.items():
        if related != old_graph.related.get(briefing_id) or not retitled.isdisjoint(related):
            uris.add(graph.briefing_uri[briefing_id])
    return uris


def _pairs_showing(
    edits: Mapping[str, BriefingEdit], events: set[str], corpus: Corpus
) -> set[tuple[str, str]]:
    """Country pairs that gained, lost or retitled a briefing, or list a changed event."""
    codes: set[tuple[str, str]] = set()
    for edit in edits.values():
        before, after = _pairs_of(edit.before), _pairs_of(edit.after)
        codes |= (before | after) if _heading_changed(edit) else (before ^ after)
    for event_id in events:
        codes |= _pairs(corpus.registry.events[event_id].countries)
    return codes


def _pairs_of(briefing: Briefing | None) -> set[tuple[str, str]]:
    return _pairs(briefing.record.countries) if briefing else set()


def _pairs(countries: Iterable[str]) -> set[tuple[str, str]]:
    return set(itertools.combinations(sorted(set(countries)), 2))


def _overview_pages(
    edits: Mapping[str, BriefingEdit],
    listed: set[EntityKey],
    events: set[str],
    old_graph: LinkGraph,
    corpus: Corpus,
    graph: LinkGraph,
) -> set[str]:
    """Overviews and feeds, each when what it shows of the edited briefings changed."""
    uris = set()
    if any(_heading_changed(edit) for edit in edits.values()):
        uris.add(f"{BRIEFINGS_SECTION}/index.md")
    if events:
        uris |= {"index.md", "timeline.md", f"{SECTION[EntityKind.EVENT]}/index.md"}
        uris |= {"upcoming.md", CALENDAR}
    newest = {*old_graph.newest_first[:LATEST_ON_HOME], *graph.newest_first[:LATEST_ON_HOME]}
    if any(_heading_changed(edits[i]) for i in newest & edits.keys()):
        uris.add("index.md")
    newest = {*old_graph.newest_first[:FEED_ENTRIES], *graph.newest_first[:FEED_ENTRIES]}
    if not edits.keys().isdisjoint(newest):
        uris.add(MAIN_FEED)
    for key in listed:
        # Section indexes count each entity's briefings.
        if len(old_graph.briefings_of.get(key, ())) != len(graph.briefings_of.get(key, ())):
            uris.add(f"{SECTION[key.kind]}/index.md")
        if key.kind is EntityKind.COUNTRY:
            in_feed = {*old_graph.briefings_of.get(key, ())[:FEED_ENTRIES]}
            in_feed |= {*graph.briefings_of.get(key, ())[:FEED_ENTRIES]}
            if not edits.keys().isdisjoint(in_feed):
                uris.add(country_feed_uri(corpus.registry.countries[key.id]))
    return uris


def _heading_changed(edit: BriefingEdit) -> bool:
    """Whether a list of briefings (titles by date) shows this one differently."""
    if edit.before is None or edit.after is None:
        return True
    before, after = edit.before.record, edit.after.record
    return (before.title, before.date) != (after.title, after.date)


def _date_changed(edit: BriefingEdit) -> bool:
    if edit.before is None or edit.after is None:
        return True
    return edit.before.date != edit.after.date
