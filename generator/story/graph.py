"""Stage 4: the link graph. Who links to whom, both ways, computed once for every page.

A briefing links to the entities it lists and the events it reports; an event links to its
participants, organisations, countries and parent. Every page that lists something is fed
from these same edges, so a link in one direction always has its partner in the other.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from . import sitemap
from .event_state import EventState, Meeting, Report, event_state, in_order, meetings
from .models import (
    KINDS,
    Briefing,
    Corpus,
    DateSpan,
    EntityKey,
    EntityKind,
    EventRecord,
)


@dataclass(frozen=True)
class LinkGraph:
    uri_of: dict[EntityKey, str]
    briefing_uri: dict[str, str]
    newest_first: tuple[str, ...]
    """Every briefing id, newest first (by date, then id): the order of every briefing list."""
    date_of_briefing: dict[str, dt.date]
    """Each briefing's date, for pictures that count briefings over time."""
    briefings_of: dict[EntityKey, tuple[str, ...]]
    """Briefing ids that list each entity, newest first."""
    events_of: dict[EntityKey, tuple[str, ...]]
    """Event ids that involve each entity, in date order."""
    entities_of_event: dict[str, tuple[EntityKey, ...]]
    reports_of: dict[str, tuple[Report, ...]]
    """What each briefing said of each event, in the order of event_state's rule 1."""
    state_of: dict[str, EventState]
    """What is known of each reported event now (event_state.py)."""
    children_of: dict[str, tuple[str, ...]]
    people_of_country: dict[str, tuple[str, ...]]
    date_of_event: dict[str, DateSpan | None]
    """The date each event sorts by: the earliest its current state gives."""
    reported_participants: dict[str, tuple[str, ...]]
    """People the reports of each event say take part, beyond the registry's participants."""
    related: dict[str, tuple[str, ...]]
    """For each briefing, the briefings that share most entities with it, best first."""
    partners: dict[str, tuple[tuple[str, int], ...]]
    """For each country, the countries it appears with, most often first, with the count."""
    pairs: dict[tuple[str, str], Pair]
    actors_of: dict[str, tuple[str, ...]]
    """For each briefing, the countries it lists that act in it (see _actors)."""
    meetings_of: dict[str, tuple[Meeting, ...]]
    """For each event with any, who met (or is planned to meet) whom there, by
    event_state's rule 7: the one place that decides it."""
    met: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    """For each person, the people they met (rule 7, held), with the events where."""
    planned_meetings: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    """For each person, the people they are planned to meet (rule 7, a plan), with the
    events; never counted as met."""

    def state(self, event_id: str) -> EventState | None:
        return self.state_of.get(event_id)

    def event_date(self, event_id: str) -> DateSpan | None:
        return self.date_of_event.get(event_id)

    def pair(self, first: str, second: str) -> Pair | None:
        return self.pairs.get((first, second) if first < second else (second, first))


