"""A briefing says no more than its article: evidence is matched as whole words with its
numbers untouched, a key point names nothing its evidence lacks, and a report's status fits the
article's own date. Each check is located at the value at fault."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from generator.build import pipeline
from generator.core.diagnostics import Diagnostic
from generator.inputs.names import NameIndex, occurrences
from generator.inputs.validate import caseless, normalise_quote, occurs_as_words

NAME = "briefings/2025/2025-11-20-synthetic.yml"
SEED = "seeds/synthetic_9001.txt"
TEXT_LINE, TEXT_COLUMN = 9, 11
EVIDENCE_LINE, EVIDENCE_COLUMN = 10, 15
STATUS_LINE, STATUS_COLUMN = 21, 13
AS_OF = dt.date(2025, 11, 20)
"""Checked as of the synthetic briefing's own day, so it is part of the site checked."""


def briefing(text: str, evidence: str, events: str = "") -> str:
    """A synthetic briefing of 20 November 2025 with one key point (its text on line 9, its
    evidence on line 10) and, when given, events from line 19."""
    return (
        "id: 2025-11-20-synthetic\n"
        "title: Synthetic ministers meet\n"
        "date: 2025-11-20\n"
        "source:\n"
        "  file: synthetic_9001.txt\n"
        "  agency: SYN\n"
        "bottom_line: Synthetic bottom line.\n"
        "key_points:\n"
        f"  - text: {text}\n"
        f"    evidence: {evidence}\n"
        "background: Synthetic background.\n"
        "outlook: Synthetic outlook.\n"
        "countries: [IN]\n"
        "people:\n"
        "  - id: s-jaishankar\n"
        "    office: Synthetic Minister\n"
        "topics: [trade]\n"
        "organisations: [brics]\n" + events
    )


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the fixture corpus for all cases: each case overwrites the same briefing
    and article."""
    return copy_project(tmp_path_factory.mktemp("claims") / "project")


def problems_of(project: Path, content: str, article: str) -> list[Diagnostic]:
    (project / SEED).write_text(article, encoding="utf-8")
    (project / NAME).write_text(content, encoding="utf-8")
    return [d for d in pipeline.check(project, AS_OF).diagnostics if d.path == NAME]


def located(found: list[Diagnostic], code: str) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.column, d.severity, d.message) for d in found if d.code == code]


# --- 1. Evidence is matched as whole words -----------------------------------------------------

INSIDE_WORDS = [
    # (quote, the article's passage that holds it only inside longer words)
    ("legal under international law", "The strike was illegal under international law."),
    ("likely to be ratified", "The treaty is unlikely to be ratified this year."),
    ("the treaty was sign", "Officials said the treaty was signed in Geneva."),
    ("06 tonnes of grain", "Exports reached 106 tonnes of grain in October."),
    ("They held talks in Mosco", "They held talks in Moscow on Tuesday."),
    ("armed forces of Russ", "Leaders praised the armed forces of Russia yesterday."),
    # Devanagari: "समझ" stops before the vowel sign of "समझौता", a combining mark.
    ("रूस के बीच व्यापार समझ", "भारत और रूस के बीच व्यापार समझौता हुआ।"),
]


@pytest.mark.parametrize(("quote", "passage"), INSIDE_WORDS)
def test_a_quote_inside_longer_words_is_not_found(
    shared_project: Path, quote: str, passage: str
) -> None:
    article = f"SYNTHETIC TEST ARTICLE.\n\n{passage}\n"
    found = problems_of(shared_project, briefing("Synthetic point.", quote), article)
    assert located(found, "evidence-not-in-source") == [
        (
            NAME,
            EVIDENCE_LINE,
            EVIDENCE_COLUMN,
            "error",
            f"key_points[0].evidence: this quote does not occur in {SEED}",
        )
    ]
    (problem,) = [d for d in found if d.code == "evidence-not-in-source"]
    # The closest-passage hint still finds the passage and names its line.
    assert problem.hint.startswith(f"The closest passage in {SEED} (line 3) reads: "), problem.hint


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("illegal under international law", "The strike was illegal under international law."),
        ("unlikely to be ratified", "The treaty is unlikely to be ratified this year."),
        ("106 tonnes of grain", "Exports reached 106 tonnes of grain in October."),
        ("Russia's armed forces", "He praised Russia's armed forces, then left."),
        ("talks in Moscow", "They held talks in Moscow."),
        ('"Make in India" framework', "under the “Make in India” framework"),
        ("the Putin-Modi summit", "ahead of the Putin–Modi summit in December"),
        ("the ﬁnal Ｔext of it", "They agreed the final Text of it."),
        ("Jaishankar and Lavrov to meet", "JAISHANKAR AND LAVROV TO MEET IN MOSCOW"),
        ("Talks in Moscow, says Lavrov", "Agencies: TALKS IN MOSCOW, SAYS LAVROV"),
    ],
)
def test_whole_words_and_typography_still_match(
    shared_project: Path, quote: str, passage: str
) -> None:
    article = f"SYNTHETIC TEST ARTICLE.\n\n{passage}\n"
    found = problems_of(shared_project, briefing("Synthetic point.", quote), article)
    assert located(found, "evidence-not-in-source") == []


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("lavrov will hold formal talks", "Sergey Lavrov will hold formal talks."),
        ("THE TALKS WILL CENTRE ON", "He said the talks will centre on trade."),
        ("the Talks will centre on trade", "He said the talks will centre on trade."),
        ("Lavrov to meet in moscow", "LAVROV TO MEET in Moscow on Monday"),
    ],
)
def test_case_counts_where_the_article_has_it(
    shared_project: Path, quote: str, passage: str
) -> None:
    """Only a passage in capitals has lost its case; elsewhere a quote keeps the article's."""
    article = f"SYNTHETIC TEST ARTICLE.\n\n{passage}\n"
    found = problems_of(shared_project, briefing("Synthetic point.", quote), article)
    assert located(found, "evidence-not-in-source") == [
        (
            NAME,
            EVIDENCE_LINE,
            EVIDENCE_COLUMN,
            "error",
            f"key_points[0].evidence: this quote does not occur in {SEED}",
        )
    ]


