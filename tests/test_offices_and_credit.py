"""Offices read as what briefings name, credit for a status to the first report of it, and
what a briefing's "Since this briefing" note and a list of outcomes may say, on a synthetic
story of several briefings that report the same events differently (tests/fixtures/offices/)
and on the rule in event_state.py alone."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SEED_ID, copy_project
from generator.__main__ import main
from generator.story.event_state import Report, agreement, event_state
from generator.story.models import DateSpan, EventStatus

STORY = REPO / "tests" / "fixtures" / "offices"
AS_OF = "2026-01-01"
TALKS = "jaishankar-lavrov-moscow-talks-2025"
FIRST = "[Agency One, 18 November 2025](2025-11-18-offices-talks-held.md)"
"""The first report that the Moscow talks were held, as a briefing page links it."""
TERM = """  offices:
    - title: President of Russia
      since: 2012-05-07
      source: https://example.org/synthetic-term
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, the four synthetic follow-ups, and a registry term for Putin."""
    project = copy_project(tmp_path_factory.mktemp("offices") / "project")
    for folder in ("briefings/2025", "seeds"):
        for path in (STORY / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    anchor = "- id: vladimir-putin\n  name: Vladimir Putin\n  aliases: [Putin]\n  country: RU\n"
    assert anchor in text
    people.write_text(text.replace(anchor, anchor + TERM), encoding="utf-8")
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


def page(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


# --- Offices: named in briefings, never a term of office ----------------------------------------


@pytest.mark.parametrize(
    ("person", "named"),
    [
        ("dmitry-patrushev", "Named Deputy Prime Minister in a briefing of 15 November 2025"),
        ("narendra-modi", "Named Prime Minister in 2 briefings of 4\u20136 December 2025"),
        (
            "vladimir-putin",
            "Named President in 3 briefings of 15 November \u2013 6 December 2025",
        ),
    ],
)
def test_an_office_a_briefing_gives_reads_as_named_in_briefings(
    story: Path, person: str, named: str
) -> None:
    offices = section(page(story, f"people/{person}.md"), "## Offices", "## People met")
    listed = offices[offices.index("### Offices named in briefings") :]
    assert f"- {named}: [" in listed
    # Nothing worded as a term: the registry's words are "from ... to ...", "since", "until".
    for term_word in (" from ", " to 6 December", "as of ", "until "):
        assert term_word not in listed, term_word


def test_a_registry_term_stays_apart_from_the_offices_briefings_name(story: Path) -> None:
    offices = section(page(story, "people/vladimir-putin.md"), "## Offices", "## People met")
    terms = section(offices, "### Terms of office (registry)", "### Offices named in briefings")
    named = offices[offices.index("### Offices named in briefings") :]
    assert (
        "| President of Russia | since 7 May 2012 | [https://example.org/synthetic-term]" in terms
    )
    assert "Named" not in terms and "briefing" not in terms
    assert "President of Russia" not in named and "7 May 2012" not in named


@pytest.mark.parametrize(
    ("country", "line"),
    [
        (
            "india",
            "- [Narendra Modi](../people/narendra-modi.md): "
            "named Prime Minister in 2 briefings of 4\u20136 December 2025",
        ),
        (
            "russia",
            "- [Dmitry Patrushev](../people/dmitry-patrushev.md): "
            "named Deputy Prime Minister in a briefing of 15 November 2025",
        ),
    ],
)
def test_a_countrys_people_show_the_office_as_named_not_as_of_a_day(
    story: Path, country: str, line: str
) -> None:
    people = section(page(story, f"countries/{country}.md"), "## People", "## Appears most with")
    assert line in people
    assert "(as of" not in people


# --- Credit: the first report of the status, and how many later ones agree ---------------------


@pytest.mark.parametrize(
    ("uri", "credit"),
    [
        (
            f"events/{TALKS}.md",
            "- **Status:** held, as reported by [Agency One, 18 November 2025]"
            "(../briefings/2025-11-18-offices-talks-held.md); "
            "[2 later reports agree](#status-as-reported)",
        ),
        (
            f"briefings/{SEED_ID}.md",
            f"held on 17 November 2025, per {FIRST}; "
            f"[2 later reports agree](../events/{TALKS}.md#status-as-reported)",
        ),
        ("feeds/events.ics", "Status: held\\, as reported on 2025-11-18\\; 2 later reports agree."),
    ],
)
def test_the_status_is_credited_to_its_first_report_wherever_a_source_is_named(
    story: Path, uri: str, credit: str
) -> None:
    text = page(story, uri).replace("\n ", "")  # unfold the calendar's long lines
    assert credit in text


def moment(briefing: str, day: str, status: str, date: str | None = None) -> Report:
    return Report(
        briefing,
        dt.date.fromisoformat(day),
        EventStatus(status),
        DateSpan.parse(date) if date else None,
    )


@pytest.mark.parametrize(
    ("reports", "credited", "agree"),
    [
        # An outcome, then two passing mentions of it.
        (
            [
                moment("a", "2025-11-18", "held", "2025-11-17"),
                moment("b", "2025-11-25", "held", "2025-11-17"),
                moment("c", "2025-12-06", "held"),
            ],
            "a",
            "2 later reports agree",
        ),
        # A plan after the outcome says nothing of it; the outcome keeps its first report.
        (
            [
                moment("a", "2025-11-18", "held"),
                moment("b", "2025-11-20", "scheduled", "2025-12"),
                moment("c", "2025-12-01", "held"),
            ],
            "a",
            "1 later report agrees",
        ),
        # A plan made again after a postponement is a new plan: its first report has it.
        (
            [
                moment("a", "2025-10-01", "scheduled", "2025-11-01"),
                moment("b", "2025-10-10", "postponed"),
                moment("c", "2025-10-20", "scheduled", "2025-12-01"),
                moment("d", "2025-11-02", "scheduled", "2025-12-01"),
            ],
            "c",
            "1 later report agrees",
        ),
        # Two reports of the first day: the second is not later, only another.
        (
            [
                moment("a", "2025-11-18", "held"),
                moment("b", "2025-11-18", "held"),
                moment("c", "2025-11-30", "held"),
            ],
            "a",
            "2 more reports agree",
        ),
    ],
)
def test_credit_goes_to_the_first_report_of_the_status_now(
    reports: list[Report], credited: str, agree: str
) -> None:
    for shuffled in (reports, reports[::-1]):
        state = event_state(shuffled)
        assert state is not None
        assert (state.status_from, agreement(state)) == (credited, agree)


# --- Since this briefing: only what later briefings changed ------------------------------------


@pytest.mark.parametrize(
    ("briefing", "lines"),
    [
        # The seed: every later change, each with the briefing that made it.
        (
            SEED_ID,
            [
                f"held on 17 November 2025, per {FIRST}; [2 later reports agree]",
                f"held on 26 or 27 September 2025 (sources differ), the date as given by {FIRST}",
                "held on 20 September 2025, the date as given by [Agency Two, 25 November 2025]",
                "held on 4\u20135 December 2025, per [Agency Four, 6 December 2025]",
            ],
        ),
        # Agency One dated the UN meeting 26 September against the seed's 27; a later
        # report that it was held, without a date, changes nothing of what Agency One said.
        ("2025-11-18-offices-talks-held", []),
    ],
)
def test_the_since_note_lists_only_what_later_briefings_changed(
    story: Path, briefing: str, lines: list[str]
) -> None:
    text = page(story, f"briefings/{briefing}.md")
    if not lines:
        assert "Since this briefing" not in text
        return
    note = section(text, '!!! info "Since this briefing"', "## Background")
    shown = [line for line in note.splitlines() if line.strip().startswith("- ")]
    assert len(shown) == len(lines), note
    for line, expected in zip(shown, lines, strict=True):
        assert expected in line, (line, expected)


@pytest.mark.parametrize(
    ("mine", "later", "changed"),
    [
        ("New Delhi", "Hyderabad House, New Delhi", False),  # more precise: inside it
        ("Hyderabad House, New Delhi", "New Delhi", False),  # vaguer: holds it
        ("New Delhi", "new  delhi", False),
        ("Moscow", "New Delhi", True),
        (None, "Moscow", False),  # it gave no place to differ from
    ],
)
def test_a_later_place_changes_a_report_only_when_it_is_somewhere_else(
    mine: str | None, later: str, changed: bool
) -> None:
    reports = [
        Report("a", dt.date(2025, 12, 1), EventStatus.SCHEDULED, None, mine),
        Report("b", dt.date(2025, 12, 2), EventStatus.SCHEDULED, None, later),
    ]
    state = event_state(reports)
    assert state is not None
    place = state.changed_since("a").place
    assert (place.briefing_id if place else None) == ("b" if changed else None)
    assert state.changed_since("b").place is None


# --- Outcomes: each once, with every source --------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "links"),
    [
        (f"events/{TALKS}.md", "../briefings/"),
        ("relations/india--russia.md", "../briefings/"),
    ],
)
def test_an_outcome_several_briefings_report_is_listed_once_with_each_source(
    story: Path, uri: str, links: str
) -> None:
    outcomes = section(page(story, uri), "## Outcomes", "\n## ")
    statements = [line for line in outcomes.splitlines() if line.startswith("- **Statement:**")]
    assert len(statements) == 1, outcomes
    line = statements[0]
    one = f"[Agency One, 18 November 2025]({links}2025-11-18-offices-talks-held.md)"
    two = f"[Agency Two, 25 November 2025]({links}2025-11-25-offices-talks-recalled.md)"
    four = f"[Agency Four, 6 December 2025]({links}2025-12-06-offices-visit-held.md)"
    # The first report first; the briefings that quote the same words share the quote.
    assert (
        f", per {one} and {four}: \u201cissued a joint statement on regional security\u201d; "
        f"{two}: \u201creleased a joint statement on regional security\u201d"
    ) in line
