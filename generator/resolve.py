"""Stage 3: resolve every reference to one canonical entity, with did-you-mean for near misses."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pycountry

from .diagnostics import Diagnostic, error, warning
from .models import (
    FUTURE_STATUSES,
    Briefing,
    Corpus,
    Country,
    CountryOverride,
    EventRecord,
    EventReport,
    Loc,
    OrganisationRecord,
    PersonRecord,
    Registry,
    RegistryEntry,
    RegistryKind,
    TopicRecord,
    ValidatedProject,
    YamlDocument,
    slugify,
)
from .validate import format_loc


@dataclass(frozen=True)
class _Reference:
    """One place that names an entity: which kind, which id, and where it is written."""

    kind: RegistryKind
    target: str
    document: YamlDocument
    loc: Loc


class _Names:
    """Ids of one kind, with their names and aliases, for did-you-mean suggestions."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.ids: set[str] = set()
        self.by_spelling: dict[str, str] = {}
        for identifier, names in entries:
            self.ids.add(identifier)
            self.by_spelling.setdefault(identifier, identifier)
            for name in names:
                self.by_spelling.setdefault(slugify(name), identifier)
                self.by_spelling.setdefault(name.upper(), identifier)

    def suggest(self, word: str) -> str:
        spellings = sorted(self.by_spelling)
        close = difflib.get_close_matches(word, spellings, n=6, cutoff=0.6)
        close += difflib.get_close_matches(slugify(word), spellings, n=6, cutoff=0.6)
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


