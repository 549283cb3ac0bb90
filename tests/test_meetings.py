"""Who met whom (event_state's rule 4): two people met only at an event reported held, and
only when one report's list puts both there; planned meetings are shown as planned, never
counted; cancelled ones not at all. The fixture (tests/fixtures/meetings/) gives the same two
people a planned, a cancelled and a held meeting, and two held events whose lists must not be
joined; the seed alone gives only plans."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build_site, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.outputs.feeds import event_json_ld
from generator.story import event_state
from generator.story.event_state import Report
from generator.story.graph import build_graph
from generator.story.models import EventStatus

MEETINGS = REPO / "tests" / "fixtures" / "meetings"
AS_OF = "2025-12-24"
SEED_AS_OF = "2025-11-16"

MODI, PUTIN = "narendra-modi", "vladimir-putin"
JAISHANKAR, LAVROV = "s-jaishankar", "sergey-lavrov"
VISIT = "putin-india-visit-2025"
UNGA_MEETING = "jaishankar-lavrov-unga80-meeting"
MOSCOW_TALKS = "jaishankar-lavrov-moscow-talks-2025"
KAZAN, SOCHI, DELHI = "synthetic-kazan-summit", "synthetic-sochi-talks", "synthetic-delhi-talks"
FORUM, DIALOGUE = "synthetic-trade-forum", "synthetic-energy-dialogue"
UNDATED = "synthetic-undated-consultations"


# --- The rule, on its own ----------------------------------------------------------------------


def report(briefing: str, status: str, *people: str) -> Report:
    day = dt.date(2025, 12, int(briefing.removeprefix("b")))
    return Report(briefing, day, EventStatus(status), None, None, people)


REGISTRY = (MODI, PUTIN)


@pytest.mark.parametrize(
    ("reports", "registry", "held", "planned"),
    [
        pytest.param(
            [report("b1", "anticipated")], REGISTRY, {}, {(MODI, PUTIN): ("b1",)}, id="plan"
        ),
        pytest.param(
            [report("b1", "scheduled"), report("b2", "postponed")],
            REGISTRY,
            {},
            {(MODI, PUTIN): ("b1", "b2")},
            id="postponed",
        ),
        pytest.param(
            [report("b1", "scheduled"), report("b2", "cancelled")], REGISTRY, {}, {}, id="cancelled"
        ),
        pytest.param(
            [report("b1", "held"), report("b2", "cancelled")], REGISTRY, {}, {}, id="held-then-off"
        ),
        pytest.param(
            [report("b1", "scheduled"), report("b2", "held")],
            REGISTRY,
            {(MODI, PUTIN): ("b2",)},
            {},
            id="held-registry-list",
        ),
        pytest.param(
            [report("b1", "held", MODI, PUTIN, LAVROV), report("b2", "scheduled", JAISHANKAR)],
            REGISTRY,
            {(MODI, LAVROV): ("b1",), (MODI, PUTIN): ("b1",), (LAVROV, PUTIN): ("b1",)},
            {},
            id="held-own-list-a-later-plan-adds-no-one",
        ),
        pytest.param([report("b1", "held", PUTIN)], (MODI,), {}, {}, id="report-and-registry"),
        pytest.param(
            [report("b1", "held", MODI), report("b2", "held", PUTIN)], (), {}, {}, id="two-reports"
        ),
        pytest.param(
            [report("b1", "held", PUTIN), report("b2", "held")],
            (MODI, PUTIN),
            {(MODI, PUTIN): ("b2",)},
            {},
            id="one-report-names-one-another-says-held",
        ),
        pytest.param([], REGISTRY, {}, {}, id="never-reported"),
    ],
)
def test_one_list_of_a_report_decides_who_met_or_plans_to(
    reports: list[Report],
    registry: tuple[str, ...],
    held: dict[tuple[str, str], tuple[str, ...]],
    planned: dict[tuple[str, str], tuple[str, ...]],
) -> None:
    ordered = event_state.in_order(reports)
    found = event_state.meetings(event_state.event_state(ordered), ordered, registry)
    assert {m.people: m.briefing_ids for m in found if m.held} == held
    assert {m.people: m.briefing_ids for m in found if not m.held} == planned


# --- Every output of the fixture ---------------------------------------------------------------


def add_meetings(project: Path) -> Path:
    for folder in ("entities", "briefings/2025", "seeds"):
        for path in (MEETINGS / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    return project


@pytest.fixture(scope="module")
def meetings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_meetings(copy_project(tmp_path_factory.mktemp("meetings") / "project"))
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("seed") / "project")
    assert main(["--root", str(project), "generate", "--as-of", SEED_AS_OF]) == 0
    return project


def markdown(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def section(page: str, heading: str, end: str) -> str:
    start = page.index(heading)
    return page[start : page.index(end, start + len(heading))]


def table_rows(block: str) -> dict[str, set[str]]:
    """Person id -> the event ids of their row, from a 'People met' or 'Planned' table."""
    rows = {}
    for line in block.splitlines():
        cells = line.strip().strip("|").split("|")
        person = re.search(r"\]\((?:\.\./people/)?([a-z0-9-]+)\.md\)", cells[0])
        if len(cells) == 2 and person:
            rows[person[1]] = set(re.findall(r"\.\./events/([a-z0-9-]+)\.md", cells[1]))
    return rows


def people_met(page: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(who met, where) and (who is planned to meet, where) of a person page."""
    block = section(page, "## People met", "## Events")
    held, _, planned = block.partition("### Planned meetings")
    return table_rows(held), table_rows(planned)