# --- 2. Normalisation never touches a number ---------------------------------------------------

FOLDED_NUMBERS = [
    # (quote with plain digits, the article's passage with another form of the number)
    ("106 tonnes of grain", "about 10⁶ tonnes of grain"),  # superscript
    ("102 km of border", "some 10² km of border"),  # superscript
    ("CO2 emissions fell", "CO₂ emissions fell sharply"),  # subscript
    ("a 11⁄2 per cent rise", "a 1½ per cent rise"),  # vulgar fraction
    ("point 1 of the plan", "point ① of the plan"),  # circled digit
    ("the 2025 agreement", "the ２０２５ agreement"),  # full-width digits
    ("Article 5 of the treaty", "Article 𝟓 of the treaty"),  # mathematical digit
    ("in 10 days time", "in ١٠ days time"),  # Arabic-Indic digits
]


@pytest.mark.parametrize(("quote", "passage"), FOLDED_NUMBERS)
def test_a_number_written_otherwise_is_not_the_same_quote(
    shared_project: Path, quote: str, passage: str
) -> None:
    article = f"SYNTHETIC TEST ARTICLE.\n\n{passage}\n"
    found = problems_of(shared_project, briefing("Synthetic point.", quote), article)
    assert located(found, "evidence-not-in-source") == [
        (
            NAME,
            EVIDENCE_LINE,
            EVIDENCE_COLUMN,
            "error",
            f"key_points[0].evidence: this quote does not occur in {SEED}",
        )
    ]


def numeric_characters(text: str) -> list[str]:
    """Every character with a numeric value or in category N, in order."""
    return [
        c
        for c in text
        if unicodedata.category(c)[0] == "N" or unicodedata.numeric(c, None) is not None
    ]


TRICKY = (
    "10⁶",
    "H₂O",
    "½",
    "1⁄2",
    "①",
    "⑴",
    "⒈",
    "㊱",
    "㈩",
    "２０",
    "𝟓",
    "١٠",
    "۱۲",
    "४२",
    "Ⅻ",
    "ⅻ",
    "İ",
    "⼀",  # KANGXI RADICAL ONE: NFKC makes it 一, which has a numeric value
    "\uf96b",  # a CJK compatibility ideograph with a numeric value; NFC changes it
    "ﬁ",
    "Ｌ",
    "’",
    "–",
    "\u0301",
    "\u00a0",
    "\u200b",
    "e",
    " ",
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TRICKY) | st.text(max_size=6), max_size=12).map("".join))
@example("106 tonnes and 10⁶ tonnes")
@example("H₂O, ½, ①, ２０２５, ١٠, 𝟓, ⼀, \uf96b")
def test_normalisation_never_changes_adds_or_removes_a_digit(text: str) -> None:
    normalised = normalise_quote(text)
    assert numeric_characters(normalised) == numeric_characters(text)
    # A passage in capitals is compared in lower case: character for character, digits kept.
    assert len(caseless(normalised)) == len(normalised)
    assert numeric_characters(caseless(normalised)) == numeric_characters(text)


