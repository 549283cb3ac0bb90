"""The rules evidence is matched by, checked on the functions themselves: how a quote is
normalised (quote marks, dashes, invisible characters, numbers, spacing), where it may start
and end (word boundaries), where case may differ (passages in capitals), and what the hint for
a quote that is not in its article says (the closest passage, its lines, the first difference)
on long articles whose common words repeat, as real articles' do.

Every source here is built in the test; nothing is read from seeds/."""

from __future__ import annotations

import difflib
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.inputs import validate
from generator.inputs.load import parse_yaml
from generator.inputs.validate import (
    Articles,
    _closest_passage_hint,
    _evidence_of,
    _evidence_problems,
    capitals,
    caseless,
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
def test_caseless_lowers_character_for_character_and_keeps_numbers(text: str, lowered: str) -> None:
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


# --- 5. The closest passage to a quote that is not in its article ------------------------------


def day_article(days: int = 40) -> str:
    """A long article that repeats itself, as agency copy does: every word but the day's
    number is used on every line, more often than a word may be and still anchor a search."""
    return "\n".join(
        f"On day {n} the ministers of the bloc met in the capital and the talks of the day "
        "ended late."
        for n in range(1, days + 1)
    )


DAY_17 = "day 17 the ministers of the bloc met in the capital and the talks of the day ended late."


def edited(text: str, at: int, remove: int = 0, insert: str = "") -> str:
    """The text's words with `remove` of them taken out at word `at` and `insert` put in."""
    words = text.split()
    return " ".join([*words[:at], *insert.split(), *words[at + remove :]])


def hint(quote: str, text: str) -> str:
    return _closest_passage_hint(quote, source(text))


def passage_hint(excerpt: str, difference: str, lines: str = "line 17") -> str:
    return (
        f'The closest passage in {PATH} ({lines}) reads: "{excerpt}"; {difference}. '
        "Copy the passage word for word"
    )


@pytest.mark.parametrize(
    ("quote", "excerpt", "difference"),
    [
        (
            edited(DAY_17, 5, remove=1),
            DAY_17,
            'your quote leaves out "the" after word 5',
        ),
        (
            edited(DAY_17, 4, remove=4),
            DAY_17,
            'your quote leaves out "of the bloc met" after word 4',
        ),
        (
            edited(DAY_17, 4, remove=5),
            DAY_17,
            'your quote leaves out "of the bloc met…" after word 4',
        ),
        (
            edited(DAY_17, 0, remove=1, insert="night"),
            DAY_17,
            'your quote differs from it at "night" (word 1)',
        ),
        (
            edited(DAY_17, 3, remove=1, insert="Ministers"),
            DAY_17,
            'your quote differs from it at "the Ministers" (word 4)',
        ),
        (
            edited(DAY_17, 3, remove=1, insert="ministers,"),
            DAY_17,
            'your quote differs from it at "the ministers," (word 4)',
        ),
        (
            edited(DAY_17, 6, remove=4, insert="x1 x2 x3 x4"),
            DAY_17,
            'your quote differs from it at "the x1 x2 x3 x4" (word 7)',
        ),
        (
            edited(DAY_17, 6, remove=5, insert="x1 x2 x3 x4 x5"),
            DAY_17,
            'your quote differs from it at "the x1 x2 x3 x4…" (word 7)',
        ),
        (
            edited(DAY_17, 8, insert="secretly"),
            "…the ministers of the bloc met in the capital and the talks of the day ended late.",
            'your quote differs from it at "met secretly" (word 9)',
        ),
        (
            edited(DAY_17, 8, insert="y1 y2 y3 y4 y5"),
            "…the ministers of the bloc met in the capital and the talks of the day ended late.",
            'your quote differs from it at "met y1 y2 y3 y4…" (word 9)',
        ),
        (
            edited(DAY_17, 18, remove=1, insert="early."),
            "…the talks of the day ended late.",
            'your quote differs from it at "ended early." (word 19)',
        ),
    ],
    ids=[
        "one-word-left-out",
        "four-words-left-out",
        "five-words-left-out",
        "first-word-changed",
        "case-changed",
        "punctuation-added",
        "four-words-changed",
        "five-words-changed",
        "one-word-added",
        "five-words-added",
        "last-word-changed",
    ],
)
def test_the_hint_shows_the_passage_and_the_quotes_first_difference(
    quote: str, excerpt: str, difference: str
) -> None:
    """In an article whose words but one repeat on every line, the quote is anchored by that
    one word and compared word for word (case and punctuation count): what it leaves out is
    shown up to four words, what it has instead up to four words after the one before, and
    … marks more; the excerpt starts six words before the difference."""
    assert hint(quote, day_article()) == passage_hint(excerpt, difference)


def test_a_quote_whose_first_word_lines_up_later_is_told_what_it_leaves_out_at_its_start() -> None:
    """The passage starts where the quote's first word would stand; when the quote's words
    line up with it one word later (a word typed twice), the passage's first word is what the
    quote leaves out, at its start."""
    text = "Officials said the talks in Geneva ended on Tuesday after the ministers met"
    quote = "the The talks in Geneva ended on Tuesday after"
    assert hint(quote, text) == passage_hint(
        "said the talks in Geneva ended on Tuesday after",
        'your quote leaves out "said" at its start',
        lines="line 1",
    )


def test_a_quote_of_the_articles_common_words_only_gets_no_passage() -> None:
    """Words the article uses more than 32 times do not anchor the search: a quote of those
    alone is not looked for across the whole article."""
    assert hint("the ministers of the bloc met in the city", day_article()) == (
        f"No close passage found: the words of this quote are too common in {PATH} to find it "
        f"by them. {COPY}"
    )


@pytest.mark.parametrize(
    ("uses", "expected"),
    [
        (
            32,
            passage_hint(
                "day zq the ministers of the bloc met in the capital.",
                'your quote differs from it at "of a" (word 6)',
                lines="line 72",
            ),
        ),
        (
            33,
            f"No close passage found: the words of this quote are too common in {PATH} to "
            f"find it by them. {COPY}",
        ),
    ],
)
def test_a_word_used_up_to_32_times_anchors_the_search(uses: int, expected: str) -> None:
    """'zq' is the quote's only word that is not on every line: used 32 times it anchors the
    passage, 33 times it is common too."""
    noted = [f"Item {i}: zq was noted." for i in range(uses - 1)]
    text = "\n".join(
        [day_article(), *noted, "On day zq the ministers of the bloc met in the capital."]
    )
    assert hint("day zq the ministers of a bloc met in the capital", text) == expected


def test_a_run_through_common_words_is_found_from_the_rarer_word_that_starts_it() -> None:
    """The quote's longest run with the article is found even where all its words but one
    are common: 'zq' appears twice; the first time inside a shorter run already found (from
    'yq'), the second starting the longest one, through common words only."""
    common = " ".join(["the talks of the day"] * 40)
    text = f"On Monday yq zq and more.\n{common}\nOn Tuesday zq the talks of the day ended.\n"
    quote = "yq zq the talks of the day began"
    assert hint(quote, text) == passage_hint(
        "Tuesday zq the talks of the day ended.",
        'your quote differs from it at "yq" (word 1)',
        lines="line 3",
    )


def test_a_run_counts_the_common_words_before_its_rarer_word() -> None:
    """'the talks of the day' are common and 'zq' is not: the run is found from 'zq' and
    extended back over the common words, so it is six words long and beats another passage
    that shares five rarer words with the quote."""
    common = " ".join(["the talks of the day"] * 40)
    text = (
        "Envoys signed the grain accord quietly.\n"
        f"{common}\nLater, the talks of the day zq ended at noon.\n"
    )
    quote = "the talks of the day zq began, envoys signed the grain accord"
    assert hint(quote, text) == passage_hint(
        "the talks of the day zq ended at noon.",
        'your quote differs from it at "zq began, envoys signed the…" (word 7)',
        lines="line 3",
    )


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        (
            "Intro line.\nThe envoy said the talks in Geneva ended early.\nMore.\n"
            "The envoy said the talks in Geneva ended early.\n",
            "The envoy said the talks in Vienna ended early.",
            passage_hint(
                "The envoy said the talks in Geneva ended early.",
                'your quote differs from it at "in Vienna" (word 7)',
                lines="line 2",
            ),
        ),
        (
            "Intro line.\nThe envoy said the talks\nin Geneva ended early on Tuesday.\nMore.",
            "The envoy said the talks in Vienna ended early",
            passage_hint(
                "The envoy said the talks in Geneva ended early",
                'your quote differs from it at "in Vienna" (word 7)',
                lines="lines 2–3",
            ),
        ),
        (
            "Intro.\nThe envoy said the \x07talks in Geneva ended early.\n",
            "The envoy said the talks in Geneva ended early.",
            passage_hint(
                "The envoy said the \N{REPLACEMENT CHARACTER}talks in Geneva ended early.",
                'your quote differs from it at "the talks" (word 5)',
                lines="line 2",
            ),
        ),
    ],
    ids=["the-first-of-two-equal-passages", "lines-of-the-passage", "unprintable-character"],
)
def test_the_passage_is_the_first_closest_one_with_its_lines_and_printable(
    text: str, quote: str, expected: str
) -> None:
    """Of two passages as close as each other the first is shown; a passage across lines
    gives both; a character that cannot be printed is shown as �."""
    assert hint(quote, text) == expected


