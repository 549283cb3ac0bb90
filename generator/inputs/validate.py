"""Stage 2: check each file against the schema, then the checks that span files.

Every problem is collected with the position of the key or value at fault; nothing raises.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, get_args

import pycountry
import regex
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..core.diagnostics import Diagnostic, error, error_at, warning_at
from ..core.memo import NO_CACHE, BuildCache
from ..core.suggest import spellings_of
from ..story.models import (
    FUTURE_STATUSES,
    KIND_OF_REGISTRY,
    KINDS,
    MAX_VOCABULARY_WORD,
    MEANINGS,
    OFF_PLAN_STATUSES,
    PLACEHOLDER,
    QUOTE_LENGTH,
    SLUG_PATTERN,
    Briefing,
    BriefingFile,
    CountryOverride,
    DateSpan,
    EntityKind,
    EventStatus,
    LoadedProject,
    Loc,
    NamedRecord,
    PartialDate,
    PersonRecord,
    Reference,
    RegistryEntry,
    RegistryKind,
    RegistryRecord,
    SourceText,
    StrictModel,
    ValidatedProject,
    YamlDocument,
    event_references,
    meant_values,
    slugify,
)
from ..story.sitemap import (
    MAX_COUNTRY_SLUG_BYTES,
    MAX_NAME_BYTES,
    MAX_PATH_BYTES,
    entity_uri,
    entity_uris,
    is_windows_device_name,
    unwritable_name,
)
from .dates_written import date_hint, one_day_range_hint
from .names import NameIndex, mentions, person_in_text

DATE_KEYS = frozenset({"date", "planned_for", "since", "until"})
YAML_READS_AS = {
    "bool": "a true/false value",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
}


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 3) -> str:
    """A hint naming the closest valid choices, or an empty string when nothing is close."""
    matches = spellings_of(tuple(choices)).close(word, limit=limit)
    if not matches:
        return ""
    quoted = ", ".join(f"'{m}'" for m in matches)
    return f"Did you mean {quoted}?"


def format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the document"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that describes the mapping at loc, following list items."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _first_model(field.annotation)
    return current


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _first_model(argument)
        if found is not None:
            return found
    return None


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _schema_diagnostic(
    document: YamlDocument, model: type[BaseModel], detail: ErrorDetails, prefix: Loc
) -> Diagnostic:
    loc: Loc = (*prefix, *detail["loc"])
    kind = detail["type"]
    where = format_loc(loc)
    position = document.position(loc)
    hint = ""
    if kind == "extra_forbidden":
        position = document.position(loc, of_key=True)
        parent = _model_at(model, tuple(detail["loc"][:-1]))
        fields = list(parent.model_fields) if parent else []
        field_name = str(loc[-1])
        message = f"unknown field '{field_name}'"
        hint = did_you_mean(field_name, fields) or (
            "Allowed fields: " + ", ".join(fields) if fields else ""
        )
    elif kind == "missing":
        message = f"missing required field '{loc[-1]}'"
        if len(loc) > 1:
            message += f" in {format_loc(loc[:-1])}"
        hint = f"Add '{loc[-1]}:' with a value"
    elif kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']+)'", str(expected))
        message = f"{where}: {_describe_value(detail['input'])} is not one of the allowed values"
        hint = _vocabulary_hint(detail["input"], choices)
    elif kind in {"string_type", "list_type", "model_type", "model_attributes_type", "dict_type"}:
        wanted = {"list_type": "a list", "string_type": "text"}.get(kind, "a mapping of fields")
        message = f"{where} should be {wanted}, but it is {_describe_value(detail['input'])}"
    elif kind == "string_pattern_mismatch":
        message, hint = _pattern_message(where, str(detail["input"]), loc)
    else:
        message = f"{where}: {detail['msg'].removeprefix('Value error, ')}"
        if (
            kind == "value_error"
            and loc
            and loc[-1] in DATE_KEYS
            and isinstance(detail["input"], str)
        ):
            hint = _date_hint(model, tuple(detail["loc"]), detail["input"])
    return error(document.path, position.line, position.column, f"schema-{kind}", message, hint)


def _date_hint(model: type[BaseModel], loc: Loc, value: str) -> str:
    """The date as the field takes it, when the contributor wrote it another way. Whether the
    field takes a range is the model's to say: its type is a DateSpan."""
    parent = _model_at(model, loc[:-1])
    field = parent.model_fields.get(str(loc[-1])) if parent else None
    takes_range = field is not None and _holds(field.annotation, DateSpan)
    return (one_day_range_hint(value) if takes_range else "") or date_hint(
        value, str(loc[-1]), takes_range=takes_range
    )


def _holds(annotation: Any, wanted: type) -> bool:
    return annotation is wanted or any(_holds(a, wanted) for a in get_args(annotation))


_VOCABULARIES = {frozenset(map(str, vocabulary)): vocabulary for vocabulary in MEANINGS}


def _vocabulary_hint(value: Any, choices: list[str]) -> str:
    """The values the contributor probably meant, by meaning ("completed" is held) and then
    by spelling ("sheduled"), and all the allowed values, which are few."""
    allowed = "Allowed values: " + ", ".join(choices)
    if not isinstance(value, str):
        return allowed
    vocabulary = _VOCABULARIES.get(frozenset(choices))
    meant = list(meant_values(vocabulary, value)) if vocabulary else []
    spelled = spellings_of(tuple(choices)).close(value[:MAX_VOCABULARY_WORD], limit=3)
    likely = list(dict.fromkeys([*meant, *spelled]))[:3]
    if not likely:
        return allowed
    return "Did you mean " + " or ".join(f"'{m}'" for m in likely) + f"? {allowed}"


COUNTRY_FIELDS = frozenset({"countries", "country", "code"})
LINE_FIELDS = frozenset(
    {"title", "name", "office", "agency", "headline", "place", "aliases", "ambiguous_aliases"}
)


def _country_code_hint(value: str) -> str:
    try:
        matches = pycountry.countries.search_fuzzy(value)[:2]
    except LookupError:
        matches = []
    if matches:
        named = " or ".join(f"'{c.alpha_2}' ({c.name})" for c in matches)
        return f"Did you mean {named}?"
    return "Use the two capital letters, e.g. 'IN' for India, 'RU' for Russia"


def _pattern_message(where: str, value: str, loc: Loc) -> tuple[str, str]:
    field = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
    if field in COUNTRY_FIELDS:
        return (
            f"{where}: {value!r} is not an ISO 3166 country code",
            _country_code_hint(value),
        )
    if field == "file":
        return (f"{where}: {value!r} is not a source file name", "Name a .txt file in seeds/")
    if field in LINE_FIELDS:
        return (
            f"{where} must be one line of text without '<' or '>'",
            "Remove line breaks and angle brackets",
        )
    return (
        f"{where}: {value!r} is not a valid id",
        "Use lowercase letters, digits and single hyphens, e.g. 'sergey-lavrov'",
    )


