"""What the checker does with contributor input costs a bounded amount of work per item, and
gives the same answers the straightforward algorithms gave.

Each faster algorithm is compared here with a plain reference implementation kept in this
file (the code it replaced), on many generated inputs; and the work each one does is
counted, never timed (benchmarks/check_bounds.py times `check` at the size limits)."""

from __future__ import annotations

import difflib
import re
import string
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.core import suggest
from generator.core.suggest import Spellings
from generator.inputs import names, resolve, validate
from generator.inputs.names import occurrences
from generator.pages import markdown_text
from generator.pages.markdown_text import MentionLinker
from generator.story.models import (
    NO_PLACES,
    EventRecord,
    RegistryEntry,
    SourceText,
    YamlDocument,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- 1. The closest passage to a quote that is not in its article -----------------------------


def reference_hint(quote: str, source: SourceText) -> str:
    """The hint as it was: difflib's longest match over the whole article for every quote."""
    v = validate
    wanted = v.normalise_quote(quote).split()
    words, _ = v._words_by_line(source.text)
    keys, wanted_keys = [v._word_key(w) for w in words], [v._word_key(w) for w in wanted]
    matcher = difflib.SequenceMatcher(None, keys, wanted_keys, autojunk=False)
    anchor = matcher.find_longest_match(0, len(keys), 0, len(wanted_keys))
    return f"{anchor.a} {anchor.b} {anchor.size}"


def _has_common_words(source: SourceText) -> bool:
    return bool(validate.Articles().indexed(source).common)


def new_anchor(quote: str, source: SourceText) -> str | None:
    wanted = validate.normalise_quote(quote).split()
    article = validate.Articles().indexed(source)
    found = validate._longest_shared_run(article, [validate._word_key(w) for w in wanted])
    return None if found is None else f"{found.at} {found.start} {found.size}"


VOCABULARY = [*"abcdefgh", "Lavrov", "lavrov,", "Moscow", "talks", "on", "the", "«quoted»"]


@st.composite
def article_and_quote(draw: st.DrawFn) -> tuple[str, str]:
    """An article whose words are none of them common, and a quote: a passage of it edited
    (a word changed, dropped or added), or words drawn at random."""
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=80))
    breaks = draw(st.lists(st.sampled_from([" ", " ", "\n", "  ", "\u2028"]), min_size=len(words)))
    text = "".join(w + b for w, b in zip(words, [*breaks, *[" "] * len(words)], strict=False))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(words) - 1))
        passage = words[start : start + draw(st.integers(1, 40))]
        at = draw(st.integers(0, len(passage)))
        edit = draw(st.sampled_from(["change", "drop", "add"]))
        word = draw(st.sampled_from(VOCABULARY))
        if edit == "change" and at < len(passage):
            passage[at] = word
        elif edit == "drop" and at < len(passage):
            del passage[at]
        else:
            passage.insert(at, word)
        quote = " ".join(passage)
    else:
        quote = " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30)))
    return text, quote


@PROPERTY
@given(article_and_quote())
def test_the_passage_search_finds_the_run_difflib_found(case: tuple[str, str]) -> None:
    """While no word of the quote is common in the article, the anchor is exactly difflib's:
    the longest shared run, the earliest in the article, then in the quote."""
    text, quote = case
    source = SourceText("a.txt", "seeds/a.txt", text)
    assume(not _has_common_words(source))
    assert new_anchor(quote, source) == reference_hint(quote, source)


@PROPERTY
@given(article_and_quote())
def test_the_hint_is_the_one_difflib_gave(case: tuple[str, str]) -> None:
    """And so the whole hint, with its excerpt, lines and difference, is what it was."""
    text, quote = case
    source = SourceText("a.txt", "seeds/a.txt", text)
    assume(not _has_common_words(source))
    new = validate._closest_passage_hint(quote, source)
    old = _OLD_HINT(quote, source)
    assert new == old


