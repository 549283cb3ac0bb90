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
from pydantic import TypeAdapter, ValidationError

from ..core.escaping import yaml_text
from ..story.models import (
    PLACEHOLDER,
    DateSpan,
    EventRecord,
    EventStatus,
    Line,
    NamedRecord,
    PersonRecord,
    RegistryEntry,
    RegistryKind,
    SourceText,
    TopicRecord,
    slugify,
)
from .names import (
    NameIndex,
    PeopleByName,
    is_named,
    mentions,
    person_in_text,
    spans,
    undotted,
)

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
    """The agency a closing credit names: "Based on an ANI report"."""
    match = re.search(r"\bBased on (?:an? )?([A-Z][A-Za-z]{1,20}) report\b", text, re.IGNORECASE)
    return match[1] if match else None


OPENING_LINES = 3
"""How many non-empty lines after the date line may hold the headline and the dateline."""
_DATE_LINE = re.compile(r"\s*date\s+[0-9]{4}-[0-9]{2}-[0-9]{2}\s*", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_AGENCY = r"\((?P<{}>[A-Za-z]{{2,20}})\)"
# A dateline opens the article's first lines: a place ("New Delhi [India]", "MOSCOW"), maybe a
# day ("Dec 4", "December 5"), then the agency in brackets. Without a day, a colon or dash must
# follow, so "Foreign Minister (EAM) S Jaishankar" opening a paragraph is no dateline.
_DATELINE = re.compile(
    r"[ \t]*(?:[A-Z][\w.'’-]{0,30}(?:[ \t]+[\w.'’-]{1,30}){0,3}"
    r"(?:[ \t]*\[[^\]\n]{1,40}\])?[ \t]*,?[ \t]*)?"
    rf"(?:{_MONTH}[ \t]+[0-9]{{1,2}}(?:,[ \t]*[0-9]{{4}})?[ \t]*{_AGENCY.format('dated')}"
    rf"|{_AGENCY.format('undated')}[ \t]*(?:[:\-–—]|$))"
)
HEADLINE_WORDS = (3, 20)
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-Z]")
_LINE = TypeAdapter(Line)


@dataclass(frozen=True)
class Opening:
    """What the article's first lines say of it, only where they say it plainly."""

    headline: str | None = None
    agency: str | None = None
    dateline: tuple[int, int] | None = None
    """Where the dateline stands in the text: its place names where the reporter was, not
    what the article is about."""


def _opening_lines(text: str) -> list[tuple[int, str, bool]]:
    """(offset, line, whether a blank line stands before it) of the first non-empty lines,
    after the seed's date line if it has one."""
    found: list[tuple[int, str, bool]] = []
    offset = 0
    first = True
    blank = True
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
        if not bare.strip():
            blank = True
        elif first and _DATE_LINE.fullmatch(bare):
            first, blank = False, True
        else:
            found.append((offset, bare, blank))
            first, blank = False, False
            if len(found) > OPENING_LINES:
                break
        offset += len(line)
    return found


def _is_headline(line: str) -> bool:
    """A short line with no closing punctuation, as headlines are written: when unsure, no."""
    words = line.split()
    low, high = HEADLINE_WORDS
    if not low <= len(words) <= high or words[0] in ("By", PLACEHOLDER):
        return False
    if line.rstrip().endswith((".", ",", ";", ":", "…", "-", "–", "—")):
        return False
    if _SENTENCE_INSIDE.search(line):
        return False
    if not (line.strip()[0].isupper() or line.strip()[0].isdigit()):
        return False
    try:
        _LINE.validate_python(line.strip())
    except ValidationError:
        return False
    return True