WORDS_60 = " ".join(f"w{i}" for i in range(1, 61))


def sharing(pattern: str) -> str:
    """A quote of WORDS_60's words from w20 on where the pattern has S, new words elsewhere."""
    return " ".join(f"w{20 + i}" if c == "S" else f"new{i}" for i, c in enumerate(pattern))


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [
        ("SS.S.S......", True),  # 12 words, 4 shared: a third
        ("SS.S........", False),  # 12 words, 3 shared
        ("SS.S..", True),  # 6 words, 3 shared: never fewer than 3 are needed
        ("SS....", False),
        ("S.S.S.", True),  # no two in a row, but 3 in order
        ("SS.S.S.......", True),  # 13 words, 4 shared: 13 // 3
        ("SS.S.S.S........", True),  # 16 words, 5 shared
        ("SS.S.S..........", False),  # 16 words, 4 shared
        ("SS..........", False),
    ],
)
def test_a_passage_is_shown_when_it_shares_a_third_of_the_quotes_words_and_at_least_three(
    pattern: str, shown: bool
) -> None:
    result = hint(sharing(pattern), WORDS_60)
    assert result.startswith(f"The closest passage in {PATH}") is shown, result
    assert (result == COPY) is not shown


def numbered(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(1, count + 1)]


@pytest.mark.parametrize(
    ("left_out", "expected"),
    [
        (
            5,
            passage_hint(
                "q0 d1 d2 d3 d4 d5 p1 p2 p3 p4 p5 p6 p7 p8",
                'your quote leaves out "d1 d2 d3 d4…" after word 1',
                lines="line 1",
            ),
        ),
        (
            6,
            passage_hint(
                "d6 p1 p2 p3 p4 p5 p6 p7 p8",
                'your quote differs from it at "q0" (word 1)',
                lines="line 1",
            ),
        ),
    ],
)
def test_the_passage_is_looked_for_within_a_few_words_before_the_quotes_anchor(
    left_out: int, expected: str
) -> None:
    """A quote of 9 words is compared with the article up to 3 + 9 // 4 = 5 words beyond
    where its longest shared run places it: words it leaves out before that run are seen up
    to 5; beyond that, its first word is compared with the word at its place."""
    words = ["intro"] * 12 + ["q0", *numbered("d", left_out), *numbered("p", 8)]
    text = " ".join([*words, *["outro"] * 12])
    assert hint(" ".join(["q0", *numbered("p", 8)]), text) == expected


