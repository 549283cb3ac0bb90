"""Many reports, one story: the fixture briefing and three synthetic follow-ups that report its
events differently (tests/fixtures/story/). Every output shows one current state per event,
decided by event_state's rule, and says when sources differ."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, SEED_ID, build_site, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.story.event_state import Report, display_dates, event_state
from generator.story.models import DateSpan, EventStatus

STORY = REPO / "tests" / "fixtures" / "story"
AS_OF = "2026-01-01"
TALKS = "jaishankar-lavrov-moscow-talks-2025"
UNGA_MEETING = "jaishankar-lavrov-unga80-meeting"
VISIT = "putin-india-visit-2025"


# --- The rule, on its own ----------------------------------------------------------------------


def report(
    briefing: str, day: str, status: str, date: str | None, *, place: str | None = None
) -> Report:
    return Report(
        briefing,
        dt.date.fromisoformat(day),
        EventStatus(status),
        DateSpan.parse(date) if date else None,
        place,
    )


def test_same_day_reports_rank_an_outcome_over_a_plan_whatever_the_file_names() -> None:
    held = report("b-held", "2025-12-06", "held", "2025-12-04")
    planned = report("a-plan", "2025-12-06", "scheduled", "2025-12")
    for named in ((held, planned), (planned, held)):
        state = event_state(named)
        assert state is not None
        assert state.status is EventStatus.HELD
        assert [str(c.date) for c in state.dates] == ["2025-12-04"]
    renamed = report("z-plan", "2025-12-06", "scheduled", "2025-12")
    state = event_state([held, renamed])
    assert state is not None and state.status is EventStatus.HELD


def test_a_vaguer_later_report_never_replaces_a_precise_date() -> None:
    state = event_state(
        [
            report("a", "2025-11-01", "scheduled", "2025-12-04"),
            report("b", "2025-11-20", "scheduled", "2025-12"),
        ]
    )
    assert state is not None
    assert display_dates(state.dates) == "4 December 2025"
    assert state.dates[0].briefing_ids == ("a",)


def test_a_postponement_starts_afresh_and_a_plan_never_overtakes_a_held_report() -> None:
    moved = event_state(
        [
            report("a", "2025-11-01", "scheduled", "2025-12-04"),
            report("b", "2025-11-20", "postponed", "2026-01"),
        ]
    )
    assert moved is not None
    assert (moved.status, display_dates(moved.dates)) == (EventStatus.POSTPONED, "January 2026")
    held = event_state(
        [
            report("a", "2025-12-05", "held", "2025-12-04"),
            report("b", "2025-12-10", "scheduled", "2025-12"),
        ]
    )
    assert held is not None and held.status is EventStatus.HELD


def test_held_dates_outrank_planned_ones_and_differing_held_dates_are_all_shown() -> None:
    slipped = event_state(
        [
            report("a", "2025-11-01", "scheduled", "2025-11-17"),
            report("b", "2025-11-19", "held", "2025-11-18"),
        ]
    )
    assert slipped is not None and display_dates(slipped.dates) == "18 November 2025"
    differ = event_state(
        [
            report("a", "2025-09-28", "held", "2025-09-27"),
            report("b", "2025-09-29", "held", "2025-09-26"),
        ]
    )
    assert differ is not None and differ.sources_differ
    assert display_dates(differ.dates) == "26 or 27 September 2025 (sources differ)"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-12-04/2025-12-05", "4\u20135 December 2025"),
        ("2025-11-30/2025-12-02", "30 November \u2013 2 December 2025"),
        ("2025-11/2025-12", "November\u2013December 2025"),
        ("2025-12-28/2026-01-02", "28 December 2025 \u2013 2 January 2026"),
        ("2025-11-17", "17 November 2025"),
    ],
)
def test_date_ranges_read_as_people_write_them(text: str, shown: str) -> None:
    assert DateSpan.parse(text).display() == shown


def test_a_day_inside_a_reported_range_is_part_of_it() -> None:
    state = event_state(
        [
            report("a", "2025-12-06", "held", "2025-12-04/2025-12-05"),
            report("b", "2025-12-07", "held", "2025-12-04"),
        ]
    )
    assert state is not None and display_dates(state.dates) == "4\u20135 December 2025"


@pytest.mark.parametrize("text", ["2025-12-05/2025-12-04", "2025-12-04/2025-12-04", "2025-12/"])
def test_a_range_must_end_after_it_starts(text: str) -> None:
    with pytest.raises(ValueError, match="range"):
        DateSpan.parse(text)


# --- The story, on every output ----------------------------------------------------------------


def add_story(project: Path) -> Path:
    for folder in ("briefings/2025", "seeds"):
        for path in (STORY / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    return project


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_story(copy_project(tmp_path_factory.mktemp("story") / "project"))
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


def markdown(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def test_check_warns_only_of_the_dates_the_sources_disagree_on(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(story), "check", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "[stale-status]" not in out  # the talks and the visit were reported held
    warnings = [line for line in out.splitlines() if "warning:" in line]
    assert len(warnings) == 2, out  # one at each of the two reports
    assert "2025-11-15-jaishankar-lavrov-moscow-talks.yml" in warnings[0]
    assert "2025-11-18-synthetic-talks-held.yml" in warnings[1]
    for warning in warnings:
        assert "[conflicting-dates]" in warning
        assert "the site shows '26 or 27 September 2025 (sources differ)'" in warning


def test_event_page_shows_the_current_state_the_range_outcomes_and_who_took_part(
    story: Path,
) -> None:
    page = markdown(story, f"events/{VISIT}.md")
    assert "- **Date:** 4\u20135 December 2025" in page
    held = "[Test agency, 6 December 2025](../briefings/2025-12-06-synthetic-visit-held.md)"
    assert f"- **Status:** held, as reported by {held}" in page
    assert "- **Place:** New Delhi\n" in page
    assert f"- **Place given by:** {held}\n" in page
    assert f"- **Date given by:** {held}\n" in page
    assert f"[S. Jaishankar](../people/s-jaishankar.md) (per {held})" in page
    programme = page.index("**Programme:** An economic programme to 2030")
    assert programme < page.index("**Target:** 100 billion dollars in annual trade")
    # Every report stays as history, the plan as well as the outcome.
    assert "| scheduled | December 2025 |" in page
    assert "| held | 4\u20135 December 2025 | New Delhi |" in page


def test_disagreeing_dates_are_shown_wherever_the_date_is(story: Path) -> None:
    differ = "26 or 27 September 2025 (sources differ)"
    event = markdown(story, f"events/{UNGA_MEETING}.md")
    assert f"- **Date:** {differ}: see [each report](#status-as-reported)" in event
    for uri in ("timeline.md", "events/index.md", "people/s-jaishankar.md", "countries/india.md"):
        assert differ in markdown(story, uri), uri
    assert differ in markdown(story, "relations/india--russia.md")


def test_the_older_briefing_says_what_happened_since(story: Path) -> None:
    page = markdown(story, f"briefings/{SEED_ID}.md")
    since = page[page.index('!!! info "Since this briefing"') : page.index("## Background")]
    assert "held on 17 November 2025, per [Test agency, 18 November 2025](2025-11-18-" in since
    assert "held on 4\u20135 December 2025, per [Test agency, 6 December 2025](2025-12-06-" in since
    assert "26 or 27 September 2025 (sources differ)" in since
    # The newest report of an event says nothing "since".
    newest = markdown(story, "briefings/2025-12-06-synthetic-visit-held.md")
    assert "Since this briefing" not in newest


def test_a_plan_nothing_followed_says_no_outcome_is_known(project: Path) -> None:
    """The fixture briefing alone, a year on: the talks stay scheduled, and say so honestly."""
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    briefing = markdown(project, f"briefings/{SEED_ID}.md")
    assert "scheduled for 17 November 2025; no report of the outcome yet" in briefing
    events = markdown(project, "events/index.md")
    assert "scheduled; no report of the outcome yet" in events
    assert "no report of the outcome yet" in markdown(project, f"events/{TALKS}.md")


def test_upcoming_and_calendar_follow_the_rule(story: Path) -> None:
    assert "putin-india-visit" not in markdown(story, "upcoming.md")
    calendar = markdown(story, "feeds/events.ics").replace("\r\n ", "")
    visit = calendar[calendar.index(f"UID:{VISIT}@") :].split("END:VEVENT")[0]
    assert "DTSTART;VALUE=DATE:20251204" in visit
    assert "DTEND;VALUE=DATE:20251206" in visit
    assert "STATUS:CONFIRMED" in visit
    meeting = calendar[calendar.index(f"UID:{UNGA_MEETING}@") :].split("END:VEVENT")[0]
    # Sources that give 26 and 27 September agree on the month only: no two-day entry.
    assert "DTSTART;VALUE=DATE:20250901" in meeting
    assert "DTEND;VALUE=DATE:20251001" in meeting
    assert "sources differ" in meeting


def test_export_gives_the_current_state_and_every_report(story: Path) -> None:
    data = json.loads(markdown(story, "data/export.json"))
    assert data["format_version"] == 3
    events = {e["id"]: e for e in data["events"]}
    visit = events[VISIT]
    assert (visit["status"], visit["date"], visit["dates"]) == (
        "held",
        "2025-12-04/2025-12-05",
        ["2025-12-04/2025-12-05"],
    )
    held = next(r for r in visit["reports"] if r["status"] == "held")
    assert held["place"] == "New Delhi"
    assert [o["kind"] for o in held["outcomes"]] == ["programme", "target"]
    meeting = events[UNGA_MEETING]
    assert (meeting["date"], meeting["dates"]) == (None, ["2025-09-26", "2025-09-27"])


def test_pair_page_lists_outcomes_newest_first_and_one_name_from_both_countries(
    story: Path,
) -> None:
    pair = markdown(story, "relations/india--russia.md")
    outcomes = pair[pair.index("## Outcomes") : pair.index("## Briefings and events")]
    assert outcomes.index("**Programme:**") < outcomes.index("**Statement:**")
    for country in ("india", "russia"):
        assert "[India and Russia](../relations/india--russia.md)" in markdown(
            story, f"countries/{country}.md"
        )


def test_office_history_is_one_row_per_office(story: Path) -> None:
    page = markdown(story, "people/s-jaishankar.md")
    # The section's own rows: the lead and the list of briefings quote bottom lines, which
    # may name the office too.
    offices = page[page.index("\n## Offices\n") : page.index("\n## ", page.index("## Offices") + 1)]
    rows = [line for line in offices.splitlines() if "External Affairs Minister" in line]
    assert len(rows) == 1
    assert (
        "Named External Affairs Minister in 3 briefings of 15 November \u2013 6 December" in rows[0]
    )


def test_a_person_page_lists_the_events_reports_say_they_took_part_in(story: Path) -> None:
    assert f"](../events/{VISIT}.md)" in markdown(story, "people/s-jaishankar.md")


def test_the_story_builds_strictly_with_json_ld_ranges(story: Path) -> None:
    completed = build_site(story)
    assert completed.returncode == 0, completed.stdout + completed.stderr

    def json_ld(event: str) -> dict[str, str]:
        html = (story / "site" / "events" / event / "index.html").read_text(encoding="utf-8")
        script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
        assert script is not None
        data: dict[str, str] = json.loads(script.get_text())
        return data

    visit = json_ld(VISIT)
    assert (visit["startDate"], visit["endDate"]) == ("2025-12-04", "2025-12-05")
    assert "eventStatus" not in visit  # schema.org has no status for an event that took place
    meeting = json_ld(UNGA_MEETING)
    assert (meeting["startDate"], "endDate" in meeting) == ("2025-09", False)
    assert meeting["description"] == "Date: 26 or 27 September 2025 (sources differ)."


def test_a_reports_participants_and_outcome_quotes_are_checked_where_they_stand(
    project: Path,
) -> None:
    add_story(project)
    path = project / "briefings" / "2025" / "2025-11-18-synthetic-talks-held.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "participants: [s-jaishankar, sergey-lavrov]", "participants: [s-jaishankr]"
    )
    text = text.replace(
        "evidence: issued a joint statement on regional security",
        "evidence: signed a treaty on regional security",
    )
    path.write_text(text, encoding="utf-8")
    result = pipeline.check(project, dt.date.fromisoformat(AS_OF))
    errors = {d.code: d for d in result.diagnostics if d.severity == "error"}
    unknown = errors["unknown-reference"]
    assert (unknown.path, unknown.line) == (
        "briefings/2025/2025-11-18-synthetic-talks-held.yml",
        text.splitlines().index("    participants: [s-jaishankr]") + 1,
    )
    assert "events[0].participants[0]: unknown person 's-jaishankr'" in unknown.message
    assert "s-jaishankar" in unknown.hint
    quote = errors["evidence-not-in-source"]
    assert quote.message.startswith("events[0].outcomes[0].evidence: this quote does not occur")
