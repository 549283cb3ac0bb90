"""A plan with no date on Upcoming, the kinds for a phone call and for no agreement, and the
wordings the registry counts as one office, on a synthetic story (tests/fixtures/kinds/) and on
the rule in event_state.py alone."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator.__main__ import main
from generator.story.event_state import Report, event_state
from generator.story.models import DateSpan, EventStatus

STORY = REPO / "tests" / "fixtures" / "kinds"
SUMMIT = "kinds-sochi-summit-2026"
CALL = "kinds-modi-putin-call-2026"
PUTIN = "- id: vladimir-putin\n  name: Vladimir Putin\n  aliases: [Putin]\n  country: RU\n"
ONE_OFFICE = """  office_names:
    - name: President
      also: [Russian president]
"""
"""Putin's two wordings in the fixture, registered as one office; Modi's two are not."""

Build = Callable[[str], Path]


def story_project(target: Path) -> Path:
    """The fixture corpus, the two synthetic briefings, their events and Putin's office names."""
    project = copy_project(target)
    for folder in ("briefings/2026", "seeds"):
        (project / folder).mkdir(parents=True, exist_ok=True)
        for path in (STORY / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    events = project / "entities" / "events.yml"
    added = (STORY / "entities" / "events.yml").read_text(encoding="utf-8")
    events.write_text(events.read_text(encoding="utf-8") + added, encoding="utf-8")
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    assert PUTIN in text
    people.write_text(text.replace(PUTIN, PUTIN + ONE_OFFICE), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The story's site as of a day, built once per day."""
    sites: dict[str, Path] = {}

    def build(as_of: str) -> Path:
        if as_of not in sites:
            project = story_project(tmp_path_factory.mktemp("kinds") / "project")
            assert main(["--root", str(project), "generate", "--as-of", as_of]) == 0
            sites[as_of] = project
        return sites[as_of]

    return build


def page(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def after(text: str, start: str) -> str:
    return text[text.index(start) :] if start in text else ""


# --- A plan with no date: the rule -------------------------------------------------------------

DAY = DateSpan.parse("2026-03-02")


def report(day: int, status: EventStatus, date: DateSpan | None = None) -> Report:
    return Report(f"b{day}", dt.date(2026, 1, day), status, date)


S, A, H, C, P = (
    EventStatus.SCHEDULED,
    EventStatus.ANTICIPATED,
    EventStatus.HELD,
    EventStatus.CANCELLED,
    EventStatus.POSTPONED,
)


@pytest.mark.parametrize(
    ("reports", "undated_plan"),
    [
        pytest.param([report(1, S)], True, id="scheduled"),
        pytest.param([report(1, A)], True, id="anticipated"),
        pytest.param([report(1, A), report(2, S)], True, id="anticipated-then-scheduled"),
        pytest.param([report(1, S), report(2, C)], False, id="then-cancelled"),
        pytest.param([report(1, S), report(2, H)], False, id="then-held"),
        pytest.param([report(1, S), report(2, P)], False, id="then-postponed"),
        pytest.param([report(1, S, DAY)], False, id="dated"),
        pytest.param([report(1, S), report(2, A, DAY)], False, id="dated-later"),
        pytest.param([report(1, S, DAY), report(2, S)], False, id="dated-earlier"),
        pytest.param([report(1, H), report(2, S)], False, id="plan-after-held"),
    ],
)
def test_a_plan_is_undated_while_no_report_dates_or_ends_it(
    reports: list[Report], undated_plan: bool
) -> None:
    state = event_state(reports)
    assert state is not None
    assert state.is_undated_plan is undated_plan


# --- A plan with no date: the pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "listed"),
    [
        pytest.param("2026-01-10", True, id="the-day-it-is-planned"),
        pytest.param("2026-01-15", True, id="days-later"),
        pytest.param("2026-01-19", True, id="the-day-before-it-is-cancelled"),
        pytest.param("2026-01-20", False, id="the-day-it-is-cancelled"),
        pytest.param("2026-06-01", False, id="months-after"),
    ],
)
@pytest.mark.parametrize(
    ("uri", "heading"),
    [("upcoming.md", "## Date not set"), ("index.md", "Planned with no date set yet")],
)
def test_an_undated_plan_is_upcoming_until_a_later_report_ends_it(
    built: Build, as_of: str, listed: bool, uri: str, heading: str
) -> None:
    text = page(built(as_of), uri)
    undated = after(text, heading)
    link = f"(events/{SUMMIT}.md)"
    assert (link in undated) is listed
    if listed:
        row = next(line for line in undated.splitlines() if link in line)
        assert row.startswith("| not set | [Synthetic Sochi summit]")
        assert "| scheduled | [10 January 2026](briefings/2026-01-10-kinds-call.md) |" in row
    else:
        assert link not in text


@pytest.mark.parametrize("as_of", ["2026-01-15", "2026-01-25"])
def test_an_undated_plan_is_never_a_calendar_entry(built: Build, as_of: str) -> None:
    calendar = page(built(as_of), "feeds/events.ics")
    assert "Sochi" not in calendar
    # The rule is said where the plan is listed.
    upcoming = page(built("2026-01-15"), "upcoming.md")
    assert "The calendar leaves them out" in upcoming


# --- Kinds: a phone call, and no agreement -----------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (f"events/{CALL}.md", "- **Kind:** call"),
        (f"events/{CALL}.md", "- **No agreement:** No agreement on trade, per [Agency One"),
        ("feeds/events.ics", "CATEGORIES:call"),
    ],
)
def test_a_call_and_no_agreement_are_shown_as_such(built: Build, uri: str, shown: str) -> None:
    assert shown in page(built("2026-01-25"), uri)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("kind",), "call"),
        (("plover_category",), "CONSULT"),
        (("reports", 0, "outcomes", 0, "kind"), "no-agreement"),
    ],
)
def test_the_export_gives_the_new_kinds(
    built: Build, field: tuple[str | int, ...], value: str
) -> None:
    export = json.loads(page(built("2026-01-25"), "data/export.json"))
    found: object = next(e for e in export["events"] if e["id"] == CALL)
    for key in field:
        found = found[key]  # type: ignore[index]
    assert found == value


