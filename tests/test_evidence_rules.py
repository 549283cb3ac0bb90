"""The rules evidence is matched by, checked on the functions themselves: how a quote is
normalised (quote marks, dashes, invisible characters, numbers, spacing), where it may start
and end (word boundaries), where case may differ (passages in capitals), and what the hint for
a quote that is not in its article says (the closest passage, its lines, the first difference)
on long articles whose common words repeat, as real articles' do.

Every source here is built in the test; nothing is read from seeds/."""

from __future__ import annotations

import unicodedata

import pytest

from generator.inputs.load import parse_yaml
from generator.inputs import validate
from generator.inputs.validate import (
    Articles,
    _closest_passage_hint,
    _evidence_of,
    _evidence_problems,
    caseless,
    capitals,
    is_numeric_character,
    normalise_quote,
    occurs_as_words,
    occurs_in_capitals,
)
from generator.story.models import BriefingFile, SourceText

PATH = "seeds/synthetic.txt"
COPY = "Copy the passage word for word from the source article"


def source(text: str) -> SourceText:
    return SourceText("synthetic.txt", PATH, text)


def found(quote: str, article: str) -> bool:
    """Whether the quote counts as occurring in the article, as the checker decides it."""
    haystack = normalise_quote(article)
    quoted = normalise_quote(quote)
    return occurs_as_words(quoted, haystack) or occurs_in_capitals(
        quoted, haystack, capitals(haystack)
    )


# --- 1. Quote marks and dashes read as their ASCII counterparts -------------------------------

QUOTE_MARKS = [
    # (character, what it reads as)
    ("\u2018", "'"),  # ‘ LEFT SINGLE QUOTATION MARK
    ("\u2019", "'"),  # ’ RIGHT SINGLE QUOTATION MARK
    ("\u201a", "'"),  # ‚ SINGLE LOW-9 QUOTATION MARK
    ("\u201b", "'"),  # ‛ SINGLE HIGH-REVERSED-9 QUOTATION MARK
    ("\u2032", "'"),  # ′ PRIME
    ("\u201c", '"'),  # “ LEFT DOUBLE QUOTATION MARK
    ("\u201d", '"'),  # ” RIGHT DOUBLE QUOTATION MARK
    ("\u201e", '"'),  # „ DOUBLE LOW-9 QUOTATION MARK
    ("\u201f", '"'),  # ‟ DOUBLE HIGH-REVERSED-9 QUOTATION MARK
    ("\u2033", '"'),  # ″ DOUBLE PRIME
    ("\u00ab", '"'),  # « LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
    ("\u00bb", '"'),  # » RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
    ("\u2010", "-"),  # ‐ HYPHEN
    ("\u2011", "-"),  # ‑ NON-BREAKING HYPHEN
    ("\u2012", "-"),  # ‒ FIGURE DASH
    ("\u2013", "-"),  # – EN DASH
    ("\u2014", "-"),  # — EM DASH
    ("\u2015", "-"),  # ― HORIZONTAL BAR
    ("\u2212", "-"),  # − MINUS SIGN
    ("\ufe58", "-"),  # ﹘ SMALL EM DASH
    ("\ufe63", "-"),  # ﹣ SMALL HYPHEN-MINUS
    ("\uff0d", "-"),  # － FULLWIDTH HYPHEN-MINUS
]


@pytest.mark.parametrize(
    ("mark", "ascii"), QUOTE_MARKS, ids=[unicodedata.name(m) for m, _ in QUOTE_MARKS]
)
def test_each_typographic_quote_mark_and_dash_reads_as_its_ascii_counterpart(
    mark: str, ascii: str
) -> None:
    """A reader sees the same words whichever mark the article or the quote uses."""
    written = f"the {mark}Make in India{mark} plan{mark}s core"
    typed = f"the {ascii}Make in India{ascii} plan{ascii}s core"
    assert normalise_quote(written) == typed
    assert found(typed, f"Officials backed {written} on Monday.")
    assert found(written, f"Officials backed {typed} on Monday.")


NOT_QUOTE_MARKS = [
    # (a character beside the table's, what it reads as): each keeps its own reading.
    ("\u00ac", "\u00ac"),  # ¬ NOT SIGN
    ("\u00bc", "\u00bc"),  # ¼ a number, kept as written
    ("\u2016", "\u2016"),  # ‖ DOUBLE VERTICAL LINE
    ("\u2020", "\u2020"),  # † DAGGER
    ("\u2213", "\u2213"),  # ∓ MINUS-OR-PLUS SIGN
    ("\ufe59", "("),  # ﹙ SMALL LEFT PARENTHESIS
    ("\ufe64", "<"),  # ﹤ SMALL LESS-THAN SIGN
    ("\uff0e", "."),  # ． FULLWIDTH FULL STOP
    ("\u2039", "\u2039"),  # ‹ SINGLE LEFT-POINTING ANGLE QUOTATION MARK: not in the table
]


@pytest.mark.parametrize(
    ("char", "reading"), NOT_QUOTE_MARKS, ids=[unicodedata.name(c) for c, _ in NOT_QUOTE_MARKS]
)
def test_a_character_that_is_no_quote_mark_or_dash_keeps_its_own_reading(
    char: str, reading: str
) -> None:
    assert normalise_quote(f"a {char} b") == f"a {reading} b"


@pytest.mark.parametrize(
    ("article", "quote"),
    [
        ("He is 5\u203210\u2033 tall, the file says.", "He is 5'10\" tall"),  # feet and inches
        ("He called it \u201chistoric\u2033 at the summit.", 'called it "historic" at'),
        ("He called it \u201chistoric\u2033 at the summit.", "called it \u201chistoric\u201d at"),
        ("He called it \u201chistoric\u2033 at the summit.", "called it \u00abhistoric\u00bb at"),
    ],
)
def test_a_double_prime_reads_as_a_double_quote(article: str, quote: str) -> None:
    """″ is what ASCII writes as " (inches, seconds of arc: 5′10″ is 5'10"), and some
    articles close a quotation with it: it matches ", “, ” and the others."""
    assert found(quote, article)


@pytest.mark.parametrize(
    ("char", "reading"),
    [
        ("\u2034", "'''"),  # ‴ TRIPLE PRIME: NFKC spells it with three primes
        ("\u2057", "''''"),  # ⁗ QUADRUPLE PRIME: four primes
        ("\ufe31", "-"),  # ︱ PRESENTATION FORM FOR VERTICAL EM DASH: an em dash
        ("\ufe32", "-"),  # ︲ PRESENTATION FORM FOR VERTICAL EN DASH: an en dash
        ("\u207b", "-"),  # ⁻ SUPERSCRIPT MINUS: a minus sign
        ("\u208b", "-"),  # ₋ SUBSCRIPT MINUS: a minus sign
    ],
)
def test_a_character_nfkc_spells_with_quote_marks_or_dashes_reads_as_they_do(
    char: str, reading: str
) -> None:
    """The table of quote marks also reads what NFKC writes for a compatibility character:
    ‴ is three primes, and a prime reads as an apostrophe, so ‴ reads as three."""
    assert normalise_quote(f"a{char}b") == f"a{reading}b"
    typed_with_marks = unicodedata.normalize("NFKC", char)
    assert normalise_quote(f"a{typed_with_marks}b") == normalise_quote(f"a{char}b")
