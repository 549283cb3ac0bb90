"""Stage 3: resolve every reference to one canonical entity, with did-you-mean for near misses."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pycountry

from ..core.diagnostics import Diagnostic, error_at, warning, warning_at
from ..core.memo import NO_CACHE, BuildCache, InputsMemo
from ..core.suggest import Spellings
from ..story.event_state import EventState, Report, dates_in_brief, event_state, in_order
from ..story.models import (
    FUTURE_STATUSES,
    KIND_OF_REGISTRY,
    KINDS,
    Briefing,
    Corpus,
    Country,
    CountryOverride,
    EntityKind,
    EventRecord,
    EventReport,
    EventStatus,
    Loc,
    OrganisationRecord,
    PersonRecord,
    Reference,
    Registry,
    RegistryEntry,
    RegistryKind,
    SourceText,
    TopicRecord,
    ValidatedProject,
    YamlDocument,
    event_references,
    slugify,
)
from ..story.sitemap import PARTS_DIR, YEARS_DIR
from .names import PeopleByName, person_in_text
from .validate import format_loc


class _Names:
    """Ids of one kind, with their names and aliases, for did-you-mean suggestions. The
    spellings are indexed only when a suggestion is asked for: most runs need none."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        self._entries = list(entries)
        self.ids: set[str] = {identifier for identifier, _ in self._entries}
        self._suggested: dict[str, str] = {}

    def joined(self, other: _Names) -> _Names:
        """The ids, names and aliases of two kinds, for a reference that may be either."""
        return _Names([*self._entries, *other._entries])

    @functools.cached_property
    def by_spelling(self) -> dict[str, str]:
        spellings: dict[str, str] = {}
        for identifier, names in self._entries:
            spellings.setdefault(identifier, identifier)
            for name in names:
                spellings.setdefault(slugify(name), identifier)
                spellings.setdefault(name.upper(), identifier)
        return spellings

    @functools.cached_property
    def _spellings(self) -> Spellings:
        return Spellings(self.by_spelling)

    def suggest(self, word: str) -> str:
        if word not in self._suggested:
            self._suggested[word] = self._suggestion(word)
        return self._suggested[word]

    def _suggestion(self, word: str) -> str:
        close = self._spellings.close(word, limit=6)
        close += self._spellings.close(slugify(word), limit=6)
        suggestions = list(dict.fromkeys(self.by_spelling[c] for c in close))[:3]
        if not suggestions:
            return ""
        return "Did you mean " + ", ".join(f"'{s}'" for s in suggestions) + "?"


def _country_names() -> _Names:
    return _Names(
        (country.alpha_2, [country.name, getattr(country, "common_name", country.name)])
        for country in pycountry.countries
    )


Record = TypeVar("Record", PersonRecord, OrganisationRecord, TopicRecord, EventRecord)


def _records(entries: tuple[RegistryEntry, ...], kind: type[Record]) -> dict[str, Record]:
    return {e.record.id: e.record for e in entries if isinstance(e.record, kind)}


def _registry_references(project: ValidatedProject) -> Iterator[Reference]:
    for entry in project.registry.get("people", ()):
        assert isinstance(entry.record, PersonRecord)
        if entry.record.country:
            yield Reference(
                "countries", entry.record.country, entry.document, (*entry.loc, "country")
            )
    for entry in project.registry.get("organisations", ()):
        assert isinstance(entry.record, OrganisationRecord)
        if entry.record.country:
            yield Reference(
                "countries", entry.record.country, entry.document, (*entry.loc, "country")
            )
    for entry in project.registry.get("events", ()):
        record = entry.record
        assert isinstance(record, EventRecord)
        for field, kind, targets in (
            ("countries", "countries", record.countries),
            ("participants", "people", record.participants),
            ("organisations", "organisations", record.organisations),
        ):
            for index, target in enumerate(targets):
                yield Reference(kind, target, entry.document, (*entry.loc, field, index))  # type: ignore[arg-type]
        if record.parent:
            yield Reference("events", record.parent, entry.document, (*entry.loc, "parent"))


def _briefing_references(briefing: Briefing) -> Iterator[Reference]:
    record, document = briefing.record, briefing.document
    for kind in KINDS:
        for index, target in enumerate(kind.ids_in(record)):
            yield Reference(kind.plural, target, document, kind.loc_in_briefing(index))
    yield from event_references(record.events, document)


