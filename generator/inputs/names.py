"""Where registry names occur in an article, and which occurrences really mean the entry.

A surname alone is the weak spot: "Patrushev" in "Nikolai Patrushev" is not Dmitry Patrushev.
A one-word name names a person unless the capitalised word just before it is a given name of
somebody else (not a title as in "President Putin" or "PM Modi", not one of the person's own
names or initials as in "Dmitry Patrushev", not a possessive as in "India's Modi", not a word
that opens a clause as in "But Patrushev said" or "On Monday Patrushev"), or the article names
somebody else with it elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Generic, TypeVar

from ..story.models import NamedRecord, PersonRecord

# Words that stand before a surname without being a given name. Lower case; a trailing full
# stop is dropped before the look-up ("Mr.", "Gen.").
_TITLES = """
    mr mrs ms miss dr prof sir dame lord lady madam mister
    president presidents minister ministers prime deputy vice foreign defence defense
    external affairs finance trade interior home secretary general chancellor premier
    ambassador envoy chairman chairwoman chair chairperson speaker king queen prince princess
    emperor sheikh emir crown governor senator congressman congresswoman mp adviser advisor
    director chief commander admiral marshal colonel col gen lt major captain counsellor
    spokesperson spokesman spokeswoman head leader secretary-general undersecretary
    pope cardinal bishop imam ayatollah representative official officials counterpart
    russian indian chinese american british french german japanese shri smt sri