PERSON_PAGES = {
    # person: (met, planned), by event ids, in the fixture; cancelled Kazan is in neither.
    PUTIN: ({MODI: {DELHI}, LAVROV: {FORUM}}, {MODI: {VISIT, SOCHI}}),
    MODI: ({PUTIN: {DELHI}}, {PUTIN: {VISIT, SOCHI}}),
    LAVROV: ({PUTIN: {FORUM}, JAISHANKAR: {UNGA_MEETING}}, {JAISHANKAR: {MOSCOW_TALKS}}),
    JAISHANKAR: ({LAVROV: {UNGA_MEETING}}, {LAVROV: {MOSCOW_TALKS}}),
}


@pytest.mark.parametrize("person", sorted(PERSON_PAGES))
def test_a_person_met_only_at_held_events_both_on_one_list(meetings: Path, person: str) -> None:
    met, planned = people_met(markdown(meetings, f"people/{person}.md"))
    assert (met, planned) == PERSON_PAGES[person]


@pytest.mark.parametrize(
    ("person", "shown"),
    [
        (PUTIN, "Narendra Modi (1), Sergey Lavrov (1)"),
        (LAVROV, "S. Jaishankar (1), Vladimir Putin (1)"),
    ],
)
def test_the_star_picture_draws_those_met_and_no_plan(
    meetings: Path, person: str, shown: str
) -> None:
    page = markdown(meetings, f"people/{person}.md")
    desc = re.search(r'<desc id="met-desc">([^<]*)</desc>', page)
    assert desc is not None
    assert desc[1].endswith(f", at events reported held, where one report names both: {shown}.")


@pytest.mark.parametrize(
    ("project", "drawn", "planned", "absent"),
    [
        pytest.param(
            "meetings",
            "Narendra Modi and Vladimir Putin (1); S. Jaishankar and Sergey Lavrov (1)",
            {(MODI, PUTIN): {VISIT, SOCHI}, (JAISHANKAR, LAVROV): {MOSCOW_TALKS}},
            (KAZAN, "S. Jaishankar and Vladimir Putin", "Narendra Modi and Sergey Lavrov"),
            id="meetings",
        ),
        pytest.param(
            "seed_only",
            "S. Jaishankar and Sergey Lavrov (1)",
            {(MODI, PUTIN): {VISIT}, (JAISHANKAR, LAVROV): {MOSCOW_TALKS}},
            ("Narendra Modi and Vladimir Putin",),
            id="seed-only",
        ),
    ],
)
def test_the_pair_page_draws_who_met_and_lists_plans_apart(
    request: pytest.FixtureRequest,
    project: str,
    drawn: str,
    planned: dict[tuple[str, str], set[str]],
    absent: tuple[str, ...],
) -> None:
    page = markdown(request.getfixturevalue(project), "relations/india--russia.md")
    block = section(page, "## Who met whom", "## Briefings and events")
    desc = re.search(r'<desc id="sides-desc">([^<]*)</desc>', block)
    assert desc is not None
    assert desc[1].endswith(f"where one report names both: {drawn}.")
    lines = block.partition("### Planned meetings")[2].splitlines()
    listed = {
        tuple(re.findall(r"\.\./people/([a-z0-9-]+)\.md", line)[:2]): set(
            re.findall(r"\.\./events/([a-z0-9-]+)\.md", line)
        )
        for line in lines
        if line.startswith("- ")
    }
    assert listed == planned
    for text in absent:
        assert text not in block


VISIT_LINK = f"[Vladimir Putin's visit to India](../events/{VISIT}.md)"
TALKS_LINK = f"[Jaishankar–Lavrov talks in Moscow](../events/{MOSCOW_TALKS}.md)"


