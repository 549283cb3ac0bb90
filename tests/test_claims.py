"""Competing claims in one article, and disagreement about an event's status (event_state
rule 10), on a synthetic story of its own (tests/fixtures/claims/): one article reports that
Putin calls a summit postponed and Trump calls it cancelled, another of the same day that it
is on hold; a meeting is scheduled while a ministry calls it cancelled; a summit scheduled and
then held is news, not a disagreement."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.story.event_state import Report, display_status, event_state
from generator.story.models import EventStatus, StatusClaim

CLAIMS = REPO / "tests" / "fixtures" / "claims"
AS_OF = "2025-11-16"
BUDAPEST = "budapest-summit-2025"
MOSCOW = "moscow-meeting-2025"
ALASKA = "alaska-summit-2025"
CLAIMS_BRIEFING = "briefings/2025/2025-10-23-synthetic-budapest-claims.yml"
BUDAPEST_DIFFER = "postponed or cancelled (sources differ)"
MOSCOW_DIFFER = "scheduled or cancelled (sources differ)"


# --- The rule, on its own ----------------------------------------------------------------------


def claim(status: str, by: str | None = "someone") -> StatusClaim:
    return StatusClaim(by=by, status=EventStatus(status), evidence="a passage of the article")


def report(briefing: str, day: str, status: str, *claims: StatusClaim) -> Report:
    return Report(
        briefing, dt.date.fromisoformat(day), EventStatus(status), None, claims=tuple(claims)
    )


DISAGREEING = {
    "two claims in one report": (
        [report("a", "2025-10-23", "postponed", claim("postponed"), claim("cancelled"))],
        "postponed or cancelled (sources differ)",
    ),
    "a claim beside the report's own status": (
        [report("a", "2025-10-23", "postponed", claim("cancelled"))],
        "postponed or cancelled (sources differ)",
    ),
    "two reports of one day": (
        [report("a", "2025-10-23", "postponed"), report("b", "2025-10-23", "cancelled")],
        "postponed or cancelled (sources differ)",
    ),
    "a later report agreeing with one of the claims": (
        [
            report("a", "2025-10-23", "postponed", claim("cancelled")),
            report("b", "2025-10-25", "postponed"),
        ],
        "postponed or cancelled (sources differ)",
    ),
    "a plan a ministry calls off": (
        [report("a", "2025-10-20", "scheduled", claim("cancelled", "ministry"))],
        "scheduled or cancelled (sources differ)",
    ),
    "an envoy saying preparations continue": (
        [report("a", "2025-10-22", "postponed", claim("scheduled", "envoy"))],
        "scheduled or postponed (sources differ)",
    ),
    "a claim by the outlet itself": (
        [report("a", "2025-10-22", "held", claim("cancelled", None))],
        "cancelled or held (sources differ)",
    ),
}


@pytest.mark.parametrize("reports, shown", DISAGREEING.values(), ids=DISAGREEING.keys())
def test_statuses_given_at_once_are_shown_as_differing(reports: list[Report], shown: str) -> None:
    state = event_state(reports)
    assert state is not None and state.statuses_differ
    assert display_status(state) == shown


AGREEING = {
    "held after scheduled": (
        [report("a", "2025-08-14", "scheduled"), report("b", "2025-08-16", "held")],
        "held",
    ),
    "held the day a preview still plans it": (
        [report("a", "2025-12-06", "held"), report("b", "2025-12-06", "scheduled")],
        "held",
    ),
    "held after a claim that it was cancelled": (
        [
            report("a", "2025-10-01", "scheduled", claim("cancelled")),
            report("b", "2025-10-05", "held"),
        ],
        "held",
    ),
    "anticipated and scheduled": (
        [report("a", "2025-10-01", "anticipated", claim("scheduled"))],
        "anticipated",
    ),
    "claims that agree with the report": (
        [report("a", "2025-10-23", "postponed", claim("postponed"), claim("postponed", "b"))],
        "postponed, no new date",  # no report gives a new date (tests/test_plans.py)
    ),
    "a plan after a held report": (
        [report("a", "2025-08-16", "held"), report("b", "2025-08-20", "scheduled")],
        "held",
    ),
}


@pytest.mark.parametrize("reports, shown", AGREEING.values(), ids=AGREEING.keys())
def test_a_new_development_or_agreeing_claims_are_not_a_disagreement(
    reports: list[Report], shown: str
) -> None:
    state = event_state(reports)
    assert state is not None and not state.statuses_differ
    assert display_status(state) == shown


# --- The story, on every output ----------------------------------------------------------------


def add_claims(project: Path) -> Path:
    for folder in ("briefings/2025", "seeds"):
        for path in (CLAIMS / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    for name in ("people", "events"):
        with (project / "entities" / f"{name}.yml").open("a", encoding="utf-8") as registry:
            registry.write((CLAIMS / "entities" / f"{name}.yml").read_text(encoding="utf-8"))
    return project


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_claims(copy_project(tmp_path_factory.mktemp("claims") / "project"))
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


def markdown(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def test_the_story_checks_clean(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(story), "check", "--as-of", AS_OF]) == 0
    assert "error" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "uri, shown",
    [
        (f"events/{BUDAPEST}.md", f"- **Status:** {BUDAPEST_DIFFER}: see [each report and claim]"),
        (f"events/{MOSCOW}.md", f"- **Status:** {MOSCOW_DIFFER}: see [each report and claim]"),
        ("events/index.md", f"| Budapest | {BUDAPEST_DIFFER} |"),
        ("events/index.md", f"| Moscow | {MOSCOW_DIFFER} |"),
        ("timeline.md", f"(Budapest), {BUDAPEST_DIFFER}"),
        ("upcoming.md", f"| Moscow | {MOSCOW_DIFFER} |"),
        ("people/donald-trump.md", f"| Budapest | {BUDAPEST_DIFFER} |"),
        ("countries/russia.md", f"| Moscow | {MOSCOW_DIFFER} |"),
        ("countries/russia.md", f"Synthetic meeting in Moscow: {MOSCOW_DIFFER}, 20 November"),
        ("people/vladimir-putin.md", f"20 November 2025, {MOSCOW_DIFFER})"),
        (
            "briefings/2025-10-16-synthetic-budapest-plan.md",
            f"{BUDAPEST_DIFFER}, see [each report and claim](../events/{BUDAPEST}.md#",
        ),
        (
            "briefings/2025-10-23-synthetic-budapest-on-hold.md",
            "| postponed \u2014 other sources differ: see [the event]",
        ),
        (
            "briefings/2025-10-20-synthetic-moscow-meeting.md",
            "| scheduled \u2014 other sources differ: see [the event]",
        ),
    ],
)
def test_every_page_that_shows_the_status_shows_that_sources_differ(
    story: Path, uri: str, shown: str
) -> None:
    assert shown in markdown(story, uri)


@pytest.mark.parametrize(
    "uri, row",
    [
        (
            f"events/{BUDAPEST}.md",
            "| postponed, says [Vladimir Putin](../people/vladimir-putin.md): \u201cVladimir "
            "Putin said the Budapest summit had been postponed\u201d |  |  |",
        ),
        (
            f"events/{BUDAPEST}.md",
            "| cancelled, says [Donald Trump](../people/donald-trump.md): \u201cDonald Trump "
            "said he had cancelled the meeting in Budapest\u201d |  |  |",
        ),
        (
            f"events/{MOSCOW}.md",
            "| cancelled, says [Russian Ministry of Foreign Affairs](../organisations/"
            "russian-foreign-ministry.md): \u201cThe Russian Foreign Ministry said the meeting "
            "in Moscow was cancelled\u201d |  |  |",
        ),
    ],
)
def test_the_reports_table_lists_each_claim_with_who_makes_it_and_its_quote(
    story: Path, uri: str, row: str
) -> None:
    assert row in markdown(story, uri)


def _calendar_entry(project: Path, event_id: str) -> str:
    calendar = (project / "docs" / "feeds" / "events.ics").read_bytes().decode()
    calendar = calendar.replace("\r\n ", "")
    return calendar[calendar.index(f"UID:{event_id}@") :].split("END:VEVENT")[0]


def _json_ld(project: Path, event_id: str) -> dict[str, object]:
    front = markdown(project, f"events/{event_id}.md").split("\n---\n")[0].removeprefix("---\n")
    data: dict[str, object] = json.loads(json.loads(front)["json_ld"])
    return data


def test_the_calendar_gives_no_status_the_sources_differ_on(story: Path) -> None:
    moscow = _calendar_entry(story, MOSCOW)
    assert "STATUS:" not in moscow
    assert f"Status: {MOSCOW_DIFFER}" in moscow.replace("\\", "")
    alaska = _calendar_entry(story, ALASKA)
    assert "STATUS:CONFIRMED" in alaska and "differ" not in alaska


def test_the_export_gives_every_status_and_claim_and_no_one_status(story: Path) -> None:
    events = {e["id"]: e for e in json.loads(markdown(story, "data/export.json"))["events"]}
    assert (events[BUDAPEST]["status"], events[BUDAPEST]["statuses"]) == (
        None,
        ["postponed", "cancelled"],
    )
    assert (events[MOSCOW]["status"], events[MOSCOW]["statuses"]) == (
        None,
        ["scheduled", "cancelled"],
    )
    assert (events[ALASKA]["status"], events[ALASKA]["statuses"]) == ("held", ["held"])
    claims = [c for r in events[BUDAPEST]["reports"] for c in r["claims"]]
    assert [(c["by"], c["status"]) for c in claims] == [
        ("vladimir-putin", "postponed"),
        ("donald-trump", "cancelled"),
    ]


@pytest.mark.parametrize("event_id, shown", [(BUDAPEST, BUDAPEST_DIFFER), (MOSCOW, MOSCOW_DIFFER)])
def test_json_ld_gives_no_event_status_the_sources_differ_on(
    story: Path, event_id: str, shown: str
) -> None:
    data = _json_ld(story, event_id)
    assert "eventStatus" not in data
    assert f"Status: {shown}." in str(data["description"])


def test_a_summit_held_after_it_was_scheduled_is_not_a_disagreement(story: Path) -> None:
    for uri in (f"events/{ALASKA}.md", "timeline.md", "events/index.md"):
        page = markdown(story, uri)
        line = next(line for line in page.splitlines() if "Synthetic summit in Alaska" in line)
        assert "differ" not in line, uri
    assert "- **Status:** held, as reported by" in markdown(story, f"events/{ALASKA}.md")


# --- Bad input, located ------------------------------------------------------------------------

BAD = {
    "unknown person": (
        "      - by: donald-trump\n",
        "      - by: donald-trupm\n",
        ("unknown-reference", "unknown person or organisation 'donald-trupm'"),
        "Did you mean 'donald-trump'",
    ),
    "unknown organisation": (
        "      - by: vladimir-putin\n",
        "      - by: russian-foreign-ministy\n",
        ("unknown-reference", "unknown person or organisation 'russian-foreign-ministy'"),
        "Did you mean 'russian-foreign-ministry'",
    ),
    "a quote not in the article": (
        "evidence: Donald Trump said he had cancelled the meeting in Budapest",
        "evidence: Donald Trump said he had called off the meeting in Budapest",
        ("evidence-not-in-source", "this quote does not occur in"),
        "your quote differs from it at",
    ),
    "a status outside the vocabulary": (
        "        status: cancelled\n",
        "        status: called off\n",
        ("schema-enum", "'called off' is not one of the allowed values"),
        "Did you mean 'cancelled'",
    ),
}


@pytest.mark.parametrize("old, new, expected, hint", BAD.values(), ids=BAD.keys())
def test_a_bad_claim_is_an_error_where_it_stands(
    project: Path, old: str, new: str, expected: tuple[str, str], hint: str
) -> None:
    add_claims(project)
    path = project / CLAIMS_BRIEFING
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    code, message = expected
    result = pipeline.check(project, dt.date.fromisoformat(AS_OF))
    errors = [d for d in result.diagnostics if d.is_error]
    assert len(errors) == 1, errors
    (error,) = errors
    lines = text.splitlines()
    changed = next(i for i, line in enumerate(lines) if new.strip() in line)
    value = new.strip().split(": ", 1)[1]
    assert (error.path, error.line, error.column) == (
        CLAIMS_BRIEFING,
        changed + 1,
        lines[changed].index(value) + 1,
    )
    assert error.code == code
    assert error.message.startswith("events[0].claims[")
    assert message in error.message
    assert hint in error.hint