def _unknown(reference: Reference, names: _Names) -> Diagnostic:
    what = KIND_OF_REGISTRY[reference.kind].singular
    fallback = (
        "Use an ISO 3166-1 alpha-2 code, e.g. 'IN' for India"
        if reference.kind == "countries"
        else f"Add it to entities/{reference.kind}.yml first"
    )
    return error_at(
        reference.document,
        reference.loc,
        "unknown-reference",
        f"{format_loc(reference.loc)}: unknown {what} {reference.target!r}",
        names.suggest(reference.target) or fallback,
    )


def _claim_author_problems(
    authors: Iterable[Reference], people: _Names, organisations: _Names
) -> tuple[list[Diagnostic], set[tuple[RegistryKind, str]]]:
    """A claim is by a person or an organisation of the registry: an id of neither is an
    error, with the nearest ids of both as a hint. Returns the problems and the entries used."""
    problems: list[Diagnostic] = []
    used: set[tuple[RegistryKind, str]] = set()
    either: _Names | None = None
    for author in authors:
        target, loc = author.target, author.loc
        if target in people.ids:
            used.add(("people", target))
        elif target in organisations.ids:
            used.add(("organisations", target))
        else:
            either = either or people.joined(organisations)
            problems.append(
                error_at(
                    author.document,
                    loc,
                    "unknown-reference",
                    f"{format_loc(loc)}: unknown person or organisation {target!r}",
                    either.suggest(target)
                    or "Add it to entities/people.yml or entities/organisations.yml first, "
                    "or leave out `by` for a claim the outlet itself makes",
                )
            )
    return problems, used


def _repeated(briefing: Briefing) -> Iterator[Diagnostic]:
    for kind in KINDS:
        seen: set[str] = set()
        field = kind.plural
        for index, value in enumerate(kind.ids_in(briefing.record)):
            if value in seen:
                yield error_at(
                    briefing.document,
                    (field, index),
                    "repeated-reference",
                    f"{field}[{index}]: {value!r} is listed twice",
                    "Remove the second entry",
                )
            seen.add(value)


def _parent_cycles(
    events: dict[str, EventRecord], entries: tuple[RegistryEntry, ...]
) -> list[Diagnostic]:
    """Every event whose chain of parents comes back to an event already on it: to itself, or
    into a loop further up. Each event's chain is followed once, so the cost grows with the
    number of events, not with the square of the longest chain."""
    chains = _ParentChains(events)
    problems = []
    for entry in entries:
        record = entry.record
        assert isinstance(record, EventRecord)
        if record.parent is not None and chains.returns(record.id, record.parent):
            problems.append(
                error_at(
                    entry.document,
                    (*entry.loc, "parent"),
                    "parent-cycle",
                    f"event {record.id!r} is, through its parents, its own parent",
                    "An event's parent must be a larger event that contains it",
                )
            )
    return problems


class _ParentChains:
    """The registry's events as a forest under `parent`, with the events whose chain of
    parents never ends (it runs into a loop) set apart."""

    def __init__(self, events: dict[str, EventRecord]) -> None:
        self.events = events
        self.looping = self._looping()
        # Entry and exit times of a walk over the forest of the other events: an event is
        # on another's chain of parents exactly when its interval holds the other's.
        children: dict[str | None, list[str]] = defaultdict(list)
        for identifier in events:
            if identifier not in self.looping:
                children[self._up(identifier)].append(identifier)
        self.entered: dict[str, int] = {}
        self.left: dict[str, int] = {}
        clock = 0
        stack: list[tuple[str, bool]] = [(root, False) for root in reversed(children[None])]
        while stack:
            identifier, done = stack.pop()
            clock += 1
            if done:
                self.left[identifier] = clock
                continue
            self.entered[identifier] = clock
            stack.append((identifier, True))
            stack.extend((child, False) for child in reversed(children[identifier]))

    def _up(self, identifier: str) -> str | None:
        parent = self.events[identifier].parent
        return parent if parent in self.events else None

    def _looping(self) -> set[str]:
        """Events from which following parents never ends, each walked once (by colour)."""
        looping: set[str] = set()
        finished: set[str] = set()
        for start in self.events:
            path: list[str] = []
            on_path: set[str] = set()
            current: str | None = start
            while current is not None and current not in finished and current not in on_path:
                path.append(current)
                on_path.add(current)
                current = self._up(current)
            if current is not None and (current in on_path or current in looping):
                looping.update(path)
            finished.update(path)
        return looping

    def returns(self, identifier: str, parent: str) -> bool:
        """Whether following parents from `parent` meets an event twice, counting the event
        `identifier` whose parent it is as met first (as the one-by-one walk did)."""
        if parent not in self.events:
            return False
        if parent == identifier or parent in self.looping:
            return True
        # Otherwise the chain from `parent` ends; it returns only if it passes `identifier`.
        if identifier in self.looping or identifier not in self.entered:
            return False
        return (
            self.entered[identifier] <= self.entered[parent]
            and self.left[parent] <= self.left[identifier]
        )


