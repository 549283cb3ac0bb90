"""A briefing skeleton for a new source article, with the registry entities it mentions.

Pure: takes the article and the registry, returns the file's path and text. Every value the
contributor must supply is a TODO placeholder, which `check` rejects until it is replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry

from .models import (
    PLACEHOLDER,
    DateSpan,
    EventRecord,
    EventStatus,
    NamedRecord,
    PersonRecord,
    RegistryEntry,
    RegistryKind,
    SourceText,
    slugify,
)
from .names import NameIndex, is_named, mentions, person_in_text, spelling_of, undotted

SLUG_WORDS = 6
NEAR_DAYS = 45
"""How far from the article's date a reported event date still makes the event a candidate."""
MAX_PROPOSED = 8
STATUS_CHOICES = ", ".join(status.value for status in EventStatus)
_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "on", "in", "to", "for", "will", "with"})


@dataclass(frozen=True)
class Skeleton:
    briefing_id: str
    uri: str
    """Where the file goes, relative to the repository root."""
    text: str


def article_date(text: str) -> dt.date | None:
    """The first ISO date in the article's opening lines, where our seed files carry it."""
    for line in text.splitlines()[:5]:
        match = re.search(r"\b([0-9]{4}-[0-9]{2}-[0-9]{2})\b", line)
        if match:
            try:
                return dt.date.fromisoformat(match[1])
            except ValueError:
                return None
    return None


def credited_agency(text: str) -> str | None:
    match = re.search(r"\bBased on (?:an? )?([A-Z][A-Za-z]{1,20}) report\b", text, re.IGNORECASE)
    return match[1] if match else None


def _slug_from_text(text: str) -> str:
    body = "\n".join(line for line in text.splitlines()[1:] if line.strip()) or text
    words = [w for w in slugify(body.split(".")[0]).split("-") if w not in _STOPWORDS]
    return "-".join(words[:SLUG_WORDS]) or "briefing"


def _mentioned_ids(
    text: str, records: Iterable[NamedRecord], *, ignore_case: bool = False
) -> list[str]:
    return sorted(r.id for r in records if is_named(text, r, ignore_case=ignore_case))


def _unsure_people(text: str, people: list[PersonRecord], listed: list[str]) -> list[str]:
    """Comments on names the article uses that could mean someone else: never a silent pick."""
    notes = []
    for record in people:
        if record.id not in listed:
            notes += [
                f"# The article names {other!r}, not {record.name} ({record.id}): if the "
                "briefing needs them, add them to entities/people.yml first."
                for other in person_in_text(text, record).others
            ]
    bearers: dict[str, list[str]] = {}
    for record in people:
        for alias in record.ambiguous_aliases:
            bearers.setdefault(alias, []).append(record.id)
    for alias, ids in sorted(bearers.items()):
        if mentions(text, [alias]) and not set(ids) & set(listed):
            notes.append(
                f"# {alias!r} alone may mean {' or '.join(sorted(ids))}: list the one meant."
            )
    return notes


@dataclass(frozen=True)
class ProposedEvent:
    """A registry event the article may report, with why, for the contributor to confirm."""

    id: str
    reasons: tuple[str, ...]


def _days_apart(date: dt.date, reported: DateSpan) -> int:
    if reported.first_day <= date <= reported.last_day:
        return 0
    return min(abs((date - reported.first_day).days), abs((date - reported.last_day).days))


def propose_events(
    text: str,
    events: Iterable[EventRecord],
    people: dict[str, PersonRecord],
    countries: list[str],
    date: dt.date,
    reported_dates: Mapping[str, Sequence[DateSpan]],
) -> list[ProposedEvent]:
    """Events whose people or place the article names and that sources date near it."""
    proposed = []
    for event in events:
        named_people = [
            people[p].name for p in event.participants if p in people and is_named(text, people[p])
        ]
        reasons = []
        if named_people:
            reasons.append("names " + ", ".join(named_people))
        if event.place and mentions(text, [event.place]):
            reasons.append(f"names {event.place}")
        if not reasons:
            continue
        if len(event.countries) > 1 and set(event.countries) <= set(countries):
            reasons.append("involves " + ", ".join(event.countries))
        near = [d for d in reported_dates.get(event.id, ()) if _days_apart(date, d) <= NEAR_DAYS]
        if near:
            closest = min(near, key=lambda d: _days_apart(date, d))
            reasons.append(f"reported for {closest.display()}")
        elif reported_dates.get(event.id) or len(reasons) < 2:
            continue  # sources date it far from this article, or one weak reason alone
        proposed.append(ProposedEvent(event.id, tuple(reasons)))
    proposed.sort(key=lambda p: (-len(p.reasons), p.id))
    return proposed[:MAX_PROPOSED]


SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("US", "USA", "United States"),
    "GB": ("UK", "Britain", "Great Britain"),
    "AE": ("UAE",),
    "KP": ("DPRK",),
    "KR": ("ROK",),
    "CN": ("PRC",),
    "CD": ("DRC", "DR Congo"),
    "SA": ("KSA",),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
}
"""Short forms reporters write for countries, beside ISO 3166's names. Matched with case, so
the pronoun "us" is not the United States; "U.S." and "U.S.A." are read as "US" and "USA"."""


def _country_names(overrides: Mapping[str, Sequence[str]]) -> NameIndex[str]:
    names: list[tuple[str, str, bool]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names.append((code, name, False))
        names += [
            (code, name, False) for name in (*SHORT_FORMS.get(code, ()), *overrides.get(code, ()))
        ]
    return NameIndex(names)


def _mentioned_countries(
    text: str, overrides: Mapping[str, Sequence[str]], people: list[PersonRecord]
) -> list[str]:
    codes = {code for code, _, _ in _country_names(overrides).found_in(undotted(text))}
    codes |= {person.country for person in people if person.country}
    return sorted(codes)


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _records(
    registry: Mapping[RegistryKind, tuple[RegistryEntry, ...]], kind: RegistryKind
) -> list[Any]:
    return [entry.record for entry in registry.get(kind, ())]


def scaffold_briefing(
    source: SourceText,
    registry: Mapping[RegistryKind, tuple[RegistryEntry, ...]],
    date: dt.date,
    slug: str | None = None,
    reported_dates: Mapping[str, Sequence[DateSpan]] | None = None,
) -> Skeleton:
    """The skeleton's text. `reported_dates` are the dates briefings give each event, so the
    events the article may report can be proposed."""
    text = source.text
    briefing_id = f"{date.isoformat()}-{slugify(slug) if slug else _slug_from_text(text)}"
    all_people: list[PersonRecord] = _records(registry, "people")
    all_events: list[EventRecord] = _records(registry, "events")
    people = _mentioned_ids(text, all_people)
    organisations = _mentioned_ids(text, _records(registry, "organisations"))
    topics = _mentioned_ids(text, _records(registry, "topics"), ignore_case=True)
    events = _mentioned_ids(text, all_events, ignore_case=True)
    overrides = {
        r.code: [r.name, *getattr(r, "aliases", ())] for r in _records(registry, "countries")
    }
    countries = _mentioned_countries(text, overrides, [p for p in all_people if p.id in people])
    proposed = [
        p
        for p in propose_events(
            text,
            all_events,
            {p.id: p for p in all_people},
            countries,
            date,
            reported_dates or {},
        )
        if p.id not in events
    ]
    agency = credited_agency(text)
    lines = [
        "# yaml-language-server: $schema=../../schema/briefing.schema.json",
        f"# Skeleton from `python -m generator new` for seeds/{source.name}.",
        f"# Replace every {PLACEHOLDER}, keep only the entities the article really involves,",
        "# then run `make check`.",
        f"id: {briefing_id}",
        f"title: {PLACEHOLDER} one-line headline, in your words",
        f"date: {date.isoformat()}",
        "source:",
        f"  file: {source.name}",
        f"  agency: {agency}"
        if agency
        else f"  agency: {PLACEHOLDER} the credited outlet or agency, or delete",
        f"  headline: {PLACEHOLDER} the article's own headline, word for word, or delete",
        f"  url: {PLACEHOLDER} the article's public address, or delete",
        "",
        f"bottom_line: {PLACEHOLDER} one paragraph, what the reader must know",
        "",
        "key_points:",
        f"  - text: {PLACEHOLDER} one finding, in your words",
        f"    evidence: {PLACEHOLDER} a passage copied word for word from the article",
        "",
        f"background: {PLACEHOLDER} what led here, as the article tells it",
        "",
        f"outlook: {PLACEHOLDER} what to watch next, as the article sees it",
        "",
        f"countries: {_flow_list(countries)}",
        "",
        "people:" if people else "people: []",
    ]
    for person in people:
        lines += [
            f"  - id: {person}",
            f"    office: {PLACEHOLDER} as the article gives it, or delete",
        ]
    lines += _unsure_people(text, all_people, people)
    lines += ["", f"organisations: {_flow_list(organisations)}", ""]
    lines += ["events:" if events else "events: []"]
    for event in events:
        lines += [f"  - id: {event}", f"    status: {PLACEHOLDER} {STATUS_CHOICES}"]
    if proposed:
        lines.append("# Events the article may report: uncomment those it does, with a status.")
    for candidate in proposed:
        lines += [f"#  - id: {candidate.id}  # {'; '.join(candidate.reasons)}"]
    lines += ["", f"topics: {_flow_list(topics)}", ""]
    return Skeleton(briefing_id, f"briefings/{date.year}/{briefing_id}.yml", "\n".join(lines))
