"""What each output (a page, a feed, the calendar, the export) read while it was rendered, so
the watch mode re-renders exactly the outputs an edit reaches: dependencies recorded, not
predicted.

While an output renders, the site (site.Site) hands out the link graph and briefings through thin
wrappers that note each read as a fact:

- `("briefing", id, "record.title")`: one field of one briefing (`""` for the whole briefing,
  which its own page and the export read);
- `("graph", "briefings_of", key)`: one entry of one of the link graph's maps;
- `("graph", "newest_first", None)`: the order of all briefings.

After an edit, a fact has changed when the value it names differs between the previous and
the new corpus and graph; the outputs that read a changed fact are rendered again. The
registry and the date are not recorded: every output reads them, so a change to either
renders everything (pipeline._same_output_basis). One-off runs record
nothing and pay nothing: the accessor then hands out the plain objects.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from ..story.graph import LinkGraph
from ..story.models import Briefing, BriefingFile

Fact = tuple[str, str, Any]
WHOLE = ""
"""The field name of a fact about a whole briefing."""


class Recorder:
    """Collects the facts one page reads; reads outside a page go nowhere."""

    def __init__(self) -> None:
        self.current: set[Fact] | None = None

    @property
    def facts(self) -> set[Fact]:
        """Where reads go now. Wrappers take it when they are made, so a read is one set
        insertion: pages read tens of thousands of facts."""
        return self.current if self.current is not None else set()

    def read(self, fact: Fact) -> None:
        if self.current is not None:
            self.current.add(fact)


# Wrappers spell out the fields pages read most (a list reads each briefing's date and title)
# as properties: the __getattr__ fallback costs a failed lookup first.


class RecordedRecord:
    """A briefing's record whose field reads are noted."""

    __slots__ = ("_facts", "_id", "_record")

    def __init__(self, record: Any, briefing_id: str, facts: set[Fact]) -> None:
        self._record, self._id, self._facts = record, briefing_id, facts

    @property
    def title(self) -> str:
        self._facts.add(("briefing", self._id, "record.title"))
        title: str = self._record.title
        return title

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._record, name)  # a name the record lacks is no fact
        if not name.startswith("_"):
            self._facts.add(("briefing", self._id, f"record.{name}"))
        return value


class RecordedBriefing:
    """A briefing whose reads are noted; its id never changes, so reading it is no fact."""

    __slots__ = ("_facts", "_record", "briefing", "id")

    def __init__(self, briefing: Briefing, facts: set[Fact]) -> None:
        self.briefing, self.id, self._facts = briefing, briefing.id, facts
        self._record: RecordedRecord | None = None

    @property
    def record(self) -> BriefingFile:
        """The record, standing in for a `BriefingFile`: it forwards every field read."""
        if self._record is None:
            self._record = RecordedRecord(self.briefing.record, self.id, self._facts)
        return cast(BriefingFile, self._record)

    @property
    def date(self) -> dt.date:
        self._facts.add(("briefing", self.id, "date"))
        return self.briefing.date

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.briefing, name)  # a name the briefing lacks is no fact
        if not name.startswith("_"):
            self._facts.add(("briefing", self.id, name))
        return value


class RecordedMap(Mapping[Any, Any]):
    """One of the graph's maps: each entry read is a fact; reading all of it is one fact."""

    def __init__(self, name: str, entries: Mapping[Any, Any], recorder: Recorder) -> None:
        self._name, self._entries, self._recorder = name, entries, recorder

    def __getitem__(self, key: Any) -> Any:
        self._recorder.read(("graph", self._name, key))
        return self._entries[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._recorder.read(("graph", self._name, key))
        return self._entries.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._recorder.read(("graph", self._name, key))
        return key in self._entries

    def __iter__(self) -> Iterator[Any]:
        self._recorder.read(("graph", self._name, None))
        return iter(self._entries)

    def __len__(self) -> int:
        self._recorder.read(("graph", self._name, None))
        return len(self._entries)


class RecordedBriefings(Mapping[str, RecordedBriefing]):
    """Briefings by id, handed out as recorded briefings."""

    def __init__(self, briefings: Mapping[str, Briefing], recorder: Recorder) -> None:
        self._briefings, self._recorder = briefings, recorder

    def __getitem__(self, briefing_id: str) -> RecordedBriefing:
        return RecordedBriefing(self._briefings[briefing_id], self._recorder.facts)

    def __iter__(self) -> Iterator[str]:
        self._recorder.read(("graph", "newest_first", None))  # which briefings there are
        return iter(self._briefings)

    def __len__(self) -> int:
        self._recorder.read(("graph", "newest_first", None))
        return len(self._briefings)


class RecordedGraph:
    """The link graph, with every read noted; it offers all of `LinkGraph` (so it serves as
    a `GraphReads`) without repeating it: each of the graph's maps comes as a `RecordedMap`,
    each of its methods runs on the wrapper (so what the method reads of the maps is noted),
    and a plain value (the order of all briefings) is one fact."""

    def __init__(self, graph: LinkGraph, recorder: Recorder) -> None:
        self._graph, self._recorder = graph, recorder

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._graph, name)
        method = getattr(type(self._graph), name, None)
        bound: object
        if inspect.isfunction(method):
            bound = types.MethodType(method, self)
        elif isinstance(value, dict):
            bound = RecordedMap(name, value, self._recorder)
        else:
            self._recorder.read(("graph", name, None))
            return value
        # Kept on the wrapper, so the next use finds it without coming here: the recorder
        # routes each read to the page rendering now.
        setattr(self, name, bound)
        return bound


