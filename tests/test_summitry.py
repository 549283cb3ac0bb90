"""One synthetic story that combines what issue 30 added, on every output: attributed claims
and a status the sources dispute, a plan on hold, a postponement with the date it was planned
for, a plan with no date, a week's date, a phone call with no agreement, and one office in two
wordings (tests/fixtures/summitry/, a registry of its own). The site is built as of 18 October
2025 (the Budapest summit planned, with no date; the advisers to meet "next week") and as of
24 October 2025 (after the reports of the 22nd and 23rd)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build_site, copy_site_config
from generator.__main__ import main
from generator.story.event_state import NO_DATE

SUMMITRY = REPO / "tests" / "fixtures" / "summitry"
BEFORE = "2025-10-18"
AFTER = "2025-10-24"
BUDAPEST = "budapest-summit-2025"
ADVISERS = "rubio-lavrov-meeting-2025"
ALASKA = "alaska-summit-2025"
CALL = "trump-putin-call-2025-10"
PLAN_BRIEFING = "2025-10-16-synthetic-budapest-plan"
ON_HOLD_BRIEFING = "2025-10-22-synthetic-budapest-on-hold"
NO_PLANS_BRIEFING = "2025-10-22-synthetic-budapest-no-plans"
CLAIMS_BRIEFING = "2025-10-23-synthetic-budapest-claims"
HELD_BRIEFING = "2025-08-16-synthetic-alaska-held"
# Rule 10 (generator/story/event_state.py) as of 24 October: the status now is the 23 October
# report's, postponed, and its row starts that day, so the statuses that count are that
# report's own and its two claims (Putin: postponed, Trump: cancelled). The on-hold and
# cancelled reports of the 22nd, and Dmitriev's "preparations continue", are history then,
# though the table of reports lists each.
BUDAPEST_DIFFER = "postponed or cancelled (sources differ)"
# As of 22 October, the two reports of that day: on hold (outlet A), cancelled (outlet B, with
# the White House's claim) and Dmitriev's plan, which counts since it comes from a report that
# also gives a status now (cancelled). Plan first, outcome last.
BUDAPEST_DIFFER_ON_22 = "scheduled or on hold or cancelled (sources differ)"


def summitry_project(target: Path) -> Path:
    """A project of the summitry fixture alone (its own registry), as `copy_project` makes one
    of the fixture corpus."""
    for name in ("briefings", "entities", "seeds"):
        shutil.copytree(SUMMITRY / name, target / name)
    shutil.copytree(REPO / "schema", target / "schema")
    copy_site_config(target)
    return target


def generated(target: Path, as_of: str) -> Path:
    project = summitry_project(target)
    assert main(["--root", str(project), "generate", "--as-of", as_of]) == 0
    return project


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("summitry") / BEFORE, BEFORE)


@pytest.fixture(scope="module")
def after(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("summitry") / AFTER, AFTER)


@pytest.fixture(scope="module")
def built(before: Path, after: Path) -> dict[str, Path]:
    """Both projects built strictly, for what the reader's browser gets."""
    for project in (before, after):
        completed = build_site(project)
        assert completed.returncode == 0, completed.stderr
    return {BEFORE: before / "site", AFTER: after / "site"}