# --- One office, two wordings ------------------------------------------------------------------


def named_rows(project: Path, person: str) -> list[str]:
    offices = after(page(project, f"people/{person}.md"), "### Offices named in briefings")
    offices = offices[: offices.index("## People met")]
    return [line for line in offices.splitlines() if line.startswith("- Named ")]


AGENCY_ONE = "[Agency One, 10 January 2026](../briefings/2026-01-10-kinds-call.md)"
AGENCY_TWO = "[Agency Two, 20 January 2026](../briefings/2026-01-20-kinds-cancelled.md)"


def test_wordings_registered_as_one_office_are_one_row_with_each_wording(built: Build) -> None:
    rows = named_rows(built("2026-01-25"), "vladimir-putin")
    assert len(rows) == 1
    (row,) = rows
    assert row.startswith("- Named President in 3 briefings of ")
    assert "the registry counts these wordings as one office" in row
    assert f"\u201cRussian president\u201d in {AGENCY_TWO}" in row
    assert f"and {AGENCY_ONE}" in row  # the latest of the briefings that say "President"


@pytest.mark.parametrize(
    ("as_of", "rows"),
    [
        pytest.param(
            "2026-01-15", ["- Named Prime Minister in a briefing of 10 January"], id="one"
        ),
        pytest.param(
            "2026-01-25",
            [
                "- Named Indian premier in a briefing of 20 January",
                "- Named Prime Minister in a briefing of 10 January",
            ],
            id="two",
        ),
    ],
)
def test_wordings_not_registered_stay_offices_of_their_own(
    built: Build, as_of: str, rows: list[str]
) -> None:
    found = named_rows(built(as_of), "narendra-modi")
    assert [row[: len(start)] for row, start in zip(found, rows, strict=True)] == rows
    assert not any("counts these wordings" in row for row in found)


def test_the_country_page_names_the_office_as_the_registry_does(built: Build) -> None:
    russia = page(built("2026-01-25"), "countries/russia.md")
    assert "[Vladimir Putin](../people/vladimir-putin.md): named President in 3 briefings" in russia


# --- Bad office names, each at its place -------------------------------------------------------


@pytest.mark.parametrize(
    ("office_names", "where", "words"),
    [
        pytest.param(
            "  office_names:\n    - name: President\n      also: [Russian president, president]\n",
            "29:7",
            ["'president' is listed twice"],
            id="a-wording-twice-in-one-office",
        ),
        pytest.param(
            "  office_names:\n    - name: President\n      also: [Russian president]\n"
            "    - name: Head of State\n      also: [russian  President]\n",
            "29:5",
            ["'russian  President'", "both 'President' and 'Head of State'"],
            id="a-wording-of-two-offices",
        ),
        pytest.param(
            "  office_names:\n    - name: President\n",
            "29:7",
            ["missing required field 'also'"],
            id="no-other-wording",
        ),
        pytest.param(
            "  office_names:\n    - name: President\n      aslo: [Russian president]\n",
            "30:7",
            ["unknown field 'aslo'", "also"],
            id="misspelt-field",
        ),
        pytest.param(
            "  office_names: President\n",
            "28:17",
            ["should be a list"],
            id="not-a-list",
        ),
    ],
)
def test_bad_office_names_are_reported_at_their_place(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    office_names: str,
    where: str,
    words: list[str],
) -> None:
    project = copy_project(tmp_path / "project")
    people = project / "entities" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace(PUTIN, PUTIN + office_names), encoding="utf-8")
    assert main(["--root", str(project), "check", "--as-of", "2025-11-16"]) == 1
    lines = capsys.readouterr().out.splitlines()
    line = next(entry for entry in lines if entry.startswith("entities/people.yml:"))
    assert line.startswith(f"entities/people.yml:{where}: error: "), lines
    for word in words:
        assert word in line, line
