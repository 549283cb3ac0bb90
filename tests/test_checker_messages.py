"""Messages that say what to do about this case: the closest passage to a wrong quote, the
place where an unclosed quote or bracket opens, and advice on two dates that fits the reports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import WriteFile
from generator.build import pipeline
from test_checker import MINIMAL, NAME, SYNTHETIC_SEED, run_check
from test_validate import BRIEFING

SEED = "seeds/synthetic_9001.txt"
EVIDENCE = "    evidence: The ministers met in Geneva on Tuesday"


def check_briefing(
    project: Path, capsys: pytest.CaptureFixture[str], content: str, seed: str = SYNTHETIC_SEED
) -> list[str]:
    (project / SEED).write_text(seed, encoding="utf-8")
    (project / NAME).write_text(content, encoding="utf-8")
    _, lines = run_check(project, capsys)
    return [line for line in lines if line.startswith(f"{NAME}:")]


def with_evidence(quote: str) -> str:
    assert EVIDENCE in MINIMAL
    return MINIMAL.replace(EVIDENCE, f"    evidence: {quote}", 1)


# --- 1. A quote that is not in its source: the closest passage, and where they part ---------

ARTICLE = (
    "SYNTHETIC TEST ARTICLE.\n"
    "\n"
    "The ministers met in Geneva on Tuesday to talk about trade.\n"
    "\n"
    "The two ministers last met on September 27 on the sidelines of the General Assembly.\n"
)


def test_wrong_word_shows_the_passage_its_line_and_the_word(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = with_evidence("The two ministers last met on September 26 on the sidelines")
    assert check_briefing(project, capsys, content, ARTICLE) == [
        f"{NAME}:10:15: error: key_points[0].evidence: this quote does not occur in {SEED}. "
        f'The closest passage in {SEED} (line 5) reads: "…two ministers last met on '
        'September 27 on the sidelines"; your quote differs from it at "September 26" '
        "(word 8). Copy the passage word for word [evidence-not-in-source]"
    ]


def test_left_out_word_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = with_evidence("The ministers met in Geneva to talk about trade")
    (found,) = check_briefing(project, capsys, content, ARTICLE)
    assert (
        f'The closest passage in {SEED} (line 3) reads: "The ministers met in Geneva on '
        'Tuesday to talk about trade."; your quote leaves out "on Tuesday" after word 5. '
        "Copy the passage word for word [evidence-not-in-source]"
    ) in found


def test_passage_across_lines_names_both(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = with_evidence("talk about trade. The two ministers last met in September")
    (found,) = check_briefing(project, capsys, content, ARTICLE)
    assert f"The closest passage in {SEED} (lines 3–5) reads: " in found
    assert 'your quote differs from it at "met in" (word 9)' in found


def test_quote_with_nothing_in_common_keeps_the_plain_hint(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = with_evidence("Frogs sing loudly near the pond")
    assert check_briefing(project, capsys, content, ARTICLE) == [
        f"{NAME}:10:15: error: key_points[0].evidence: this quote does not occur in {SEED}. "
        "Copy the passage word for word from the source article [evidence-not-in-source]"
    ]


def test_excerpt_of_a_long_line_is_short_and_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = [f"word{i}" for i in range(3000)]
    words[1500] = "con\x1btrol"
    article = "SYNTHETIC.\n" + " ".join(words) + "\n"
    quote = " ".join(words[1490:1500]) + " changed " + " ".join(words[1501:1510])
    (found,) = check_briefing(project, capsys, with_evidence(quote), article)
    excerpt = found.split(" reads: ", 1)[1].split('"; ', 1)[0]
    assert excerpt.startswith('"…word1494 ') and excerpt.endswith("…")
    assert len(excerpt) <= 125
    assert all(c.isprintable() for c in found), "no control character reaches the terminal"
    assert 'differs from it at "word1499 changed" (word 11)' in found


# --- 2. An unclosed quote or bracket is reported where it opens ------------------------------
# The cases of each kind are folders: tests/fixtures/cases/yaml-unclosed-*.


def test_closed_list_with_a_bad_item_is_reported_at_the_item(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = MINIMAL.replace("countries: [IN]", 'countries: [IN, "RU" x]', 1)
    (found,) = check_briefing(project, capsys, content)
    assert found.startswith(f"{NAME}:13:22: error: YAML syntax error: did not find expected")
    assert "never closed" not in found


# --- 3. Two dates for one event: advice that fits what each report says ----------------------
# The cases are folders: tests/fixtures/cases/conflicting-dates-* and plan-after-held.

# --- 4. A TODO left in a field: deleting the line is offered only where the field may go ----
# The cases are folders: tests/fixtures/cases/placeholder-*.

# --- 3. A word outside a closed vocabulary: the value it means, and the values allowed --------

STATUSES = "Allowed values: scheduled, anticipated, held, postponed, on-hold, cancelled"
OUTCOMES = "Allowed values: agreement, programme, target, statement, decision, no-agreement"
KINDS = "Allowed values: talks, meeting, visit, summit, session, conference, signing, call"


def with_event(status: str, outcome_kind: str = "statement") -> str:
    return MINIMAL + (
        "events:\n"
        "  - id: jaishankar-lavrov-moscow-talks-2025\n"
        f"    status: {status}\n"
        "    outcomes:\n"
        f"      - kind: {outcome_kind}\n"
        "        text: Synthetic outcome.\n"
        "        evidence: The ministers met in Geneva on Tuesday\n"
    )


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("completed", "'held'"),
        ("happened", "'held'"),
        ("took place", "'held'"),
        ("done", "'held'"),
        ("called off", "'cancelled'"),
        ("scrapped", "'cancelled'"),
        ("canceled", "'cancelled'"),
        ("delayed", "'postponed'"),
        ("Deferred", "'postponed'"),
        ("suspended", "'on-hold'"),
        ("on hold", "'on-hold'"),
        ("planned", "'scheduled'"),
        ("expected", "'anticipated'"),
        ("upcoming", "'scheduled' or 'anticipated'"),
        ("sheduled", "'scheduled' or 'held'"),
        ("anticipatd", "'anticipated'"),
    ],
)
def test_status_outside_the_vocabulary_names_the_likely_one(
    project: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str
) -> None:
    assert check_briefing(project, capsys, with_event(written)) == [
        f"{NAME}:20:13: error: events[0].status: {written!r} is not one of the allowed values. "
        f"Did you mean {meant}? {STATUSES} [schema-enum]"
    ]


def test_a_word_with_no_likely_value_gets_the_list(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_briefing(project, capsys, with_event("purple")) == [
        f"{NAME}:20:13: error: events[0].status: 'purple' is not one of the allowed "
        f"values. {STATUSES} [schema-enum]"
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("deal", "'agreement'"),
        ("MoU", "'agreement'"),
        ("joint statement", "'statement'"),
        ("program", "'programme'"),
        ("goal", "'target'"),
        ("no deal", "'no-agreement'"),
        ("decison", "'decision'"),
    ],
)
def test_outcome_kind_outside_the_vocabulary_names_the_likely_one(
    project: Path, capsys: pytest.CaptureFixture[str], written: str, meant: str
) -> None:
    assert check_briefing(project, capsys, with_event("held", written)) == [
        f"{NAME}:22:15: error: events[0].outcomes[0].kind: {written!r} is not one of the "
        f"allowed values. Did you mean {meant}? {OUTCOMES} [schema-enum]"
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("phone call", "'call'"),
        ("negotiations", "'talks'"),
        ("trip", "'visit'"),
        ("forum", "'conference'"),
    ],
)
def test_event_kind_outside_the_vocabulary_names_the_likely_one(
    project: Path, write_file: WriteFile, written: str, meant: str
) -> None:
    events = project / "entities" / "events.yml"
    text = events.read_text(encoding="utf-8")
    assert "  kind: talks\n" in text
    events.write_text(text.replace("  kind: talks\n", f"  kind: {written}\n", 1), "utf-8")
    found = [d for d in pipeline.check(project, dt.date(2025, 11, 16)).diagnostics]
    (enum,) = [d for d in found if d.code == "schema-enum"]
    assert enum.hint == f"Did you mean {meant}? {KINDS}"


# --- 2. ': ' inside a plain value: quote it, shown with the contributor's own text -----------

COLON = "the ': ' in the text of '{key}' makes YAML read a new key there"


@pytest.mark.parametrize(
    ("line", "where", "key", "value", "quoted"),
    [
        (
            "    evidence: He said: we agree",
            "10:15",
            "evidence",
            "He said: we agree",
            '"He said: we agree"',
        ),
        (
            '    evidence: He said: "we agree"',
            "10:15",
            "evidence",
            'He said: "we agree"',
            "'He said: \"we agree\"'",
        ),
        (
            '    evidence: It\'s said: "yes"',
            "10:15",
            "evidence",
            'It\'s said: "yes"',
            "'It''s said: \"yes\"'",
        ),
        ("    evidence: a\\b: c", "10:15", "evidence", "a\\b: c", "'a\\b: c'"),
        (
            "    evidence: He said: yes   # check",
            "10:15",
            "evidence",
            "He said: yes",
            '"He said: yes"',
        ),
        ("  - text: Point: one", "9:11", "text", "Point: one", '"Point: one"'),
        ("  agency: SYN: wire", "6:11", "agency", "SYN: wire", '"SYN: wire"'),
    ],
    ids=["plain", "double-quotes", "both-quotes", "backslash", "comment", "list-item", "nested"],
)
def test_colon_in_a_value_shows_it_quoted(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    line: str,
    where: str,
    key: str,
    value: str,
    quoted: str,
) -> None:
    old = next(old for old in MINIMAL.splitlines() if old.split(":")[0] == line.split(":")[0])
    assert check_briefing(project, capsys, MINIMAL.replace(old, line, 1)) == [
        f"{NAME}:{where}: error: {COLON.format(key=key)}. Put the text in quotes: {key}: "
        f"{quoted} (or write it as a '>-' block below the key) [yaml-syntax]"
    ]
    assert yaml.safe_load(f"{key}: {quoted}") == {key: value}, "the fix reads back as the text"


def test_colon_in_a_value_that_runs_on_asks_for_a_block(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = MINIMAL.replace(EVIDENCE, "    evidence: He said: the ministers\n      met", 1)
    assert check_briefing(project, capsys, content) == [
        f"{NAME}:10:15: error: {COLON.format(key='evidence')}. Write the text as a '>-' block: "
        "'evidence: >-' and the text on the lines below, indented more than the key "
        "[yaml-syntax]"
    ]


def test_a_key_out_of_line_still_says_indentation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = MINIMAL.replace("  agency: SYN", "   agency: SYN", 1)
    (found,) = check_briefing(project, capsys, content)
    assert "Check the indentation" in found and "the text of" not in found


# --- 1. A date written another way: the form the field takes, with the contributor's dates ---

RANGE = "Write the range as start/end: "
NO_YEAR = ", with the year the article gives for YYYY"


def with_event_date(line: str) -> str:
    return MINIMAL + (
        f"events:\n  - id: jaishankar-lavrov-moscow-talks-2025\n    status: cancelled\n    {line}\n"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("4 to 5 December 2025", RANGE + "2025-12-04/2025-12-05"),
        ("4-5 December 2025", RANGE + "2025-12-04/2025-12-05"),
        ("4th–5th Dec 2025", RANGE + "2025-12-04/2025-12-05"),
        ("December 4-5, 2025", RANGE + "2025-12-04/2025-12-05"),
        ("30 November to 2 December 2025", RANGE + "2025-11-30/2025-12-02"),
        ("November 30 to December 2, 2025", RANGE + "2025-11-30/2025-12-02"),
        ("November to December 2025", RANGE + "2025-11/2025-12"),
        ("2025-12-04/05", RANGE + "2025-12-04/2025-12-05"),
        ("2025-12-04/12-05", RANGE + "2025-12-04/2025-12-05"),
        ("2025-12-04 to 2025-12-05", RANGE + "2025-12-04/2025-12-05"),
        ("2025-12-04 – 2025-12-05", RANGE + "2025-12-04/2025-12-05"),
        ("2025-11/12", RANGE + "2025-11/2025-12"),
        ("4 to 5 December", RANGE + "YYYY-12-04/YYYY-12-05" + NO_YEAR),
        ("5 December 2025", "Write it 2025-12-05"),
        ("December 5, 2025", "Write it 2025-12-05"),
        ("December 2025", "Write it 2025-12"),
        ("2025-12-05/2025-12-05", "A range of one day is that day: write 2025-12-05"),
        ("2025-12/2025-12", "A range of one day is that day: write 2025-12"),
        (
            "2025-12-05/2025-12-04",
            "A range is written start/end, the earlier date first: 2025-12-04/2025-12-05",
        ),
        (
            "2025-12-05 to 2025-12-04",
            "A range is written start/end, the earlier date first: 2025-12-04/2025-12-05",
        ),
    ],
)
@pytest.mark.parametrize("field", ["date", "planned_for"])
def test_date_written_another_way_shows_the_form_the_field_takes(
    project: Path, capsys: pytest.CaptureFixture[str], written: str, hint: str, field: str
) -> None:
    (found,) = check_briefing(project, capsys, with_event_date(f"{field}: {written}"))
    column = len(f"    {field}: ") + 1
    assert found.startswith(f"{NAME}:21:{column}: error: events[0].{field}: "), found
    assert found.endswith(f". {hint} [schema-value_error]"), found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "2025-11-15/2025-11-16",
            "'date' takes one day (YYYY-MM-DD), not a range: give the one day it means",
        ),
        (
            "15 to 16 November 2025",
            "'date' takes one day (YYYY-MM-DD), not a range: give the one day it means",
        ),
        ("16 November 2025", "Write it 2025-11-16"),
        ("November 16, 2025", "Write it 2025-11-16"),
    ],
)
def test_a_field_of_one_day_says_it_takes_no_range(
    project: Path, capsys: pytest.CaptureFixture[str], written: str, hint: str
) -> None:
    (found,) = check_briefing(
        project, capsys, MINIMAL.replace("date: 2025-11-16", f"date: {written}", 1)
    )
    assert found == (
        f"{NAME}:3:7: error: date: a date is written YYYY-MM-DD, e.g. 2025-11-15. {hint} "
        "[schema-value_error]"
    )


@pytest.mark.parametrize(
    "written", ["soon", "4 to 5 Decembre 2025", "31 to 32 December 2025", "2025-13/14", "x" * 5000]
)
def test_text_that_is_no_date_gets_no_guess(
    project: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    (found,) = check_briefing(project, capsys, with_event_date(f"date: {written}"))
    assert "Write" not in found and "YYYY-12" not in found, found


# --- 6. Two dates for one event: said at every report in the conflict -----------------------

UNGA_MEETING = "jaishankar-lavrov-unga80-meeting"  # the seed briefing: held, 2025-09-27


def same_day_reports(write_file: WriteFile, dates: list[str]) -> list[str]:
    """Briefings of one day, each reporting the Moscow talks held on its own date."""
    names = []
    for number, date in enumerate(dates):
        write_file(f"seeds/synthetic_88{number:02d}.txt", "SYNTHETIC. The talks were held.\n")
        name = f"briefings/2025/2025-11-18-synthetic-{number:02d}.yml"
        write_file(
            name,
            f"""
            id: 2025-11-18-synthetic-{number:02d}
            title: Synthetic report {number}
            date: 2025-11-18
            source:
              file: synthetic_88{number:02d}.txt
            bottom_line: Synthetic.
            key_points:
              - text: Synthetic.
                evidence: The talks were held.
            background: Synthetic.
            outlook: Synthetic.
            events:
              - id: {UNGA_MEETING}
                status: held
                date: {date}
            """,
        )
        names.append(name)
    return names


def test_same_day_reports_each_get_the_warning(project: Path, write_file: WriteFile) -> None:
    """Not only the one whose file name sorts last, which a pull request may not touch."""
    names = same_day_reports(write_file, ["2025-09-25", "2025-09-26"])
    result = pipeline.check(project, dt.date(2025, 11, 20))
    warned = {d.path for d in result.diagnostics if d.code == "conflicting-dates"}
    assert warned == {BRIEFING, *names}


def test_a_conflict_among_many_reports_lists_a_few_and_counts_the_rest(
    project: Path, write_file: WriteFile
) -> None:
    dates = [f"2025-09-{day:02d}" for day in range(1, 13)]
    names = same_day_reports(write_file, dates)
    result = pipeline.check(project, dt.date(2025, 11, 20))
    found = [d for d in result.diagnostics if d.code == "conflicting-dates"]
    assert {d.path for d in found} == {BRIEFING, *names}
    first = next(d for d in found if d.path == names[0])
    assert first.message.count(" given at ") == 3
    assert (
        "and 9 more reports; the site shows '13 sources give 13 different dates'" in first.message
    )


# --- 7. Participants and outcomes are held to their article as people and key points are ----
# A participant the article names otherwise: tests/fixtures/cases/person-not-in-source.


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("A joint statement by Sergey Lavrov", "'Sergey Lavrov'"),
        ("A statement within BRICS", "'BRICS'"),
        ("A statement on 40 projects", "'40'"),
        ("Lavrov and BRICS agree", "'Lavrov' and 'BRICS'"),
    ],
)
def test_an_outcome_naming_what_its_evidence_does_not_is_warned_of(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, named: str
) -> None:
    content = with_event("held").replace("text: Synthetic outcome.", f"text: {text}", 1)
    found = [line for line in check_briefing(project, capsys, content) if "[claim-not-in" in line]
    assert found == [
        f"{NAME}:23:15: warning: events[0].outcomes[0].text: names {named}, which its evidence "
        "does not. Make the evidence a passage of the article that says it (word for word, as "
        "long as it needs to be), or take it out of the outcome [claim-not-in-evidence]"
    ]


def test_an_outcome_its_evidence_supports_is_not_warned_of(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = with_event("held").replace(
        "text: Synthetic outcome.", "text: Ministers met in Geneva", 1
    )
    assert not [line for line in check_briefing(project, capsys, content) if "warning" in line]