def read_opening(text: str) -> Opening:
    """The headline (a first line that reads as one, with the body after it), the agency of
    the dateline ("New Delhi, Dec 4 (IANS)", "MOSCOW (Reuters) -") or of a closing credit
    ("Based on an ANI report"), and where the dateline is."""
    lines = _opening_lines(text)
    headline = None
    for index, (offset, line, _) in enumerate(lines[:OPENING_LINES]):
        match = _DATELINE.match(line)
        if match is not None:
            agency = match["dated"] or match["undated"]
            return Opening(headline, agency, (offset, offset + match.end()))
        # A headline is a paragraph of its own, with the body after a blank line: a short
        # first line of a hard-wrapped paragraph is not one.
        if index == 0 and len(lines) > 1 and lines[1][2] and _is_headline(line):
            headline = " ".join(line.split())
    return Opening(headline, credited_agency(text), None)


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
    found = [
        (other, record)
        for record in people
        if record.id not in listed
        for other in _others(text, record)
    ]
    notes: dict[str, None] = {}
    if found:
        registry = PeopleByName(people)
        for other, record in found:
            note = _other_person_note(other, record, registry)
            if note is not None:
                notes[note] = None
    bearers: dict[str, list[str]] = {}
    for record in people:
        for alias in record.ambiguous_aliases:
            bearers.setdefault(alias, []).append(record.id)
    for alias, ids in sorted(bearers.items()):
        if mentions(text, [alias]) and not set(ids) & set(listed):
            notes[f"# {alias!r} alone may mean {' or '.join(sorted(ids))}: list the one meant."] = (
                None
            )
    return list(notes)


def _others(text: str, record: PersonRecord) -> tuple[str, ...]:
    return person_in_text(text, record).others


def _other_person_note(other: str, record: PersonRecord, registry: PeopleByName) -> str | None:
    """What to do about a name one entry's surname is part of ("Nikolai Patrushev" beside
    Dmitry Patrushev). The whole registry is asked first: a name an entry has is that entry
    (listed, or asked about as an ambiguous alias), and a name an entry spells another way
    ("Sergei Lavrov") wants an alias there, since a second entry would make one person two.
    Only a name no entry has is someone to add."""
    if registry.has_name(other):
        return None
    entry = registry.spelled_otherwise(other, record)
    if entry is not None:
        return (
            f"# The article names {other!r}, which may be {entry.name} ({entry.id}) "
            f"spelled another way: if so, add {other!r} to the aliases of {entry.id} in "
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
    """What the article names of it that it does not name only as past, then what else
    agrees (its countries, when sources put it)."""
    weak: tuple[str, ...] = ()
    """What says little on its own: only the event's place, or a name only in a clause about
    the past ("Modi's visit to Moscow last year")."""

    @property
    def note(self) -> str:
        weak = ("weak: " + "; ".join(self.weak),) if self.weak else ()
        return "; ".join((*self.reasons, *weak))


# Words that put a clause in the past: a name there is about an earlier event, not this one.
_PAST = re.compile(
    r"\b(?:last\s+(?:year|month|time)|earlier|previously|in\s+the\s+past|ago"
    r"|had\s+(?:already\s+)?(?:met|held|visited|hosted|travell?ed|attended|signed|been))\b"
    r"|\b(?:in|since)\s+(?P<year>[12][0-9]{3})\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\n\r\u2028\u2029,]|\s[–—-]\s")
_SENTENCE_END = frozenset(".;!?\n\r\u2028\u2029")
CLAUSE_REACH = 300
"""How far from a name a clause boundary is looked for: bounds the work per name."""
FRONTED_WORDS = 4
"""A sentence's opening phrase this short ("In 2024,", "Last year,") sets the time of the
clause after it."""


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end], between punctuation marks."""
    before = text[max(0, start - CLAUSE_REACH) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    first = start - len(before) + breaks[-1].end() if breaks else max(0, start - CLAUSE_REACH)
    after = _CLAUSE_BREAK.search(text, end, end + CLAUSE_REACH)
    return first, after.start() if after else min(len(text), end + CLAUSE_REACH)


def _says_past(words: str, year: int) -> bool:
    return any(
        match["year"] is None or int(match["year"]) < year for match in _PAST.finditer(words)
    )


def in_past_clause(text: str, start: int, end: int, year: int) -> bool:
    """Whether the clause holding text[start:end] is about the past ("last year", "in 2024"
    before the article's year, "had met"), or follows a short opening phrase that is."""
    first, last = _clause(text, start, end)
    if _says_past(text[first:last], year):
        return True
    if first == 0 or text[first - 1] != ",":
        return False
    opening_start, _ = _clause(text, first - 1, first - 1)
    opening = text[opening_start : first - 1]
    opens_sentence = opening_start == 0 or text[opening_start - 1] in _SENTENCE_END
    return opens_sentence and len(opening.split()) <= FRONTED_WORDS and _says_past(opening, year)


def _days_apart(date: dt.date, reported: DateSpan) -> int:
    if reported.first_day <= date <= reported.last_day:
        return 0
    return min(abs((date - reported.first_day).days), abs((date - reported.last_day).days))


OTHER_DATES_SHOWN = 2
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number(count: int) -> str:
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)