"""
# Capitalised words that open a clause rather than name anyone ("But Patrushev said",
# "On Monday Patrushev"): never taken for a given name.
_NOT_NAMES = """
    a an the and but or nor so yet for if as at by in of on to up when while after before
    since until then later earlier also both either neither only even still meanwhile however
    today yesterday tomorrow tonight this that these those there here his her their its
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
"""
TITLE_WORDS = frozenset(_TITLES.split())
NOT_NAMES = frozenset(_NOT_NAMES.split())

_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*)[ \t\u00a0]+$")


@lru_cache(maxsize=4096)
def _name_pattern(name: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE if ignore_case else 0)


_RUN = re.compile(r"\w+")
# Under re.IGNORECASE these match each other although U+0345 is not a word character and the
# others are: a name holding one is looked for by scanning the text, as before.
_WORD_AND_NOT_WORD = frozenset("\u0345\u0399\u03b9\u1fbe")


@lru_cache(maxsize=1 << 16)
def _loose_char(char: str) -> str:
    """One character for every set of characters re.IGNORECASE takes for each other ('K',
    'k' and the Kelvin sign; 'i', 'I', 'İ' and 'ı'), as tests check over all of Unicode."""
    folded = char.casefold()[:1]
    return "i" if folded == "\u0131" else folded


def loose_key(word: str) -> str:
    """A word with case set aside the way re.IGNORECASE does, character for character."""
    if word.isascii():
        return word.lower()  # what _loose_char gives each ASCII character, at once
    return "".join(map(_loose_char, word))


class _WordIndex:
    """Where each run of word characters of one text starts, and each two runs in a row with
    what stands between them ("Sergey Lavrov", "U.S"): read once for all names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact: dict[str, list[int]] = {}
        for run in _RUN.finditer(text):
            self.exact.setdefault(run[0], []).append(run.start())

    @cached_property
    def pairs(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        previous: int | None = None
        for run in _RUN.finditer(self.text):
            if previous is not None:
                found.setdefault(self.text[previous : run.end()], []).append(previous)
            previous = run.start()
        return found

    @cached_property
    def loose(self) -> dict[str, list[int]]:
        return _loosely(self.exact)

    @cached_property
    def loose_pairs(self) -> dict[str, list[int]]:
        return _loosely(self.pairs)

    def starts(self, key: str, *, pair: bool, ignore_case: bool) -> list[int]:
        if ignore_case:
            table = self.loose_pairs if pair else self.loose
            return table.get(loose_key(key), [])
        return (self.pairs if pair else self.exact).get(key, [])


def _loosely(table: dict[str, list[int]]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for word, starts in table.items():
        found.setdefault(loose_key(word), []).extend(starts)
    for starts in found.values():
        starts.sort()
    return found


@lru_cache(maxsize=8)
def _index(text: str) -> _WordIndex:
    return _WordIndex(text)


@lru_cache(maxsize=1 << 16)
def _runs_of(name: str) -> tuple[tuple[int, int], ...]:
    return tuple(run.span() for run in _RUN.finditer(name))


_RARE = 64
"""A name whose rarest word occurs more often than this is looked up by two words in a row."""


def _places_to_try(index: _WordIndex, name: str, ignore_case: bool) -> tuple[int, list[int]]:
    """(offset in the name, starts in the text) of the name's rarest word, or of its rarest
    two words in a row when every word of it is common: each match of the name has it there."""
    runs = _runs_of(name)
    offset, starts = min(
        (
            (start, index.starts(name[start:end], pair=False, ignore_case=ignore_case))
            for start, end in runs
        ),
        key=lambda found: len(found[1]),
    )
    if len(starts) > _RARE and len(runs) > 1:
        offset, starts = min(
            (
                (start, index.starts(name[start:end], pair=True, ignore_case=ignore_case))
                for (start, _), (_, end) in pairwise(runs)
            ),
            key=lambda found: len(found[1]),
        )
    return offset, starts


def occurrences(text: str, name: str, *, ignore_case: bool = False) -> Iterator[int]:
    """Start offsets of `name` as a whole word or phrase in `text`, as re.finditer finds them.

    Each run of word characters in a name matches a whole run in the text, so the places to
    try are where the text has the name's rarest run (or two runs in a row): the text is
    indexed once, and a name costs what its rarest part does, not a scan of the text."""
    if not name:
        return
    pattern = _name_pattern(name, ignore_case)
    if not _runs_of(name) or (ignore_case and not _WORD_AND_NOT_WORD.isdisjoint(name)):
        yield from (match.start() for match in pattern.finditer(text))
        return
    offset, starts = _places_to_try(_index(text), name, ignore_case)
    end = 0
    for found in starts:
        start = found - offset
        if start < end:  # before the text, or inside the last match: finditer never overlaps
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield start
            end = match.end()


def spans(text: str, name: str, *, ignore_case: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of `name`, as `occurrences` finds them."""
    pattern = _name_pattern(name, ignore_case)
    for start in occurrences(text, name, ignore_case=ignore_case):
        match = pattern.match(text, start)
        assert match is not None
        yield start, match.end()


def mentions(text: str, names: list[str], *, ignore_case: bool = False) -> bool:
    return any(next(occurrences(text, n, ignore_case=ignore_case), None) is not None for n in names)


def _own_words(record: PersonRecord) -> frozenset[str]:
    return frozenset(
        word.strip(".").casefold() for name in record.all_names for word in name.split()
    )


def _other_given_name(text: str, start: int, own_words: frozenset[str]) -> str | None:
    """The capitalised word right before `start`, if it names somebody else."""
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if match is None:
        return None
    word = match[1]
    bare = word.rstrip(".").casefold()
    if (
        not word[0].isupper()
        or (word.endswith(".") and len(bare) > 1 and bare not in TITLE_WORDS)  # a sentence ended
        or bare in TITLE_WORDS
        or bare in NOT_NAMES
        or bare in own_words
        or bare.endswith(("'s", "’s"))
        or (word.isupper() and word.isalpha() and 2 <= len(word) <= 4)  # a title: PM, EAM, NSA
        or (len(bare) == 1 and any(own.startswith(bare) for own in own_words))  # an initial
    ):
        return None
    return word


@dataclass(frozen=True)
class PersonInText:
    named: bool
    """The text names this person: a full name, or a surname with no other given name."""
    others: tuple[str, ...]
    """Other people the text names with one of this person's one-word names, as written."""


def person_in_text(text: str, record: PersonRecord) -> PersonInText:
    own = _own_words(record)
    others: dict[str, None] = {}
    alone = False
    for name in record.unambiguous_names:
        for start in occurrences(text, name):
            if " " in name.strip():
                return PersonInText(True, ())
            given = _other_given_name(text, start, own)
            if given is None:
                alone = True
            else:
                others[f"{given} {name}"] = None
    # Reports give a full name first and the surname alone after it: once the article names
    # "Nikolai Patrushev", a later "Patrushev" is him too.
    return PersonInText(alone and not others, tuple(others))


def is_named(text: str, record: NamedRecord, *, ignore_case: bool = False) -> bool:
    """Whether the text names the entry by a name that means it and nothing else."""
    if isinstance(record, PersonRecord):
        return person_in_text(text, record).named
    return mentions(text, record.unambiguous_names, ignore_case=ignore_case)


Key = TypeVar("Key")


class _Node(Generic[Key]):
    """Names by their words, case set aside: the names that continue with each next word, and
    those that end here (by their text from first to last word, with where that starts)."""

    __slots__ = ("children", "ending")

    def __init__(self) -> None:
        self.children: dict[str, _Node[Key]] = {}
        self.ending: dict[str, list[tuple[Key, str, bool, int]]] | None = None


_CORE = re.compile(r"\w(?:.*\w)?", re.DOTALL)
"""A name from its first word character to its last."""


class NameIndex(Generic[Key]):
    """Many names, each with a key and whether case matters, looked for in short texts.

    Each word of a text is followed down a tree of the names' words, so a text costs its words
    times the words of the longest name that continues as it does, however many names there
    are; a name found there is confirmed by the same regular expression `occurrences` uses.
    Names wait by their first word and join the tree when a text first holds that word, so a
    registry of 100,000 people costs little more than reading their names."""

    def __init__(self, names: Iterable[tuple[Key, str, bool]]) -> None:
        self._root: _Node[Key] = _Node()
        self._waiting: dict[str, list[tuple[Key, str, bool]]] = {}
        for item in names:
            first = _RUN.search(item[1])
            if first is not None:  # a name with no word in it cannot stand as a whole word
                self._waiting.setdefault(loose_key(first[0]), []).append(item)

    def _add(self, key: Key, name: str, ignore_case: bool) -> None:
        core = _CORE.search(name)
        assert core is not None
        node = self._root
        for word in _RUN.findall(core[0]):
            loose = loose_key(word)
            child = node.children.get(loose)
            if child is None:
                child = node.children[loose] = _Node()
            node = child
        if node.ending is None:
            node.ending = {}
        found = node.ending.setdefault(loose_key(core[0]) if ignore_case else core[0], [])
        found.append((key, name, ignore_case, core.start()))

    def found_in(self, text: str) -> Iterator[tuple[Key, str, int]]:
        """(key, the name as the text writes it, where it starts) for every name the text
        holds as a whole word or phrase, in the order they start, overlapping ones included."""
        words = list(_RUN.finditer(text))
        for word in words:
            for waiting in self._waiting.pop(loose_key(word[0]), ()):
                self._add(*waiting)
        for first, word in enumerate(words):
            node: _Node[Key] | None = self._root
            for last in range(first, len(words)):
                assert node is not None
                node = node.children.get(loose_key(words[last][0]))
                if node is None:
                    break
                if node.ending:
                    core = text[word.start() : words[last].end()]
                    yield from self._confirmed(text, word.start(), node.ending, core)

    @staticmethod
    def _confirmed(
        text: str, start: int, ending: dict[str, list[tuple[Key, str, bool, int]]], core: str
    ) -> Iterator[tuple[Key, str, int]]:
        for lookup in dict.fromkeys((core, loose_key(core))):
            for key, name, ignore_case, offset in ending.get(lookup, ()):
                if start < offset:
                    continue
                match = _name_pattern(name, ignore_case).match(text, start - offset)
                if match is not None:
                    yield key, match[0], match.start()


_DOTTED = re.compile(r"(?<![\w.])[A-Z](?:\.[A-Z])+\.?(?!\w)")
"""A capital abbreviation written with full stops: "U.S.", "U.K", "U.S.A."."""


def undotted(text: str) -> str:
    """The text with each dotted capital abbreviation written as its letters ("U.S." as "US"),
    so one all-capital short form matches both spellings; lower-case words are left alone."""
    return _DOTTED.sub(lambda match: match[0].replace(".", ""), text)


# Spellings one transliteration from Russian (and languages like it) gives where another gives
# a different one: Sergei/Sergey, Dmitri/Dmitry/Dmitriy, Alexei/Aleksey, Yuri/Yuriy.
_TRANSLITERATIONS = ((re.compile(r"(?:iy|ii|yi|ei|ey|i|y)$"), "y"), (re.compile("x"), "ks"))


def _spelling_key(word: str) -> str:
    key = word.strip(".").casefold()
    for pattern, replacement in _TRANSLITERATIONS:
        key = pattern.sub(replacement, key)
    return key


def _one_edit_apart(left: str, right: str) -> bool:
    """Whether one letter changed, dropped or added turns one word into the other."""
    if abs(len(left) - len(right)) > 1:
        return False
    if len(left) > len(right):
        left, right = right, left
    for at, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            tail = left[at + 1 :] if len(left) == len(right) else left[at:]
            return tail == right[at + 1 :]
    return True


def _same_given_name(written: str, registered: str) -> bool:
    """Two spellings of one given name: equal once transliteration is set aside, or one letter
    apart in a name long enough that one letter does not make it another name."""
    left, right = _spelling_key(written), _spelling_key(registered)
    return left == right or (min(len(left), len(right)) >= 5 and _one_edit_apart(left, right))


def spelling_of(written: str, record: PersonRecord) -> str | None:
    """The registry name of `record` that `written` ("Sergei Lavrov") spells another way, when
    both have the same surname and given names that are one name spelled two ways: the entry
    then wants an alias, not a second entry for the same person."""
    words = written.split()
    if len(words) < 2:
        return None
    for name in record.all_names:
        known = name.split()
        if (
            len(known) == len(words)
            and known[-1].casefold() == words[-1].casefold()
            and known[:-1] != words[:-1]
            and all(map(_same_given_name, words[:-1], known[:-1]))
        ):
            return name
    return None


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _initial_of(written: str, record: PersonRecord) -> bool:
    """Whether `written` ("N. Patrushev") is a registry name of `record` with its given name
    cut to the initial."""
    given, _, surname = written.rpartition(" ")
    initial = given.rstrip(".")
    if len(initial) != 1 or not initial.isupper():
        return False
    return any(
        len(known := name.split()) == 2
        and known[1].casefold() == surname.casefold()
        and known[0].startswith(initial)
        for name in record.all_names
    )


class PeopleByName:
    """Every name and alias of the people registry, and its entries by surname: what a name
    an article writes is checked against before anyone is asked to add that person."""

    def __init__(self, people: Iterable[PersonRecord]) -> None:
        self._by_name: dict[str, PersonRecord] = {}
        self._by_surname: dict[str, list[PersonRecord]] = {}
        for record in sorted(people, key=lambda record: record.id):
            for name in record.all_names:
                self._by_name.setdefault(_name_key(name), record)
            surnames = {name.split()[-1].casefold() for name in record.all_names if name.split()}
            for surname in sorted(surnames):
                self._by_surname.setdefault(surname, []).append(record)

    def has_name(self, written: str) -> bool:
        return _name_key(written) in self._by_name

    def named(self, written: str) -> PersonRecord | None:
        """The entry one of whose names or aliases is `written`, case and spacing aside."""
        return self._by_name.get(_name_key(written))

    def spelled_otherwise(self, written: str, record: PersonRecord) -> PersonRecord | None:
        """The entry `written` spells another way ("Sergei Lavrov", "N. Patrushev"), `record`
        asked first; None when no entry shares its surname that way."""
        words = written.split()
        if not words:
            return None
        same_surname = self._by_surname.get(words[-1].casefold(), [])
        for entry in sorted(same_surname, key=lambda entry: entry is not record):
            if spelling_of(written, entry) or _initial_of(written, entry):
                return entry
        return None