@pytest.mark.parametrize(
    ("left_out", "expected"),
    [
        (
            5,
            passage_hint(
                "…p3 p4 p5 p6 p7 p8 d1 d2 d3 d4 d5 q1",
                'your quote leaves out "d1 d2 d3 d4…" after word 9',
                lines="line 1",
            ),
        ),
        (
            6,
            passage_hint(
                "…p3 p4 p5 p6 p7 p8 d1",
                'your quote differs from it at "p8 q1" (word 10)',
                lines="line 1",
            ),
        ),
    ],
)
def test_the_passage_is_looked_for_within_a_few_words_after_the_quotes_anchor(
    left_out: int, expected: str
) -> None:
    """The same 3 + 10 // 4 = 5 words after the run, for a quote of 10 words whose run is not
    at its start."""
    words = ["intro"] * 12 + ["q0", *numbered("p", 8), *numbered("d", left_out), "q1"]
    text = " ".join([*words, *["outro"] * 12])
    assert hint(" ".join(["q0", *numbered("p", 8), "q1"]), text) == expected


@pytest.mark.parametrize(
    ("quote", "excerpt", "difference"),
    [
        ("w1 x y w4 w5", "w1 w2 w3 w4 w5", 'your quote differs from it at "w1 x y" (word 2)'),
        (
            "w1 w2 new w4 w5 w6",
            "w1 w2 w3 w4 w5 w6",
            'your quote differs from it at "w2 new" (word 3)',
        ),
        ("x y w1 w2 w3 w4", "w1 w2 w3 w4", 'your quote differs from it at "x y" (word 1)'),
    ],
)
def test_a_passage_at_the_articles_first_word_is_compared_from_that_word(
    quote: str, excerpt: str, difference: str
) -> None:
    """The article's first word is inside the window and the passage: it counts as a shared
    word, and a quote with words before it is compared from it."""
    assert hint(quote, WORDS_60) == passage_hint(excerpt, difference, lines="line 1")