def _reports(count: int) -> str:
    return f"{_number(count)} report" + ("" if count == 1 else "s")


def reported_for(date: dt.date, spans: Sequence[DateSpan]) -> str:
    """The most precise date briefings give the event near the article (within NEAR_DAYS,
    else the nearest), and briefly the other dates they give: '4–5 December 2025 (one
    report: December 2025)'. A vaguer date must not hide a precise one, nor hide that
    sources differ."""
    near = [span for span in spans if _days_apart(date, span) <= NEAR_DAYS]
    best = min(
        near or spans, key=lambda span: (span.days, _days_apart(date, span), str(span))
    ).display()
    others: dict[str, tuple[int, DateSpan]] = {}
    for span in spans:
        if span.display() != best:
            count, _ = others.get(span.display(), (0, span))
            others[span.display()] = (count + 1, span)
    # Most often given first, then the most precise, then the earliest.
    ranked = sorted(
        others.items(), key=lambda item: (-item[1][0], item[1][1].days, item[1][1], item[0])
    )
    shown = [f"{_reports(count)}: {display}" for display, (count, _) in ranked[:OTHER_DATES_SHOWN]]
    if len(ranked) > OTHER_DATES_SHOWN:
        shown.append(f"{_number(len(ranked) - OTHER_DATES_SHOWN)} other dates")
    return f"{best} ({'; '.join(shown)})" if shown else best


def _when_known(
    event: str,
    date: dt.date,
    reported_dates: Mapping[str, Sequence[DateSpan]],
    reported_on: Mapping[str, Sequence[dt.date]],
) -> tuple[int, str] | None:
    """How many days from `date` the nearest thing known of the event's time is, and what that
    is: the dates briefings give the event, or when none does, the dates of the articles that
    report it (a plan with no date yet is a plan then). None when nothing is known."""
    given = reported_dates.get(event, ())
    if given:
        days = min(_days_apart(date, span) for span in given)
        return days, f"reported for {reported_for(date, given)}"
    articles = sorted((abs((date - day).days), day) for day in reported_on.get(event, ()))
    if not articles:
        return None
    days, day = articles[0]
    return days, f"in a report of {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class _Mentions:
    """Where the article names things, outside its dateline, and which names are only in
    clauses about the past."""

    text: str
    year: int
    dateline: tuple[int, int] | None

    def where(self, names: Iterable[str]) -> list[tuple[int, int]]:
        found = [where for name in names for where in spans(self.text, name)]
        if self.dateline is None:
            return found
        first, last = self.dateline
        return [(a, b) for a, b in found if not (first <= a and b <= last)]

    def only_past(self, found: list[tuple[int, int]]) -> bool:
        return all(in_past_clause(self.text, a, b, self.year) for a, b in found)


def _naming_reasons(
    event: EventRecord, people: dict[str, PersonRecord], mentioned: _Mentions
) -> tuple[list[str], list[str], int]:
    """What the article names of the event: (reasons, weak reasons, how many names agree)."""
    text = mentioned.text
    now: list[str] = []
    past: list[str] = []
    for participant in event.participants:
        record = people.get(participant)
        if record is None or not is_named(text, record):
            continue
        found = mentioned.where(record.unambiguous_names)
        (past if mentioned.only_past(found) else now).append(record.name)
    reasons = ["names " + ", ".join(now)] if now else []
    weak = [f"names {', '.join(past)} only in a clause about the past"] if past else []
    place = mentioned.where([event.place]) if event.place else []
    if not place:
        return reasons, weak, len(now)
    in_past = mentioned.only_past(place)
    if now and not in_past:
        return [*reasons, f"names {event.place}"], weak, len(now) + 1
    # With none of its people named as present, the place alone says little: many events
    # happen in New Delhi.
    if now or past:
        weak.append(
            f"names {event.place}" + (" only in a clause about the past" if in_past else "")
        )
    else:
        past_clause = ", in a clause about the past" if in_past else ""
        weak.append(f"names only its place, {event.place}{past_clause}")
    return reasons, weak, len(now)


