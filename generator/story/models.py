"""The data the pipeline passes along: what a contributor writes, and what the site is made of.

Input models are pydantic models with a fixed set of fields (unknown keys are errors), frozen so
no stage can change what an earlier stage produced. They are also the source of the JSON Schema
that editors use for completion.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..core.addresses import looks_like_ascii, read_address
from ..core.text_safety import (
    hidden_character_problem,
    mixed_script_word,
    single_script_words,
    visible_text,
)

MONTH_NAMES: tuple[str, ...] = tuple(calendar.month_name)
"""English month names by number (1 is January), read once: `calendar.month_name[m]` asks
strftime again on every use, 140,000 times a run at 10,000 briefings."""

PLACEHOLDER = "TODO"
"""Marks what a contributor must still write in a skeleton; `check` rejects it."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# One line of plain text: no line breaks, and no angle brackets, which some theme templates
# would pass into HTML attributes and <title> unescaped.
LINE_PATTERN = r"^[^\r\n<>]*$"


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=100)]
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=LINE_PATTERN),
    AfterValidator(visible_text),
    AfterValidator(single_script_words),
]
Prose = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    AfterValidator(visible_text),
]
QUOTE_LENGTH = range(8, 401)
"""How long an evidence quote may be, in characters."""
Quote = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=QUOTE_LENGTH.start, max_length=QUOTE_LENGTH.stop - 1
    ),
    AfterValidator(visible_text),
]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code"}
    ),
]
SeedFileName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt$")]


def _is_web_url(value: str) -> str:
    # The same character rules as text: an address is shown as a link's text, where a bidi
    # control would reverse it and a zero-width character hide in it.
    problem = hidden_character_problem(value)
    if problem:
        raise ValueError(problem.replace("retype the text", "retype the address"))
    # Then as a browser reads it: the host it reaches must be the host the text shows.
    reading = read_address(value)
    for label in reading.unicode_labels:
        word = mixed_script_word(label)
        if word:
            raise ValueError(
                f"{reading.browser_reads}: the host name part {word!r} mixes letters of "
                "different scripts, so it only looks like the address it imitates; retype it, "
                f"or write the host as {reading.host!r} if it really is this one"
            )
        if looks_like_ascii(label):
            raise ValueError(
                f"{reading.browser_reads}: {label!r} is written only in letters that look "
                "like plain Latin ones, so readers take it for another address; retype it, "
                f"or write the host as {reading.host!r} if it really is this one"
            )
    return value


WebUrl = Annotated[str, AfterValidator(_is_web_url)]


# Dates outside this range are typing mistakes in a news briefing, and dates near the ends of
# Python's calendar (year 1, year 9999) would overflow when ranges are computed.
MIN_YEAR, MAX_YEAR = 1800, 2200


def _parse_iso_date(value: Any) -> dt.date:
    """Only YYYY-MM-DD: no timestamps, no Unix seconds, no other formats pydantic would take."""
    if isinstance(value, dt.date):
        return value
    # ASCII digits only: \d and fromisoformat() also take ٢٠٢٥ and other scripts' digits.
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        raise ValueError("a date is written YYYY-MM-DD, e.g. 2025-11-15")
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()} is not a real date") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"the year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return parsed