@pytest.mark.parametrize(
    "text",
    ["10⁶", "10²", "H₂O", "1½", "①②", "２０２５", "١٠", "۱۲", "४२", "Ⅻ", "⼀", "\uf96b"],
    ids=[
        "superscript-6",
        "superscript-2",
        "subscript",
        "fraction",
        "circled",
        "fullwidth",
        "arabic-indic",
        "extended-arabic-indic",
        "devanagari",
        "roman-numeral",
        "kangxi-radical",
        "cjk-compatibility",
    ],
)
def test_each_form_of_a_number_is_kept_as_written(text: str) -> None:
    assert normalise_quote(f"about {text} tonnes") == f"about {text} tonnes"


# --- 3. A key point that names what its evidence lacks --------------------------------------

CLAIM_ARTICLE = (
    "SYNTHETIC TEST ARTICLE.\n"
    "\n"
    "The ministers met in Geneva on Tuesday to talk about trade.\n"
    "Sergey Lavrov said 1,500 troops would leave on 27 September 2025.\n"
)
MISSING = [
    # (key point text, evidence, what the warning names)
    ("Lavrov met them in Geneva.", "The ministers met in Geneva on Tuesday", "'Lavrov'"),
    ("The ministers met in Russia.", "The ministers met in Geneva on Tuesday", "'Russia'"),
    ("BRICS ministers met in Geneva.", "The ministers met in Geneva on Tuesday", "'BRICS'"),
    ("They met at UNGA 80.", "The ministers met in Geneva on Tuesday", "'UNGA 80'"),
    ("They talked about Trade.", "The ministers met in Geneva on Tuesday", "'Trade'"),
    ("Some 1,600 troops will leave.", "said 1,500 troops would leave", "'1,600'"),
    ("Some 150 troops will leave.", "said 1,500 troops would leave", "'150'"),
    ("They leave on 28 September.", "troops would leave on 27 September 2025", "'28 September'"),
    (
        "They leave on September 27, 2024.",
        "would leave on 27 September 2025",
        "'September 27, 2024'",
    ),
    ("They leave in October.", "would leave on 27 September 2025", "'October'"),
    ("They leave on 2025-09-27.", "troops would leave on", "'2025-09-27'"),
    (
        "Lavrov said 1,600 troops leave in October.",
        "The ministers met in Geneva on Tuesday",
        "'Lavrov', 'October' and '1,600'",
    ),
]


@pytest.mark.parametrize(("text", "evidence", "named"), MISSING)
def test_a_key_point_naming_what_its_evidence_lacks_is_warned_at_its_text(
    shared_project: Path, text: str, evidence: str, named: str
) -> None:
    found = problems_of(shared_project, briefing(text, evidence), CLAIM_ARTICLE)
    assert located(found, "claim-not-in-evidence") == [
        (
            NAME,
            TEXT_LINE,
            TEXT_COLUMN,
            "warning",
            f"key_points[0].text: names {named}, which its evidence does not",
        )
    ]
    (problem,) = [d for d in found if d.code == "claim-not-in-evidence"]
    assert problem.hint == (
        "Make the evidence a passage of the article that says it (word for word, as long as "
        "it needs to be), or take it out of the key point"
    )
    assert [d.code for d in found] == ["claim-not-in-evidence"], "and nothing else"


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Sergey Lavrov said troops would leave.", "Sergey Lavrov said 1,500 troops"),
        ("Lavrov said so.", "Sergey Lavrov said 1,500 troops"),  # another of his names
        ("Talks covered trade.", "in Geneva on Tuesday to talk about trade"),
        ("They talked about Trade.", "in Geneva on Tuesday to talk about trade"),  # case
        ("Some 1500 troops will leave.", "said 1,500 troops would leave"),  # separators
        ("They leave on September 27.", "troops would leave on 27 September 2025"),
        ("They leave in September 2025.", "troops would leave on 27 September 2025"),
        ("They leave on 2025-09-27.", "troops would leave on 27 September 2025"),
        ("Nikolai Patrushev met them.", "The ministers met in Geneva on Tuesday"),
        ("They may meet in March to talk.", "The ministers met in Geneva on Tuesday"),
    ],
)
def test_a_key_point_its_evidence_covers_is_not_warned(
    shared_project: Path, text: str, evidence: str
) -> None:
    found = problems_of(shared_project, briefing(text, evidence), CLAIM_ARTICLE)
    assert found == []


# --- 4. A report that cannot be true on its article's date ------------------------------------

EVENT = "jaishankar-lavrov-moscow-talks-2025"


def with_report(status: str, date: str) -> str:
    report = f"events:\n  - id: {EVENT}\n    status: {status}\n    date: {date}\n"
    return briefing("Synthetic point.", "The ministers met in Geneva on Tuesday", report)