@pytest.mark.parametrize(
    ("left_out", "excerpt"),
    [
        (5, "q0 p1 p2 p3 p4 p5 p6 p7 p8 d1 d2 d3 d4 d5 q1"),
        (6, "q0 p1 p2 p3 p4 p5 p6 p7 p8 d1"),
    ],
)
def test_the_window_after_the_run_is_counted_from_where_the_quote_starts(
    left_out: int, excerpt: str
) -> None:
    """The quote's first word differs, so its run starts at its second word; the window
    still ends 5 words (3 + 10 // 4) after where the quote's 10 words would end."""
    words = ["intro"] * 12 + ["q0", *numbered("p", 8), *numbered("d", left_out), "q1"]
    text = " ".join([*words, *["outro"] * 12])
    assert hint(" ".join(["x0", *numbered("p", 8), "q1"]), text) == passage_hint(
        excerpt, 'your quote differs from it at "x0" (word 1)', lines="line 1"
    )


def test_every_word_of_a_long_quote_counts_however_often_it_repeats() -> None:
    """No word of the quote is passed over as junk for being frequent in it (difflib's
    autojunk would pass over most words of a quote of 200 words): a quote of 200 one-letter
    words, the most a quote's 400 characters hold, still finds its passage."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    letters = [alphabet[(i * 7 + i // 36) % 36] for i in range(200)]
    text = "The answer sheet, as printed:\n" + " ".join(letters) + "\nEnd of the sheet."
    quote = " ".join([*letters[:150], "Z", *letters[151:]])
    assert len(quote) <= 400
    assert hint(quote, text) == passage_hint(
        "…e l s z 6 d k r y 5 c j q x 4 b i p w 3 a h o v 2 9 g n u 1 8 f m t 0 7 f m t 0 7 "
        "e l s z 6 d k r y 5 c j q x 4",
        'your quote differs from it at "d Z" (word 151)',
        lines="line 2",
    )


def test_a_quote_sharing_no_word_with_the_article_is_told_to_copy_the_passage() -> None:
    assert hint("nothing shared here at all", day_article()) == COPY
    assert hint("nothing shared here at all", WORDS_60) == COPY


def test_a_quote_the_article_has_word_for_word_gets_no_difference() -> None:
    """The hint never invents a difference: for words the passage has as written, it only
    says to copy the passage."""
    assert hint("w20 w21 w22 w23", WORDS_60) == COPY


def test_the_hint_reads_the_article_itself_when_given_no_shared_articles() -> None:
    articles = Articles()
    quote = edited(DAY_17, 5, remove=1)
    alone = _closest_passage_hint(quote, source(day_article()))
    assert alone == _closest_passage_hint(quote, source(day_article()), articles)
    assert alone.startswith(f"The closest passage in {PATH} (line 17)")


def steps_article(steps: int) -> tuple[str, str]:
    """An article (a table, say) that repeats each of a quote's rarer words 32 times, and the
    quote: looking for its longest run compares exactly `steps` words (4000 or 4001).

    Each word found alone costs 2 (the word and the one after it); 'v w' found together
    costs 3, and so do 'c z' and 'c z2', found from z and z2 with one common word before."""
    parts = [f"u{k} f" for k in range(1, 63) for _ in range(32)]  # 62 × 32 × 2 = 3968
    parts += ["v f"] * (13 if steps == 4000 else 12)  # 26 or 24
    parts += ["f v w f", "f c z f"]  # 3 + 3
    if steps == 4001:
        parts.append("f c z2 f")  # 3
    parts += ["c f"] * 40  # c is common
    quote = " ".join([*(f"u{k}" for k in range(1, 63)), "v", "w", "c", "z", "c", "z2"])
    return " ".join(parts), quote


@pytest.mark.parametrize(("steps", "searched"), [(4000, True), (4001, False)])
def test_the_search_for_a_quotes_passage_compares_at_most_4000_words(
    steps: int, searched: bool
) -> None:
    """However often the article repeats the quote's rarer words, one quote's search stops
    after 4000 word comparisons, and then the hint says no close passage was found."""
    text, quote = steps_article(steps)
    article = Articles().indexed(source(text))
    wanted = [validate._word_key(word) for word in normalise_quote(quote).split()]
    run = validate._longest_shared_run(article, wanted)
    assert (run is not None) is searched
    if run is not None:
        assert (run.size, quote.split()[run.start : run.start + run.size]) == (2, ["v", "w"])
    else:
        assert hint(quote, text).startswith("No close passage found")


VOCABULARY = ["a", "b", "c", "d", "e", "Lavrov", "lavrov,", "Moscow", "talks", "«on»"]


def difflib_run(article: str, quote: str) -> tuple[int, int, int]:
    """The longest run as difflib finds it over the whole article: the earliest in the
    article among the longest, then the earliest in the quote."""
    words = normalise_quote(article).split()
    keys = [validate._word_key(word) for word in words]
    wanted = [validate._word_key(word) for word in normalise_quote(quote).split()]
    matcher = difflib.SequenceMatcher(None, keys, wanted, autojunk=False)
    match = matcher.find_longest_match(0, len(keys), 0, len(wanted))
    return match.a, match.b, match.size


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=60),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=25),
)
@example(["a", "b", "c", "a", "b", "c", "d"], ["x", "b", "c", "d"])
@example(["b", "c", "a", "b"], ["a", "b", "c"])
@example(["a", "b", "x", "a", "b"], ["a", "b", "y", "a", "b"])
@example(["c", "a", "b"], ["a", "b", "a", "b"])
def test_the_anchor_is_the_longest_run_the_quote_shares_with_the_article(
    article_words: list[str], quote_words: list[str]
) -> None:
    """While no word is common, the run found from the article's index of words is the one
    difflib finds by comparing the quote with the whole article."""
    text, quote = " ".join(article_words), " ".join(quote_words)
    article = Articles().indexed(source(text))
    assume(not article.common)
    wanted = [validate._word_key(word) for word in normalise_quote(quote).split()]
    run = validate._longest_shared_run(article, wanted)
    assert run is not None
    assert (run.at, run.start, run.size) == difflib_run(text, quote)


def codes(count: int, prefix: str = "k") -> list[str]:
    """Distinct words of 8 characters: k0000001, k0000002, …"""
    return [f"{prefix}{i:07d}" for i in range(1, count + 1)]


def excerpt_of(quote_words: list[str], words: list[str]) -> str:
    text = "Intro words here.\n" + " ".join(words) + "\nOutro."
    found_hint = hint(" ".join(quote_words), text)
    assert found_hint.startswith(f'The closest passage in {PATH} (line 2) reads: "'), found_hint
    return found_hint.split(' reads: "', 1)[1].split('"; your quote', 1)[0]


@pytest.mark.parametrize("last_length", [12, 13])
def test_the_excerpt_holds_the_words_that_fit_in_120_characters(last_length: int) -> None:
    """Twelve words of 8 characters take 107; a 13th of 12 characters makes 120 and is
    shown, one of 13 would make 121 and is not."""
    words = [*codes(12), "L" * (last_length - 1) + "1", *codes(7, "m")]
    shown = excerpt_of([words[0], "changed", *words[2:]], words)
    fitting = 13 if last_length == 12 else 12
    assert shown == " ".join(words[:fitting]) + "…"
    assert len(" ".join(words[:fitting])) == (120 if last_length == 12 else 107)


def test_the_excerpt_reaches_the_first_difference_even_past_120_characters() -> None:
    """Four words of 35 characters before the difference do not fit; the excerpt holds them
    and the differing word, and is cut to 120 characters with …."""
    words = [letter * 34 + "1" for letter in "ABCDEF"] + codes(4)
    shown = excerpt_of([*words[:3], "changed", *words[4:]], words)
    assert shown == " ".join(words[:4])[:119] + "…"


@pytest.mark.parametrize("first_length", [100, 130])
def test_an_excerpt_of_one_long_word_is_that_word_cut_to_120_characters(
    first_length: int,
) -> None:
    """The difference is at the quote's first word; the next word does not fit beside it."""
    words = ["A" * (first_length - 1) + "1", "B" * 29 + "2", *codes(6)]
    shown = excerpt_of(["changed", *words[1:]], words)
    assert shown == words[0][:119] + "…"