def _unused(project: ValidatedProject, used: set[tuple[RegistryKind, str]]) -> list[Diagnostic]:
    problems = []
    for kind, entries in sorted(project.registry.items()):
        for entry in entries:
            field = "code" if kind == "countries" else "id"
            identifier = entry.record.identifier
            if (kind, identifier) in used:
                continue
            problems.append(
                warning_at(
                    entry.document,
                    (*entry.loc, field),
                    "unused-entry",
                    f"no briefing refers to the {KIND_OF_REGISTRY[kind].singular} {identifier!r}",
                    "Refer to it from a briefing, or remove it",
                )
            )
    return problems


RESERVED_SLUGS = frozenset({"index", YEARS_DIR, PARTS_DIR})
"""Page names each section needs for itself: its index and the folders of its long lists."""


def _countries(
    codes: Iterable[str], overrides: dict[str, RegistryEntry]
) -> tuple[dict[str, Country], list[Diagnostic]]:
    """Countries by code, each with a page address that no other country shares.

    Every code the corpus uses (briefings and registry) is compared with every other, whatever
    order they sort in: an override whose name gives no address, or the address of another
    country (by that country's ISO 3166 name or its own override), is an error at the
    override's `name`, naming both codes. A country without an override keeps its ISO address.
    """
    named: dict[str, tuple[str, str]] = {}
    for code in sorted(set(codes)):
        found = pycountry.countries.get(alpha_2=code)
        if found is None:
            continue
        override = overrides.get(code)
        name = (
            override.record.name  # type: ignore[attr-defined]
            if override
            else getattr(found, "common_name", None) or found.name
        )
        named[code] = (name, slugify(name))
    by_slug: dict[str, list[str]] = defaultdict(list)
    for code, (_, slug) in named.items():
        by_slug[slug].append(code)
    countries: dict[str, Country] = {}
    problems = []
    for code, (name, slug) in named.items():
        override = overrides.get(code)
        # Only overrides can clash: ISO 3166 names all give distinct addresses.
        others = [other for other in by_slug[slug] if other != code] if override else []
        if override is not None and (not slug or slug in RESERVED_SLUGS or others):
            problems.append(_page_address_problem(code, override, others, named, overrides))
            slug = code.lower()
        countries[code] = Country(code=code, name=name, slug=slug)
    return countries, problems


def _page_address_problem(
    code: str,
    override: RegistryEntry,
    others: list[str],
    named: dict[str, tuple[str, str]],
    overrides: dict[str, RegistryEntry],
) -> Diagnostic:
    name = named[code][0]
    loc = (*override.loc, "name")
    if not others:
        return error_at(
            override.document,
            loc,
            "page-address",
            f"the name {name!r} of {code} gives no usable page address",
            "Use a name with Latin letters that no other country has",
        )
    clashes = []
    for other in others:
        other_name = named[other][0]
        if other in overrides:
            line = overrides[other].document.position((*overrides[other].loc, "name")).line
            clashes.append(f"{other} (named {other_name!r} at line {line})")
        else:
            clashes.append(f"{other} (its ISO 3166 name is {other_name!r})")
    found = pycountry.countries.get(alpha_2=code)
    iso_name = (getattr(found, "common_name", None) or found.name) if found else code
    return error_at(
        override.document,
        loc,
        "page-address",
        f"the name {name!r} of {code} gives the same page address as " + " and ".join(clashes),
        f"Give {code} a name no other country has, or remove its entry to show its ISO 3166 "
        f"name {iso_name!r}",
    )


def _reserved_ids(project: ValidatedProject) -> Iterator[Diagnostic]:
    located: list[tuple[str, YamlDocument, Loc]] = [
        (b.id, b.document, ("id",)) for b in project.briefings
    ]
    for kind, entries in project.registry.items():
        if kind != "countries":
            located += [(e.record.identifier, e.document, (*e.loc, "id")) for e in entries]
    for identifier, document, loc in located:
        if identifier in RESERVED_SLUGS:
            yield error_at(
                document,
                loc,
                "reserved-id",
                f"the id {identifier!r} is reserved for a section's own pages",
                "Choose a more specific id",
            )