def markdown(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The lines of a Markdown page from `heading` to the next heading of its level or above."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n")
    rest = text[start + len(heading) + 2 :]
    end = re.search(rf"^#{{1,{len(level)}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def table_row(text: str, link: str) -> str:
    """The one table row of a page that links to `link`."""
    rows = [line for line in text.splitlines() if line.startswith("|") and f"({link})" in line]
    assert len(rows) == 1, rows
    return rows[0]


def export_event(project: Path, event_id: str) -> dict[str, object]:
    data = json.loads(markdown(project, "data/export.json"))
    (event,) = (event for event in data["events"] if event["id"] == event_id)
    return dict(event)


def json_ld(site: Path, event_id: str) -> dict[str, object]:
    page = BeautifulSoup(
        (site / "events" / event_id / "index.html").read_text("utf-8"), "html.parser"
    )
    (script,) = page.find_all("script", type="application/ld+json")
    data: dict[str, object] = json.loads(script.string)
    return data


def calendar_entries(project: Path) -> dict[str, str]:
    """Each VEVENT of the calendar feed, unfolded, by the event id in its UID."""
    text = markdown(project, "feeds/events.ics").replace("\r\n ", "").replace("\n ", "")
    entries = re.findall(r"BEGIN:VEVENT\r?\n(.*?)END:VEVENT", text, re.DOTALL)
    return {re.search(r"UID:([^@]+)@", entry)[1]: entry for entry in entries}  # type: ignore[index]


def field(text: str, name: str) -> str:
    """The value of a '- **Name:** value' line of an event page."""
    match = re.search(rf"^- \*\*{name}:\*\* (.*)$", text, re.MULTILINE)
    assert match, name
    return match[1]


def test_the_fixture_passes_check_with_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = summitry_project(tmp_path / "project")
    assert main(["--root", str(project), "check"]) == 0
    err = capsys.readouterr().err
    assert "warning" not in err and "error" not in err, err


# --- As of 18 October 2025: a plan with no date, and a meeting "next week" ----------------------


def test_upcoming_lists_the_undated_summit_under_date_not_set_and_the_advisers_by_week(
    before: Path,
) -> None:
    upcoming = markdown(before, "upcoming.md")
    dated, undated = upcoming.split("\n## Date not set\n")
    assert table_row(dated, f"events/{ADVISERS}.md").startswith("| week of 20 October 2025 |")
    assert f"events/{BUDAPEST}.md" not in dated
    budapest = table_row(undated, f"events/{BUDAPEST}.md")
    assert budapest.startswith("| not set |")
    assert "| Budapest | scheduled |" in budapest
    assert f"(briefings/{PLAN_BRIEFING}.md)" in budapest
    # The call was held on the 16th: news, not a plan.
    assert f"events/{CALL}.md" not in upcoming


def test_the_calendar_has_the_advisers_week_and_no_entry_for_the_undated_summit(
    before: Path,
) -> None:
    entries = calendar_entries(before)
    assert BUDAPEST not in entries
    week = entries[ADVISERS]
    # A week is Monday to Sunday: 2025-W43 runs from 20 October to 26 October inclusive.
    assert "DTSTART;VALUE=DATE:20251020" in week
    assert "DTEND;VALUE=DATE:20251027" in week
    assert "week of 20 October 2025" in week
    assert "STATUS:CONFIRMED" in week  # scheduled, and the sources agree
    assert "CATEGORIES:call" in entries[CALL]


def test_as_of_18_october_the_budapest_page_says_only_what_was_reported_by_then(
    before: Path, built: dict[str, Path]
) -> None:
    page = markdown(before, f"events/{BUDAPEST}.md")
    assert field(page, "Date") == NO_DATE
    assert "- **Date given by:**" not in page  # nothing gives one
    assert field(page, "Status").startswith("scheduled, as reported by [Synthetic agency C")
    for later in (ON_HOLD_BRIEFING, NO_PLANS_BRIEFING, CLAIMS_BRIEFING):
        assert later not in page
    data = json_ld(built[BEFORE], BUDAPEST)
    assert "startDate" not in data
    assert export_event(before, BUDAPEST)["date"] is None


# --- As of 24 October 2025: on hold, postponed, cancelled, and claims --------------------------


def test_the_budapest_page_says_the_statuses_differ_and_lists_each_claim_with_who_said_it(
    after: Path,
) -> None:
    page = markdown(after, f"events/{BUDAPEST}.md")
    assert field(page, "Status").startswith(f"{BUDAPEST_DIFFER}: see [each report and claim]")
    assert field(page, "Date") == NO_DATE
    assert "- **Date given by:**" not in page  # nothing gives one
    reports = section(page, "## Status as reported")
    expected = [
        (PLAN_BRIEFING, "| scheduled | none in this report |"),
        (ON_HOLD_BRIEFING, "| on hold | none in this report |"),
        (NO_PLANS_BRIEFING, "| cancelled | none in this report |"),
        (NO_PLANS_BRIEFING, "| cancelled, says [White House](../organisations/white-house.md):"),
        (NO_PLANS_BRIEFING, "| scheduled, says [Kirill Dmitriev](../people/kirill-dmitriev.md):"),
        (CLAIMS_BRIEFING, "| postponed | none in this report |"),
        (CLAIMS_BRIEFING, "| postponed, says [Vladimir Putin](../people/vladimir-putin.md):"),
        (CLAIMS_BRIEFING, "| cancelled, says [Donald Trump](../people/donald-trump.md):"),
    ]
    rows = [line for line in reports.splitlines() if line.strip().startswith("| ") and "](" in line]
    assert len(rows) == len(expected)
    for row, (briefing, words) in zip(rows, expected, strict=True):
        assert f"(../briefings/{briefing}.md)" in row
        assert words in row
    # Each claim's evidence is quoted word for word from its briefing.
    assert "“Donald Trump said he had cancelled the meeting in Budapest”" in reports
    assert "“Kirill Dmitriev said preparations continue for the summit in Budapest”" in reports


def test_the_day_of_two_differing_reports_shows_both(tmp_path: Path) -> None:
    project = generated(tmp_path / "project", "2025-10-22")
    page = markdown(project, f"events/{BUDAPEST}.md")
    assert field(page, "Status").startswith(BUDAPEST_DIFFER_ON_22)


def test_lists_and_the_forward_note_show_the_dispute(after: Path) -> None:
    assert BUDAPEST_DIFFER in table_row(markdown(after, "events/index.md"), f"{BUDAPEST}.md")
    timeline = markdown(after, "timeline.md")
    assert (
        f"[Synthetic summit in Budapest](events/{BUDAPEST}.md) (Budapest), {BUDAPEST_DIFFER}"
        in (timeline)
    )
    # Neither a plan any more nor dated: Upcoming leaves both out.
    upcoming = markdown(after, "upcoming.md")
    assert BUDAPEST not in upcoming and ADVISERS not in upcoming


def test_the_postponed_meeting_shows_the_date_it_was_planned_for_and_no_new_date(
    after: Path,
) -> None:
    page = markdown(after, f"events/{ADVISERS}.md")
    assert field(page, "Date") == "planned for 23 October 2025"
    assert field(page, "Status") == (
        "postponed, no new date, as reported by "
        f"[Synthetic agency A, 22 October 2025](../briefings/{ON_HOLD_BRIEFING}.md)"
    )
    timeline = markdown(after, "timeline.md")
    assert (
        "- **planned for 23 October 2025**: [Synthetic Rubio–Lavrov advisers' meeting]"
        f"(events/{ADVISERS}.md), postponed, no new date"
    ) in timeline
    event = export_event(after, ADVISERS)
    assert (event["status"], event["date"], event["planned_for"]) == (
        "postponed",
        None,
        ["2025-10-23"],
    )
    reports = event["reports"]
    assert isinstance(reports, list)
    assert [(r["date"], r["date_precision"]) for r in reports] == [
        ("2025-W43", "week"),
        (None, None),
    ]
    # No calendar entry for a meeting with no date now, and never one on the date it was
    # planned for.
    assert ADVISERS not in calendar_entries(after)


def test_the_alaska_summit_is_held_credited_to_the_report_of_16_august(
    after: Path, built: dict[str, Path]
) -> None:
    page = markdown(after, f"events/{ALASKA}.md")
    assert field(page, "Status") == (
        "held, as reported by "
        f"[Synthetic agency T, 16 August 2025](../briefings/{HELD_BRIEFING}.md)"
    )
    assert field(page, "Date") == "15 August 2025"
    data = json_ld(built[AFTER], ALASKA)
    assert data["startDate"] == "2025-08-15"


def test_the_call_has_kind_call_and_its_outcome_no_agreement(after: Path) -> None:
    page = markdown(after, f"events/{CALL}.md")
    assert field(page, "Kind") == "call"
    assert field(page, "Date") == "16 October 2025"
    assert "No agreement on Ukraine" in section(page, "## Outcomes")
    event = export_event(after, CALL)
    assert event["kind"] == "call"
    reports = event["reports"]
    assert isinstance(reports, list)
    assert [o["kind"] for r in reports for o in r["outcomes"]] == ["no-agreement"]


def test_json_ld_gives_no_status_or_date_for_the_disputed_undated_summit(
    built: dict[str, Path],
) -> None:
    data = json_ld(built[AFTER], BUDAPEST)
    assert "eventStatus" not in data
    assert "startDate" not in data
    assert data["description"] == f"Status: {BUDAPEST_DIFFER}."


def test_the_export_gives_no_status_and_each_status_the_sources_give(after: Path) -> None:
    event = export_event(after, BUDAPEST)
    assert event["status"] is None
    assert event["statuses"] == ["postponed", "cancelled"]
    assert event["date"] is None and event["dates"] == []
    reports = event["reports"]
    assert isinstance(reports, list)
    claims = [(r["briefing"], c["by"], c["status"]) for r in reports for c in r["claims"]]
    assert claims == [
        (NO_PLANS_BRIEFING, "white-house", "cancelled"),
        (NO_PLANS_BRIEFING, "kirill-dmitriev", "scheduled"),
        (CLAIMS_BRIEFING, "vladimir-putin", "postponed"),
        (CLAIMS_BRIEFING, "donald-trump", "cancelled"),
    ]
    assert [r["status"] for r in reports] == ["scheduled", "on-hold", "cancelled", "postponed"]


@pytest.mark.parametrize(
    ("person", "office", "wordings"),
    [
        ("steve-witkoff", "Special Envoy", ("presidential special envoy", "Special Envoy")),
        ("yuri-ushakov", "foreign policy aide", ("presidential aide", "foreign policy aide")),
    ],
)
def test_one_office_in_two_wordings_is_one_row(
    after: Path, person: str, office: str, wordings: tuple[str, ...]
) -> None:
    offices = section(markdown(after, f"people/{person}.md"), "### Offices named in briefings")
    rows = [line for line in offices.splitlines() if line.startswith("- ")]
    assert len(rows) == 1, rows
    (row,) = rows
    assert row.startswith(f"- Named {office} in 2 briefings of ")
    for wording in wordings:
        assert f"“{wording}” in [Synthetic agency" in row


def test_the_forward_note_of_16_october_points_to_the_later_reports(after: Path) -> None:
    page = markdown(after, f"briefings/{PLAN_BRIEFING}.md")
    # The note's own lines: its indented block, up to the first line back at the margin.
    after = page.split('!!! info "Since this briefing"\n', 1)[1]
    note = re.split(r"^(?=\S)", after, maxsplit=1, flags=re.MULTILINE)[0]
    items = [line.strip() for line in note.splitlines() if line.strip().startswith("- ")]
    assert items == [
        f"- [Synthetic summit in Budapest](../events/{BUDAPEST}.md): {BUDAPEST_DIFFER}, see "
        f"[each report and claim](../events/{BUDAPEST}.md#status-as-reported)",
        f"- [Synthetic Rubio–Lavrov advisers' meeting](../events/{ADVISERS}.md): postponed, "
        "no new date (planned for 23 October 2025), per "
        f"[Synthetic agency A, 22 October 2025]({ON_HOLD_BRIEFING}.md)",
    ]
    # The call was held as reported: nothing has changed since.
    assert CALL not in note


def test_the_built_pages_show_the_same(built: dict[str, Path]) -> None:
    def text(as_of: str, uri: str) -> str:
        html = (built[as_of] / uri / "index.html").read_text("utf-8")
        return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())

    upcoming = text(BEFORE, "upcoming")
    assert "Date not set" in upcoming
    assert "not set Synthetic summit in Budapest Budapest scheduled 16 October 2025" in upcoming
    assert "week of 20 October 2025 Synthetic Rubio–Lavrov advisers' meeting" in upcoming
    assert f"Status: {BUDAPEST_DIFFER}" in text(AFTER, f"events/{BUDAPEST}")
    advisers = text(AFTER, f"events/{ADVISERS}")
    assert "Date: planned for 23 October 2025" in advisers
    assert "Status: postponed, no new date" in advisers