def _old_hint_function() -> Any:
    """The old hint, rebuilt from today's module with only its anchor replaced by difflib's
    search over the whole article (the rest of the function did not change)."""

    def hint(quote: str, source: SourceText) -> str:
        original = validate._longest_shared_run

        def difflib_anchor(article: Any, wanted: list[str]) -> Any:
            matcher = difflib.SequenceMatcher(None, article.keys, wanted, autojunk=False)
            found = matcher.find_longest_match(0, len(article.keys), 0, len(wanted))
            return validate._Run(found.a, found.b, found.size)

        validate._longest_shared_run = difflib_anchor  # type: ignore[assignment]
        try:
            return validate._closest_passage_hint(quote, source)
        finally:
            validate._longest_shared_run = original  # type: ignore[assignment]

    return hint


_OLD_HINT = _old_hint_function()


def common_article(words: list[str], size: int) -> str:
    return "\n".join(" ".join(words[(i + j) % len(words)] for j in range(9)) for i in range(size))


@pytest.mark.parametrize(
    ("article_words", "quote"),
    [
        (["the", "of", "and", "to"], "the of and to the of the and Zzquux"),
        (["le", "la", "les", "de"], "de la de les le la de Zzquux"),
        (["a", "b"], "b a b a b b a a b Zzquux b"),
        (["один", "два", "три"], "три два один два три Zzquux"),
    ],
)
def test_a_quote_of_common_words_gets_an_honest_answer(
    article_words: list[str], quote: str
) -> None:
    """A quote made only of words the article uses everywhere is not searched for across the
    article (difflib did, at a cost of the article's length for each quote): the hint says
    no close passage was found."""
    source = SourceText("flat.txt", "seeds/flat.txt", common_article(article_words, 400))
    hint = validate._closest_passage_hint(quote, source)
    assert hint.startswith(
        "No close passage found: the words of this quote are too common in seeds/flat.txt"
    ), hint
    assert hint.endswith("Copy the passage word for word from the source article")


@pytest.mark.parametrize("repeats", [40, 200, 1000])
@pytest.mark.parametrize(
    "quote",
    [
        "Zq1 Zq2 Zq3 Zq4 Zq5 Zq6 Zq7 Zq8 Zq9 Zq10 Zq11 Zq12 mismatch",
        "Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq1 Zq2 Zq2 other",
    ],
)
def test_the_work_for_one_quote_is_bounded(repeats: int, quote: str) -> None:
    """However often the article repeats the quote's rarer words, one quote's search makes
    at most ANCHOR_STEPS word comparisons (counted, not timed)."""
    text = "\n".join([" ".join(f"Zq{i}" for i in range(1, 13)) + " filler"] * repeats)
    source = SourceText("r.txt", "seeds/r.txt", text)
    compared = _count_key_reads(source, quote)
    assert compared <= validate.ANCHOR_STEPS + 2 * 200


def _count_key_reads(source: SourceText, quote: str) -> int:
    article = validate.Articles().indexed(source)
    counting = _CountingList(article.keys)
    article.keys = counting  # type: ignore[assignment]
    wanted = [validate._word_key(w) for w in validate.normalise_quote(quote).split()]
    validate._longest_shared_run(article, wanted)
    return counting.reads


class _CountingList(list[str]):
    reads = 0

    def __getitem__(self, index: Any) -> Any:
        self.reads += 1
        return super().__getitem__(index)


QUOTES = [
    "the talks will centre on political contacts",
    "ministers last met on September 28",
    "Lavrov will hold formal talks in Geneva",
]