def _implicit_type_problems(document: YamlDocument) -> list[Diagnostic]:
    """Plain scalars YAML would not read as text: editors would flag them, so we do too."""
    problems = []
    for loc, yaml_type in sorted(document.implicit_types.items(), key=lambda item: str(item[0])):
        key = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if key in DATE_KEYS and yaml_type in {"timestamp", "int"}:
            continue
        reads_as = YAML_READS_AS.get(yaml_type, yaml_type)
        problems.append(
            error_at(
                document,
                loc,
                "yaml-implicit-type",
                f"{format_loc(loc)}: YAML reads this value as {reads_as}, not as text",
                "Put it in quotes, e.g. 'NO' or '12:30'",
            )
        )
    return problems


def _validate_model(
    document: YamlDocument, model: type[StrictModel], data: Any, prefix: Loc
) -> tuple[StrictModel | None, list[Diagnostic]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        details = _without_missing_fields_that_are_misspelt(model, exc.errors())
        return None, [_schema_diagnostic(document, model, d, prefix) for d in details]


def _without_missing_fields_that_are_misspelt(
    model: type[BaseModel], details: list[ErrorDetails]
) -> list[ErrorDetails]:
    """'titel' unknown and 'title' missing is one mistake: report only the misspelling."""
    misspelt: set[tuple[str | int, ...]] = set()
    for detail in details:
        if detail["type"] != "extra_forbidden":
            continue
        parent_loc = tuple(detail["loc"][:-1])
        parent = _model_at(model, parent_loc)
        fields = list(parent.model_fields) if parent else []
        for match in difflib.get_close_matches(str(detail["loc"][-1]), fields, n=1, cutoff=0.6):
            misspelt.add((*parent_loc, match))
    return [d for d in details if d["type"] != "missing" or tuple(d["loc"]) not in misspelt]


# Typographic quote marks and primes, by code point, mapped to their ASCII counterparts, and
# dashes and minus signs to the hyphen: a reader sees the same words either way. A double prime
# is a double quote, as ASCII writes it (5′10″ is 5'10"; some articles close a quotation with
# it): its own entry is read before NFKC, which would spell it as two primes. What NFKC spells
# with these marks (‴ as three primes, ︱ as an em dash) is read through the table too.
_QUOTE_MARKS = {
    **dict.fromkeys(map(chr, (0x2018, 0x2019, 0x201A, 0x201B, 0x2032)), "'"),
    **dict.fromkeys(map(chr, (0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB)), '"'),
    **dict.fromkeys(
        map(chr, (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D)),
        "-",
    ),
}


def is_numeric_character(char: str) -> bool:
    """A character that stands for a number: a digit of any script, a superscript or
    subscript digit, a fraction, a circled or Roman numeral, a Han numeral."""
    return unicodedata.category(char)[0] == "N" or unicodedata.numeric(char, None) is not None


@functools.lru_cache(maxsize=1 << 14)
def _folded_character(char: str) -> str:
    """One character as quotes are compared: typographic quotes and dashes as ASCII, invisible
    format characters gone, compatibility forms (ligatures, full-width letters) as their
    plain letters, but never a character that stands for a number or turns into one: NFKC
    reads '10⁶' as '106' and '①' as '1', which would let a quote change a number."""
    if char in _QUOTE_MARKS:
        return _QUOTE_MARKS[char]
    if unicodedata.category(char) == "Cf":
        return ""
    if is_numeric_character(char):
        return char
    folded = unicodedata.normalize("NFKC", char)
    if any(map(is_numeric_character, folded)):
        return char
    return "".join(_QUOTE_MARKS.get(part, part) for part in folded)


def _composed(text: str) -> str:
    """NFC (one code point for 'é' however it was typed), applied only between characters
    that stand for numbers, and only where it leaves those alone: a CJK compatibility
    ideograph such as U+F96B has a numeric value and NFC would make it another character."""
    if unicodedata.is_normalized("NFC", text):
        return text
    parts = []
    start = 0
    for index, char in enumerate(text):
        if is_numeric_character(char):
            parts.append(_composed_run(text[start:index]))
            parts.append(char)
            start = index + 1
    parts.append(_composed_run(text[start:]))
    return "".join(parts)


def _composed_run(text: str) -> str:
    composed = unicodedata.normalize("NFC", text)
    return text if any(map(is_numeric_character, composed)) else composed


def normalise_quote(text: str) -> str:
    """Compare quotes the way a reader would: same words, whatever the spacing, quote marks
    or dashes (and whatever invisible characters a web page left in the source). Nothing that
    changes what the text says is folded: not case, and no character that is a number or
    would become one."""
    if text.isascii():  # nothing to normalise but the spacing
        return " ".join(text.split())
    text = "".join(map(_folded_character, _composed(text)))
    return " ".join(text.split())


def _is_word_character(char: str) -> bool:
    """A letter, digit, underscore or combining mark: what continues a word."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


MAX_INSIDE_WORDS = 256
"""How many places where a quote's text occurs inside longer words are looked past before the
quote counts as not found: a real quote is never inside other words that often, and each
place costs a comparison of the whole quote."""


def _at_word_boundaries(quote: str, text: str, at: int) -> bool:
    """Whether the quote, standing at `at` in the text, starts and ends there as words do."""
    end = at + len(quote)
    inside_before = at > 0 and _is_word_character(quote[0]) and _is_word_character(text[at - 1])
    inside_after = (
        end < len(text) and _is_word_character(quote[-1]) and _is_word_character(text[end])
    )
    return not inside_before and not inside_after


def _places_as_words(quote: str, text: str, within: str | None = None, offset: int = 0) -> bool:
    """Whether the quote stands in `within` (by default the text; else a stretch of it that
    starts at `offset`, written as the quote is) starting and ending at word boundaries of the
    text, looking past at most MAX_INSIDE_WORDS places inside longer words."""
    if not quote:
        return False
    searched = text if within is None else within
    at = searched.find(quote)
    for _ in range(MAX_INSIDE_WORDS):
        if at < 0:
            return False
        if _at_word_boundaries(quote, text, offset + at):
            return True
        at = searched.find(quote, at + 1)
    return False


def occurs_as_words(quote: str, text: str) -> bool:
    """Whether the quote occurs in the text starting and ending at word boundaries: 'legal
    under international law' is not in 'illegal under international law', nor '106' in
    '1060'. Both are normalised already."""
    return _places_as_words(quote, text)


@functools.lru_cache(maxsize=1 << 14)
def _caseless_character(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1 or is_numeric_character(char) or is_numeric_character(lower):
        return char  # one character for one, so places in both texts agree; numbers as written
    return lower


def caseless(text: str) -> str:
    """The text in lower case, character for character (a letter whose lower case is longer,
    such as 'İ', and every number stay as they are)."""
    return text.lower() if text.isascii() else "".join(map(_caseless_character, text))


_CAPITALS = regex.compile(rf"\P{{Lowercase}}{{{QUOTE_LENGTH.start},}}")
"""A stretch long enough for a quote, without a lower-case letter: a passage in capitals."""


def capitals(text: str) -> list[tuple[int, str]]:
    """The stretches of the text that have lost their case, each where it starts and in lower
    case: a quote of one may give the case back. Most articles have only a few short ones."""
    return [(found.start(), caseless(found[0])) for found in _CAPITALS.finditer(text)]


def occurs_in_capitals(quote: str, text: str, stretches: Iterable[tuple[int, str]]) -> bool:
    """Whether the quote occurs, as whole words, where the text has lost its case: a passage
    in capitals ('JAISHANKAR AND LAVROV TO MEET' holds 'Jaishankar and Lavrov to meet').
    Where the article writes lower case, the quote must too. `stretches` are capitals(text)."""
    wanted = caseless(quote)
    return any(
        _places_as_words(wanted, text, stretch, start)
        for start, stretch in stretches
        if len(stretch) >= len(wanted)
    )


_COPY_WORD_FOR_WORD = "Copy the passage word for word from the source article"
_EXCERPT_CHARS = 120
_DIFFERENCE_CHARS = 60
_NOT_A_LETTER = re.compile(r"[\W_]+")


def _words_by_line(text: str) -> tuple[list[str], list[int]]:
    """The words of a source as normalise_quote sees them, each with its 1-based line."""
    words: list[str] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = normalise_quote(line).split()
        words += found
        lines += [number] * len(found)
    return words, lines


def _word_key(word: str) -> str:
    """A word for lining a quote up with its source: case and punctuation do not matter."""
    return _NOT_A_LETTER.sub("", word.casefold()) or word


def _one_line(
    words: Sequence[str], limit: int, *, before: bool = False, after: bool = False
) -> str:
    """Words as a short single line of printable text; … marks what is left out."""
    text = " ".join(words)
    text = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in text)
    if len(text) > limit:
        text, after = text[: limit - 1].rstrip(), True
    return ("…" if before else "") + text + ("…" if after else "")


COMMON_WORD = 32
"""A word the article uses more often than this does not anchor the search for a passage."""
ANCHOR_STEPS = 4000
"""How many word comparisons one quote's search for its closest passage may make."""


class _Article:
    """One article's words, their lines and where each rarer word stands: read once per run,
    on the first quote that is not found in it, and shared by all its quotes."""

    def __init__(self, source: SourceText) -> None:
        self.words, self.lines = _words_by_line(source.text)
        self.keys = [_word_key(word) for word in self.words]
        counts = Counter(self.keys)
        self.where: dict[str, list[int]] = {
            key: [] for key, count in counts.items() if count <= COMMON_WORD
        }
        for index, key in enumerate(self.keys):
            found = self.where.get(key)
            if found is not None:
                found.append(index)
        self.common = frozenset(key for key, count in counts.items() if count > COMMON_WORD)


class Articles:
    """The articles of one run, each normalised and indexed at most once."""

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._capitals: dict[str, list[tuple[int, str]]] = {}
        self._indexed: dict[str, _Article] = {}

    def normalised(self, source: SourceText) -> str:
        if source.path not in self._text:
            self._text[source.path] = normalise_quote(source.text)
        return self._text[source.path]

    def capitals(self, source: SourceText) -> list[tuple[int, str]]:
        """The normalised article's passages in capitals, for quotes that give their case."""
        if source.path not in self._capitals:
            self._capitals[source.path] = capitals(self.normalised(source))
        return self._capitals[source.path]

    def indexed(self, source: SourceText) -> _Article:
        if source.path not in self._indexed:
            self._indexed[source.path] = _Article(source)
        return self._indexed[source.path]


@dataclass(frozen=True)
class _Run:
    """A run of words the quote shares with the article: at `at` in the article, at `start`
    in the quote, `size` words long."""

    at: int
    start: int
    size: int


def _longest_shared_run(article: _Article, wanted: list[str]) -> _Run | None:
    """The longest run of words the quote shares with the article, the earliest in the article
    among equals and then the earliest in the quote: what difflib's find_longest_match finds,
    but found from the quote's rarer words only, each occurrence extended both ways, so the
    cost is bounded by ANCHOR_STEPS whatever the article's length. None when the quote's
    words are too common in the article to find the run within that bound."""
    keys = article.keys
    best = _Run(0, 0, 0)
    reached: dict[int, int] = {}  # by diagonal (article index - quote index): end of last run
    steps = 0
    skipped = False
    for j, key in enumerate(wanted):
        if key in article.common:
            skipped = True
            continue
        for i in article.where.get(key, ()):
            if reached.get(i - j, -1) > j:
                continue  # inside a run already found
            before = 0
            while i > before and j > before and keys[i - before - 1] == wanted[j - before - 1]:
                before += 1
            after = 1
            while i + after < len(keys) and j + after < len(wanted):
                if keys[i + after] != wanted[j + after]:
                    break
                after += 1
            steps += 1 + before + after
            if steps > ANCHOR_STEPS:
                return None
            reached[i - j] = j + after
            run = _Run(i - before, j - before, before + after)
            if (run.size, -run.at, -run.start) > (best.size, -best.at, -best.start):
                best = run
    return None if best.size == 0 and skipped else best


def _closest_passage_hint(quote: str, source: SourceText, articles: Articles | None = None) -> str:
    """Where the source says nearly what the quote says, and the quote's first difference.

    The quote is anchored on its longest run of words in common with the source, then
    compared with a window of the source around it. The run is looked for from the article's
    index of its rarer words, so each quote costs a bounded number of steps after the article
    is read once; a quote made only of the article's most common words gets no passage."""
    wanted = normalise_quote(quote).split()
    article = (articles or Articles()).indexed(source)
    words, lines, keys = article.words, article.lines, article.keys
    wanted_keys = [_word_key(w) for w in wanted]
    anchor = _longest_shared_run(article, wanted_keys)
    if anchor is None:
        return (
            f"No close passage found: the words of this quote are too common in {source.path} "
            f"to find it by them. {_COPY_WORD_FOR_WORD}"
        )
    if anchor.size == 0:
        return _COPY_WORD_FOR_WORD
    matcher = difflib.SequenceMatcher(None, (), wanted_keys, autojunk=False)
    pad = 3 + len(wanted) // 4
    low = max(0, anchor.at - anchor.start - pad)
    high = min(len(words), anchor.at + len(wanted) - anchor.start + pad)
    matcher.set_seq1(keys[low:high])
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if sum(block.size for block in blocks) < max(3, len(wanted) // 3):
        return _COPY_WORD_FOR_WORD
    first, last = blocks[0], blocks[-1]
    start = max(0, low + first.a - first.b)
    end = min(len(words), low + last.a + last.size + len(wanted) - last.b - last.size)
    passage = words[start:end]
    opcodes = difflib.SequenceMatcher(None, passage, wanted, autojunk=False).get_opcodes()
    tag, i1, i2, j1, j2 = next((op for op in opcodes if op[0] != "equal"), ("equal", 0, 0, 0, 0))
    if tag == "equal":
        return _COPY_WORD_FOR_WORD
    if tag == "delete":
        left_out = _one_line(passage[i1 : min(i2, i1 + 4)], _DIFFERENCE_CHARS, after=i2 > i1 + 4)
        where = f"after word {j1}" if j1 else "at its start"
        difference = f'your quote leaves out "{left_out}" {where}'
    else:
        shown = _one_line(
            wanted[max(0, j1 - 1) : min(j2, j1 + 4)], _DIFFERENCE_CHARS, after=j2 > j1 + 4
        )
        difference = f'your quote differs from it at "{shown}" (word {j1 + 1})'
    # The excerpt starts a few words before the difference, so that it shows it.
    first_word = start + max(0, i1 - 6)
    last_word = first_word
    length = -1
    while last_word < end and length + 1 + len(words[last_word]) <= _EXCERPT_CHARS:
        length += 1 + len(words[last_word])
        last_word += 1
    last_word = max(last_word, min(end, start + i1 + 1), first_word + 1)
    excerpt = _one_line(
        words[first_word:last_word],
        _EXCERPT_CHARS,
        before=first_word > start,
        after=last_word < end,
    )
    line, last_line = lines[first_word], lines[last_word - 1]
    at = f"line {line}" if line == last_line else f"lines {line}–{last_line}"
    return (
        f'The closest passage in {source.path} ({at}) reads: "{excerpt}"; {difference}. '
        "Copy the passage word for word"
    )


def _evidence_problems(
    document: YamlDocument,
    evidence: list[tuple[Loc, str]],
    source: SourceText,
    articles: Articles,
) -> list[Diagnostic]:
    haystack = articles.normalised(source)
    problems = []
    for loc, quote in evidence:
        # A skeleton's placeholder is reported as a placeholder, not as a wrong quote.
        if quote.startswith(PLACEHOLDER):
            continue
        quoted = normalise_quote(quote)
        if occurs_as_words(quoted, haystack) or occurs_in_capitals(
            quoted, haystack, articles.capitals(source)
        ):
            continue
        problems.append(
            error_at(
                document,
                loc,
                "evidence-not-in-source",
                f"{format_loc(loc)}: this quote does not occur in {source.path}",
                _closest_passage_hint(quote, source, articles),
            )
        )
    return problems


def _evidence_of(record: BriefingFile) -> list[tuple[Loc, str]]:
    """Every passage a briefing quotes from its article, and where it stands."""
    found: list[tuple[Loc, str]] = [
        (("key_points", i, "evidence"), point.evidence) for i, point in enumerate(record.key_points)
    ]
    for i, report in enumerate(record.events):
        found += [
            (("events", i, "outcomes", j, "evidence"), outcome.evidence)
            for j, outcome in enumerate(report.outcomes)
        ]
        found += [
            (("events", i, "claims", j, "evidence"), claim.evidence)
            for j, claim in enumerate(report.claims)
        ]
    return found


def _report_date_problems(briefing: Briefing) -> list[Diagnostic]:
    """Reports an article cannot make on its own date: that an event was held when all of
    its date is still to come, or that it is scheduled or anticipated when all of its date
    has passed. One of the two (the status or the date) is not what the article says."""
    record = briefing.record
    problems = []
    for index, report in enumerate(record.events):
        span = report.date
        if span is None:
            continue
        loc: Loc = ("events", index, "status")
        written = PartialDate(record.date.year, record.date.month, record.date.day).display()
        when = span.after_preposition()
        if report.status is EventStatus.HELD and span.first_day > record.date:
            problems.append(
                warning_at(
                    briefing.document,
                    loc,
                    "held-after-article-date",
                    f"events[{index}].status: held for {report.id!r} {when}, after the "
                    f"article's own date ({written})",
                    "An article cannot report as held what had not begun yet: check the date "
                    "against the article (and the briefing's date:); if the article looks "
                    "ahead, set the status to scheduled or anticipated",
                )
            )
        elif report.status in FUTURE_STATUSES and span.last_day < record.date:
            problems.append(
                warning_at(
                    briefing.document,
                    loc,
                    "plan-before-article-date",
                    f"events[{index}].status: {report.status} for {report.id!r} {when}, which "
                    f"had passed by the article's own date ({written})",
                    "An article cannot look ahead to a date already gone: check the date "
                    "against the article (and the briefing's date:); if the article says it "
                    "took place, set the status to held",
                )
            )
    return problems


def _planned_for_problems(briefing: Briefing) -> list[Diagnostic]:
    """A report's dates must fit its status: `planned_for` (the date a plan was made for) only
    where the plan no longer stands, and no date now on a plan that is on hold or, beside the
    date it was planned for, on one that is cancelled: pages would show that date as the
    event's date."""
    problems = []
    for index, report in enumerate(briefing.record.events):
        status = report.status
        if report.planned_for is not None and status not in OFF_PLAN_STATUSES:
            problems.append(
                error_at(
                    briefing.document,
                    ("events", index, "planned_for"),
                    "planned-for-status",
                    f"events[{index}].planned_for: only a postponed, on-hold or cancelled report "
                    f"gives the date an event was planned for; this report says {status}",
                    "If the article gives the event's date, write it as date:; if it says the "
                    "plan was put off, paused or called off, set the status to postponed, "
                    "on-hold or cancelled",
                )
            )
        no_date = status is EventStatus.ON_HOLD or (
            status is EventStatus.CANCELLED and report.planned_for is not None
        )
        if report.date is not None and no_date:
            problems.append(
                error_at(
                    briefing.document,
                    ("events", index, "date"),
                    "no-new-date",
                    f"events[{index}].date: a report that the event is {status.words} gives "
                    f"it no date now, so {report.date} would read as its new date",
                    "Write the date the article says it was planned for as planned_for: (and "
                    "no date:); if the article gives a new date, the status is postponed",
                )
            )
    return problems


def _briefing_problems(
    briefing: Briefing, sources: dict[str, SourceText], articles: Articles
) -> list[Diagnostic]:
    record, document = briefing.record, briefing.document
    problems: list[Diagnostic] = []
    path = PurePosixPath(document.path)
    stem = path.stem
    if path.suffix != ".yml":
        problems.append(
            error(
                document.path,
                1,
                1,
                "file-name",
                "a briefing file must end in .yml",
                f"Rename it to {stem}.yml",
            )
        )
    expected_folder = f"briefings/{record.date.year}"
    if str(path.parent) != expected_folder:
        problems.append(
            error(
                document.path,
                1,
                1,
                "file-name",
                f"a briefing dated {record.date.isoformat()} belongs in {expected_folder}/",
                f"Move it to {expected_folder}/{path.name}",
            )
        )
    if record.id != stem:
        problems.append(
            error_at(
                document,
                ("id",),
                "id-mismatch",
                f"the id {record.id!r} differs from the file name {stem!r}",
                f"Rename the file to {record.id}.yml or set id: {stem}",
            )
        )
    problems.extend(_report_date_problems(briefing))
    problems.extend(_planned_for_problems(briefing))
    source = sources.get(record.source.file)
    if source is None:
        problems.append(
            error_at(
                document,
                ("source", "file"),
                "unknown-source",
                f"source.file: there is no seeds/{record.source.file}",
                did_you_mean(record.source.file, sources) or "Add the article to seeds/ first",
            )
        )
    else:
        problems.extend(_evidence_problems(document, _evidence_of(record), source, articles))
    return problems


# --- What a key point says that its evidence does not ------------------------------------------

_MONTHS = {
    **{name: number for number, name in enumerate(calendar.month_name) if name},
    **{name: number for number, name in enumerate(calendar.month_abbr) if name},
    "Sept": 9,
}
# A month word on its own is a date only when it cannot be a word of another kind: "May" and
# "March" are verbs and "Jan" a name unless a day or a year stands beside them.
_MONTHS_ALONE = frozenset(calendar.month_name[1:]) - {"May", "March"}
# Full names first, so "Sept" never stops short of "September"; only an abbreviation takes a dot.
_MONTH = (
    "("
    + "|".join(calendar.month_name[1:])
    + "|"
    + "|".join(
        rf"{name}\.?"
        for name in sorted(set(_MONTHS) - set(calendar.month_name), key=len, reverse=True)
    )
    + ")"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAYS = rf"{_DAY}(?:\s*(?:[-–—]|to|and)\s*{_DAY})?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_DATE = re.compile(
    rf"\b(?:{_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR}"  # 4–5 December 2025, 17th of November
    rf"|{_MONTH}\s+{_DAYS}\b{_YEAR}"  # September 27, 2025
    r"|(\d{4})-(\d{2})(?:-(\d{2}))?"  # 2025-11-17
    rf"|{_MONTH}{_YEAR})(?!\w)"  # December, December 2025
)
_SEPARATORS = ",\u00a0\u2009\u202f"
_NUMBER = re.compile(rf"(?<![\d.])\d+(?:[{_SEPARATORS}]\d{{2,3}}(?!\d))*(?:\.\d+)?(?![\d])")


@dataclass(frozen=True, order=True)
class _Date:
    """A day, month and year a text names (any of them unknown)."""

    day: int | None
    month: int | None
    year: int | None


def _date_given(date: _Date, given: Iterable[_Date], years: set[int | None]) -> bool:
    """Whether evidence that names these dates and years says the date: the same month (and
    day, when the date has one) in either order, and the year, when the date has one."""
    same = any(date.month == other.month and date.day in (None, other.day) for other in given)
    return same and (date.year is None or date.year in years)


def _digits(text: str) -> str:
    """A number as its digits in ASCII, without thousands separators: '1,500' is '1500'."""
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() else c for c in text if c.isdigit() or c == "."
    )


def _dates(text: str) -> Iterator[tuple[tuple[int, int], list[_Date]]]:
    """Each date the text names, as its span in the text and the days it gives (two for a
    range such as '4–5 December')."""
    for match in _DATE.finditer(text):
        g = match.groups()
        if g[8] is not None:  # 2025-11-17
            month = int(_digits(g[9]))
            if 1 <= month <= 12:
                day = int(_digits(g[10])) if g[10] else None
                yield match.span(), [_Date(day, month, int(_digits(g[8])))]
            continue
        if g[2] is not None:  # 4–5 December 2025
            first, second, month_word, year_text = g[0], g[1], g[2], g[3]
        elif g[4] is not None:  # December 4–5, 2025
            first, second, month_word, year_text = g[5], g[6], g[4], g[7]
        else:  # December, December 2025
            first, second, month_word, year_text = None, None, g[11], g[12]
            if year_text is None and month_word not in _MONTHS_ALONE:
                continue
        year = int(_digits(year_text)) if year_text else None
        days = [int(_digits(d)) for d in (first, second) if d is not None]
        if all(1 <= day <= 31 for day in days):
            month = _MONTHS[month_word.rstrip(".")]
            some_days: list[int | None] = [*days] or [None]
            yield match.span(), [_Date(day, month, year) for day in some_days]


def _numbers(text: str) -> Iterator[tuple[str, str]]:
    """Each number the text writes, as its digits and as written."""
    for match in _NUMBER.finditer(text):
        yield _digits(match[0]), match[0]


def _without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with each span blanked out, keeping every other character where it was."""
    characters = list(text)
    for start, end in spans:
        characters[start:end] = " " * (end - start)
    return "".join(characters)


@dataclass(frozen=True)
class _Said:
    """What a text names that evidence must hold too: entities, numbers and dates."""

    entities: dict[tuple[str, str], str]
    numbers: dict[str, str]
    dates: list[tuple[str, _Date]]


def _numbers_and_dates(
    text: str, names: Iterable[tuple[int, int]] = ()
) -> tuple[dict[str, str], list[tuple[str, _Date]]]:
    """The numbers (by their digits) and dates a text gives, each as written, leaving out
    those inside the names at `names` ("UNGA 80" names an event, not the number 80)."""
    text = _without(text, names)
    dates: list[tuple[str, _Date]] = []
    spans = []
    for span, found in _dates(text):
        spans.append(span)
        dates += [(text[span[0] : span[1]], date) for date in found]
    numbers = dict((digits, written) for digits, written in _numbers(_without(text, spans)))
    return numbers, dates


class RegistryNames:
    """Every name of the registry, indexed once per run for the key points of all briefings:
    people, organisations, events and topics by their names and aliases (topics whatever
    their case, as `new` finds them), countries by their ISO 3166 and registry names."""

    def __init__(self, registry: dict[RegistryKind, tuple[RegistryEntry, ...]]) -> None:
        self.names: dict[tuple[str, str], list[str]] = {}
        """Every name of each entity (ambiguous ones too), as evidence is compared."""
        self.records: dict[tuple[str, str], NamedRecord] = {}
        listed: list[tuple[tuple[str, str], str, bool]] = []
        for kind, entries in registry.items():
            for entry in entries:
                record = entry.record
                if isinstance(record, NamedRecord):
                    key = (kind, record.identifier)
                    self.records[key] = record
                    self.names[key] = [normalise_quote(name) for name in record.all_names]
                    listed += [(key, name, kind == "topics") for name in record.unambiguous_names]
        overrides = {
            e.record.code: e.record.name
            for e in registry.get("countries", ())
            if isinstance(e.record, CountryOverride)
        }
        for country in pycountry.countries:
            key = ("countries", country.alpha_2)
            found = [country.name, getattr(country, "common_name", ""), overrides.get(key[1], "")]
            found = [name for name in dict.fromkeys(found) if name]
            self.names[key] = [normalise_quote(name) for name in found]
            listed += [(key, name, False) for name in found]
        self.index: NameIndex[tuple[str, str]] = NameIndex(listed)

    def said(self, text: str) -> _Said:
        entities: dict[tuple[str, str], str] = {}
        spans = []
        for key, written, start in self.index.found_in(text):
            spans.append((start, start + len(written)))
            record = self.records.get(key)
            if isinstance(record, PersonRecord) and not person_in_text(text, record).named:
                continue  # "Nikolai Patrushev" does not name Dmitry
            entities.setdefault(key, written)
        numbers, dates = _numbers_and_dates(text, spans)
        return _Said(entities, numbers, dates)

    def missing(self, text: str, evidence: str) -> list[str]:
        """What the text names that the evidence does not, as the text writes it."""
        said = self.said(text)
        quoted = normalise_quote(evidence)
        missing = [
            written
            for key, written in said.entities.items()
            if not mentions(quoted, self.names[key], ignore_case=True)
        ]
        numbers, dates = _numbers_and_dates(evidence)
        given = [date for _, date in dates]
        years = {date.year for date in given} | {
            int(n) for n in numbers if len(n) == 4 and n.isdigit()
        }
        missing += [written for written, date in said.dates if not _date_given(date, given, years)]
        missing += [written for digits, written in said.numbers.items() if digits not in numbers]
        return list(dict.fromkeys(missing))


def _listed(items: Sequence[str], limit: int = 4) -> str:
    """'a', 'a' and 'b', 'a', 'b', 'c', 'd' and 3 more."""
    shown = [repr(item) for item in items[:limit]]
    if len(items) > limit:
        return ", ".join(shown) + f" and {len(items) - limit} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _claim_problems(briefing: Briefing, names: RegistryNames) -> tuple[Diagnostic, ...]:
    """Key points and outcomes whose text names an entity, a number or a date that their
    evidence does not: the briefing would say more than the passage it quotes as its proof."""
    problems = []
    claimed: list[tuple[Loc, str, str]] = [
        (("key_points", index, "text"), point.text, point.evidence)
        for index, point in enumerate(briefing.record.key_points)
    ]
    claimed += [
        (("events", index, "outcomes", place, "text"), outcome.text, outcome.evidence)
        for index, report in enumerate(briefing.record.events)
        for place, outcome in enumerate(report.outcomes)
    ]
    for loc, text, evidence in claimed:
        missing = names.missing(text, evidence)
        if not missing:
            continue
        problems.append(
            warning_at(
                briefing.document,
                loc,
                "claim-not-in-evidence",
                f"{format_loc(loc)}: names {_listed(missing)}, which its evidence does not",
                "Make the evidence a passage of the article that says it (word for word, "
                "as long as it needs to be), or take it out of the "
                + ("key point" if loc[0] == "key_points" else "outcome"),
            )
        )
    return tuple(problems)


# What a briefing that failed its schema can still be checked for, read leniently from the
# raw data: only values of the right shape, so nothing is reported twice.
_SLUG = re.compile(SLUG_PATTERN)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _strings(value: Any, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str) and pattern.match(v)]


def _ids(value: Any, key: str) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [
        (i, item[key])
        for i, item in enumerate(value)
        if isinstance(item, dict) and isinstance(item.get(key), str) and _SLUG.match(item[key])
    ]


def loose_references(document: YamlDocument) -> list[Reference]:
    """The references of a briefing that failed validation, so one run reports them too."""
    data = document.data if isinstance(document.data, dict) else {}
    found = []
    for kind in KINDS:
        items = data.get(kind.plural)
        pattern = _COUNTRY if kind.entity is EntityKind.COUNTRY else _SLUG
        ids = _ids(items, kind.item_key) if kind.item_key else _strings(items, pattern)
        found += [
            Reference(kind.plural, target, document, kind.loc_in_briefing(i)) for i, target in ids
        ]
    found += event_references(data.get("events"), document)
    return found


def _loose_evidence_problems(
    document: YamlDocument, sources: dict[str, SourceText], articles: Articles
) -> list[Diagnostic]:
    data = document.data if isinstance(document.data, dict) else {}
    source_block = data.get("source")
    file = source_block.get("file") if isinstance(source_block, dict) else None
    points = data.get("key_points")
    if not isinstance(file, str) or file not in sources or not isinstance(points, list):
        return []
    evidence: list[tuple[Loc, str]] = [
        (("key_points", i, "evidence"), point["evidence"])
        for i, point in enumerate(points)
        if isinstance(point, dict)
        and isinstance(point.get("evidence"), str)
        and len(point["evidence"].strip()) in QUOTE_LENGTH
    ]
    return _evidence_problems(document, evidence, sources[file], articles)


def _duplicate_ids(items: Sequence[tuple[str, YamlDocument, Loc]], what: str) -> list[Diagnostic]:
    """Ids must differ even after case folding and Unicode normalisation."""
    first: dict[str, tuple[str, YamlDocument, Loc]] = {}
    problems = []
    for item in items:
        identifier, document, loc = item
        folded = unicodedata.normalize("NFKC", identifier).casefold()
        if folded in first:
            _, other_doc, other_loc = first[folded]
            other = other_doc.position(other_loc)
            problems.append(
                error_at(
                    document,
                    loc,
                    "duplicate-id",
                    f"the {what} id {identifier!r} is already used at "
                    f"{other_doc.path}:{other.line}:{other.column}",
                    "Give each one its own id",
                )
            )
        else:
            first[folded] = item
    return problems


@dataclass(frozen=True)
class _NameUse:
    """One name a registry entry goes by, and where it is written."""

    name: str
    entry: RegistryEntry
    loc: Loc

    @property
    def owner(self) -> str:
        return self.entry.record.identifier

    @property
    def ambiguous(self) -> bool:
        return self.loc[-2] == "ambiguous_aliases"

    def where(self) -> str:
        position = self.entry.document.position(self.loc)
        return f"{self.entry.document.path}:{position.line}:{position.column}"


def _name_uses(entry: RegistryEntry) -> list[_NameUse]:
    record = entry.record
    if not isinstance(record, NamedRecord):
        return []
    uses = [_NameUse(record.name, entry, (*entry.loc, "name"))]
    for field in ("aliases", "ambiguous_aliases"):
        names: list[str] = getattr(record, field)
        uses += [_NameUse(name, entry, (*entry.loc, field, i)) for i, name in enumerate(names)]
    return uses


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


FOLDED = (
    "names are compared ignoring letter case, spacing and compatibility forms of letters "
    "(full-width letters, ligatures)"
)
"""What _fold sets aside, for a message about two names that differ only in that."""


def _same_when_folded(name: str, other: str) -> str:
    """Why two names that are written differently count as one: "; 'Narendra  MODI' is the
    same name, written 'Narendra Modi' there: names are compared ignoring …"."""
    return (
        f"; {name!r} is the same name, written {other!r} there: {FOLDED}" if name != other else ""
    )


def _shared_name_problems(
    registry: dict[RegistryKind, tuple[RegistryEntry, ...]],
) -> list[Diagnostic]:
    """Within one kind, a name must point at one entry, or be marked ambiguous by every entry
    that bears it: a surname two people share would otherwise link, and be proposed for, the
    wrong one. Kinds are apart: an event may be named after the organisation that holds it."""
    problems = []
    for entries in registry.values():
        problems += _shared_names_of_one_kind(entries)
    return problems


def _shared_names_of_one_kind(entries: Iterable[RegistryEntry]) -> list[Diagnostic]:
    by_name: dict[str, list[_NameUse]] = {}
    for entry in entries:
        for use in _name_uses(entry):
            by_name.setdefault(_fold(use.name), []).append(use)
    problems = []
    for uses in by_name.values():
        first_of_owner: dict[str, _NameUse] = {}
        for use in uses:
            earlier = first_of_owner.setdefault(use.owner, use)
            if earlier is not use:
                problems.append(
                    error_at(
                        use.entry.document,
                        use.loc,
                        "repeated-name",
                        f"{format_loc(use.loc[1:])}: {use.owner!r} already goes by "
                        f"{earlier.name!r} at {earlier.where()}"
                        + _same_when_folded(use.name, earlier.name),
                        "Delete the repeat",
                    )
                )
        owners = list(first_of_owner.values())
        for use in owners if len(owners) > 1 else ():
            if use.ambiguous:
                continue
            other = next(o for o in owners if o.owner != use.owner)
            problems.append(
                error_at(
                    use.entry.document,
                    use.loc,
                    "shared-name",
                    f"{format_loc(use.loc[1:])}: {use.name!r} also names {other.owner!r} "
                    f"at {other.where()}" + _same_when_folded(use.name, other.name),
                    "If both are really called that, move it to ambiguous_aliases in each "
                    "entry, so it is never matched alone; otherwise remove it from one"
                    if use.loc[-2] == "aliases"
                    else f"Give one of them a fuller name, and list {use.name!r} under "
                    "ambiguous_aliases of the other",
                )
            )
    return problems


def _validate_registry(
    kind: RegistryKind, document: YamlDocument
) -> tuple[tuple[RegistryEntry, ...], list[Diagnostic], bool]:
    if not isinstance(document.data, list):
        root = document.position(())
        return (
            (),
            [
                error(
                    document.path,
                    root.line,
                    root.column,
                    "schema-list_type",
                    f"entities/{kind}.yml must be a list of entries",
                    "Start each entry with '- '",
                )
            ],
            False,
        )
    model = KIND_OF_REGISTRY[kind].record
    entries: list[RegistryEntry] = []
    problems: list[Diagnostic] = _implicit_type_problems(document)
    for index, item in enumerate(document.data):
        record, found = _validate_model(document, model, item, (index,))
        problems.extend(found)
        if isinstance(record, RegistryRecord):
            entries.append(RegistryEntry(record, document, (index,)))
    key_field = "code" if kind == "countries" else "id"
    problems.extend(
        _duplicate_ids(
            [(e.record.identifier, document, (*e.loc, key_field)) for e in entries],
            kind.rstrip("s"),
        )
    )
    complete = not problems and len(entries) == len(document.data)
    # After `complete`: every entry is valid, so references to them can still be checked.
    problems.extend(_unwritable_address_problems(kind, entries))
    return tuple(entries), problems, complete


def _placeholders(value: Any, loc: Loc = ()) -> list[Loc]:
    if isinstance(value, str):
        return [loc] if value.startswith(PLACEHOLDER) else []
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _placeholders(v, (*loc, k))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in _placeholders(v, (*loc, i))]
    return []