BriefingChecks = tuple[tuple[Reference, ...], tuple[Diagnostic, ...]]


def _briefing_checks(briefing: Briefing) -> BriefingChecks:
    return tuple(_briefing_references(briefing)), tuple(_repeated(briefing))


@dataclass(frozen=True)
class _NamedOtherwise:
    """A listed person the source never names, and the names it gives with their surname."""

    loc: Loc
    record: PersonRecord
    others: tuple[str, ...]


def _people_named_otherwise(
    briefing: Briefing, source: SourceText, people: dict[str, PersonRecord]
) -> tuple[_NamedOtherwise, ...]:
    """Listed people the source never names, where it names someone else with their surname:
    the article about Nikolai Patrushev is not about Dmitry."""
    found_otherwise = []
    for loc, person in _listed_people(briefing):
        record = people.get(person)
        if record is None:
            continue
        found = person_in_text(source.text, record)
        if not found.named and found.others:
            found_otherwise.append(_NamedOtherwise(loc, record, found.others))
    return tuple(found_otherwise)


def _listed_people(briefing: Briefing) -> Iterator[tuple[Loc, str]]:
    """Every person a briefing says the article names: its people and each event's
    participants, with where each is written."""
    for index, mention in enumerate(briefing.record.people):
        yield ("people", index, "id"), mention.id
    for reference in event_references(briefing.record.events, briefing.document):
        if reference.kind == "people" and reference.also is None:
            yield reference.loc, reference.target


def _named_otherwise_warning(
    briefing: Briefing, source: SourceText, found: _NamedOtherwise, registry: PeopleByName
) -> Diagnostic:
    others = " and ".join(repr(other) for other in found.others)
    return warning_at(
        briefing.document,
        found.loc,
        "person-not-in-source",
        f"{format_loc(found.loc)}: seeds/{source.name} never names {found.record.name}; "
        f"it names {others}",
        _named_otherwise_hint(found.others, found.record, registry),
    )


def _named_otherwise_hint(
    others: tuple[str, ...], record: PersonRecord, registry: PeopleByName
) -> str:
    """The registry is asked first: a name another entry has means that entry; a name an entry
    spells another way ("Sergei Lavrov" for "Sergey Lavrov") wants an alias, since a second
    entry would split one person in two. Only a name no entry has is someone to add."""
    for other in others:
        entry = registry.named(other)
        if entry is not None and entry.id != record.id:
            return f"If the article means {other}, list {entry.id} here instead of {record.id}"
    for other in others:
        entry = registry.spelled_otherwise(other, record)
        if entry is not None:
            return (
                f"If {other!r} is {entry.name}, add {other!r} to the aliases of {entry.id} "
                "in entities/people.yml"
            )
    return (
        f"If the article means {others[0]}, add that person to "
        "entities/people.yml and list their id here instead"
    )


class PeopleChecks:
    """The warnings of listed people that a briefing's source never names while it names
    someone else with their surname: only warnings, and each depends on one briefing, its
    source and the people registry, so a full run does them beside resolving (pipeline.py).
    The watch mode's cache keeps each briefing's, while it, its source and its people's
    records are unchanged."""

    def __init__(self, project: ValidatedProject, cache: BuildCache = NO_CACHE) -> None:
        self.sources = project.sources
        self.people: dict[str, PersonRecord] = _records(
            project.registry.get("people", ()), PersonRecord
        )
        self.memo: InputsMemo[tuple[_NamedOtherwise, ...]] = cache.inputs("resolve.people")
        self._by_name: PeopleByName | None = None  # built only when some briefing needs a hint

    def problems(self, briefings: Iterable[Briefing]) -> list[Diagnostic]:
        problems = []
        for briefing in briefings:
            source = self.sources.get(briefing.record.source.file)
            if source is None:
                continue
            listed = tuple(self.people.get(person) for _, person in _listed_people(briefing))
            found = self.memo.get(
                briefing.document.path,
                (briefing, source, listed),
                functools.partial(_people_named_otherwise, briefing, source, self.people),
            )
            for each in found:
                self._by_name = self._by_name or PeopleByName(self.people.values())
                problems.append(_named_otherwise_warning(briefing, source, each, self._by_name))
        return problems