def test_the_excerpt_shows_the_whole_passage_when_it_fits() -> None:
    words = codes(8)
    assert excerpt_of([*words[:2], "changed", *words[3:]], words) == " ".join(words)


@pytest.mark.parametrize("new_length", [51, 52])
def test_the_difference_is_shown_in_at_most_60_characters(new_length: int) -> None:
    """What differs is shown with the word before it: 'k0000002 ' and a word of 51
    characters make 60, shown whole; one of 52 is cut to 59 and ….

    The same limit holds for what the quote leaves out."""
    words = codes(8)
    new = "N" * new_length
    text = "Intro words here.\n" + " ".join(words) + "\nOutro."
    shown = f"k0000002 {new}" if new_length == 51 else f"k0000002 {new}"[:59] + "…"
    assert hint(" ".join([*words[:2], new, *words[3:]]), text) == passage_hint(
        " ".join(words),
        f'your quote differs from it at "{shown}" (word 3)',
        lines="line 2",
    )


def test_a_long_word_left_out_is_cut_to_60_characters() -> None:
    words = [*codes(3), "D" * 70, *codes(5, "m")]
    text = "Intro words here.\n" + " ".join(words) + "\nOutro."
    assert hint(" ".join([*words[:3], *words[4:]]), text) == passage_hint(
        " ".join(words[:6]) + "…",
        f'your quote leaves out "{"D" * 59}…" after word 3',
        lines="line 2",
    )