@pytest.mark.parametrize("briefings", [1, 3])
@pytest.mark.parametrize("quotes", [2, 12])
def test_each_article_is_read_once_for_all_its_missing_quotes(
    monkeypatch: pytest.MonkeyPatch, briefings: int, quotes: int
) -> None:
    """The article's words are split and indexed once per run, not once per quote."""
    reads: list[str] = []
    split = validate._words_by_line

    def counting(text: str) -> tuple[list[str], list[int]]:
        reads.append(text)
        return split(text)

    monkeypatch.setattr(validate, "_words_by_line", counting)
    source = SourceText("s.txt", "seeds/s.txt", "Sergey Lavrov will hold formal talks in Moscow.")
    articles = validate.Articles()
    document = YamlDocument("briefings/2025/x.yml", {}, NO_PLACES, {})
    evidence: list[tuple[Any, str]] = [
        (("key_points", i, "evidence"), QUOTES[i % len(QUOTES)] + f" {i}") for i in range(quotes)
    ]
    problems = []
    for _ in range(briefings):
        problems += validate._evidence_problems(document, evidence, source, articles)
    assert len(problems) == briefings * quotes
    assert len(reads) == 1


# --- 2. Did-you-mean among many valid spellings ------------------------------------------------

spelling = st.text(alphabet="abcdeq-", min_size=1, max_size=9)


@PROPERTY
@given(st.lists(spelling, max_size=60), spelling, st.integers(1, 6))
def test_few_choices_give_difflibs_answer(choices: list[str], word: str, limit: int) -> None:
    assert Spellings(choices).close(word, limit=limit) == difflib.get_close_matches(
        word, sorted(set(choices)), n=limit, cutoff=0.6
    )


@PROPERTY
@given(st.data())
def test_many_choices_give_genuine_close_matches(data: st.DataObject) -> None:
    """Past EXACT_LIMIT choices of a possible length, every suggestion is still a close match
    (difflib's ratio at least 0.6), best first, and a one-letter typo finds its original or
    something as close."""
    seed = data.draw(st.integers(0, 10_000))
    choices = [_slug(seed, i) for i in range(suggest.EXACT_LIMIT * 3)]
    original = data.draw(st.sampled_from(choices))
    at = data.draw(st.integers(0, len(original) - 1))
    typo = original[:at] + data.draw(st.sampled_from("xyz")) + original[at + 1 :]
    found = Spellings(choices).close(typo)
    scores = [difflib.SequenceMatcher(None, f, typo).ratio() for f in found]
    assert all(score >= 0.6 for score in scores)
    assert scores == sorted(scores, reverse=True)
    best = difflib.SequenceMatcher(None, original, typo).ratio()
    assert found and scores[0] >= best