@pytest.mark.parametrize(
    ("person", "planned_at"),
    [
        (PUTIN, f"{VISIT_LINK} (December 2025, anticipated)"),
        (MODI, f"{VISIT_LINK} (December 2025, anticipated)"),
        (JAISHANKAR, f"{TALKS_LINK} (17 November 2025, scheduled)"),
        (LAVROV, f"{TALKS_LINK} (17 November 2025, scheduled)"),
    ],
    ids=[PUTIN, MODI, JAISHANKAR, LAVROV],
)
def test_with_the_seed_alone_a_plan_is_no_meeting(
    seed_only: Path, person: str, planned_at: str
) -> None:
    """The seed only anticipates Putin's visit and schedules the Moscow talks: no page may
    say that those who are to meet there met."""
    page = markdown(seed_only, f"people/{person}.md")
    met, planned = people_met(page)
    where_met = set().union(*met.values())
    assert VISIT not in where_met and MOSCOW_TALKS not in where_met
    assert len(planned) == 1
    assert planned_at in section(page, "### Planned meetings", "## Events")


# --- The chart counts what the list beside it lists ----------------------------------------------


def events_listed(page: str, after: str) -> set[str]:
    block = page[page.index(after) :]
    block = block[block.index("</figure>") :]
    return set(re.findall(r"\]\(\.\./events/([a-z0-9-]+)\.md\)", block.split("\n## ", 1)[0]))


@pytest.mark.parametrize(
    ("uri", "after"),
    [
        ("relations/india--russia.md", "## Briefings and events"),
        ("people/vladimir-putin.md", "## Events"),
        ("countries/india.md", "## Events"),
        ("countries/russia.md", "## Events"),
    ],
)
def test_a_timeline_chart_counts_the_events_it_draws_of_those_its_list_gives(
    meetings: Path, uri: str, after: str
) -> None:
    page = markdown(meetings, uri)
    desc = re.search(
        r'<desc id="timeline-desc">\d+ briefings? and (\d+) events? ([^<]*)</desc>', page
    )
    assert desc is not None
    listed = events_listed(page, after)
    assert UNDATED in listed  # the undated plan, which the chart cannot draw
    # The chart's words say what it draws, and only that: the undated plan is in the list alone.
    assert int(desc[1]) == len(listed) - 1, desc[0]
    assert "no date" not in desc[2] and "below" not in desc[2]


# --- The built site ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("project", "met", "planned"),
    [
        pytest.param("seed_only", set(), {"Narendra Modi"}, id="seed-only"),
        pytest.param("meetings", {"Narendra Modi", "Sergey Lavrov"}, {"Narendra Modi"}, id="held"),
    ],
)
def test_putins_built_page_says_whom_he_met_and_what_is_only_planned(
    request: pytest.FixtureRequest, project: str, met: set[str], planned: set[str]
) -> None:
    root: Path = request.getfixturevalue(project)
    completed = build_site(root)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    html = (root / "site" / "people" / PUTIN / "index.html").read_text(encoding="utf-8")
    start = html.index('id="people-met"')
    block = html[start : html.index("<h2", start)]
    held, _, plans = block.partition('id="planned-meetings"')

    def first_column(fragment: str) -> set[str]:
        soup = BeautifulSoup(fragment, "html.parser")
        return {cell.get_text() for cell in soup.select("tbody tr td:first-child")}

    assert first_column(held) == met
    assert first_column(plans) == planned
    assert "(December 2025, anticipated)" in BeautifulSoup(plans, "html.parser").get_text()
    assert "Kazan" not in block  # cancelled: neither met nor planned


@pytest.mark.parametrize(
    ("event", "attending"),
    [
        pytest.param(DELHI, ["Narendra Modi", "Vladimir Putin"], id="held-registry-list"),
        pytest.param(FORUM, ["Sergey Lavrov", "Vladimir Putin"], id="held-own-list"),
        pytest.param(SOCHI, ["Narendra Modi", "Vladimir Putin"], id="planned"),
        pytest.param(KAZAN, [], id="cancelled"),
    ],
)
def test_json_ld_names_as_attendees_only_those_a_report_puts_there(
    meetings: Path, event: str, attending: list[str]
) -> None:
    """Machines are told no more than pages: a held event's attendees are those a report
    that says it was held names (the registry's only when it names no one), a cancelled
    event has none."""
    result = pipeline.check(meetings, dt.date.fromisoformat(AS_OF))
    assert result.corpus is not None
    data = event_json_ld(event, result.corpus, build_graph(result.corpus))
    assert sorted(person["name"] for person in data.get("attendee", [])) == attending