# --- 6. Each article is read once per run -------------------------------------------------------


def test_each_article_is_normalised_indexed_and_searched_for_capitals_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However many quotes and briefings cite an article, it is normalised, searched for
    passages in capitals and split into indexed words once per run."""
    calls: list[str] = []

    def counted(name: str) -> None:
        original = getattr(validate, name)

        def counting(text: str) -> object:
            calls.append(name)
            return original(text)

        monkeypatch.setattr(validate, name, counting)

    for name in ("capitals", "_words_by_line"):
        counted(name)
    normalise = validate.normalise_quote

    def normalising(text: str) -> str:
        if text == article.text:
            calls.append("normalise_quote")
        return normalise(text)

    monkeypatch.setattr(validate, "normalise_quote", normalising)
    article = source(day_article())
    articles = Articles()
    results = [
        (
            articles.normalised(article),
            articles.capitals(article),
            articles.indexed(article),
        )
        for _ in range(3)
    ]
    assert sorted(calls) == ["_words_by_line", "capitals", "normalise_quote"]
    assert all(result == results[0] for result in results)
    assert results[0][0] == normalise(day_article())
    assert results[0][2].words[:3] == ["On", "day", "1"]
    other = SourceText("other.txt", "seeds/other.txt", "ANOTHER ARTICLE IN CAPITALS")
    assert articles.capitals(other) == [(0, "another article in capitals")]
    assert articles.normalised(other) == "ANOTHER ARTICLE IN CAPITALS"


# --- 7. The evidence problems of a briefing -----------------------------------------------------

BRIEFING = """\
id: 2025-11-20-synthetic
title: Synthetic ministers meet
date: 2025-11-20
source:
  file: synthetic.txt