def resolve_project(
    project: ValidatedProject, cache: BuildCache = NO_CACHE
) -> tuple[Corpus, list[Diagnostic]]:
    """Check that every reference names a real entity; build the canonical registry.

    Every briefing is checked, those dated after the as-of date too, and an entry that only
    they use counts as used: the site will show them on their date. What briefings say of
    events is checked on the site's snapshot instead (`event_report_problems`), and people
    against their briefing's source by `PeopleChecks`. The watch mode's cache keeps each
    briefing's own checks.
    """
    checks_memo = cache.identity("resolve.briefings")
    registry_entries = project.registry
    named: dict[RegistryKind, dict[str, Any]] = {
        kind.plural: _records(registry_entries.get(kind.plural, ()), kind.record)
        for kind in KINDS
        if kind.entity is not EntityKind.COUNTRY  # countries are ISO 3166's, named below
    }
    events: dict[str, EventRecord] = named["events"]
    overrides = {
        e.record.code: e
        for e in registry_entries.get("countries", ())
        if isinstance(e.record, CountryOverride)
    }
    names: dict[RegistryKind, _Names] = {"countries": _country_names()}
    for kind, records in named.items():
        names[kind] = _Names((r.id, r.all_names) for r in records.values())
    checkable = project.complete_registry | {"countries"}
    problems: list[Diagnostic] = []
    registry_references = list(_registry_references(project))
    briefing_references: list[Reference] = []
    for briefing in project.briefings:
        checks: BriefingChecks = checks_memo.get(briefing, _briefing_checks)
        references, repeated = checks
        briefing_references.extend(references)
        problems.extend(repeated)
    briefing_references.extend(project.loose_references)
    # A claim's author may be of two kinds: checked against both, below.
    claim_authors = [r for r in briefing_references if r.also is not None]
    briefing_references = [r for r in briefing_references if r.also is None]
    for reference in (*registry_references, *briefing_references):
        if reference.target not in names[reference.kind].ids and reference.kind in checkable:
            problems.append(_unknown(reference, names[reference.kind]))
    country_codes = [
        r.target for r in (*registry_references, *briefing_references) if r.kind == "countries"
    ]
    used = {(r.kind, r.target) for r in briefing_references}
    if {"people", "organisations"} <= checkable:
        unknown_authors, authors = _claim_author_problems(
            claim_authors, names["people"], names["organisations"]
        )
        problems.extend(unknown_authors)
        used |= authors
    used |= {("countries", code) for code in country_codes}
    problems.extend(_parent_cycles(events, registry_entries.get("events", ())))
    used |= _used_through_events(events, used)
    if project.all_briefings_valid:
        problems.extend(_unused(project, used))
    problems.extend(_reserved_ids(project))
    countries, found = _countries(country_codes, overrides)
    problems.extend(found)
    registry = Registry(countries=countries, **named)
    return Corpus(project.briefings, registry), problems


def after_as_of(briefings: Iterable[Briefing], as_of: dt.date) -> list[Diagnostic]:
    """A warning at the date of each briefing the site leaves out as not yet published (the
    pipeline's `as_of_snapshot` decides which): a date in the future is most often a typo,
    and otherwise the contributor should know the briefing waits for its day."""
    return [
        warning_at(
            briefing.document,
            ("date",),
            "after-as-of",
            f"date: {briefing.date.isoformat()} is after the as-of date {as_of.isoformat()}; "
            "the site leaves this briefing and its reports out until a build on or after "
            "that day",
            "If the date is a typo, write the article's date (YYYY-MM-DD); to preview the "
            f"site with this briefing, run with --as-of {briefing.date.isoformat()}",
        )
        for briefing in sorted(briefings, key=lambda b: (b.date, b.id))
    ]


@dataclass(frozen=True)
class _Reported:
    briefing: Briefing
    index: int
    report: EventReport

    def where(self, field: str) -> tuple[int, int]:
        position = self.briefing.document.position(("events", self.index, field))
        return position.line, position.column


