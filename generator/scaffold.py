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
    TopicRecord,
    slugify,
)
from .names import NameIndex, is_named, mentions, person_in_text, spans, spelling_of, undotted

SLUG_WORDS = 6
NEAR_DAYS = 45
"""How far from the article's date a date known of an event still makes the event a candidate."""
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


OFFICE_WORDS = frozenset(
    {
        "minister",
        "ministers",
        "ministry",
        "ministries",
        "secretary",
        "secretaries",
        "department",
        "departments",
    }
)
"""Words that make the topic word before them part of an office or a body's name."""
_OFFICE_AFTER = re.compile(rf"[\s-]+(?:{'|'.join(OFFICE_WORDS)})\b", re.IGNORECASE)
_OFFICE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(OFFICE_WORDS)})\s+(?:of|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _office_spans(text: str, people: Iterable[PersonRecord]) -> list[tuple[int, int]]:
    titles = {office.title for person in people for office in person.offices}
    return [found for title in titles for found in spans(text, title, ignore_case=True)]


def _office_title(
    text: str, start: int, end: int, offices: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Where the office is named when the words at start:end name an office, not a subject:
    "Defence Minister", "Minister of Defence", or a registry office title the text gives."""
    after = _OFFICE_AFTER.match(text, end)
    if after is not None:
        return start, after.end()
    before = _OFFICE_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        return before.start(), end
    return next(((a, b) for a, b in offices if a <= start and end <= b), None)


def _topics(
    text: str, topics: list[TopicRecord], people: list[PersonRecord]
) -> tuple[list[str], list[str]]:
    """The topics the article is about, and notes on those it names only in an office title:
    a defence minister at a trade fair does not make the article one about defence."""
    offices = _office_spans(text, people)
    strong: list[str] = []
    notes: list[str] = []
    for topic in sorted(topics, key=lambda record: record.id):
        found = [f for name in topic.unambiguous_names for f in spans(text, name, ignore_case=True)]
        titles = [_office_title(text, *where, offices) for where in found]
        if not found:
            continue
        if None in titles:
            strong.append(topic.id)
        else:
            start, end = min(title for title in titles if title is not None)
            office = " ".join(text[start:end].split())
            notes.append(
                f"# Topic {topic.id} only in an office title ({office!r}): "
                "add it if the article is about it."
            )
    return strong, notes


def _unsure_people(text: str, people: list[PersonRecord], listed: list[str]) -> list[str]:
    """Comments on names the article uses that could mean someone else: never a silent pick."""
    notes = []
    for record in people:
        if record.id not in listed:
            notes += [_other_person_note(other, record) for other in _others(text, record)]
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


def _others(text: str, record: PersonRecord) -> tuple[str, ...]:
    return person_in_text(text, record).others


def _other_person_note(other: str, record: PersonRecord) -> str:
    """A registry name spelled another way ("Sergei Lavrov") wants an alias: a second entry
    would make one person two."""
    if spelling_of(other, record):
        return (
            f"# The article names {other!r}, which may be {record.name} ({record.id}) spelled "
            f"another way: if so, add {other!r} to the aliases of {record.id} in "
            "entities/people.yml and list it."
        )
    return (
        f"# The article names {other!r}, not {record.name} ({record.id}): if the "
        "briefing needs them, add them to entities/people.yml first."
    )


@dataclass(frozen=True)
class ProposedEvent:
    """A registry event the article may report, with why, for the contributor to confirm."""

    id: str
    reasons: tuple[str, ...]


def _days_apart(date: dt.date, reported: DateSpan) -> int:
    if reported.first_day <= date <= reported.last_day:
        return 0
    return min(abs((date - reported.first_day).days), abs((date - reported.last_day).days))


def _when_known(
    event: str,
    date: dt.date,
    reported_dates: Mapping[str, Sequence[DateSpan]],
    reported_on: Mapping[str, Sequence[dt.date]],
) -> tuple[int, str] | None:
    """How many days from `date` the nearest thing known of the event's time is, and what that
    is: the dates briefings give the event, or when none does, the dates of the articles that
    report it (a plan with no date yet is a plan then). None when nothing is known."""
    given = [(_days_apart(date, span), span.display()) for span in reported_dates.get(event, ())]
    if given:
        days, display = min(given)
        return days, f"reported for {display}"
    articles = sorted((abs((date - day).days), day) for day in reported_on.get(event, ()))
    if not articles:
        return None
    days, day = articles[0]
    return days, f"in a report of {day.day} {day:%B %Y}"


def propose_events(
    text: str,
    events: Iterable[EventRecord],
    people: dict[str, PersonRecord],
    countries: list[str],
    date: dt.date,
    reported_dates: Mapping[str, Sequence[DateSpan]],
    reported_on: Mapping[str, Sequence[dt.date]] | None = None,
) -> list[ProposedEvent]:
    """Events whose people or place the article names and that sources date near it.

    A registry of several stories has events months apart with the same people: an event is
    proposed only when something known of its time (a date briefings give it, or the date of
    an article reporting it) is within NEAR_DAYS of the article, or when nothing is known of
    its time and the article gives two reasons for it. The nearest come first."""
    ranked: list[tuple[int, ProposedEvent]] = []
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
        known = _when_known(event.id, date, reported_dates, reported_on or {})
        if known is None:
            if len(reasons) < 2:
                continue  # one weak reason alone, and nothing says when
            ranked.append((NEAR_DAYS + 1, ProposedEvent(event.id, tuple(reasons))))
            continue
        days, when = known
        if days > NEAR_DAYS:
            continue  # sources put it far from this article
        ranked.append((days, ProposedEvent(event.id, (*reasons, when))))
    ranked.sort(key=lambda item: (item[0], -len(item[1].reasons), item[1].id))
    return [proposed for _, proposed in ranked[:MAX_PROPOSED]]


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
    reported_on: Mapping[str, Sequence[dt.date]] | None = None,
) -> Skeleton:
    """The skeleton's text. `reported_dates` are the dates briefings give each event, and
    `reported_on` the dates of the briefings that report it, so the events the article may
    report can be proposed."""
    text = source.text
    briefing_id = f"{date.isoformat()}-{slugify(slug) if slug else _slug_from_text(text)}"
    all_people: list[PersonRecord] = _records(registry, "people")
    all_events: list[EventRecord] = _records(registry, "events")
    people = _mentioned_ids(text, all_people)
    organisations = _mentioned_ids(text, _records(registry, "organisations"))
    topics, topic_notes = _topics(text, _records(registry, "topics"), all_people)
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
            reported_on or {},
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
    lines += ["", f"topics: {_flow_list(topics)}", *topic_notes, ""]
    return Skeleton(briefing_id, f"briefings/{date.year}/{briefing_id}.yml", "\n".join(lines))