def _has_placeholder(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith(PLACEHOLDER)
    if isinstance(value, dict):
        return any(_has_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_placeholder(v) for v in value)
    return False


def is_optional(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the value at loc may be left out: its field has a default in the model (the
    one place that says so), or it is an item of a list that may be empty."""
    field_loc = loc
    while field_loc and isinstance(field_loc[-1], int):
        field_loc = field_loc[:-1]
    parent = _model_at(model, field_loc[:-1])
    field = parent.model_fields.get(str(field_loc[-1])) if parent and field_loc else None
    if field is None or field.is_required():
        return False
    # An item of a list with a minimum length (key points) may be the one it needs.
    return not any(getattr(rule, "min_length", 0) for rule in field.metadata)


def _placeholder_problems(
    document: YamlDocument, model: type[BaseModel] = BriefingFile
) -> list[Diagnostic]:
    if not _has_placeholder(document.data):  # the common case, without building paths
        return []
    problems = []
    for loc in _placeholders(document.data):
        replace = "Replace it with what the article says"
        hint = f"{replace}, or delete the line if the article gives none"
        problems.append(
            error_at(
                document,
                loc,
                "placeholder",
                f"{format_loc(loc)} still holds the skeleton's {PLACEHOLDER}",
                hint if is_optional(model, loc) else f"{replace}; the field is required",
            )
        )
    return problems


@dataclass(frozen=True)
class _DocumentResult:
    briefing: Briefing | None
    problems: tuple[Diagnostic, ...]
    loose: tuple[Reference, ...]


def _validate_briefing_document(
    document: YamlDocument, sources: dict[str, SourceText], articles: Articles
) -> _DocumentResult:
    problems = _implicit_type_problems(document)
    placeholders = _placeholder_problems(document)
    problems.extend(placeholders)
    record, found = _validate_model(document, BriefingFile, document.data, ())
    # A placeholder that also breaks the schema (an enum, a date) is one mistake.
    placed = {(p.line, p.column) for p in placeholders}
    problems.extend(d for d in found if (d.line, d.column) not in placed)
    if isinstance(record, BriefingFile):
        briefing = Briefing(record, document)
        problems.extend(_briefing_problems(briefing, sources, articles))
        return _DocumentResult(briefing, tuple(problems), ())
    problems.extend(_loose_evidence_problems(document, sources, articles))
    return _DocumentResult(None, tuple(problems), tuple(loose_references(document)))


RegistryResult = tuple[tuple[RegistryEntry, ...], list[Diagnostic], bool]


def _quoted_source(
    document: YamlDocument, sources: dict[str, SourceText], names: tuple[str, ...]
) -> SourceText | tuple[str, ...]:
    data = document.data if isinstance(document.data, dict) else {}
    block = data.get("source")
    file = block.get("file") if isinstance(block, dict) else None
    found = sources.get(file) if isinstance(file, str) else None
    return found if found is not None else names


def _unwritable_address_problems(
    kind: RegistryKind, entries: Iterable[RegistryEntry]
) -> list[Diagnostic]:
    """An entity whose id, or a country whose name, would make a page address that a file
    system cannot hold (a name over 255 bytes, a Windows device name such as `con`): an error
    at that id or name, so `check` refuses what `generate`, a checkout or the build would fail
    on. A briefing's id is its file name, which load.py checks."""
    problems = []
    entity = KIND_OF_REGISTRY[kind].entity
    for entry in entries:
        record = entry.record
        is_country = isinstance(record, CountryOverride)
        slug = slugify(record.name) if isinstance(record, CountryOverride) else record.identifier
        field = "name" if is_country else "id"
        bad = next(filter(None, map(unwritable_name, entity_uris(entity, slug))), None)
        if bad is None:
            continue
        message, hint = _unwritable_address_text(bad, slug, field, entity)
        loc = (*entry.loc, field)
        if is_windows_device_name(bad):
            problems.append(error_at(entry.document, loc, "reserved-id", message, hint))
        else:
            problems.append(error_at(entry.document, loc, "page-address", message, hint))
    return problems


def _unwritable_address_text(
    bad: str, slug: str, field: str, entity: EntityKind
) -> tuple[str, str]:
    what = f"the {field} {slug!r}" if field == "id" else "this name"
    if is_windows_device_name(bad):
        return (
            f"{what} gives the page address {entity_uri(entity, slug)!r}, a device name on "
            "Windows, where the site cannot be checked out or built",
            f"Choose another {field}: con, prn, aux, nul, com1-com9 and lpt1-lpt9 are taken",
        )
    if entity is EntityKind.COUNTRY:
        shown = slug if len(slug) <= 60 else slug[:57] + "..."
        return (
            f"this name gives the page address {shown!r}, {len(slug.encode())} bytes long; a "
            f"country's may have at most {MAX_COUNTRY_SLUG_BYTES} bytes, so that the page of any "
            f"two countries fits the {MAX_NAME_BYTES} bytes a file name may have",
            "Use a shorter name",
        )
    shown = bad if len(bad) <= 60 else bad[:57] + "..."
    limit = (
        f"an address may have at most {MAX_PATH_BYTES} bytes"
        if "/" in bad
        else f"a file name may have at most {MAX_NAME_BYTES} bytes"
    )
    return (
        f"{what} makes a page address part {len(bad.encode())} bytes long ({shown!r}); {limit}",
        f"Use a shorter {field}",
    )


class ClaimChecks:
    """The claim-not-in-evidence warnings, briefing by briefing: only warnings, and each
    depends on one briefing and the registry, so a full run does them beside resolving
    (pipeline.py). The registry's names are indexed once a run (and kept while the registry
    is unchanged); a briefing's warnings are redone when it or the registry changes."""

    def __init__(self, project: ValidatedProject, cache: BuildCache = NO_CACHE) -> None:
        registry = project.registry
        self.names: RegistryNames = cache.inputs("validate.names").get(
            "registry", tuple(registry.items()), functools.partial(RegistryNames, registry)
        )
        self.memo = cache.inputs("validate.claims")

    def problems(self, briefings: Iterable[Briefing]) -> list[Diagnostic]:
        problems: list[Diagnostic] = []
        for briefing in briefings:
            problems.extend(
                self.memo.get(
                    briefing.path,
                    (briefing.document, self.names),
                    functools.partial(_claim_problems, briefing, self.names),
                )
            )
        return problems


class DocumentChecks:
    """Briefing files checked one by one (schema, id, source file, evidence quotes) as they
    come: a full run checks each part of the files while the workers parse the next
    (`load_project`'s `on_briefings`), and `validate_project` takes what was checked here."""

    def __init__(self) -> None:
        self.articles = Articles()
        self.sources: dict[str, SourceText] | None = None
        self.done: dict[int, tuple[YamlDocument, _DocumentResult]] = {}
        """Each document's result, by the document's identity (kept alive here)."""

    def check(self, documents: Iterable[YamlDocument], sources: dict[str, SourceText]) -> None:
        self.sources = sources
        for document in documents:
            result = _validate_briefing_document(document, sources, self.articles)
            self.done[id(document)] = (document, result)

    def result(
        self, document: YamlDocument, sources: dict[str, SourceText]
    ) -> _DocumentResult | None:
        """What `check` found for this very document against these very articles, if it ran."""
        found = self.done.get(id(document)) if sources is self.sources else None
        return found[1] if found is not None and found[0] is document else None


def validate_project(
    loaded: LoadedProject, cache: BuildCache = NO_CACHE, early: DocumentChecks | None = None
) -> tuple[ValidatedProject, list[Diagnostic]]:
    """Check every file against its schema, then ids, source files and evidence quotes. A
    briefing's result depends on its file and on the source article it quotes (or, when that
    article is missing, on which articles exist, for the did-you-mean). What `early` checked
    already is taken as it is. The claim checks are `ClaimChecks`'."""
    briefing_memo = cache.inputs("validate.briefings")
    registry_memo = cache.identity("validate.registry")
    names = tuple(loaded.sources)
    articles = early.articles if early is not None else Articles()
    problems: list[Diagnostic] = []
    briefings: list[Briefing] = []
    loose: list[Reference] = []
    for document in loaded.briefings:
        done = early.result(document, loaded.sources) if early is not None else None
        result: _DocumentResult = done or briefing_memo.get(
            document.path,
            (document, _quoted_source(document, loaded.sources, names)),
            functools.partial(_validate_briefing_document, document, loaded.sources, articles),
        )
        problems.extend(result.problems)
        loose.extend(result.loose)
        if result.briefing is not None:
            briefings.append(result.briefing)
    problems.extend(_duplicate_ids([(b.id, b.document, ("id",)) for b in briefings], "briefing"))
    registry: dict[RegistryKind, tuple[RegistryEntry, ...]] = {}
    complete: set[RegistryKind] = set()
    for kind, document in loaded.registry.items():
        checked: RegistryResult = registry_memo.get(
            document, functools.partial(_validate_registry, kind)
        )
        entries, found, is_complete = checked
        registry[kind] = entries
        problems.extend(found)
        if is_complete:
            complete.add(kind)
    problems.extend(_shared_name_problems(registry))
    all_valid = loaded.unparsed_briefings == 0 and len(briefings) == len(loaded.briefings)
    project = ValidatedProject(
        tuple(briefings),
        registry,
        loaded.sources,
        frozenset(complete),
        all_valid,
        tuple(loose),
    )
    return project, problems