def event_report_problems(
    briefings: Iterable[Briefing], as_of: dt.date, cache: BuildCache = NO_CACHE
) -> list[Diagnostic]:
    """Warnings about what briefings say of events: stale statuses and disagreeing dates.
    They speak of what the site shows, so they read the briefings published by `as_of` (the
    pipeline's snapshot). The watch mode's cache keeps the checks of each event's reports,
    redone when the briefings reporting it change."""
    memo: InputsMemo[tuple[Diagnostic, ...]] = cache.inputs("resolve.events")
    reports: dict[str, list[tuple[Briefing, int]]] = defaultdict(list)
    for briefing in sorted(briefings, key=lambda b: (b.date, b.id)):
        for index, report in enumerate(briefing.record.events):
            reports[report.id].append((briefing, index))
    problems: list[Diagnostic] = []
    for event_id, reporting in sorted(reports.items()):
        found = memo.get(
            event_id,
            (as_of, *reporting),
            functools.partial(_problems_of_event, event_id, reporting, as_of),
        )
        problems.extend(found)
    return problems


def _problems_of_event(
    event_id: str, reporting: list[tuple[Briefing, int]], as_of: dt.date
) -> tuple[Diagnostic, ...]:
    reported = {b.id: _Reported(b, i, b.record.events[i]) for b, i in reporting}
    reports = [
        Report(item.briefing.id, item.briefing.date, item.report.status, item.report.date)
        for item in reported.values()
    ]
    state = event_state(reports)
    assert state is not None
    ordered = in_order(reports)
    stale = _stale_status(event_id, state, reported, as_of)
    differ = _disagreeing_dates(event_id, state, ordered, reported)
    late = _plans_after_held(event_id, ordered, reported)
    return (*differ, *late, *([stale] if stale else []))


def _plans_after_held(
    event_id: str, ordered: list[Report], reported: dict[str, _Reported]
) -> Iterator[Diagnostic]:
    """A plan reported after the event was reported held: by the rule it changes nothing on
    the site, so it is most likely another, later event, or a mistake."""
    held: Report | None = None
    for report in ordered:
        if report.status is EventStatus.HELD:
            held = held or report
        elif held is not None and report.status in FUTURE_STATUSES:
            item = reported[report.briefing_id]
            line, column = item.where("status")
            when = f" on {held.date.display()}" if held.date else ""
            yield warning(
                item.briefing.path,
                line,
                column,
                "plan-after-held",
                f"events[{item.index}].status: {report.status} for {event_id!r}, which "
                f"{reported[held.briefing_id].briefing.path} already reports held; the site "
                "keeps it held",
                f"It was already reported held{when}: if this article is about a later "
                "meeting, add that to entities/events.yml with an id of its own and use it "
                "here; otherwise correct this briefing's status and date to what its article "
                "says",
            )


def _stale_status(
    event_id: str, state: EventState, reported: dict[str, _Reported], as_of: dt.date
) -> Diagnostic | None:
    if not state.is_overdue(as_of):
        return None
    latest = reported[state.latest.briefing_id]  # the newest report of the plan
    line, column = latest.where("status")
    return warning(
        latest.briefing.path,
        line,
        column,
        "stale-status",
        f"event {event_id!r} was {state.status} for {dates_in_brief(state.dates)}, "
        "which has passed, and no briefing reports whether it took place; its pages say "
        "'no report of the outcome yet'",
        "When a source reports the outcome, add a briefing that says it was held, "
        "postponed or cancelled",
    )


LISTED_OTHER_DATES = 3
"""A conflicting-dates warning names at most this many other dates, each with its newest
report, and counts the reports past them."""


def _disagreeing_dates(
    event_id: str,
    state: EventState,
    ordered: list[Report],
    reported: dict[str, _Reported],
) -> list[Diagnostic]:
    """Dates the site's rule cannot reconcile (event_state.py): said at every report that
    gives one of them, so that each contributor sees it in the file they touched, each naming
    the newest report of each other date (at most LISTED_OTHER_DATES of them)."""
    if not state.sources_differ:
        return []
    giving = {i: claim.date for claim in state.dates for i in claim.briefing_ids}
    in_conflict = [r for r in reversed(ordered) if r.briefing_id in giving]  # newest first
    newest_of: dict[object, Report] = {}
    count_of: Counter[object] = Counter()
    for report in in_conflict:
        newest_of.setdefault(giving[report.briefing_id], report)
        count_of[giving[report.briefing_id]] += 1
    position = {r.briefing_id: i for i, r in enumerate(ordered)}
    problems = []
    for report in reversed(in_conflict):  # in date order, as the reports are read
        own = giving[report.briefing_id]
        others = [r for date, r in newest_of.items() if date != own][:LISTED_OTHER_DATES]
        unlisted = len(in_conflict) - count_of[own] - len(others)
        later = position[others[0].briefing_id] > position[report.briefing_id]
        problems.append(
            _conflicting_dates(event_id, state, report, others, unlisted, later, reported)
        )
    return problems


