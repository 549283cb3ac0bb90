"""Plans that slip (event_state's rule 3): a plan put on hold, a postponement that keeps the
date the event was planned for apart from its date now (and says when there is no new one),
and a week as a date's precision, kept apart from a range of days.

The fixture (tests/fixtures/plans/) is synthetic: a summit postponed with no new date, talks
moved to a new date, a visit put on hold, a meeting "next week" (2025-W43, then a vaguer
"October") and a meeting the week of 27 October (2025-W44, over a month's end) that another
article puts in October."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.story.event_state import (
    Report,
    current_dates,
    event_state,
    in_order,
    status_words,
    when_in_brief,
    without_week,
)
from generator.story.models import DatePrecision, DateSpan, EventStatus

PLANS = REPO / "tests" / "fixtures" / "plans"
AS_OF = "2025-10-16"
ANNOUNCED = "briefings/2025/2025-10-14-synthetic-plans-announced.yml"
SLIP = "briefings/2025/2025-10-15-synthetic-plans-slip.yml"


def report(n: int, status: str, date: str | None = None, planned_for: str | None = None) -> Report:
    return Report(
        f"b{n}",
        dt.date(2025, 10, 10 + n),
        EventStatus(status),
        DateSpan.parse(date) if date else None,
        planned_for=DateSpan.parse(planned_for) if planned_for else None,
    )


def shown(*reports: Report) -> list[str]:
    return [str(claim.date) for claim in current_dates(in_order(reports))]


# --- A week: a precision between a day and a month -----------------------------------------------


class TestAWeekIsAPrecision:
    @pytest.mark.parametrize(
        ("written", "display", "first", "last", "year"),
        [
            ("2025-W43", "week of 20 October 2025", "2025-10-20", "2025-10-26", 2025),
            ("2025-W44", "week of 27 October 2025", "2025-10-27", "2025-11-02", 2025),
            # ISO week 1 of 2026 starts in 2025: the year a page files it under is 2025.
            ("2026-W01", "week of 29 December 2025", "2025-12-29", "2026-01-04", 2025),
            ("2020-W53", "week of 28 December 2020", "2020-12-28", "2021-01-03", 2020),
        ],
    )
    def test_a_week_is_read_shown_and_spans_monday_to_sunday(
        self, written: str, display: str, first: str, last: str, year: int
    ) -> None:
        span = DateSpan.parse(written)
        assert span.precision is DatePrecision.WEEK and span.end is None
        assert (str(span), span.display()) == (written, display)
        assert (span.first_day.isoformat(), span.last_day.isoformat()) == (first, last)
        assert span.year == year
        assert span.after_preposition() == f"in the {display}"

    @pytest.mark.parametrize(
        ("written", "says"),
        [
            ("2025-W53", "2025 has weeks W01 to W52; there is no week W53"),
            ("2025-W00", "there is no week W00"),
            ("2025-W5", "a date is written YYYY-MM-DD (a day), YYYY-Www"),
            ("2025-w43", "a date is written YYYY-MM-DD (a day), YYYY-Www"),
            ("1700-W10", "the year 1700 is outside"),
            ("2025-W43/2025-W44", "a week is a date of its own, not the end of a range"),
            ("2025-10-01/2025-W44", "a week is a date of its own, not the end of a range"),
        ],
    )
    def test_a_bad_week_is_refused_with_how_to_write_it(self, written: str, says: str) -> None:
        with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
            DateSpan.parse(written)

    @pytest.mark.parametrize(
        ("given", "kept"),
        [
            # A week holds its days; a month holds a week that lies within it.
            (("2025-W43", "2025-10-21"), ["2025-10-21"]),
            (("2025-10", "2025-W43"), ["2025-W43"]),
            (("2025", "2025-W43"), ["2025-W43"]),
            (("2025-10", "2025-W43", "2025-10-22"), ["2025-10-22"]),
            (("2025-W43", "2025-10-21/2025-10-22"), ["2025-10-21/2025-10-22"]),
            # A week over a month's end: neither it nor the month holds the other.
            (("2025-10", "2025-W44"), ["2025-10", "2025-W44"]),
            (("2025-11", "2025-W44"), ["2025-W44", "2025-11"]),
            # A day outside the week, or another week: the sources differ.
            (("2025-W43", "2025-10-28"), ["2025-W43", "2025-10-28"]),
            (("2025-W43", "2025-W44"), ["2025-W43", "2025-W44"]),
        ],
    )
    def test_a_vaguer_date_that_holds_a_week_or_a_day_adds_nothing(
        self, given: tuple[str, ...], kept: list[str]
    ) -> None:
        for order in (given, tuple(reversed(given))):
            reports = [report(n, "scheduled", date) for n, date in enumerate(order)]
            assert shown(*reports) == kept

    @pytest.mark.parametrize(
        ("written", "plainest"),
        [
            ("2025-W43", "2025-10"),  # within October: the month
            ("2025-W44", "2025"),  # over a month's end: the year
            ("2026-W01", None),  # over a year's end: nothing
            ("2025-10-21", "2025-10-21"),  # not a week: as it is
            ("2025-10", "2025-10"),
        ],
    )
    def test_formats_without_weeks_get_the_month_or_year_that_holds_it(
        self, written: str, plainest: str | None
    ) -> None:
        found = without_week(DateSpan.parse(written))
        assert (str(found) if found else None) == plainest


# --- The date a plan was made for ---------------------------------------------------------------


class TestPlannedForIsNeverTheDateNow:
    @pytest.mark.parametrize("status", ["postponed", "on-hold", "cancelled"])
    @pytest.mark.parametrize("earlier", [None, "2025-10-23", "2025-10"])
    def test_the_date_planned_for_is_shown_as_such_and_not_as_the_date(
        self, status: str, earlier: str | None
    ) -> None:
        reports = [report(1, "scheduled", earlier)] if earlier else []
        reports.append(report(2, status, planned_for="2025-10-23"))
        state = event_state(reports)
        assert state is not None
        if status != "cancelled" or earlier is None:
            assert state.dates == ()
        assert [str(c.date) for c in state.planned_for] == ["2025-10-23"]
        assert when_in_brief(state).startswith("planned for 23 October 2025")

    @pytest.mark.parametrize(
        ("status", "words"),
        [("postponed", "postponed, no new date"), ("on-hold", "on hold")],
    )
    def test_a_plan_put_off_with_no_new_date_says_so(self, status: str, words: str) -> None:
        for planned_for in (None, "2025-10-23"):
            state = event_state(
                [report(1, "scheduled", "2025-10-23"), report(2, status, None, planned_for)]
            )
            assert state is not None and state.dates == ()
            assert status_words(state) == words

    @pytest.mark.parametrize("new", ["2025-11-06", "2025-11", "2025-W45"])
    def test_a_postponement_to_a_new_date_shows_both(self, new: str) -> None:
        state = event_state(
            [report(1, "scheduled", "2025-10-24"), report(2, "postponed", new, "2025-10-24")]
        )
        assert state is not None
        assert [str(c.date) for c in state.dates] == [new]
        assert status_words(state) == "postponed"
        new_shown = DateSpan.parse(new).display()
        assert when_in_brief(state) == f"{new_shown} (planned for 24 October 2025)"

    @pytest.mark.parametrize(("status", "date"), [("scheduled", "2025-11-06"), ("held", None)])
    def test_the_date_planned_for_is_history_once_the_plan_stands_again(
        self, status: str, date: str | None
    ) -> None:
        state = event_state([report(1, "postponed", None, "2025-10-23"), report(2, status, date)])
        assert state is not None and state.planned_for == ()
        assert "planned for" not in when_in_brief(state)

    def test_a_plan_on_hold_starts_the_dates_afresh(self) -> None:
        state = event_state(
            [report(1, "scheduled", "2025-10-23"), report(2, "on-hold"), report(3, "anticipated")]
        )
        assert state is not None and state.dates == ()
        assert state.status is EventStatus.ANTICIPATED


# --- Located errors for the new fields and values ---------------------------------------------


def plans_project(target: Path) -> Path:
    project = copy_project(target)
    for folder in ("briefings/2025", "seeds"):
        for path in (PLANS / folder).iterdir():
            shutil.copy2(path, project / folder / path.name)
    events = (PLANS / "entities" / "events.yml").read_text(encoding="utf-8")
    with (project / "entities" / "events.yml").open("a", encoding="utf-8") as registry:
        registry.write(events)
    return project


class TestBadPlansAreLocated:
    @pytest.mark.parametrize(
        ("file", "old", "new", "code", "key", "says"),
        [
            (
                ANNOUNCED,
                "    date: 2025-10-23\n",
                "    date: 2025-10-23\n    planned_for: 2025-10-20\n",
                "planned-for-status",
                "planned_for",
                "only a postponed, on-hold or cancelled report gives the date an event was "
                "planned for; this report says scheduled",
            ),
            (
                ANNOUNCED,
                "    status: anticipated\n    date: 2025-10\n",
                "    status: anticipated\n    planned_for: 2025-10\n",
                "planned-for-status",
                "planned_for",
                "this report says anticipated",
            ),
            (
                SLIP,
                "    status: on-hold\n",
                "    status: on-hold\n    date: 2025-11\n",
                "no-new-date",
                "date",
                "the event is on hold gives it no date now, so 2025-11 would read as its new date",
            ),
            (
                SLIP,
                "    status: postponed\n    planned_for: 2025-10-23\n",
                "    status: cancelled\n    date: 2025-10-30\n    planned_for: 2025-10-23\n",
                "no-new-date",
                "date",
                "the event is cancelled gives it no date now",
            ),
            (
                SLIP,
                "planned_for: 2025-10-23",
                "planned_for: 2025-W53",
                "schema",
                "planned_for",
                "2025 has weeks W01 to W52; there is no week W53",
            ),
            (
                SLIP,
                "    date: 2025-W44\n",
                "    date: 2025-W44/2025-W45\n",
                "schema",
                "date",
                "a week is a date of its own, not the end of a range",
            ),
            (
                SLIP,
                "status: on-hold",
                "status: on hold",
                "schema",
                "status",
                "on-hold",
            ),
        ],
    )
    def test_each_problem_is_reported_where_it_is_written(
        self, tmp_path: Path, file: str, old: str, new: str, code: str, key: str, says: str
    ) -> None:
        project = plans_project(tmp_path / "project")
        path = project / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        found = [
            d for d in pipeline.check(project, dt.date(2025, 10, 16)).diagnostics if d.path == file
        ]
        ours = [d for d in found if says in d.text]
        assert ours, [d.text for d in found]
        (diagnostic,) = ours
        assert diagnostic.severity == "error"
        if code != "schema":
            assert diagnostic.code == code
        # At the value of the key it names, in the report the replacement made.
        start = text.index(new)
        line = text.count("\n", 0, text.index(f"{key}:", start)) + 1
        assert diagnostic.line == line
        assert diagnostic.column == len(f"    {key}: ") + 1


# --- Every output, from a built site ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = plans_project(tmp_path_factory.mktemp("plans") / "project")
    found = pipeline.check(project, dt.date(2025, 10, 16)).diagnostics
    assert [d.code for d in found if d.severity == "error"] == []
    assert main(["--root", str(project), "generate", "--as-of", AS_OF]) == 0
    return project


def page(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def json_ld(project: Path, event: str) -> dict[str, object]:
    front_matter = json.loads(page(project, f"events/{event}.md").splitlines()[1])
    data: dict[str, object] = json.loads(front_matter["json_ld"])
    return data


def calendar_entry(project: Path, event: str) -> str | None:
    calendar = page(project, "feeds/events.ics").replace("\n ", "")
    if f"UID:{event}@" not in calendar:
        return None
    return calendar[calendar.index(f"UID:{event}@") :].split("END:VEVENT")[0]


def exported(project: Path, event: str) -> dict[str, object]:
    data = json.loads(page(project, "data/export.json"))
    found: dict[str, object] = next(e for e in data["events"] if e["id"] == event)
    return found


SLIP_PAGE = "../briefings/2025-10-15-synthetic-plans-slip.md"
AGENCY_Q = f"[Synthetic agency Q, 15 October 2025]({SLIP_PAGE})"


class TestEveryOutputSaysWhatTheSourcesSay:
    @pytest.mark.parametrize(
        ("event", "date", "status"),
        [
            ("synthetic-summit-a", "planned for 23 October 2025", "postponed, no new date"),
            ("synthetic-talks-b", "6 November 2025 (planned for 24 October 2025)", "postponed"),
            ("synthetic-visit-c", "planned for October 2025", "on hold"),
            ("synthetic-meeting-d", "week of 20 October 2025", None),
        ],
    )
    def test_the_event_page_gives_the_date_planned_for_and_the_status(
        self, site: Path, event: str, date: str, status: str | None
    ) -> None:
        text = page(site, f"events/{event}.md")
        assert f"- **Date:** {date}\n" in text
        if status is not None:
            assert f"- **Status:** {status}, as reported by {AGENCY_Q}\n" in text

    @pytest.mark.parametrize(
        ("event", "cell"),
        [
            ("synthetic-summit-a", "| postponed | planned for 23 October 2025 |"),
            ("synthetic-talks-b", "| postponed | 6 November 2025 (planned for 24 October 2025) |"),
            ("synthetic-visit-c", "| on hold | planned for October 2025 |"),
        ],
    )
    def test_each_report_keeps_the_date_it_said_was_planned(
        self, site: Path, event: str, cell: str
    ) -> None:
        assert cell in page(site, f"events/{event}.md")
        assert cell.replace("| postponed |", "").replace("| on hold |", "").split(" |")[0] in (
            page(site, "briefings/2025-10-15-synthetic-plans-slip.md")
        )

    @pytest.mark.parametrize(
        "line",
        [
            "- **planned for 23 October 2025**: [Synthetic summit A](events/synthetic-summit-a.md)"
            " (Synthetic City), postponed, no new date",
            "- **planned for October 2025**: [Synthetic visit C](events/synthetic-visit-c.md), "
            "on hold",
            "- **week of 20 October 2025**: [Synthetic meeting D](events/synthetic-meeting-d.md),"
            " scheduled",
        ],
    )
    def test_the_timeline_says_it_too(self, site: Path, line: str) -> None:
        assert line in page(site, "timeline.md").splitlines()

    @pytest.mark.parametrize(
        ("event", "now"),
        [
            ("synthetic-summit-a", "postponed, no new date (planned for 23 October 2025)"),
            ("synthetic-talks-b", "postponed to 6 November 2025 (planned for 24 October 2025)"),
            ("synthetic-visit-c", "on hold (planned for October 2025)"),
        ],
    )
    def test_the_earlier_briefing_says_what_became_of_its_plan(
        self, site: Path, event: str, now: str
    ) -> None:
        text = page(site, "briefings/2025-10-14-synthetic-plans-announced.md")
        slip = "2025-10-15-synthetic-plans-slip.md"
        per = f"per [Synthetic agency Q, 15 October 2025]({slip})"
        assert f"(../events/{event}.md): {now}, {per}\n" in text

    def test_upcoming_lists_the_weeks_and_no_plan_put_off(self, site: Path) -> None:
        upcoming = page(site, "upcoming.md")
        assert "| week of 20 October 2025 | [Synthetic meeting D]" in upcoming
        assert "October 2025 or week of 27 October 2025 (sources differ)" in upcoming
        for event in ("synthetic-summit-a", "synthetic-visit-c"):
            assert f"events/{event}.md" not in upcoming

    def test_the_calendar_puts_no_plan_on_a_day_no_source_gave(self, site: Path) -> None:
        assert calendar_entry(site, "synthetic-summit-a") is None  # no new date
        assert calendar_entry(site, "synthetic-visit-c") is None  # on hold
        talks = calendar_entry(site, "synthetic-talks-b")
        assert talks is not None
        assert "DTSTART;VALUE=DATE:20251106" in talks and "STATUS:TENTATIVE" in talks
        assert "6 November 2025 (planned for 24 October 2025)" in talks
        week = calendar_entry(site, "synthetic-meeting-d")
        assert week is not None
        assert "DTSTART;VALUE=DATE:20251020" in week and "DTEND;VALUE=DATE:20251027" in week
        assert "no day was given\\, so the entry spans the whole week" in week

    @pytest.mark.parametrize(
        ("event", "status", "start", "previous"),
        [
            ("synthetic-summit-a", "EventPostponed", None, "2025-10-23"),
            ("synthetic-talks-b", "EventRescheduled", "2025-11-06", "2025-10-24"),
            ("synthetic-visit-c", "EventPostponed", None, "2025-10"),
            ("synthetic-meeting-d", "EventScheduled", "2025-10", None),  # the week's month
            ("synthetic-meeting-e", "EventScheduled", "2025", None),  # over a month's end
        ],
    )
    def test_json_ld_claims_no_more_than_the_sources(
        self, site: Path, event: str, status: str, start: str | None, previous: str | None
    ) -> None:
        data = json_ld(site, event)
        assert data["eventStatus"] == f"https://schema.org/{status}"
        assert data.get("startDate") == start
        assert data.get("previousStartDate") == previous

    @pytest.mark.parametrize(
        ("event", "dates", "planned_for", "report_planned_for"),
        [
            ("synthetic-summit-a", [], ["2025-10-23"], [None, "2025-10-23"]),
            ("synthetic-talks-b", ["2025-11-06"], ["2025-10-24"], [None, "2025-10-24"]),
            ("synthetic-visit-c", [], ["2025-10"], [None, "2025-10"]),
            ("synthetic-meeting-d", ["2025-W43"], [], [None, None]),
        ],
    )
    def test_the_export_keeps_the_date_planned_for_apart(
        self,
        site: Path,
        event: str,
        dates: list[str],
        planned_for: list[str],
        report_planned_for: list[str | None],
    ) -> None:
        data = exported(site, event)
        assert (data["dates"], data["planned_for"]) == (dates, planned_for)
        reports = data["reports"]
        assert isinstance(reports, list)
        assert [r["planned_for"] for r in reports] == report_planned_for
        if event == "synthetic-meeting-d":
            assert reports[0]["date_precision"] == "week"