# --- After an edit: which facts changed, which pages read them ----------------------------


def _briefing_value(briefing: Briefing | None, path: str) -> Any:
    if briefing is None:
        return None
    value: Any = briefing
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _differs(before: Any, after: Any) -> bool:
    return before is not after and before != after


@dataclass
class PageReads:
    """For each page the facts it read when last rendered, and the other way round."""

    by_page: dict[str, frozenset[Fact]] = field(default_factory=dict)
    readers: dict[Fact, set[str]] = field(default_factory=dict)
    _of_briefing: dict[str, set[Fact]] = field(default_factory=dict)
    _of_graph: dict[str, set[Any]] = field(default_factory=dict)
    """The keys read of each of the graph's maps (None: the whole map, or a plain value)."""

    def start_over(self, reads: Mapping[str, frozenset[Fact]]) -> None:
        """Forget every page, then keep what these pages read (after a full render)."""
        self.by_page, self.readers = {}, {}
        self._of_briefing, self._of_graph = {}, {}
        for uri, facts in reads.items():
            self.replace(uri, facts)

    def replace(self, uri: str, facts: frozenset[Fact]) -> None:
        """What the page at uri read when it was rendered now. Pages read much the same from
        one render to the next, so only the difference is indexed."""
        before = self.by_page.get(uri, frozenset())
        if facts == before:
            return
        self.by_page[uri] = facts
        self._unindex(uri, before - facts)
        for fact in facts - before:
            readers = self.readers.get(fact)
            if readers is None:
                readers = self.readers[fact] = set()
                if fact[0] == "briefing":
                    self._of_briefing.setdefault(fact[1], set()).add(fact)
                else:
                    self._of_graph.setdefault(fact[1], set()).add(fact[2])
            readers.add(uri)

    def forget(self, uri: str) -> None:
        self._unindex(uri, self.by_page.pop(uri, frozenset()))

    def _unindex(self, uri: str, facts: Iterable[Fact]) -> None:
        for fact in facts:
            readers = self.readers[fact]
            readers.discard(uri)
            if not readers:
                del self.readers[fact]
                if fact[0] == "briefing":
                    self._of_briefing[fact[1]].discard(fact)
                else:
                    self._of_graph[fact[1]].discard(fact[2])

    def changed(
        self,
        edited: Mapping[str, tuple[Briefing | None, Briefing | None]],
        before: LinkGraph,
        after: LinkGraph,
    ) -> Iterable[Fact]:
        """The recorded facts whose value differs between the two states."""
        for briefing_id, (old, new) in edited.items():
            for fact in self._of_briefing.get(briefing_id, ()):
                path = fact[2]
                if path == WHOLE or _differs(
                    _briefing_value(old, path), _briefing_value(new, path)
                ):
                    yield fact
        for name, keys in self._of_graph.items():
            old, new = getattr(before, name), getattr(after, name)
            if not isinstance(old, dict):  # a plain value, such as the order of all briefings
                if _differs(old, new):
                    yield ("graph", name, None)
                continue
            for key in keys:  # tens of thousands: kept to a tight loop
                if key is None:
                    if _differs(old, new):
                        yield ("graph", name, None)
                    continue
                was, now = old.get(key), new.get(key)
                if was is not now and was != now:
                    yield ("graph", name, key)

    def pages_reached(
        self,
        edited: Mapping[str, tuple[Briefing | None, Briefing | None]],
        before: LinkGraph,
        after: LinkGraph,
    ) -> set[str]:
        return {uri for fact in self.changed(edited, before, after) for uri in self.readers[fact]}