def _registry_references(project: ValidatedProject) -> Iterator[_Reference]:
    for entry in project.registry.get("people", ()):
        assert isinstance(entry.record, PersonRecord)
        if entry.record.country:
            yield _Reference(
                "countries", entry.record.country, entry.document, (*entry.loc, "country")
            )
    for entry in project.registry.get("organisations", ()):
        assert isinstance(entry.record, OrganisationRecord)
        if entry.record.country:
            yield _Reference(
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
                yield _Reference(kind, target, entry.document, (*entry.loc, field, index))  # type: ignore[arg-type]
        if record.parent:
            yield _Reference("events", record.parent, entry.document, (*entry.loc, "parent"))


def _briefing_references(briefing: Briefing) -> Iterator[_Reference]:
    record, document = briefing.record, briefing.document
    for index, code in enumerate(record.countries):
        yield _Reference("countries", code, document, ("countries", index))
    for index, person in enumerate(record.people):
        yield _Reference("people", person.id, document, ("people", index, "id"))
    for index, organisation in enumerate(record.organisations):
        yield _Reference("organisations", organisation, document, ("organisations", index))
    for index, topic in enumerate(record.topics):
        yield _Reference("topics", topic, document, ("topics", index))
    for index, event in enumerate(record.events):
        yield _Reference("events", event.id, document, ("events", index, "id"))


SINGULAR: dict[RegistryKind, str] = {
    "countries": "country",
    "people": "person",
    "organisations": "organisation",
    "topics": "topic",
    "events": "event",
}


def _unknown(reference: _Reference, names: _Names) -> Diagnostic:
    position = reference.document.position(reference.loc)
    what = SINGULAR[reference.kind]
    fallback = (
        "Use an ISO 3166-1 alpha-2 code, e.g. 'IN' for India"
        if reference.kind == "countries"
        else f"Add it to entities/{reference.kind}.yml first"
    )
    return error(
        reference.document.path,
        position.line,
        position.column,
        "unknown-reference",
        f"{format_loc(reference.loc)}: unknown {what} {reference.target!r}",
        names.suggest(reference.target) or fallback,
    )


def _repeated(briefing: Briefing) -> Iterator[Diagnostic]:
    record = briefing.record
    lists: dict[str, list[str]] = {
        "countries": list(record.countries),
        "people": [p.id for p in record.people],
        "organisations": list(record.organisations),
        "topics": list(record.topics),
        "events": [e.id for e in record.events],
    }
    for field, values in lists.items():
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                position = briefing.document.position((field, index))
                yield error(
                    briefing.path,
                    position.line,
                    position.column,
                    "repeated-reference",
                    f"{field}[{index}]: {value!r} is listed twice",
                    "Remove the second entry",
                )
            seen.add(value)


def _parent_cycles(
    events: dict[str, EventRecord], entries: tuple[RegistryEntry, ...]
) -> list[Diagnostic]:
    problems = []
    for entry in entries:
        record = entry.record
        assert isinstance(record, EventRecord)
        seen = {record.id}
        parent = record.parent
        while parent is not None and parent in events:
            if parent in seen:
                position = entry.document.position((*entry.loc, "parent"))
                problems.append(
                    error(
                        entry.document.path,
                        position.line,
                        position.column,
                        "parent-cycle",
                        f"event {record.id!r} is, through its parents, its own parent",
                        "An event's parent must be a larger event that contains it",
                    )
                )
                break
            seen.add(parent)
            parent = events[parent].parent
    return problems


def _unused(project: ValidatedProject, used: set[tuple[RegistryKind, str]]) -> list[Diagnostic]:
    problems = []
    for kind, entries in sorted(project.registry.items()):
        for entry in entries:
            field = "code" if kind == "countries" else "id"
            identifier = str(getattr(entry.record, field))
            if (kind, identifier) in used:
                continue
            position = entry.document.position(
                (*entry.loc, "code" if kind == "countries" else "id")
            )
            problems.append(
                warning(
                    entry.document.path,
                    position.line,
                    position.column,
                    "unused-entry",
                    f"no briefing refers to the {SINGULAR[kind]} {identifier!r}",
                    "Refer to it from a briefing, or remove it",
                )
            )
    return problems


def _countries(codes: Iterable[str], overrides: dict[str, str]) -> dict[str, Country]:
    countries = {}
    for code in sorted(set(codes)):
        found = pycountry.countries.get(alpha_2=code)
        if found is None:
            continue
        name = overrides.get(code) or getattr(found, "common_name", None) or found.name
        countries[code] = Country(code=code, name=name, slug=slugify(name))
    return countries


def resolve_project(project: ValidatedProject, as_of: dt.date) -> tuple[Corpus, list[Diagnostic]]:
    """Check that every reference names a real entity; build the canonical registry.

    `as_of` is the day the check runs for: an event still only scheduled after its date has
    passed is worth a warning.
    """
    registry_entries = project.registry
    people = _records(registry_entries.get("people", ()), PersonRecord)
    organisations = _records(registry_entries.get("organisations", ()), OrganisationRecord)
    topics = _records(registry_entries.get("topics", ()), TopicRecord)
    events = _records(registry_entries.get("events", ()), EventRecord)
    overrides = {
        e.record.code: e.record.name
        for e in registry_entries.get("countries", ())
        if isinstance(e.record, CountryOverride)
    }
    names: dict[RegistryKind, _Names] = {
        "countries": _country_names(),
        "people": _Names((p.id, [p.name, *p.aliases]) for p in people.values()),
        "organisations": _Names((o.id, [o.name, *o.aliases]) for o in organisations.values()),
        "topics": _Names((t.id, [t.name, *t.aliases]) for t in topics.values()),
        "events": _Names((e.id, [e.name, *e.aliases]) for e in events.values()),
    }
    checkable = project.complete_registry | {"countries"}
    problems: list[Diagnostic] = []
    registry_references = list(_registry_references(project))
    briefing_references: list[_Reference] = []
    for briefing in project.briefings:
        briefing_references.extend(_briefing_references(briefing))
        problems.extend(_repeated(briefing))
    for reference in (*registry_references, *briefing_references):
        if reference.target not in names[reference.kind].ids and reference.kind in checkable:
            problems.append(_unknown(reference, names[reference.kind]))
    country_codes = [
        r.target for r in (*registry_references, *briefing_references) if r.kind == "countries"
    ]
    used = {(r.kind, r.target) for r in briefing_references}
    used |= {("countries", code) for code in country_codes}
    problems.extend(_parent_cycles(events, registry_entries.get("events", ())))
    problems.extend(_event_report_problems(project.briefings, as_of))
    used |= _used_through_events(events, used)
    if project.all_briefings_valid:
        problems.extend(_unused(project, used))
    registry = Registry(
        countries=_countries(country_codes, overrides),
        people=people,
        organisations=organisations,
        topics=topics,
        events=events,
    )
    return Corpus(project.briefings, registry), problems


@dataclass(frozen=True)
class _Reported:
    briefing: Briefing
    index: int
    report: EventReport

    def where(self, field: str) -> tuple[int, int]:
        position = self.briefing.document.position(("events", self.index, field))
        return position.line, position.column


def _event_report_problems(briefings: Iterable[Briefing], as_of: dt.date) -> list[Diagnostic]:
    """Warnings about what briefings say of events: stale statuses and disagreeing dates."""
    reports: dict[str, list[_Reported]] = defaultdict(list)
    for briefing in sorted(briefings, key=lambda b: (b.date, b.id)):
        for index, report in enumerate(briefing.record.events):
            reports[report.id].append(_Reported(briefing, index, report))
    problems: list[Diagnostic] = []
    for event_id, reported in sorted(reports.items()):
        problems.extend(_disagreeing_dates(event_id, reported))
        latest = reported[-1]
        dated = [r for r in reported if r.report.date is not None]
        if not dated or any(r.report.status not in FUTURE_STATUSES for r in reported):
            continue
        date = dated[-1].report.date
        assert date is not None
        if date.last_day < as_of:
            line, column = latest.where("status")
            problems.append(
                warning(
                    latest.briefing.path,
                    line,
                    column,
                    "stale-status",
                    f"event {event_id!r} was {latest.report.status} for {date.display()}, "
                    "which has passed, and no briefing reports whether it took place",
                    "When a source reports the outcome, add a briefing that says it was held, "
                    "postponed or cancelled",
                )
            )
    return problems


def _disagreeing_dates(event_id: str, reported: list[_Reported]) -> Iterator[Diagnostic]:
    """Dates that cannot both be right: a month and a day within it agree, two days do not."""
    dated = [r for r in reported if r.report.date is not None]
    for earlier, later in itertools.pairwise(dated):
        first, second = earlier.report.date, later.report.date
        assert first is not None and second is not None
        if first.first_day <= second.last_day and second.first_day <= first.last_day:
            continue
        line, column = later.where("date")
        other_line, other_column = earlier.where("date")
        yield warning(
            later.briefing.path,
            line,
            column,
            "conflicting-dates",
            f"events[{later.index}].date: {second} for {event_id!r} differs from {first} given "
            f"at {earlier.briefing.path}:{other_line}:{other_column}",
            "If the event moved, report it as postponed; the event page shows both dates "
            "with their sources",
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