IsoDate = Annotated[
    dt.date,
    PlainValidator(_parse_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


DATE_FORMS = "YYYY-MM-DD (a day), YYYY-Www (an ISO week, e.g. 2025-W43), YYYY-MM or YYYY"
"""How a report's date is written, for messages that say so."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a week, a month or only a year, as news reports give them. A
    week ("next week") is an ISO 8601 week, Monday to Sunday, and `year` its ISO year: it says
    the event falls on one of its days, not that it lasts seven days (that is a range)."""

    year: int
    month: int | None = None
    day: int | None = None
    week: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        # ASCII digits only: \d and int() also take ٢٠٢٥ and other scripts' digits.
        week = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", text.strip())
        if week:
            return cls.of_week(int(week.group(1)), int(week.group(2)))
        match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text.strip())
        if not match:
            raise ValueError(f"a date is written {DATE_FORMS}")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist")
        if day is not None:
            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise ValueError(f"{text.strip()} is not a real date")
        return cls(year, month, day)

    @classmethod
    def of_week(cls, year: int, week: int) -> PartialDate:
        """ISO week `week` of ISO year `year`: 52 or 53 weeks, by the year."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
        weeks = dt.date(year, 12, 28).isocalendar().week  # 28 December is in the last week
        if not 1 <= week <= weeks:
            raise ValueError(f"{year} has weeks W01 to W{weeks}; there is no week W{week:02d}")
        return cls(year, week=week)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.week is not None:
            return DatePrecision.WEEK
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    @property
    def first_day(self) -> dt.date:
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 7)
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.week is not None:
            return f"{self.year:04d}-W{self.week:02d}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self) -> str:
        """'17 November 2025', 'week of 20 October 2025', 'December 2025' or '2025': never
        more precise than the source."""
        if self.week is not None:
            monday = self.first_day
            return f"week of {monday.day} {MONTH_NAMES[monday.month]} {monday.year}"
        if self.month is None:
            return str(self.year)
        month_name = MONTH_NAMES[self.month]
        if self.day is None:
            return f"{month_name} {self.year}"
        return f"{self.day} {month_name} {self.year}"


@dataclass(frozen=True, order=True)
class DateSpan:
    """When a report says an event happens: one date (`2025-11-17`, `2025-12`) or a range
    (`2025-12-04/2025-12-05`, ISO 8601's interval form), each end as precise as the source."""

    start: PartialDate
    end: PartialDate | None = None

    @classmethod
    def parse(cls, text: str) -> DateSpan:
        first, slash, last = text.strip().partition("/")
        start = PartialDate.parse(first)
        if not slash:
            return cls(start)
        if not last.strip():
            raise ValueError("a range is written start/end, e.g. 2025-12-04/2025-12-05")
        end = PartialDate.parse(last)
        if DatePrecision.WEEK in (start.precision, end.precision):
            raise ValueError(
                "a week is a date of its own, not the end of a range: write the week alone "
                "(2025-W43) if the event falls in it, or its days (2025-10-20/2025-10-26) "
                "if it lasts all of them"
            )
        if end.first_day <= start.last_day:
            raise ValueError(f"a range must end after it starts: {end} does not come after {start}")
        return cls(start, end)

    @property
    def precision(self) -> DatePrecision:
        return self.start.precision

    @property
    def year(self) -> int:
        """The year it starts in: a week's first day's, not its ISO year (2026-W01 starts in
        2025)."""
        return self.first_day.year

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day

    @property
    def days(self) -> int:
        """How many days it may cover: 1 for a known day, 31 for December."""
        return (self.last_day - self.first_day).days + 1

    def contains(self, other: DateSpan) -> bool:
        return self.first_day <= other.first_day and other.last_day <= self.last_day

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)

    def after_preposition(self) -> str:
        """'on 17 November 2025', 'in the week of 20 October 2025', 'in December 2025'."""
        preposition = {DatePrecision.DAY: "on", DatePrecision.WEEK: "in the"}
        return f"{preposition.get(self.precision, 'in')} {self.display()}"

    def display(self) -> str:
        """'17 November 2025', '4–5 December 2025', '30 November – 2 December 2025',
        'November–December 2025': never more precise than the source."""
        start, end = self.start, self.end
        if end is None:
            return start.display()
        if start.precision is end.precision and start.year == end.year:
            if start.day is not None and start.month == end.month:
                return f"{start.day}\u2013{end.display()}"  # 4–5 December 2025
            if start.day is not None:
                without_year = start.display().rsplit(" ", 1)[0]
                return f"{without_year} \u2013 {end.display()}"  # 30 November – 2 December 2025
            if start.month is not None:
                return f"{MONTH_NAMES[start.month]}\u2013{end.display()}"
        return f"{start.display()} \u2013 {end.display()}"


def _parse_date_span(value: Any) -> DateSpan:
    if isinstance(value, DateSpan):
        return value
    if isinstance(value, PartialDate):
        return DateSpan(value)
    if not isinstance(value, str):
        raise ValueError(f"a date is written {DATE_FORMS}, or start/end for a range")
    return DateSpan.parse(value)


DateSpanField = Annotated[
    DateSpan,
    PlainValidator(_parse_date_span),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4}-W\d{2}|\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?)$",
            "description": "A day (2025-11-17), an ISO week (2025-W43: some day of it), a month "
            "(2025-12) or a year (2025), or a range of days, months or years written start/end "
            "(2025-12-04/2025-12-05).",
        }
    ),
]


