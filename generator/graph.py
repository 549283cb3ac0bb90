"""Stage 4: the link graph. Who links to whom, both ways, computed once for every page.

A briefing links to the entities it lists and the events it reports; an event links to its
participants, organisations, countries and parent. Every page that lists something is fed
from these same edges, so a link in one direction always has its partner in the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .models import (
    Briefing,
    Corpus,
    EntityKey,
    EntityKind,
    EventRecord,
    EventStatus,
    PartialDate,
)

SECTION = {
    EntityKind.COUNTRY: "countries",
    EntityKind.PERSON: "people",
    EntityKind.ORGANISATION: "organisations",
    EntityKind.EVENT: "events",
    EntityKind.TOPIC: "topics",
}
BRIEFINGS_SECTION = "briefings"


@dataclass(frozen=True)
class Report:
    """What one briefing said about one event."""

    briefing_id: str
    status: EventStatus
    date: PartialDate | None


@dataclass(frozen=True)
class LinkGraph:
    uri_of: dict[EntityKey, str]
    briefing_uri: dict[str, str]
    briefings_of: dict[EntityKey, tuple[str, ...]]
    """Briefing ids that list each entity, newest first."""
    events_of: dict[EntityKey, tuple[str, ...]]
    """Event ids that involve each entity, in date order."""
    entities_of_event: dict[str, tuple[EntityKey, ...]]
    reports_of: dict[str, tuple[Report, ...]]
    """What each briefing said of each event, oldest report first."""
    children_of: dict[str, tuple[str, ...]]
    people_of_country: dict[str, tuple[str, ...]]

    def latest_report(self, event_id: str) -> Report | None:
        reports = self.reports_of.get(event_id, ())
        return reports[-1] if reports else None

    def event_date(self, event_id: str) -> PartialDate | None:
        """The date given by the newest report that gives one."""
        dated = [r.date for r in self.reports_of.get(event_id, ()) if r.date is not None]
        return dated[-1] if dated else None


def entity_uri(key: EntityKey, corpus: Corpus) -> str:
    slug = corpus.registry.countries[key.id].slug if key.kind is EntityKind.COUNTRY else key.id
    return f"{SECTION[key.kind]}/{slug}.md"


def all_entity_keys(corpus: Corpus) -> list[EntityKey]:
    registry = corpus.registry
    keys = [EntityKey(EntityKind.COUNTRY, code) for code in registry.countries]
    keys += [EntityKey(EntityKind.PERSON, i) for i in registry.people]
    keys += [EntityKey(EntityKind.ORGANISATION, i) for i in registry.organisations]
    keys += [EntityKey(EntityKind.EVENT, i) for i in registry.events]
    keys += [EntityKey(EntityKind.TOPIC, i) for i in registry.topics]
    return sorted(keys)


def briefing_entities(briefing: Briefing) -> list[EntityKey]:
    record = briefing.record
    return [
        *(EntityKey(EntityKind.COUNTRY, c) for c in record.countries),
        *(EntityKey(EntityKind.PERSON, p.id) for p in record.people),
        *(EntityKey(EntityKind.ORGANISATION, o) for o in record.organisations),
        *(EntityKey(EntityKind.EVENT, e.id) for e in record.events),
        *(EntityKey(EntityKind.TOPIC, t) for t in record.topics),
    ]


def event_entities(event: EventRecord) -> list[EntityKey]:
    """Everyone and everything the registry says an event involves; nothing is inferred."""
    keys = [EntityKey(EntityKind.COUNTRY, c) for c in event.countries]
    keys += [EntityKey(EntityKind.PERSON, p) for p in event.participants]
    keys += [EntityKey(EntityKind.ORGANISATION, o) for o in event.organisations]
    return keys


def _newest_first(briefings: Iterable[Briefing]) -> tuple[str, ...]:
    return tuple(b.id for b in sorted(briefings, key=lambda b: (b.date, b.id), reverse=True))


def build_graph(corpus: Corpus) -> LinkGraph:
    """Compute every edge once; pages only read from the result."""
    briefings_by_id = {b.id: b for b in corpus.briefings}
    listed_by: dict[EntityKey, list[Briefing]] = defaultdict(list)
    reports: dict[str, list[tuple[Briefing, Report]]] = defaultdict(list)
    for briefing in corpus.briefings:
        for key in briefing_entities(briefing):
            listed_by[key].append(briefing)
        for mention in briefing.record.events:
            report = Report(briefing.id, mention.status, mention.date)
            reports[mention.id].append((briefing, report))
    reports_of = {
        event_id: tuple(r for _, r in sorted(found, key=lambda pair: (pair[0].date, pair[0].id)))
        for event_id, found in sorted(reports.items())
    }
    partial = LinkGraph({}, {}, {}, {}, {}, reports_of, {}, {})
    involved: dict[EntityKey, list[str]] = defaultdict(list)
    entities_of_event: dict[str, tuple[EntityKey, ...]] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for event in corpus.registry.events.values():
        entities_of_event[event.id] = tuple(event_entities(event))
        for key in entities_of_event[event.id]:
            involved[key].append(event.id)
        if event.parent:
            children[event.parent].append(event.id)

    def by_date(event_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(event_ids, key=lambda e: event_sort_key(e, partial)))

    people_of_country: dict[str, list[str]] = defaultdict(list)
    for person in corpus.registry.people.values():
        if person.country:
            people_of_country[person.country].append(person.id)
    keys = all_entity_keys(corpus)
    return LinkGraph(
        uri_of={key: entity_uri(key, corpus) for key in keys},
        briefing_uri={b: f"{BRIEFINGS_SECTION}/{b}.md" for b in sorted(briefings_by_id)},
        briefings_of={key: _newest_first(listed_by.get(key, ())) for key in keys},
        events_of={key: by_date(involved.get(key, ())) for key in keys},
        entities_of_event=entities_of_event,
        reports_of=reports_of,
        children_of={k: by_date(v) for k, v in sorted(children.items())},
        people_of_country={k: tuple(sorted(v)) for k, v in sorted(people_of_country.items())},
    )


def event_sort_key(event_id: str, graph: LinkGraph) -> tuple[int, str, str]:
    """Dated events in date order (a month sorts before its days' end), undated ones last."""
    date = graph.event_date(event_id)
    if date is None:
        return (1, "", event_id)
    return (0, date.first_day.isoformat() + str(date.precision), event_id)