def _slug(seed: int, number: int) -> str:
    letters = string.ascii_lowercase
    value = (seed * 7919 + number * 104729) % (26**6)
    word = "".join(letters[(value // 26**k) % 26] for k in range(6))
    return f"{word[:3]}-{word[3:]}-{number}"


class _CountingMatcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    compared = 0

    def set_seq1(self, a: Any) -> None:
        _CountingMatcher.compared += 1
        super().set_seq1(a)


@pytest.mark.parametrize("size", [2_000, 8_000])
@pytest.mark.parametrize("where", ["resolve", "validate"])
@pytest.mark.parametrize("typo", ["sergey-lavrof", "xergey-lavrov", "sergei-lavrov-1"])
def test_a_suggestion_compares_a_bounded_number_of_spellings(
    monkeypatch: pytest.MonkeyPatch, size: int, where: str, typo: str
) -> None:
    """An unknown id is compared with at most a few hundred spellings, not with every entry
    of a large registry: in resolve (unknown references) and validate (unknown source files,
    fields, values) alike."""
    monkeypatch.setattr(difflib, "SequenceMatcher", _CountingMatcher)
    _CountingMatcher.compared = 0
    choices = ["sergey-lavrov", *(_slug(3, i) for i in range(size))]
    if where == "resolve":
        hint = resolve._Names((c, [c.replace("-", " ").title()]) for c in choices).suggest(typo)
    else:
        hint = validate.did_you_mean(typo, choices)
    assert "'sergey-lavrov'" in hint
    assert _CountingMatcher.compared <= 2 * 4 * suggest.NEIGHBOURS + 4


# --- 3. Parent cycles ------------------------------------------------------------------------


def reference_cycles(events: dict[str, EventRecord], records: list[EventRecord]) -> list[str]:
    """The walk as it was: every event's chain of parents followed from the start."""
    found = []
    for record in records:
        seen = {record.id}
        parent = record.parent
        while parent is not None and parent in events:
            if parent in seen:
                found.append(record.id)
                break
            seen.add(parent)
            parent = events[parent].parent
    return found


def _event(identifier: str, parent: str | None) -> EventRecord:
    return EventRecord(id=identifier, name=f"Event {identifier}", kind="meeting", parent=parent)


def _cycles(records: list[EventRecord]) -> tuple[list[str], dict[str, EventRecord]]:
    events = {r.id: r for r in records}
    document = YamlDocument("entities/events.yml", [], NO_PLACES, {})
    entries = tuple(RegistryEntry(r, document, (i,)) for i, r in enumerate(records))
    problems = resolve._parent_cycles(events, entries)
    named = [re.search(r"event '([^']+)'", p.message)[1] for p in problems]  # type: ignore[index]
    return named, events


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 12), st.none() | st.integers(0, 14)), max_size=25))
def test_cycles_are_the_ones_the_walk_found(pairs: list[tuple[int, int | None]]) -> None:
    """On any registry (repeated ids, parents that do not exist, loops of any length, chains
    into loops) the same events are reported, in the same order."""
    records = [_event(f"e{a}", None if b is None else f"e{b}") for a, b in pairs]
    named, events = _cycles(records)
    assert named == reference_cycles(events, records)


class _CountingEvents(dict[str, EventRecord]):
    reads = 0

    def __getitem__(self, key: str) -> EventRecord:
        _CountingEvents.reads += 1
        return super().__getitem__(key)


def chain(size: int, into: int | None) -> list[EventRecord]:
    """A chain e0 -> e1 -> ... whose last event has the parent e<into> (a loop), or none."""
    last = None if into is None else f"e{into}"
    return [_event(f"e{i}", f"e{i + 1}" if i + 1 < size else last) for i in range(size)]


@pytest.mark.parametrize(
    ("records", "looping"),
    [
        (chain(3000, None), 0),
        (chain(3000, 2999), 3000),
        (chain(3000, 0), 3000),
        (chain(3000, 1500), 3000),
        ([*chain(1500, None), *(_event(f"x{i}", "e0") for i in range(1500))], 0),
    ],
    ids=["chain", "self-loop-at-end", "one-loop", "chain-into-loop", "comb"],
)
def test_parents_are_followed_a_bounded_number_of_times(
    records: list[EventRecord], looping: int
) -> None:
    """Each event's parent is looked up a few times, however long the chains (the walk from
    every event looked up the whole chain above it: 4.5 million times for these)."""
    events = _CountingEvents({r.id: r for r in records})
    document = YamlDocument("entities/events.yml", [], NO_PLACES, {})
    entries = tuple(RegistryEntry(r, document, (i,)) for i, r in enumerate(records))
    _CountingEvents.reads = 0
    problems = resolve._parent_cycles(events, entries)
    assert len(problems) == looping
    assert all(p.code == "parent-cycle" for p in problems)
    assert _CountingEvents.reads <= 4 * len(records)


# --- 4. Names in an article, and mention links ------------------------------------------------

# Letters re.IGNORECASE pairs in unusual ways (dotted and dotless i, the Kelvin sign, long s,
# sharp s, final sigma), word characters and separators.
NAME_ALPHABET = "aAbBiIİıkKKsSſßẞσςΣ_1 .-'’\u0345ι"
name_text = st.text(alphabet=NAME_ALPHABET, max_size=40)
name = st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=6)