IMPOSSIBLE = [
    # (status, date, code, how the message gives the date and what it says of it)
    ("held", "2025-11-21", "held-after-article-date", "on 21 November 2025, after"),
    ("held", "2025-12", "held-after-article-date", "in December 2025, after"),
    ("held", "2026", "held-after-article-date", "in 2026, after"),
    ("held", "2025-11-21/2025-11-22", "held-after-article-date", "on 21–22 November 2025, after"),
    (
        "scheduled",
        "2025-11-19",
        "plan-before-article-date",
        "on 19 November 2025, which had passed by",
    ),
    ("scheduled", "2025-10", "plan-before-article-date", "in October 2025, which had passed by"),
    ("anticipated", "2024", "plan-before-article-date", "in 2024, which had passed by"),
    (
        "anticipated",
        "2025-11-01/2025-11-19",
        "plan-before-article-date",
        "on 1–19 November 2025, which had passed by",
    ),
]


@pytest.mark.parametrize(("status", "date", "code", "when"), IMPOSSIBLE)
def test_a_status_the_articles_date_rules_out_is_warned_at_the_status(
    shared_project: Path, status: str, date: str, code: str, when: str
) -> None:
    found = problems_of(shared_project, with_report(status, date), CLAIM_ARTICLE)
    article_date = "the article's own date (20 November 2025)"
    assert located(found, code) == [
        (
            NAME,
            STATUS_LINE,
            STATUS_COLUMN,
            "warning",
            f"events[0].status: {status} for {EVENT!r} {when} {article_date}",
        )
    ]
    (problem,) = [d for d in found if d.code == code]
    advice = "set the status to scheduled or anticipated" if status == "held" else "to held"
    assert "check the date against the article" in problem.hint
    assert problem.hint.endswith(advice)


@pytest.mark.parametrize(
    ("status", "date"),
    [
        ("held", "2025-11-20"),
        ("held", "2025-11"),
        ("held", "2025-11-19/2025-11-21"),
        ("held", "2025"),
        ("scheduled", "2025-11-20"),
        ("scheduled", "2025-11"),
        ("anticipated", "2025-11-19/2025-11-21"),
        ("anticipated", "2025"),
        ("postponed", "2026-01"),
        ("cancelled", "2025-11-10"),
    ],
)
def test_a_status_that_fits_the_articles_date_is_not_warned(
    shared_project: Path, status: str, date: str
) -> None:
    found = problems_of(shared_project, with_report(status, date), CLAIM_ARTICLE)
    assert located(found, "held-after-article-date") == []
    assert located(found, "plan-before-article-date") == []


# --- The name finder: exactly the names `occurrences` finds, at a bounded cost ---------------

WORDS = ["Lavrov", "lavrov", "Sergey", "UN", "U.S.", "trade", "Trade", "of", "the", "İstanbul"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from([*WORDS, " ", ", ", "-", "x"]), max_size=20).map(" ".join),
)
def test_the_name_index_finds_what_occurrences_finds(
    names: list[tuple[list[str], bool]], text: str
) -> None:
    listed = [(i, " ".join(words), ignore_case) for i, (words, ignore_case) in enumerate(names)]
    found = {key for key, _, _ in NameIndex(listed).found_in(text)}
    expected = {
        key
        for key, name, ignore_case in listed
        if next(occurrences(text, name, ignore_case=ignore_case), None) is not None
    }
    assert found == expected


@pytest.mark.parametrize("many", [10, 10_000])
def test_the_name_index_looks_at_names_the_text_continues_only(
    monkeypatch: pytest.MonkeyPatch, many: int
) -> None:
    """A key point costs the same against ten names or ten thousand that share its words'
    beginnings: only names whose every word the text holds are matched (counted)."""
    from generator.inputs import names as names_module

    tried: list[str] = []
    pattern = names_module._name_pattern

    def counting(name: str, ignore_case: bool) -> re.Pattern[str]:
        tried.append(name)
        return pattern(name, ignore_case)

    monkeypatch.setattr(names_module, "_name_pattern", counting)
    listed = [(i, f"Sergey Lavrov{i}", False) for i in range(many)]
    listed.append((-1, "Sergey Lavrov", False))
    text = "Sergey Lavrov met Sergey Lavrov again " * 20
    assert {key for key, _, _ in NameIndex(listed).found_in(text)} == {-1}
    assert len(tried) == 40


def test_a_quote_found_only_inside_words_gives_up_after_a_bounded_number_of_places() -> None:
    article = normalise_quote("illegal " * 5000 + "legal.")
    assert occurs_as_words("legal", article) is False  # 5,000 places inside words first
    assert occurs_as_words("legal", normalise_quote("illegal " * 200 + "legal.")) is True
