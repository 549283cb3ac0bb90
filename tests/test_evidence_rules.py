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


# --- 2. Invisible characters, numbers, composed letters and spacing ---------------------------

INVISIBLE = [
    "\u00ad",  # SOFT HYPHEN
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u2060",  # WORD JOINER
    "\ufeff",  # ZERO WIDTH NO-BREAK SPACE (a byte-order mark)
]


@pytest.mark.parametrize("invisible", INVISIBLE, ids=[unicodedata.name(c) for c in INVISIBLE])
def test_invisible_characters_a_web_page_leaves_in_a_source_are_not_part_of_its_words(
    invisible: str,
) -> None:
    """A soft hyphen or zero-width character inside a word of the article (or of the quote)
    is not seen by a reader, so the quote without it is the same quote."""
    article = f"Jaishan{invisible}kar met Lav{invisible}rov in Mos{invisible}cow on Monday."
    assert normalise_quote(article) == "Jaishankar met Lavrov in Moscow on Monday."
    assert found("Jaishankar met Lavrov in Moscow", article)
    assert found(f"Jaishankar met Lav{invisible}rov", "Jaishankar met Lavrov in Moscow.")


@pytest.mark.parametrize(
    ("char", "numeric"),
    [
        ("7", True),
        ("\u0663", True),  # ٣ ARABIC-INDIC DIGIT THREE
        ("\u00bd", True),  # ½
        ("\u2075", True),  # ⁵ SUPERSCRIPT FIVE
        ("\u216b", True),  # Ⅻ ROMAN NUMERAL TWELVE
        ("\u4e00", True),  # 一 a Han numeral: a letter (Lo) with a numeric value
        ("\u4e09", True),  # 三
        ("a", False),
        ("-", False),
        (" ", False),
        ("\u32c0", False),  # ㋀ a symbol whose NFKC holds a digit (see below)
    ],
)
def test_a_character_stands_for_a_number_by_its_category_or_its_numeric_value(
    char: str, numeric: bool
) -> None:
    assert is_numeric_character(char) is numeric


@pytest.mark.parametrize(
    "text",
    [
        "\u32c0",  # ㋀ IDEOGRAPHIC TELEGRAPH SYMBOL FOR JANUARY: NFKC writes "1月"
        "\u3358",  # ㍘ IDEOGRAPHIC TELEGRAPH SYMBOL FOR HOUR ZERO: NFKC writes "0点"
        "\u216b",  # Ⅻ: NFKC writes the letters "XII"
        "\u00bc",  # ¼: NFKC writes "1⁄4"
    ],
)
def test_a_character_nfkc_would_write_with_a_digit_is_kept_as_written(text: str) -> None:
    """Folding never makes a number where the article has none, nor letters of a number."""
    assert normalise_quote(f"on {text} they met") == f"on {text} they met"


@pytest.mark.parametrize(
    ("decomposed", "composed"),
    [
        ("Ukrai\u0308na", "Ukraïna"),
        ("e\u0301te\u0301 2025 e\u0301te\u0301", "été 2025 été"),
        ("2025 e\u0301te\u0301", "2025 été"),
        ("Citroe\u0308n 2 CV", "Citroën 2 CV"),
        ("12e\u0301 and 3", "12é and 3"),
        ("\uf96b e\u0301", "\uf96b é"),  # the compatibility ideograph stays; NFC would change it
    ],
)
def test_a_letter_typed_as_a_letter_and_an_accent_is_the_same_letter(
    decomposed: str, composed: str
) -> None:
    """NFC, between the numbers of the text: 'é' typed as e + U+0301 is 'é'."""
    assert normalise_quote(decomposed) == composed
    assert normalise_quote(composed) == composed
    assert found(composed, f"On Monday {decomposed} again.")


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("The  talks\n\tin   Moscow ", "The talks in Moscow"),
        ("The\u00a0talks\u2009in\u202fMoscow", "The talks in Moscow"),  # no-break and thin spaces
        ("  Talks \u2028in\u3000Moscow", "Talks in Moscow"),  # line separator, ideographic space
        ("Таких  переговоров\nне было", "Таких переговоров не было"),
    ],
)
def test_spacing_is_one_space_between_words_whatever_the_article_used(
    text: str, normalised: str
) -> None:
    assert normalise_quote(text) == normalised