def reference_occurrences(text: str, name: str, ignore_case: bool) -> list[int]:
    if not name:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE if ignore_case else 0)
    return [match.start() for match in pattern.finditer(text)]


@pytest.mark.parametrize("rare", [names._RARE, 0], ids=["by-word", "by-two-words"])
@PROPERTY
@given(name_text, st.lists(name, min_size=1, max_size=6), st.booleans())
def test_names_are_found_where_the_pattern_finds_them(
    rare: int, text: str, wanted: list[str], ignore_case: bool
) -> None:
    """Whether a name is looked up by its rarest word or (when its words are common) by its
    rarest two words in a row, it is found exactly where the regular expression finds it."""
    kept, names._RARE = names._RARE, rare
    try:
        _same_places(text, wanted, ignore_case)
    finally:
        names._RARE = kept


def _same_places(text: str, wanted: list[str], ignore_case: bool) -> None:
    for one in wanted:
        found = list(occurrences(text, one, ignore_case=ignore_case))
        assert found == reference_occurrences(text, one, ignore_case), one
    # A name built from the text itself, so that most draws do match.
    if len(text) > 2:
        one = text[1:-1].strip() or text
        found = list(occurrences(text, one, ignore_case=ignore_case))
        assert found == reference_occurrences(text, one, ignore_case)