bottom_line: Synthetic bottom line.
key_points:
  - text: One.
    evidence: TODO copy a passage here
  - text: Two.
    evidence: ministers met in Vienna
  - text: Three.
    evidence: The ministers met in Geneva
  - text: Four.
    evidence: the talks will be held in March
background: Synthetic background.
outlook: Synthetic outlook.
events:
  - id: synthetic-talks
    status: held
    outcomes:
      - kind: statement
        text: A statement
        evidence: issued a joint statement on trade
    claims:
      - status: held
        evidence: The talks were held on Tuesday
  - id: other-talks
    status: scheduled
    claims:
      - status: scheduled
        evidence: The talks were held in May
"""
ARTICLE = (
    "The ministers met in Geneva.\n"
    "They issued a joint statement on energy.\n"
    "The talks were held on Tuesday, officials said. THE TALKS WILL BE HELD IN MARCH.\n"
)
BRIEFING_PATH = "briefings/2025/2025-11-20-synthetic.yml"


def test_every_quote_of_a_briefing_is_listed_with_where_it_stands() -> None:
    document, problems = parse_yaml(BRIEFING.encode(), BRIEFING_PATH)
    assert problems == [] and document is not None
    record = BriefingFile.model_validate(document.data)
    assert _evidence_of(record) == [
        (("key_points", 0, "evidence"), "TODO copy a passage here"),
        (("key_points", 1, "evidence"), "ministers met in Vienna"),
        (("key_points", 2, "evidence"), "The ministers met in Geneva"),
        (("key_points", 3, "evidence"), "the talks will be held in March"),
        (("events", 0, "outcomes", 0, "evidence"), "issued a joint statement on trade"),
        (("events", 0, "claims", 0, "evidence"), "The talks were held on Tuesday"),
        (("events", 1, "claims", 0, "evidence"), "The talks were held in May"),
    ]


def test_each_quote_not_in_the_article_is_an_error_at_the_quote_with_the_closest_passage() -> None:
    """A placeholder is left to the placeholder check; a quote the article has, as written
    or in a passage in capitals, is fine; every other quote is reported where it stands,
    each whatever comes before it."""
    document, _ = parse_yaml(BRIEFING.encode(), BRIEFING_PATH)
    assert document is not None
    record = BriefingFile.model_validate(document.data)
    found_problems = _evidence_problems(document, _evidence_of(record), source(ARTICLE), Articles())

    def reported(
        line: int, column: int, where: str, article_line: int, excerpt: str, difference: str
    ) -> tuple[int, int, str, str, str, str]:
        return (
            line,
            column,
            "error",
            "evidence-not-in-source",
            f"{where}: this quote does not occur in {PATH}",
            passage_hint(excerpt, difference, lines=f"line {article_line}"),
        )

    assert [(d.line, d.column, d.severity, d.code, d.message, d.hint) for d in found_problems] == [
        reported(
            11,
            15,
            "key_points[1].evidence",
            1,
            "ministers met in Geneva.",
            'your quote differs from it at "in Vienna" (word 4)',
        ),
        reported(
            24,
            19,
            "events[0].outcomes[0].evidence",
            2,
            "issued a joint statement on energy.",
            'your quote differs from it at "on trade" (word 6)',
        ),
        reported(
            32,
            19,
            "events[1].claims[0].evidence",
            3,
            "The talks were held on Tuesday,",
            'your quote differs from it at "held in May" (word 5)',
        ),
    ]
    assert {d.path for d in found_problems} == {BRIEFING_PATH}
