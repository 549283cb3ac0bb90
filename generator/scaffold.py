"""A briefing skeleton for a new source article, with the registry entities it mentions.

Pure: takes the article and the registry, returns the file's path and text. Every value the
contributor must supply is a TODO placeholder, which `check` rejects until it is replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry

from .models import (
    PLACEHOLDER,
    CountryOverride,
    EventRecord,
    OrganisationRecord,
    PersonRecord,
    RegistryEntry,
    RegistryKind,
    SourceText,
    TopicRecord,
    slugify,
)

SLUG_WORDS = 6
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
        match = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", line)
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


def _mentions(text: str, names: Iterable[str], *, ignore_case: bool = False) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) for name in names if name)


def _mentioned_ids(
    text: str, entries: Iterable[RegistryEntry], *, ignore_case: bool = False
) -> list[str]:
    found = []
    for entry in entries:
        record = entry.record
        assert isinstance(record, PersonRecord | OrganisationRecord | TopicRecord | EventRecord)
        if _mentions(text, [record.name, *record.aliases], ignore_case=ignore_case):
            found.append(record.id)
    return sorted(found)


def _mentioned_countries(
    text: str, registry: dict[RegistryKind, tuple[RegistryEntry, ...]], people: list[str]
) -> list[str]:
    overrides = {
        e.record.code: e.record.name
        for e in registry.get("countries", ())
        if isinstance(e.record, CountryOverride)
    }
    codes = set()
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", ""), overrides.get(country.alpha_2)]
        if _mentions(text, [n for n in names if n]):
            codes.add(country.alpha_2)
    for entry in registry.get("people", ()):
        if isinstance(entry.record, PersonRecord) and entry.record.id in people:
            codes |= {entry.record.country} if entry.record.country else set()
    return sorted(codes)


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def scaffold_briefing(
    source: SourceText,
    registry: dict[RegistryKind, tuple[RegistryEntry, ...]],
    date: dt.date,
    slug: str | None = None,
) -> Skeleton:
    text = source.text
    briefing_id = f"{date.isoformat()}-{slugify(slug) if slug else _slug_from_text(text)}"
    people = _mentioned_ids(text, registry.get("people", ()))
    organisations = _mentioned_ids(text, registry.get("organisations", ()))
    topics = _mentioned_ids(text, registry.get("topics", ()), ignore_case=True)
    events = _mentioned_ids(text, registry.get("events", ()))
    countries = _mentioned_countries(text, registry, people)
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
        else f"  agency: {PLACEHOLDER} the credited agency, or delete",
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
    lines += ["", f"organisations: {_flow_list(organisations)}", ""]
    lines += ["events:" if events else "events: []"]
    for event in events:
        lines += [
            f"  - id: {event}",
            f"    status: {PLACEHOLDER} scheduled, anticipated, held, postponed or cancelled",
        ]
    lines += ["", f"topics: {_flow_list(topics)}", ""]
    return Skeleton(briefing_id, f"briefings/{date.year}/{briefing_id}.yml", "\n".join(lines))