def propose_events(
    text: str,
    events: Iterable[EventRecord],
    people: dict[str, PersonRecord],
    countries: list[str],
    date: dt.date,
    reported_dates: Mapping[str, Sequence[DateSpan]],
    reported_on: Mapping[str, Sequence[dt.date]] | None = None,
    dateline: tuple[int, int] | None = None,
) -> list[ProposedEvent]:
    """Events whose people or place the article names and that sources date near it.

    A registry of several stories has events months apart with the same people: an event is
    proposed only when something known of its time (a date briefings give it, or the date of
    an article reporting it) is within NEAR_DAYS of the article, or when nothing is known of
    its time and the article gives two reasons for it, one of them strong. A place named only
    in the dateline is no reason; a place named alone, or a name only in a clause about the
    past, is a weak one. Those with more names that agree come first, then the nearest."""
    mentioned = _Mentions(text, date.year, dateline)
    ranked: list[tuple[tuple[int, int, int], ProposedEvent]] = []
    for event in events:
        reasons, weak, agreeing = _naming_reasons(event, people, mentioned)
        if not reasons and not weak:
            continue
        if len(event.countries) > 1 and set(event.countries) <= set(countries):
            reasons.append("involves " + ", ".join(event.countries))
        known = _when_known(event.id, date, reported_dates, reported_on or {})
        if known is None:
            if not agreeing or len(reasons) + len(weak) < 2:
                continue  # one weak reason alone, and nothing says when
            days = NEAR_DAYS + 1
        else:
            days, when = known
            if days > NEAR_DAYS:
                continue  # sources put it far from this article
            reasons.append(when)
        proposal = ProposedEvent(event.id, tuple(reasons), tuple(weak))
        ranked.append(((-agreeing, days, len(weak)), proposal))
    ranked.sort(key=lambda item: (item[0], item[1].id))
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


PROPOSALS_NOTE = "# Events the article may report, most reasons first: uncomment each it reports."
_STATUS_TODO = f"{PLACEHOLDER} {STATUS_CHOICES}"


def event_lines(listed: list[str], proposed: list[ProposedEvent]) -> list[str]:
    """The events list: those the article names, each with a status to fill in, and those it
    may report as whole commented items. Whichever proposals the contributor uncomments, and
    none, the file stays valid YAML with a list here: under listed events the proposals are
    block items; with none listed the list is written in flow style (`[` ... `]`), the one form
    that is an empty list with nothing uncommented and a list of items with some."""
    items = [f"  - id: {event}\n    status: {_STATUS_TODO}" for event in listed]
    if not proposed:
        return ["events:", *items] if listed else ["events: []"]
    if listed:
        return [
            "events:",
            *items,
            f"  {PROPOSALS_NOTE}",
            *(
                f"  # - id: {event.id}  # {event.note}\n  #   status: {_STATUS_TODO}"
                for event in proposed
            ),
        ]
    status = yaml_text(_STATUS_TODO)
    return [
        "events: [",
        f"  {PROPOSALS_NOTE}",
        *(f"  # {{id: {event.id}, status: {status}}},  # {event.note}" for event in proposed),
        "  ]",
    ]


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
    opening = read_opening(text)
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
            opening.dateline,
        )
        if p.id not in events
    ]
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
        f"  agency: {yaml_text(opening.agency)}"
        if opening.agency
        else f"  agency: {PLACEHOLDER} the credited outlet or agency, or delete",
        f"  headline: {yaml_text(opening.headline)}"
        if opening.headline
        else f"  headline: {PLACEHOLDER} the article's own headline, word for word, or delete",
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
    lines += event_lines(events, proposed)
    lines += ["", f"topics: {_flow_list(topics)}", *topic_notes, ""]
    return Skeleton(briefing_id, f"briefings/{date.year}/{briefing_id}.yml", "\n".join(lines))