def test_case_is_set_aside_as_re_ignorecase_does_over_all_of_unicode() -> None:
    """Characters re.IGNORECASE matches with each other share one loose key, and are either
    all word characters or include one of the few set apart for a plain scan."""
    sre = pytest.importorskip("_sre")
    casefix = pytest.importorskip("re._casefix")
    groups: dict[int, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            groups.setdefault(sre.unicode_tolower(code), set()).add(chr(code))
    word = re.compile(r"\w")
    for lower, members in groups.items():
        together = set(members) | {chr(lower)}
        for other in casefix._EXTRA_CASES.get(lower, ()):
            together |= groups.get(other, set()) | {chr(other)}
        assert len({names.loose_key(c) for c in together}) == 1, together
        if len({bool(word.match(c)) for c in together}) > 1:
            assert together <= names._WORD_AND_NOT_WORD


class _CountingText(str):
    searched = 0

    def __contains__(self, part: object) -> bool:
        _CountingText.searched += 1
        return super().__contains__(part)  # type: ignore[operator]


class _CountingPattern:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        _CountingText.searched += 1
        return self.pattern.finditer(text)

    def match(self, text: str, start: int) -> re.Match[str] | None:
        _CountingPattern.tried += 1
        return self.pattern.match(text, start)

    tried = 0


@pytest.mark.parametrize("aliases", [50, 500])
@pytest.mark.parametrize(
    "shape",
    ["Minister {}", "{}", "{} Lavrov", "U.S. {}"],
)
@pytest.mark.parametrize("ignore_case", [False, True])
def test_an_article_is_searched_as_a_whole_once_for_all_names(
    monkeypatch: pytest.MonkeyPatch, aliases: int, shape: str, ignore_case: bool
) -> None:
    """Looking for many names in one article reads it through once (then looks each name up
    by its rarest word); the old way searched the whole article once for every name."""
    compiled = names._name_pattern
    monkeypatch.setattr(names, "_name_pattern", lambda n, i: _CountingPattern(compiled(n, i)))
    text = _CountingText("Minister Sergey Lavrov met U.S. officials. " * 200 + "Minister Zed.")
    _CountingText.searched = 0
    found = [
        list(occurrences(text, shape.format(f"Zed{i}" if i else "Zed"), ignore_case=ignore_case))
        for i in range(aliases)
    ]
    assert sum(map(len, found)) == (1 if shape in {"Minister {}", "{}"} else 0)
    assert _CountingText.searched <= 1


@pytest.mark.parametrize(
    "shape", ["{} {}", "{}-{}", "{}, {}", "The {} {}"], ids=["space", "hyphen", "comma", "three"]
)
@pytest.mark.parametrize("ignore_case", [False, True])
def test_a_name_of_common_words_is_tried_only_where_they_stand_together(
    monkeypatch: pytest.MonkeyPatch, shape: str, ignore_case: bool
) -> None:
    """Names made only of words the article uses everywhere are tried where two of their
    words stand together as in the name, not at every place the rarer word stands."""
    compiled = names._name_pattern
    monkeypatch.setattr(names, "_name_pattern", lambda n, i: _CountingPattern(compiled(n, i)))
    common = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
    text = _CountingText(" ".join(common[(i * 3) % 8] for i in range(8000)))
    _CountingPattern.tried = _CountingText.searched = 0
    found = 0
    for first in common:
        for second in common:
            wanted = shape.format(first, second)
            found += len(list(occurrences(text, wanted, ignore_case=ignore_case)))
    assert _CountingText.searched <= 1
    assert _CountingPattern.tried <= found + 64 * 2 * len(common) ** 2


class ReferenceLinker:
    """Mention links as they were: at each word, every name with that first word, longest
    first."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        word = markdown_text._WORD
        self.targets: dict[str, str] = {}
        for name, uri in names:
            if word.match(name.strip()):
                self.targets.setdefault(" ".join(name.split()), uri)
        self.by_first: dict[str, list[str]] = {}
        for name in sorted(self.targets, key=lambda name: (-len(name), name)):
            first = word.match(name)
            assert first is not None
            self.by_first.setdefault(first[0], []).append(name)

    def matches(self, text: str) -> list[tuple[int, int]]:
        found, end_of_last = [], 0
        for word in markdown_text._WORD.finditer(text):
            start = word.start()
            if start < end_of_last:
                continue
            for name in self.by_first.get(word[0], ()):
                end = start + len(name)
                if text.startswith(name, start) and not markdown_text._WORD_CHAR.match(text, end):
                    found.append((start, end))
                    end_of_last = end
                    break
        return found


LINK_WORDS = ["Sergey", "Lavrov", "U.S.", "U.S", "Minister", "of", "Foreign", "Affairs", "—", "'s"]
link_name = st.lists(st.sampled_from(LINK_WORDS), min_size=1, max_size=4).map(" ".join)
link_text = st.lists(
    st.sampled_from([*LINK_WORDS, " ", ",", ".", "-", "x", "\n"]), max_size=60
).map(lambda parts: " ".join(parts))


@PROPERTY
@given(st.lists(link_name, max_size=12), link_text)
def test_mentions_are_linked_where_they_were(chosen: list[str], text: str) -> None:
    pairs = [(n, f"people/p{i % 3}.md") for i, n in enumerate(chosen)]
    linker = MentionLinker(pairs, "briefings/x.md")
    collapsed = " ".join(text.split())
    assert list(linker._matches(collapsed)) == ReferenceLinker(pairs).matches(collapsed)


class _CountingStr(str):
    compared = 0

    def startswith(self, *args: Any) -> bool:  # type: ignore[override]
        _CountingStr.compared += 1
        return super().startswith(*args)


@pytest.mark.parametrize("aliases", [100, 1000])
@pytest.mark.parametrize("shape", ["Minister {}", "Minister of {}", "Minister Minister {}"])
def test_a_word_is_compared_with_few_names(aliases: int, shape: str) -> None:
    """At each word of the text, mention linking compares the names that continue the way the
    text does, not every name that starts with that word."""
    pairs = [(shape.format(f"Zed{i}"), "people/x.md") for i in range(aliases)]
    text = _CountingStr("Minister said it. " * 300 + shape.format("Zed7"))
    _CountingStr.compared = 0
    linker = MentionLinker(pairs, "briefings/x.md")
    assert list(linker._matches(text))[-1][1] == len(text)
    assert _CountingStr.compared <= 4