def _conflicting_dates(
    event_id: str,
    state: EventState,
    report: Report,
    others: list[Report],
    unlisted: int,
    later: bool,
    reported: dict[str, _Reported],
) -> Diagnostic:
    item = reported[report.briefing_id]
    assert item.report.date is not None
    given = []
    for other in others:
        previous = reported[other.briefing_id]
        line, column = previous.where("date")
        given.append(f"{previous.report.date} given at {previous.briefing.path}:{line}:{column}")
    if unlisted:
        given.append(f"{unlisted} more {'report' if unlisted == 1 else 'reports'}")
    listed = given[0] if len(given) == 1 else ", ".join(given[:-1]) + " and " + given[-1]
    line, column = item.where("date")
    nearest = reported[others[0].briefing_id]
    return warning(
        item.briefing.path,
        line,
        column,
        "conflicting-dates",
        f"events[{item.index}].date: {item.report.date} for {event_id!r} differs from "
        f"{listed}; the site shows '{dates_in_brief(state.dates)}'",
        _earlier_report_hint(item.report, nearest)
        if later
        else _conflicting_dates_hint(nearest.report, item.report),
    )


def _earlier_report_hint(report: EventReport, later: _Reported) -> str:
    """What to do at a report that a later one contradicts: most often nothing, since the later
    report's warning says what to check there."""
    assert report.date is not None and later.report.date is not None
    if report.status is later.report.status and report.status not in FUTURE_STATUSES:
        return _conflicting_dates_hint(report, later.report)  # the same advice at both
    line, column = later.where("date")
    return (
        f"If this article gives {report.date.display()}, nothing needs fixing here: the "
        f"warning at the later report ({later.briefing.path}:{line}:{column}) says what to "
        "check there; otherwise correct this date to what the article gives"
    )


def _conflicting_dates_hint(earlier: EventReport, later: EventReport) -> str:
    """What to do about two dates for one event, given what each report says happened."""
    assert earlier.date is not None and later.date is not None
    old, new = earlier.date.display(), later.date.display()
    both_stand = "the event page shows both dates, each with its source"
    if earlier.status is later.status and later.status not in FUTURE_STATUSES:
        when = "it took place" if later.status is EventStatus.HELD else "it was to take place"
        return (
            f"The sources disagree on when {when}: check both articles, and if one briefing "
            "is wrong, correct its date to what its article says; if the articles really "
            f"give different dates, leave both ({both_stand})"
        )
    if earlier.status is EventStatus.HELD:
        return (
            f"It was already reported held on {old}: if this article is about a later "
            "meeting, add that to entities/events.yml with an id of its own and use it here; "
            "otherwise correct this briefing's status and date to what its article says"
        )
    if later.status is EventStatus.HELD:
        return (
            f"If the plan changed and this article says it took place on {new}, nothing "
            f"needs fixing: {both_stand}. Otherwise correct the date that differs from its "
            "article"
        )
    if later.status is EventStatus.CANCELLED:
        return (
            "A cancelled event's date is the day it was to take place: if this article says "
            f"that was {new}, nothing needs fixing ({both_stand}); otherwise give the date "
            "the article gives, or delete the date: line if it gives none"
        )
    # The later report still looks ahead: the event was moved, or one of the dates is wrong.
    return (
        f"If this article says the event was moved to {new}, set its status here to "
        "postponed, keeping that date. Otherwise check both articles: correct a date that "
        f"differs from its article, or, if each gives the date it has, leave both ({both_stand})"
    )


def _used_through_events(
    events: dict[str, EventRecord], used: set[tuple[RegistryKind, str]]
) -> set[tuple[RegistryKind, str]]:
    """Entities that appear on the page of an event some briefing reports count as used."""
    found: set[tuple[RegistryKind, str]] = set()
    pending = [identifier for kind, identifier in used if kind == "events"]
    while pending:
        event = events.get(pending.pop())
        if event is None:
            continue
        found.update(("people", p) for p in event.participants)
        found.update(("organisations", o) for o in event.organisations)
        if event.parent and ("events", event.parent) not in found:
            found.add(("events", event.parent))
            pending.append(event.parent)
    return found