class GraphReads(Protocol):
    """What pages and feeds read of the link graph: `LinkGraph` itself, or the wrapper that
    records each read in the watch mode (reads.RecordedGraph). Read-only, so either serves."""

    @property
    def uri_of(self) -> Mapping[EntityKey, str]: ...
    @property
    def briefing_uri(self) -> Mapping[str, str]: ...
    @property
    def newest_first(self) -> tuple[str, ...]: ...
    @property
    def date_of_briefing(self) -> Mapping[str, dt.date]: ...
    @property
    def briefings_of(self) -> Mapping[EntityKey, tuple[str, ...]]: ...
    @property
    def events_of(self) -> Mapping[EntityKey, tuple[str, ...]]: ...
    @property
    def entities_of_event(self) -> Mapping[str, tuple[EntityKey, ...]]: ...
    @property
    def reports_of(self) -> Mapping[str, tuple[Report, ...]]: ...
    @property
    def state_of(self) -> Mapping[str, EventState]: ...
    @property
    def children_of(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def people_of_country(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def date_of_event(self) -> Mapping[str, DateSpan | None]: ...
    @property
    def reported_participants(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def related(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def partners(self) -> Mapping[str, tuple[tuple[str, int], ...]]: ...
    @property
    def pairs(self) -> Mapping[tuple[str, str], Pair]: ...
    @property
    def actors_of(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def meetings_of(self) -> Mapping[str, tuple[Meeting, ...]]: ...
    @property
    def met(self) -> Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]: ...
    @property
    def planned_meetings(self) -> Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]: ...
    def state(self, event_id: str) -> EventState | None: ...
    def event_date(self, event_id: str) -> DateSpan | None: ...
    def pair(self, first: str, second: str) -> Pair | None: ...


@dataclass(frozen=True)
class Pair:
    """Two countries and everything that involves both: one page, like India–Russia."""

    codes: tuple[str, str]
    uri: str
    briefings: tuple[str, ...]
    events: tuple[str, ...]


def entity_uri(key: EntityKey, corpus: Corpus) -> str:
    slug = corpus.registry.countries[key.id].slug if key.kind is EntityKind.COUNTRY else key.id
    return sitemap.entity_uri(key.kind, slug)


def all_entity_keys(corpus: Corpus) -> list[EntityKey]:
    registry = corpus.registry
    return sorted(
        EntityKey(kind.entity, i) for kind in KINDS for i in registry.records(kind.entity)
    )


def briefing_entities(briefing: Briefing) -> tuple[EntityKey, ...]:
    return briefing.entity_keys


def event_entities(event: EventRecord, reported: tuple[str, ...] = ()) -> list[EntityKey]:
    """Everyone and everything the registry says an event involves, and the people its
    reports say take part; nothing is inferred."""
    keys = [EntityKey(EntityKind.COUNTRY, c) for c in event.countries]
    people = [*event.participants, *(p for p in reported if p not in event.participants)]
    keys += [EntityKey(EntityKind.PERSON, p) for p in people]
    keys += [EntityKey(EntityKind.ORGANISATION, o) for o in event.organisations]
    return keys


@dataclass(frozen=True)
class GraphChange:
    """The previous run's graph and what changed since, for the same registry: the watch mode
    passes it so that only what an edit can reach is computed again."""

    previous: LinkGraph
    changed: frozenset[str]
    """Briefing ids added, removed or edited."""
    previous_keys: frozenset[EntityKey]
    """What the previous versions of those briefings listed."""


@dataclass(frozen=True)
class _EventEdges:
    """The edges that come from the registry and the events' dates alone."""

    uri_of: dict[EntityKey, str]
    events_of: dict[EntityKey, tuple[str, ...]]
    entities_of_event: dict[str, tuple[EntityKey, ...]]
    children_of: dict[str, tuple[str, ...]]
    people_of_country: dict[str, tuple[str, ...]]


def build_graph(corpus: Corpus, change: GraphChange | None = None) -> LinkGraph:
    """Compute every edge once; pages only read from the result. With a change (and the same
    registry), what the change cannot reach is taken from the previous graph."""
    newest_first = sorted(corpus.briefings, key=lambda b: (b.date, b.id), reverse=True)
    entities_of = {b.id: briefing_entities(b) for b in newest_first}
    # Walking the briefings newest first leaves every list below in order without a sort.
    listed_by: dict[EntityKey, list[str]] = defaultdict(list)
    for briefing in newest_first:
        for key in entities_of[briefing.id]:
            listed_by[key].append(briefing.id)
    reports: dict[str, list[Report]] = defaultdict(list)
    for briefing in newest_first:
        for mention in briefing.record.events:
            reports[mention.id].append(
                Report(
                    briefing.id,
                    briefing.date,
                    mention.status,
                    mention.date,
                    mention.place,
                    tuple(mention.participants),
                    tuple(mention.outcomes),
                    claims=tuple(mention.claims),
                    planned_for=mention.planned_for,
                )
            )
    reports_of = {event_id: tuple(in_order(found)) for event_id, found in sorted(reports.items())}
    # An event whose reports are unchanged keeps its state: the watch mode's edits reach few.
    before = change.previous if change else None
    state_of = {
        event_id: before.state_of.get(event_id)
        if before is not None and before.reports_of.get(event_id) == found
        else event_state(found)
        for event_id, found in reports_of.items()
    }
    date_of_event = {event_id: state.date for event_id, state in state_of.items() if state}
    reported_participants = _reported_participants(reports_of)
    sort_keys = {e: _date_sort_key(e, date_of_event.get(e)) for e in corpus.registry.events}

    def by_date(event_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(event_ids, key=sort_keys.__getitem__))

    previous = change.previous if change else None
    if (
        previous is not None
        and previous.date_of_event == date_of_event
        and previous.reported_participants == reported_participants
    ):
        edges = _EventEdges(
            previous.uri_of,
            previous.events_of,
            previous.entities_of_event,
            previous.children_of,
            previous.people_of_country,
        )
    else:
        edges = _event_edges(corpus, by_date, reported_participants)
    # The registry is the same under a change, so an unchanged briefing keeps its actors.
    actors_of = {
        b.id: previous.actors_of[b.id]
        if previous is not None and change is not None and b.id not in change.changed
        else tuple(_actors(b, corpus))
        for b in newest_first
    }
    pairs = _country_pairs(corpus, newest_first, actors_of)
    meetings_of = _meetings_of(corpus, reports_of, state_of)
    # The same meetings on the same dates give the same lists: the watch mode keeps them.
    if (
        previous is not None
        and previous.meetings_of == meetings_of
        and previous.date_of_event == date_of_event
    ):
        met, planned = previous.met, previous.planned_meetings
    else:
        met, planned = _met(meetings_of, by_date, held=True), _met(meetings_of, by_date, held=False)
    return LinkGraph(
        uri_of=edges.uri_of,
        briefing_uri={b.id: sitemap.briefing_uri(b.id) for b in reversed(newest_first)},
        newest_first=tuple(b.id for b in newest_first),
        date_of_briefing={b.id: b.date for b in reversed(newest_first)},
        briefings_of={key: tuple(listed_by.get(key, ())) for key in edges.uri_of},
        events_of=edges.events_of,
        entities_of_event=edges.entities_of_event,
        reports_of=reports_of,
        state_of={event_id: state for event_id, state in state_of.items() if state},
        children_of=edges.children_of,
        people_of_country=edges.people_of_country,
        date_of_event=date_of_event,
        reported_participants=reported_participants,
        related=_related(entities_of, listed_by, change),
        partners=_partners(pairs),
        pairs={codes: _pair(codes, found, corpus, by_date) for codes, found in pairs.items()},
        actors_of=actors_of,
        meetings_of=meetings_of,
        met=met,
        planned_meetings=planned,
    )


def _reported_participants(
    reports_of: dict[str, tuple[Report, ...]],
) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for event_id, reports in reports_of.items():
        people = sorted({p for report in reports for p in report.participants})
        if people:
            found[event_id] = tuple(people)
    return found


def _event_edges(
    corpus: Corpus,
    by_date: Callable[[Iterable[str]], tuple[str, ...]],
    reported_participants: dict[str, tuple[str, ...]],
) -> _EventEdges:
    involved: dict[EntityKey, list[str]] = defaultdict(list)
    entities_of_event: dict[str, tuple[EntityKey, ...]] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for event in corpus.registry.events.values():
        reported = reported_participants.get(event.id, ())
        entities_of_event[event.id] = tuple(event_entities(event, reported))
        for key in entities_of_event[event.id]:
            involved[key].append(event.id)
        if event.parent:
            children[event.parent].append(event.id)
    people_of_country: dict[str, list[str]] = defaultdict(list)
    for person in corpus.registry.people.values():
        if person.country:
            people_of_country[person.country].append(person.id)
    keys = all_entity_keys(corpus)
    return _EventEdges(
        uri_of={key: entity_uri(key, corpus) for key in keys},
        events_of={key: by_date(involved.get(key, ())) for key in keys},
        entities_of_event=entities_of_event,
        children_of={k: by_date(v) for k, v in sorted(children.items())},
        people_of_country={k: tuple(sorted(v)) for k, v in sorted(people_of_country.items())},
    )


def _date_sort_key(event_id: str, date: DateSpan | None) -> tuple[int, str, str]:
    """Dated events in date order (a month sorts before its days' end), undated ones last."""
    if date is None:
        return (1, "", event_id)
    return (0, _date_order(date), event_id)


@functools.lru_cache(maxsize=1 << 14)
def _date_order(date: DateSpan) -> str:
    # Every list of events sorts by it: a few thousand dates, asked for hundreds of thousands
    # of times by the pages of 10,000 briefings.
    return date.first_day.isoformat() + str(date.precision)


def event_sort_key(event_id: str, graph: GraphReads) -> tuple[int, str, str]:
    return _date_sort_key(event_id, graph.event_date(event_id))


# Entities listed by more briefings than this (a large country, say) do not propose related
# briefings: they relate everything to everything and would make the search quadratic.
RELATED_HUB_LIMIT = 60
RELATED_COUNT = 5


def _related(
    entities_of: dict[str, tuple[EntityKey, ...]],
    listed_by: dict[EntityKey, list[str]],
    change: GraphChange | None,
) -> dict[str, tuple[str, ...]]:
    ids_of = {key: listed for key, listed in listed_by.items() if len(listed) <= RELATED_HUB_LIMIT}
    if change is None:
        related = {}
        wanted: Iterable[str] = entities_of
    else:
        related = {i: found for i, found in change.previous.related.items() if i in entities_of}
        wanted = _related_reached(entities_of, listed_by, change)
    for briefing_id in wanted:
        shared: Counter[str] = Counter()
        for key in entities_of[briefing_id]:
            shared.update(ids_of.get(key, ()))
        shared.pop(briefing_id, None)
        # Most shared entities first; among equals, the newest (ids start with the date).
        best = heapq.nlargest(RELATED_COUNT, shared.items(), key=_count_then_id)
        related[briefing_id] = tuple(other for other, _ in best)
    return related


def _related_reached(
    entities_of: dict[str, tuple[EntityKey, ...]],
    listed_by: dict[EntityKey, list[str]],
    change: GraphChange,
) -> set[str]:
    """Briefings whose related list can differ: the changed ones, and every briefing listed
    by an entity whose list changed, unless that entity is a hub both before and after."""
    present = {i for i in change.changed if i in entities_of}
    touched = change.previous_keys.union(*(entities_of[i] for i in present))
    reached = set(present)
    for key in touched:
        now, before = listed_by.get(key, ()), change.previous.briefings_of.get(key, ())
        if len(now) <= RELATED_HUB_LIMIT or len(before) <= RELATED_HUB_LIMIT:
            reached.update(now)
    return reached


def _count_then_id(item: tuple[str, int]) -> tuple[int, str]:
    return item[1], item[0]


class _PairItems:
    def __init__(self) -> None:
        self.briefings: list[str] = []
        """Newest first, as the briefings are walked."""
        self.events: set[str] = set()


def _country_pairs(
    corpus: Corpus, newest_first: list[Briefing], actors_of: dict[str, tuple[str, ...]]
) -> dict[tuple[str, str], _PairItems]:
    """Countries that act together: that take part in an event together, or whose people
    or events a briefing reports together. Two countries a text merely mentions (a war
    elsewhere, a neighbour) make no pair."""
    pairs: dict[tuple[str, str], _PairItems] = defaultdict(_PairItems)
    events = corpus.registry.events
    for briefing in newest_first:
        for pair in itertools.combinations(actors_of[briefing.id], 2):
            pairs[pair].briefings.append(briefing.id)
    for event in events.values():
        for pair in itertools.combinations(sorted(set(event.countries)), 2):
            pairs[pair].events.add(event.id)
    return dict(sorted(pairs.items()))


def _actors(briefing: Briefing, corpus: Corpus) -> list[str]:
    """The countries a briefing lists that act in it: through a person it lists, or an
    event it reports."""
    record, registry = briefing.record, corpus.registry
    acting = {registry.people[p.id].country or "" for p in record.people}
    acting.update(c for e in record.events for c in registry.events[e.id].countries)
    return sorted(acting.intersection(record.countries))


def _partners(pairs: dict[tuple[str, str], _PairItems]) -> dict[str, tuple[tuple[str, int], ...]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for (first, second), items in pairs.items():
        together = len(items.briefings) + len(items.events)
        counts[first][second] += together
        counts[second][first] += together
    return {
        code: tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
        for code, counter in sorted(counts.items())
    }


def _pair(
    codes: tuple[str, str],
    items: _PairItems,
    corpus: Corpus,
    by_date: Callable[[Iterable[str]], tuple[str, ...]],
) -> Pair:
    countries = corpus.registry.countries
    return Pair(
        codes=codes,
        uri=sitemap.pair_uri(countries[codes[0]].slug, countries[codes[1]].slug),
        briefings=tuple(items.briefings),
        events=by_date(items.events),
    )


def _meetings_of(
    corpus: Corpus,
    reports_of: dict[str, tuple[Report, ...]],
    state_of: dict[str, EventState | None],
) -> dict[str, tuple[Meeting, ...]]:
    """Rule 4 for every reported event; an event no briefing reports is no meeting."""
    found = {}
    for event_id, reports in reports_of.items():
        registry = corpus.registry.events[event_id].participants
        at_event = meetings(state_of.get(event_id), reports, registry)
        if at_event:
            found[event_id] = at_event
    return found


def _met(
    meetings_of: dict[str, tuple[Meeting, ...]],
    by_date: Callable[[Iterable[str]], tuple[str, ...]],
    *,
    held: bool,
) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """For each person, whom they met (or, not held, are planned to meet), and where."""
    together: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event_id, found in meetings_of.items():
        for meeting in found:
            if meeting.held is held:
                first, second = meeting.people
                together[first][second].add(event_id)
                together[second][first].add(event_id)
    return {
        person: tuple((other, by_date(events)) for other, events in sorted(others.items()))
        for person, others in sorted(together.items())
    }
