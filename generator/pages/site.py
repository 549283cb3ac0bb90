"""The site as pages and feeds read it: the corpus, its link graph and the date, for one run.

Views (views.py) and feed writers read everything through a `Site`. In the watch mode it hands
out the graph and the briefings through wrappers that note each read (reads.py), so the build
knows what each output depends on; otherwise the plain objects. Either way they come typed as
the read-only interfaces below (`GraphReads`, `BriefingReads`), so recording is invisible to
the views' types.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ..story.graph import GraphReads, LinkGraph, Pair, briefing_entities, event_sort_key
from ..story.models import (
    Briefing,
    BriefingFile,
    Corpus,
    Country,
    DateSpan,
    EntityKey,
    EntityKind,
    EventRecord,
)
from .markdown_text import MentionLinker, NameTree, name_tree
from .reads import WHOLE, Fact, RecordedBriefings, RecordedGraph, Recorder

Arg = TypeVar("Arg")
Value = TypeVar("Value")


class BriefingReads(Protocol):
    """What pages and feeds read of a briefing: a `Briefing`, or the wrapper that records
    each field read (reads.RecordedBriefing)."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def record(self) -> BriefingFile: ...


@dataclass(frozen=True)
class TimelineItem:
    """One line of a timeline: a briefing, or an event with the date the briefings give."""

    year: int | None
    iso_date: str
    briefing: BriefingReads | None
    event: EventRecord | None
    date: DateSpan | None

    @property
    def sort_key(self) -> tuple[str, str]:
        identifier = self.briefing.id if self.briefing else self.event.id if self.event else ""
        return (self.iso_date, identifier)


class Site:
    """Lookups the templates need: names, links and the graph, for one corpus. Given a
    recorder, it hands out the graph and briefings through wrappers that note what each page
    reads (see reads.py); otherwise the plain objects."""

    def __init__(
        self, corpus: Corpus, graph: LinkGraph, as_of: dt.date, recorder: Recorder | None = None
    ) -> None:
        self.corpus = corpus
        self.as_of = as_of
        self.recorder = recorder
        self._kept: dict[Hashable, Any] = {}
        briefings = {b.id: b for b in corpus.briefings}
        self._plain = briefings
        self.plain_graph = graph
        """The graph as it is, for a writer that says itself what it reads (`reads_whole`)."""
        self.graph: GraphReads = graph
        self.briefings: Mapping[str, BriefingReads] = briefings
        if recorder is not None:
            self.graph = RecordedGraph(graph, recorder)
            self.briefings = RecordedBriefings(briefings, recorder)

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

    def kept(self, key: Hashable, compute: Callable[[Arg], Value], argument: Arg) -> Value:
        """`compute(argument)`, made once a run for `key` (text many pages repeat), where no
        reads are recorded: the watch mode records what each page reads, so there every page
        computes what it shows itself."""
        if self.recorder is not None:
            return compute(argument)
        found: Value | None = self._kept.get(key)
        if found is None:
            found = self._kept[key] = compute(argument)
        return found

    def reads_whole(self, briefing_id: str) -> None:
        """Note that what renders now depends on all of a briefing."""
        if self.recorder is not None:
            self.recorder.read(("briefing", briefing_id, WHOLE))

    def name(self, key: EntityKey) -> str:
        return self.corpus.registry.name(key)

    def uri(self, target: EntityKey | BriefingReads | str) -> str:
        if isinstance(target, EntityKey):
            return self.graph.uri_of[target]
        if isinstance(target, str):
            return target
        return self.graph.briefing_uri[target.id]

    def title(self, target: EntityKey | BriefingReads) -> str:
        if isinstance(target, EntityKey):
            return self.name(target)
        return str(target.record.title)

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
        return MentionLinker(names, here, self._every_name)

    @functools.cached_property
    def _every_name(self) -> NameTree:
        """Every name of every entity that has a page, for every briefing page's links."""
        registry = self.corpus.registry
        return name_tree(name for key in self.plain_graph.uri_of for name in registry.names(key))

    def corpus_briefing(self, briefing_id: str) -> Briefing:
        """The plain briefing, for its own page, which depends on all of it: its output row
        records that as one fact rather than each field read."""
        return self._plain[briefing_id]

    def related(self, briefing: BriefingReads) -> list[BriefingReads]:
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

    def newest_briefings(self) -> list[BriefingReads]:
        return [self.briefings[i] for i in self.graph.newest_first]

    def briefings_listing(self, key: EntityKey) -> list[BriefingReads]:
        """The briefings that list an entity, newest first (the graph keeps them in order)."""
        return [self.briefings[i] for i in self.graph.briefings_of.get(key, ())]

    def offices_attested(self, person_id: str) -> list[tuple[str, BriefingReads]]:
        """Offices briefings give this person, newest attestation first."""
        found = []
        for briefing in self.briefings_listing(EntityKey(EntityKind.PERSON, person_id)):
            for mention in briefing.record.people:
                if mention.id == person_id and mention.office:
                    found.append((mention.office, briefing))
        return found