class EventKind(StrEnum):
    TALKS = "talks"
    MEETING = "meeting"
    VISIT = "visit"
    SUMMIT = "summit"
    SESSION = "session"
    CONFERENCE = "conference"
    SIGNING = "signing"
    CALL = "call"
    """A telephone or video call: talks with no one travelling to meet."""


# PLOVER event categories, so the data can be compared with event datasets that use them.
PLOVER_CATEGORY: dict[EventKind, str] = {
    EventKind.TALKS: "CONSULT",
    EventKind.MEETING: "CONSULT",
    EventKind.VISIT: "CONSULT",
    EventKind.SUMMIT: "CONSULT",
    EventKind.SESSION: "CONSULT",
    EventKind.CONFERENCE: "CONSULT",
    EventKind.SIGNING: "AGREE",
    EventKind.CALL: "CONSULT",  # PLOVER counts telephone and video calls as consultation
}


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    ANTICIPATED = "anticipated"
    HELD = "held"
    POSTPONED = "postponed"
    ON_HOLD = "on-hold"
    CANCELLED = "cancelled"

    @property
    def words(self) -> str:
        """How pages write it: 'on hold'."""
        return self.value.replace("-", " ")


FUTURE_STATUSES = frozenset({EventStatus.SCHEDULED, EventStatus.ANTICIPATED})
OFF_PLAN_STATUSES = frozenset({EventStatus.POSTPONED, EventStatus.ON_HOLD, EventStatus.CANCELLED})
"""A plan that no longer stands as made: only these reports may give `planned_for`, the date
the event was planned for before it was put off, paused or called off."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- Briefing files -------------------------------------------------------------------------


class Source(StrictModel):
    file: SeedFileName = Field(description="The source article's file name in seeds/.")
    agency: Line | None = Field(
        default=None, description="The outlet or agency that published or credits the article."
    )
    headline: Line | None = Field(
        default=None, description="The article's own headline, word for word, if it has one."
    )
    url: WebUrl | None = Field(default=None, description="The article's address, if public.")


class KeyPoint(StrictModel):
    text: Prose = Field(description="One finding, in the analyst's words.")
    evidence: Quote = Field(
        description="A short passage copied word for word from the source article."
    )


class PersonMention(StrictModel):
    id: Slug = Field(description="The person's id in entities/people.yml.")
    office: Line | None = Field(
        default=None,
        description="The office the article gives this person, exactly as it gives it.",
    )


class OutcomeKind(StrEnum):
    AGREEMENT = "agreement"
    PROGRAMME = "programme"
    TARGET = "target"
    STATEMENT = "statement"
    DECISION = "decision"
    NO_AGREEMENT = "no-agreement"
    """The sides met or spoke and the article says they reached no agreement: a result
    in its own right, not a statement."""


# Words contributors write for a value of a closed vocabulary, by what they mean (the spellings
# of the values themselves are found by did-you-mean): "completed" is `held`. Keys are
# lower case, with spaces for dashes and underscores (see `vocabulary_word`).
MEANINGS: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    EventStatus: {
        **dict.fromkeys(
            (
                "completed",
                "complete",
                "happened",
                "took place",
                "taken place",
                "done",
                "occurred",
                "concluded",
                "finished",
                "over",
                "ended",
                "met",
                "took part",
                "past",
                "carried out",
                "convened",
                "signed",
                "visited",
                "attended",
            ),
            ("held",),
        ),
        **dict.fromkeys(
            ("called off", "scrapped", "canceled", "cancel", "abandoned", "dropped", "off"),
            ("cancelled",),
        ),
        **dict.fromkeys(
            (
                "delayed",
                "deferred",
                "put off",
                "rescheduled",
                "moved",
                "pushed back",
                "postpone",
                "adjourned",
            ),
            ("postponed",),
        ),
        **dict.fromkeys(
            ("suspended", "paused", "frozen", "shelved", "halted", "stalled", "hold"),
            ("on-hold",),
        ),
        **dict.fromkeys(
            ("planned", "confirmed", "set", "fixed", "due", "announced", "booked"),
            ("scheduled",),
        ),
        **dict.fromkeys(
            ("expected", "likely", "possible", "proposed", "mooted", "tentative", "probable"),
            ("anticipated",),
        ),
        **dict.fromkeys(
            ("upcoming", "future", "forthcoming", "planned or expected", "pending"),
            ("scheduled", "anticipated"),
        ),
    },
    EventKind: {
        **dict.fromkeys(
            ("phone call", "telephone call", "video call", "phone", "telephone", "video"),
            ("call",),
        ),
        **dict.fromkeys(
            ("negotiations", "negotiation", "dialogue", "consultations", "discussions"),
            ("talks",),
        ),
        **dict.fromkeys(("trip", "tour", "state visit", "official visit"), ("visit",)),
        **dict.fromkeys(("forum", "congress", "convention", "symposium"), ("conference",)),
        **dict.fromkeys(("meet", "bilateral", "encounter"), ("meeting",)),
        **dict.fromkeys(("signature", "ceremony", "signing ceremony"), ("signing",)),
        **dict.fromkeys(("plenary", "sitting", "assembly"), ("session",)),
    },
    OutcomeKind: {
        **dict.fromkeys(
            (
                "deal",
                "accord",
                "treaty",
                "pact",
                "mou",
                "memorandum",
                "memorandum of understanding",
                "contract",
                "agreed",
            ),
            ("agreement",),
        ),
        **dict.fromkeys(
            ("communique", "communiqué", "declaration", "joint statement", "announcement"),
            ("statement",),
        ),
        **dict.fromkeys(("goal", "aim", "objective"), ("target",)),
        **dict.fromkeys(("program", "plan", "roadmap", "road map", "initiative"), ("programme",)),
        **dict.fromkeys(("resolution", "ruling", "verdict", "decided"), ("decision",)),
        **dict.fromkeys(
            ("no deal", "disagreement", "failed", "failure", "stalemate", "deadlock", "none"),
            ("no-agreement",),
        ),
    },
}
"""What a word probably means in each vocabulary (a value may be one of two, as "upcoming")."""

MAX_VOCABULARY_WORD = 60
"""Longer input is not looked up: no vocabulary word is that long."""


def vocabulary_word(text: str) -> str:
    """How MEANINGS keys are written: lower case, dashes and underscores as spaces."""
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def meant_values(vocabulary: type[StrEnum], text: str) -> tuple[str, ...]:
    """The values of `vocabulary` that `text` probably means, by meaning, or ()."""
    if len(text) > MAX_VOCABULARY_WORD:
        return ()
    word = vocabulary_word(text)
    own = {vocabulary_word(value): value for value in vocabulary}
    if word in own:  # "on hold" for on-hold, "Held" for held
        return (own[word],)
    return MEANINGS.get(vocabulary, {}).get(word, ())


class Outcome(StrictModel):
    kind: OutcomeKind = Field(description="What the event produced.")
    text: Line = Field(description="What it is, in the analyst's words, in one line.")
    evidence: Quote = Field(
        description="A short passage copied word for word from the source article."
    )


class StatusClaim(StrictModel):
    """One attributed claim about an event's status, as the article reports it: Putin says
    the summit is postponed, Trump that it is cancelled."""

    by: Slug | None = Field(
        default=None,
        description="Who makes the claim: the id of a person (entities/people.yml) or an "
        "organisation (entities/organisations.yml); left out when the outlet itself says it.",
    )
    status: EventStatus = Field(description="The status the claim gives the event.")
    evidence: Quote = Field(
        description="A short passage copied word for word from the source article, in which "
        "the claim is made."
    )


class EventReport(StrictModel):
    id: Slug = Field(description="The event's id in entities/events.yml.")
    status: EventStatus = Field(
        description="What the article says about the event: the status it gives in its own "
        "voice or, when it only reports others' claims, the one it leads with. Claims that "
        "differ from it go under claims."
    )
    date: DateSpanField | None = Field(
        default=None,
        description="The event's date or dates as the article gives them, if it does. A later "
        "report with a vaguer date never replaces a more precise one; if the article says the "
        "event was moved, the status is postponed and the date the new one (none if no new "
        "date is given; never on an on-hold report).",
    )
    planned_for: DateSpanField | None = Field(
        default=None,
        description="Only on a postponed, on-hold or cancelled report: the date the article "
        "says the event was planned for before it was put off, paused or called off. Never "
        "the event's date now.",
    )
    place: Line | None = Field(
        default=None, description="Where the article says the event takes or took place."
    )
    participants: list[Slug] = Field(
        default_factory=list,
        max_length=100,
        description="Ids of people the article says take or took part (entities/people.yml).",
    )
    outcomes: list[Outcome] = Field(
        default_factory=list,
        max_length=30,
        description="What the article says the event produced: agreements, programmes, "
        "targets, statements, decisions.",
    )
    claims: list[StatusClaim] = Field(
        default_factory=list,
        max_length=30,
        description="Each claim the article reports about the event's status, with who "
        "makes it and the passage that says so. Where they (or the status above) differ, "
        "every page shows that the sources differ.",
    )


class BriefingFile(StrictModel):
    """One briefing: what one source article says, summarised and linked to entities."""

    model_config = ConfigDict(title="Briefing")

    id: Slug = Field(description="Lowercase slug, the same as the file name without .yml.")
    title: Line
    date: IsoDate = Field(description="The article's date.")
    source: Source
    bottom_line: Prose = Field(description="One paragraph: what the reader must know.")
    key_points: list[KeyPoint] = Field(min_length=1, max_length=30)
    background: Prose
    outlook: Prose = Field(description="What to watch next, as the article sees it.")
    countries: list[CountryCode] = Field(default_factory=list, max_length=50)
    people: list[PersonMention] = Field(default_factory=list, max_length=100)
    organisations: list[Slug] = Field(default_factory=list, max_length=100)
    events: list[EventReport] = Field(default_factory=list, max_length=100)
    topics: list[Slug] = Field(default_factory=list, max_length=50)

    @property
    def source_credit(self) -> str:
        """Who published the source, and when: 'ANI, 15 November 2025'. Readers are never
        shown the file name, which means nothing to them."""
        published = f"{self.date.day} {MONTH_NAMES[self.date.month]} {self.date.year}"
        return f"{self.source.agency or 'Source article'}, {published}"

    @property
    def source_citation(self) -> str:
        """The source as plain text: 'ANI, 15 November 2025: Headline', for feeds and data."""
        headline = self.source.headline
        return f"{self.source_credit}: {headline}" if headline else self.source_credit


# --- Registry files (entities/*.yml) ----------------------------------------------------------


class RegistryRecord(StrictModel):
    """An entry of one of the entities/*.yml files."""

    @property
    def identifier(self) -> str:
        """The key other files use to refer to this entry."""
        identifier: str = getattr(self, "id")  # noqa: B009 - every subclass but one has an id
        return identifier


class CountryOverride(RegistryRecord):
    code: CountryCode
    name: Line = Field(description="The name readers know, e.g. Russia for RU.")

    @property
    def identifier(self) -> str:
        return self.code


class OfficeRecord(StrictModel):
    title: Line
    since: IsoDate | None = None
    until: IsoDate | None = None
    source: WebUrl = Field(description="A public page that states this office and its dates.")

    @model_validator(mode="after")
    def _since_before_until(self) -> OfficeRecord:
        if self.since and self.until and self.since > self.until:
            raise ValueError("'since' is later than 'until'")
        return self


class NamedRecord(RegistryRecord):
    """A registry entry that articles name: a person, organisation, topic or event."""

    id: Slug
    name: Line
    aliases: list[Line] = Field(
        default_factory=list, description="Other names that mean this entry and no other."
    )
    ambiguous_aliases: list[Line] = Field(
        default_factory=list,
        description="Names this entry shares with another, such as a surname two people bear: "
        "never linked or matched alone.",
    )

    @property
    def unambiguous_names(self) -> list[str]:
        """The names that, found in a text, mean this entry."""
        return [self.name, *self.aliases]

    @property
    def all_names(self) -> list[str]:
        """Every name this entry goes by, for suggestions and uniqueness checks."""
        return [self.name, *self.aliases, *self.ambiguous_aliases]


def office_wording_key(wording: str) -> str:
    """Two wordings of an office are the same words when they differ only in case and spacing."""
    return " ".join(wording.casefold().split())


class OfficeName(StrictModel):
    """Wordings of one office that briefings give a person, so that pages show them as one."""

    name: Line = Field(description="How pages name the office: one of the wordings, usually.")
    also: list[Line] = Field(
        min_length=1,
        description="Other wordings sources use for the same office, e.g. 'presidential special "
        "envoy' for 'Special Envoy'.",
    )

    @property
    def wordings(self) -> list[str]:
        return [self.name, *self.also]

    @model_validator(mode="after")
    def _each_wording_once(self) -> OfficeName:
        seen: set[str] = set()
        for wording in self.wordings:
            if office_wording_key(wording) in seen:
                raise ValueError(f"'{wording}' is listed twice; give each wording once")
            seen.add(office_wording_key(wording))
        return self


class PersonRecord(NamedRecord):
    country: CountryCode | None = None
    offices: list[OfficeRecord] = Field(
        default_factory=list,
        description="Offices backed by a public source; offices stated in briefings need no entry.",
    )
    office_names: list[OfficeName] = Field(
        default_factory=list,
        description="Wordings briefings give this person that mean one office, so that the "
        "person's page shows them as one row, each with its sources. Wordings matched "
        "regardless of case and spacing; one not listed here is an office of its own.",
    )

    @field_validator("office_names")
    @classmethod
    def _wording_in_one_office(cls, names: list[OfficeName]) -> list[OfficeName]:
        owner: dict[str, str] = {}
        for office in names:
            for wording in office.wordings:
                first = owner.setdefault(office_wording_key(wording), office.name)
                if first != office.name:
                    raise ValueError(
                        f"'{wording}' is a wording of both '{first}' and '{office.name}'; "
                        "a wording can name one office only, so keep it under one of them"
                    )
        return names

    def office_of(self, wording: str) -> str:
        """The office a briefing's wording names: the registry's name for it, when the
        registry lists the wording under `office_names`, else the wording itself."""
        key = office_wording_key(wording)
        for office in self.office_names:
            if any(office_wording_key(w) == key for w in office.wordings):
                return office.name
        return wording


class OrganisationRecord(NamedRecord):
    country: CountryCode | None = Field(default=None, description="For national bodies only.")


class TopicRecord(NamedRecord):
    pass


class EventRecord(NamedRecord):
    kind: EventKind
    place: Line | None = None
    countries: list[CountryCode] = Field(default_factory=list)
    participants: list[Slug] = Field(default_factory=list, description="Ids of people.")
    organisations: list[Slug] = Field(default_factory=list)
    parent: Slug | None = Field(
        default=None, description="The event this one took place within, e.g. a summit."
    )


RegistryKind = Literal["countries", "people", "organisations", "topics", "events"]


# --- What the site is made of, after resolution -------------------------------------------------


class EntityKind(StrEnum):
    COUNTRY = "country"
    PERSON = "person"
    ORGANISATION = "organisation"
    EVENT = "event"
    TOPIC = "topic"


class EntityKey(NamedTuple):
    """A named tuple, so hashing and sorting run in C: the graph hashes keys millions of
    times at 10,000 briefings."""

    kind: EntityKind
    id: str


@dataclass(frozen=True)
class Kind:
    """One kind of entity, everywhere it appears. Its plural names its registry file
    (`entities/people.yml`), its list in a briefing (`people:`) and its section of the site
    (`people/`)."""

    entity: EntityKind
    plural: RegistryKind
    record: type[RegistryRecord]
    item_key: str | None
    """In a briefing's list, the key of the item that holds the id (`people: - id: …`), or
    None where the list holds the ids themselves (`topics: [trade]`)."""
    search_facet: bool
    """Whether readers can filter search results by it."""
    summary: str
    """What its section's index page lists, in one sentence."""

    @property
    def singular(self) -> str:
        return str(self.entity)

    @property
    def template(self) -> str:
        return f"{self.entity}.md.j2"

    @property
    def title(self) -> str:
        """The name of its section: "People"."""
        return self.plural.capitalize()

    def loc_in_briefing(self, index: int) -> tuple[str | int, ...]:
        """Where the index-th id of this kind stands in a briefing."""
        if self.item_key:
            return (self.plural, index, self.item_key)
        return (self.plural, index)

    def ids_in(self, record: BriefingFile) -> list[str]:
        """The ids of this kind a briefing lists, in its order."""
        items: list[Any] = getattr(record, self.plural)
        key = self.item_key
        return [getattr(item, key) for item in items] if key else list(items)


KINDS: tuple[Kind, ...] = (
    Kind(
        EntityKind.COUNTRY, "countries", CountryOverride, None, True, "Countries in the briefings."
    ),
    Kind(EntityKind.PERSON, "people", PersonRecord, "id", True, "People named in the briefings."),
    Kind(
        EntityKind.ORGANISATION,
        "organisations",
        OrganisationRecord,
        None,
        True,
        "Organisations named in the briefings.",
    ),
    Kind(
        EntityKind.EVENT,
        "events",
        EventRecord,
        "id",
        False,
        "Talks, visits, summits and sessions the briefings report.",
    ),
    Kind(EntityKind.TOPIC, "topics", TopicRecord, None, True, "Topics the briefings cover."),
)
"""Every kind of entity, in the order a briefing lists them."""
KIND: dict[EntityKind, Kind] = {kind.entity: kind for kind in KINDS}
KIND_OF_REGISTRY: dict[RegistryKind, Kind] = {kind.plural: kind for kind in KINDS}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    slug: str

    @property
    def key(self) -> EntityKey:
        return EntityKey(EntityKind.COUNTRY, self.code)


@dataclass(frozen=True)
class Briefing:
    """A validated briefing and the parsed file it came from (for positions in messages)."""

    record: BriefingFile
    document: YamlDocument

    @property
    def path(self) -> str:
        return self.document.path

    # Cached: sorting 10,000 briefings by date and id reads these hundreds of thousands of times.
    @functools.cached_property
    def id(self) -> str:
        return self.record.id

    @functools.cached_property
    def date(self) -> dt.date:
        return self.record.date

    @functools.cached_property
    def entity_keys(self) -> tuple[EntityKey, ...]:
        """Everything the briefing lists, in the order it lists them."""
        record = self.record
        return tuple(EntityKey(kind.entity, i) for kind in KINDS for i in kind.ids_in(record))


@dataclass(frozen=True)
class Registry:
    countries: dict[str, Country]
    people: dict[str, PersonRecord]
    organisations: dict[str, OrganisationRecord]
    topics: dict[str, TopicRecord]
    events: dict[str, EventRecord]

    def records(self, kind: EntityKind) -> Mapping[str, Country | NamedRecord]:
        """The entities of one kind, by id (by code for countries)."""
        found: Mapping[str, Country | NamedRecord] = getattr(self, KIND[kind].plural)
        return found

    def name(self, key: EntityKey) -> str:
        return self.records(key.kind)[key.id].name

    def names(self, key: EntityKey) -> list[str]:
        """The names a text may use for an entity: a country's name, or what `new` and
        mention links match for the others (never an ambiguous alias)."""
        record = self.records(key.kind)[key.id]
        return record.unambiguous_names if isinstance(record, NamedRecord) else [record.name]


@dataclass(frozen=True)
class Corpus:
    """Everything the site shows, with every reference checked to exist."""

    briefings: tuple[Briefing, ...]
    registry: Registry


# --- What the load stage hands on -----------------------------------------------------------------

Loc = tuple[str | int, ...]


class Position(NamedTuple):
    """Line and column, from 1. A named tuple: a large corpus makes millions of them."""

    line: int
    column: int


class Places(NamedTuple):
    """Where each value and each key of a document stands: line and column, one after the
    other, in the order the parser met them, which is the order of the parsed data (see
    `_locs_in_order`). Only numbers: the paths they belong to are made again from the data,
    and the lookup tables built, only for a document that a diagnostic points into. At
    10,000 briefings the paths were half of what the workers sent back, 0.2 s to pickle and
    unpickle (measured)."""

    value_numbers: list[int]
    key_numbers: list[int]


NO_PLACES = Places([], [])


def _locs_in_order(data: Any, loc: Loc, values: list[Loc], keys: list[Loc]) -> None:
    """The path of each value and each key of parsed data, in the order the parser met them
    (load.py's converter): a value, then each of its keys with that key's value, or each
    item. A mapping keeps its keys in the file's order, and nothing changes parsed data."""
    values.append(loc)
    if isinstance(data, dict):
        for key, value in data.items():
            child = (*loc, key)
            keys.append(child)
            _locs_in_order(value, child, values, keys)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _locs_in_order(item, (*loc, index), values, keys)


def _table(locs: list[Loc], numbers: list[int]) -> dict[Loc, Position]:
    return dict(zip(locs, map(Position, numbers[::2], numbers[1::2]), strict=True))


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: plain data plus where each key and value stands in the file.

    Every scalar arrives as the text the contributor wrote (or None when empty), so no value
    is ever silently retyped; `implicit_types` records what YAML would have read a plain
    scalar as (bool, int, float, timestamp), for messages that say to quote it.
    """

    path: str
    data: Any
    places: Places
    implicit_types: dict[Loc, str]

    @functools.cached_property
    def _positions(self) -> tuple[dict[Loc, Position], dict[Loc, Position]]:
        """Each value's position and each key's, made at the first `position` asked for."""
        places = self.places
        values: list[Loc] = []
        keys: list[Loc] = []
        if places.value_numbers:  # a document made without places (tests) has none
            _locs_in_order(self.data, (), values, keys)
        return _table(values, places.value_numbers), _table(keys, places.key_numbers)

    def position(self, loc: Loc, *, of_key: bool = False) -> Position:
        """Where loc stands, or where its nearest enclosing node stands if it is missing."""
        values, keys = self._positions
        table = keys if of_key else values
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or values.get(loc[:end])
            if found is not None:
                return found
        return Position(1, 1)


@dataclass(frozen=True)
class SourceText:
    """A source article in seeds/."""

    name: str
    path: str
    text: str


@dataclass(frozen=True)
class LoadedProject:
    briefings: tuple[YamlDocument, ...]
    registry: dict[RegistryKind, YamlDocument]
    sources: dict[str, SourceText]
    files_read: int
    unparsed_briefings: int
    """Briefing files that could not be parsed (their problems are already reported)."""


@dataclass(frozen=True)
class RegistryEntry:
    """One validated registry record and where it stands in its file."""

    record: RegistryRecord
    document: YamlDocument
    loc: Loc


@dataclass(frozen=True)
class Reference:
    """One place that names an entity: which kind, which id, and where it is written."""

    kind: RegistryKind
    target: str
    document: YamlDocument
    loc: Loc
    also: RegistryKind | None = None
    """Another kind the id may be of: a claim's author is a person or an organisation."""


_SLUG = re.compile(SLUG_PATTERN)


def _field(item: object, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def event_report_references(
    report: EventReport | Mapping[str, Any],
) -> Iterator[tuple[Loc, tuple[RegistryKind, ...], str]]:
    """Every id a briefing's event report names inside it, beyond its own (a kind of the
    briefing, listed by KINDS): the people taking part, and the person or organisation each
    claim is by; with where each stands in the report and the kinds it may be of. The one list
    of them: resolution checks them, and reads them from the raw data of a briefing that failed
    validation too, where only ids of the right shape count, so nothing is reported twice."""
    for place, person in enumerate(_listed(_field(report, "participants"))):
        if isinstance(person, str) and _SLUG.match(person):
            yield ("participants", place), ("people",), person
    for place, claim in enumerate(_listed(_field(report, "claims"))):
        by = _field(claim, "by")
        if isinstance(by, str) and _SLUG.match(by):
            yield ("claims", place, "by"), ("people", "organisations"), by


def event_references(events: Any, document: YamlDocument) -> Iterator[Reference]:
    """The references inside a briefing's event reports (`events`: the validated list, or
    the raw data of a briefing that failed validation), as event_report_references finds
    them."""
    for index, report in enumerate(_listed(events)):
        for loc, kinds, target in event_report_references(report):
            also = kinds[1] if len(kinds) > 1 else None
            yield Reference(kinds[0], target, document, ("events", index, *loc), also)


@dataclass(frozen=True)
class ValidatedProject:
    briefings: tuple[Briefing, ...]
    registry: dict[RegistryKind, tuple[RegistryEntry, ...]]
    sources: dict[str, SourceText]
    complete_registry: frozenset[RegistryKind]
    """Registry kinds whose file loaded and validated in full, so references can be checked."""
    all_briefings_valid: bool
    """False if any briefing failed to parse or validate: then no entry can be called unused."""
    loose_references: tuple[Reference, ...] = ()
    """References read from briefings that failed validation, so one run reports them too."""


def slugify(text: str) -> str:
    """Lowercase ASCII slug for URLs: 'Côte d'Ivoire' -> 'cote-d-ivoire'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


@dataclass(frozen=True)
class Page:
    """One generated Markdown file: where it goes under docs/ and what it says."""

    uri: str
    text: str