# --- 3. A quote starts and ends where words do ------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("talks in", "talks in Moscow"),  # at the text's start, the text ending in a letter
        ("in Moscow", "talks in Moscow"),  # at its end
        ("Moscow", "Moscow"),  # the whole text
        ("legal", "a legal ruling"),  # after a one-letter word
        ("legal", "illegal and legal"),  # after a place inside a longer word
        ("-based approach", "a text-based approach"),  # starts with punctuation
        ("the talks ended.", "the talks ended.The ministers left"),  # ends with punctuation
        ("ended. The", "the talks ended. The ministers left"),
        ("x_1 rose", "the x_1 rose"),
    ],
)
def test_a_quote_found_at_word_boundaries(quote: str, text: str) -> None:
    """A quote starts and ends as words do; a quote that starts or ends with punctuation
    needs no boundary on that side."""
    assert occurs_as_words(quote, text) is True


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("like", "alike"),  # one letter before it
        ("legal", "illegal"),
        ("Mosco", "Moscow"),
        ("legal", "x_legal"),  # an underscore continues a word
        ("legal", "legal_x"),
        ("समझ", "व्यापार समझौता"),  # a vowel sign (a combining mark) continues a word
        ("", "any text at all"),  # an empty quote (one of spaces only) is never found
    ],
)
def test_a_quote_inside_longer_words_is_not_found(quote: str, text: str) -> None:
    assert occurs_as_words(quote, text) is False


@pytest.mark.parametrize(
    ("places_inside_words", "expected"), [(0, True), (255, True), (256, False)]
)
def test_a_quote_is_looked_for_past_at_most_256_places_inside_longer_words(
    places_inside_words: int, expected: bool
) -> None:
    """Each place inside a word costs a comparison: after 256 of them the quote counts as not
    found, so a quote that stands as words only after them is reported."""
    text = "illegal " * places_inside_words + "legal."
    assert occurs_as_words("legal", text) is expected


def test_the_places_inside_words_counted_include_overlapping_ones() -> None:
    """Every place the quote's text starts counts towards the bound, overlapping ones too:
    'aa' starts at 299 places of a run of 300 letters."""
    assert occurs_as_words("aa", "b" + "a" * 300 + " aa") is False
    assert occurs_as_words("aa", "b" + "a" * 200 + " aa") is True


# --- 4. Case: kept, except where the article has lost it -------------------------------------


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("TALKS IN MOSCOW", "talks in moscow"),
        ("ÉCOLE NORMALE", "école normale"),
        ("İSTANBUL TALKS", "İstanbul talks"),  # İ lowers to two characters: kept
        ("\u216b ROME", "\u216b rome"),  # Ⅻ stands for a number: kept
        ("\u2160\u2161 ROME", "\u2160\u2161 rome"),  # Ⅰ Ⅱ
    ],
)
def test_caseless_lowers_character_for_character_and_keeps_numbers(
    text: str, lowered: str
) -> None:
    assert caseless(text) == lowered
    assert len(caseless(text)) == len(text)


def test_the_passages_in_capitals_are_the_long_stretches_without_a_lower_case_letter() -> None:
    text = "Agencies: JAISHANKAR AND LAVROV TO MEET, the agency said. NO. ANOTHER HEADLINE"
    assert capitals(text) == [
        (8, ": jaishankar and lavrov to meet, "),
        (56, ". no. another headline"),
    ]


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        ("Jaishankar and Lavrov to meet", "Agencies: JAISHANKAR AND LAVROV TO MEET, he said", True),
        ("Lavrov to meet", "Agencies: JAISHANKAR AND LAVROV TO MEET, he said", True),
        # The second of two passages in capitals.
        ("Another headline", "FIRST HEADLINE here. ANOTHER HEADLINE", True),
        # A whole article in capitals, exactly as long as the quote.
        ("Talks in Moscow", "TALKS IN MOSCOW", True),
        # Inside a longer word in capitals.
        ("Shankar and Lavrov", "Agencies: JAISHANKAR AND LAVROV TO MEET, he said", False),
        ("and Lavrov to mee", "Agencies: JAISHANKAR AND LAVROV TO MEET, he said", False),
        # Where the article writes lower case, the quote must too.
        ("Lavrov to meet in moscow", "LAVROV TO MEET in Moscow on Monday", False),
        ("the agency Said", "Agencies: JAISHANKAR AND LAVROV TO MEET, the agency said", False),
        # A quote longer than every passage in capitals.
        ("Talks in Moscow on Monday", "TALKS IN MOSCOW on Monday", False),
    ],
)
def test_a_quote_gives_back_the_case_only_of_a_passage_in_capitals(
    quote: str, text: str, expected: bool
) -> None:
    assert occurs_in_capitals(quote, text, capitals(text)) is expected
    assert found(quote, text) is expected
