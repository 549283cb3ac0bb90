"""A site built as of a day is the site of that day: briefings dated later do not exist yet.

The story fixture (tests/fixtures/story/) follows the fixture corpus's briefing of 15 November
2025 with briefings of 18 November and 6 December. Built as of a day between two of them, every
page, feed, the calendar and the export must equal the site of a checkout that never had the
later briefings, and `check` warns at the date of each later one (`after-as-of`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import yaml

from conftest import SEED_ID, copy_project
from generator.__main__ import main
from generator.build import pipeline
from generator.outputs.write import GENERATED_DIRS, GENERATED_FILES
from test_story import STORY, TALKS, UNGA_MEETING, VISIT, add_story, markdown

TALKS_HELD = "2025-11-18-synthetic-talks-held"
VISIT_HELD = "2025-12-06-synthetic-visit-held"
VISIT_PREVIEW = "2025-12-06-synthetic-visit-preview"
DATE_OF = {
    SEED_ID: dt.date(2025, 11, 15),
    TALKS_HELD: dt.date(2025, 11, 18),
    VISIT_HELD: dt.date(2025, 12, 6),
    VISIT_PREVIEW: dt.date(2025, 12, 6),
}
AS_OF_DAYS = [
    "2025-11-14",  # before every briefing: a site with none
    "2025-11-15",  # the seed's own day
    "2025-11-16",  # between the seed and the talks held
    "2025-11-18",  # the day of the talks held
    "2025-12-04",  # between the talks held and the visit
    "2025-12-05",  # the day before the visit's briefings
    "2025-12-06",  # their day: everything
]


def briefing_path(project: Path, briefing_id: str) -> Path:
    return project / "briefings" / "2025" / f"{briefing_id}.yml"


def later_than(as_of: dt.date) -> list[str]:
    return sorted(i for i, day in DATE_OF.items() if day > as_of)


def story_project(target: Path, without: Sequence[str] = ()) -> Path:
    """The fixture corpus with the story, without the briefings named in `without` (their
    articles stay: a checkout that has the article but not yet its briefing)."""
    project = add_story(copy_project(target))
    for briefing_id in without:
        briefing_path(project, briefing_id).unlink()
    return project


def pages_as_of(project: Path, as_of: dt.date) -> dict[str, str]:
    """Every page, feed, the calendar and the export `generate` would write, in memory."""
    result = pipeline.check(project, as_of)
    assert result.corpus is not None, [str(d) for d in result.diagnostics]
    return {page.uri: page.text for page in pipeline.build_pages(result.corpus, as_of)}


def generated_files(docs: Path) -> dict[str, bytes]:
    """What a run wrote under docs/, by page uri."""
    found = {name: (docs / name).read_bytes() for name in GENERATED_FILES if (docs / name).exists()}
    for folder in GENERATED_DIRS:
        for path in (docs / folder).rglob("*"):
            if path.is_file():
                found[path.relative_to(docs).as_posix()] = path.read_bytes()
    return found


def date_position(project: Path, briefing_id: str) -> tuple[int, int]:
    """Where the briefing's `date` value stands, from the file's own text."""
    lines = briefing_path(project, briefing_id).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if text.startswith("date:"))
    return line + 1, len("date: ") + 1


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story_project(tmp_path_factory.mktemp("as-of") / "project")


# --- The snapshot ------------------------------------------------------------------------------


class TestTheSiteAsOfADayIsTheSiteOfThatDay:
    @pytest.mark.parametrize("day", AS_OF_DAYS)
    def test_every_output_equals_a_checkout_without_the_later_briefings(
        self, full: Path, tmp_path: Path, day: str
    ) -> None:
        as_of = dt.date.fromisoformat(day)
        later = later_than(as_of)
        then = pages_as_of(story_project(tmp_path / "then", later), as_of)
        now = pages_as_of(full, as_of)
        assert sorted(now) == sorted(then)
        assert [uri for uri in sorted(now) if now[uri] != then[uri]] == []

    @pytest.mark.parametrize("day", AS_OF_DAYS)
    def test_no_output_names_a_later_briefing_or_its_article(self, full: Path, day: str) -> None:
        as_of = dt.date.fromisoformat(day)
        pages = pages_as_of(full, as_of)
        for briefing_id in later_than(as_of):
            record = yaml.safe_load(briefing_path(full, briefing_id).read_text("utf-8"))
            for trace in (briefing_id, record["title"], record["source"]["file"]):
                assert [uri for uri, text in pages.items() if trace in text] == [], trace
        for briefing_id, day_of in DATE_OF.items():
            if day_of <= as_of:  # a briefing of the as-of day itself is published
                assert f"briefings/{briefing_id}.md" in pages

    @pytest.mark.parametrize(
        ("day", "event", "status", "upcoming"),
        [
            ("2025-11-16", TALKS, "scheduled", True),
            ("2025-11-16", VISIT, "anticipated", True),
            ("2025-11-18", TALKS, "held", False),
            ("2025-12-04", VISIT, "anticipated", True),
            ("2025-12-05", VISIT, "anticipated", True),
            ("2025-12-06", VISIT, "held", False),
        ],
    )
    def test_event_state_upcoming_calendar_and_export_are_those_of_the_day(
        self, full: Path, day: str, event: str, status: str, upcoming: bool
    ) -> None:
        as_of = dt.date.fromisoformat(day)
        pages = pages_as_of(full, as_of)
        assert f"- **Status:** {status}, as reported by" in pages[f"events/{event}.md"]
        assert (f"(events/{event}.md)" in pages["upcoming.md"]) is upcoming
        export = {e["id"]: e for e in json.loads(pages["data/export.json"])["events"]}
        assert export[event]["status"] == status
        reported = {r["briefing"] for r in export[event]["reports"]}
        assert reported and all(DATE_OF[i] <= as_of for i in reported)
        calendar = pages["feeds/events.ics"].replace("\r\n ", "")
        entry = calendar[calendar.index(f"UID:{event}@") :].split("END:VEVENT")[0]
        assert f"Status: {status}\\, as reported on" in entry

    def test_dates_reported_later_do_not_differ_yet(self, full: Path) -> None:
        """The test briefing of 18 November gives another date for the UNGA meeting: before it,
        the sources agree."""
        before = pages_as_of(full, dt.date(2025, 11, 16))
        after = pages_as_of(full, dt.date(2025, 11, 18))
        for pages, differ in ((before, False), (after, True)):
            page = pages[f"events/{UNGA_MEETING}.md"]
            assert ("(sources differ)" in page) is differ


# --- The check's warning -------------------------------------------------------------------------


class TestCheckWarnsAtTheDateOfALaterBriefing:
    @pytest.mark.parametrize("day", AS_OF_DAYS)
    def test_one_warning_at_each_later_briefings_date(self, full: Path, day: str) -> None:
        as_of = dt.date.fromisoformat(day)
        result = pipeline.check(full, as_of)
        assert result.ok
        found = [d for d in result.diagnostics if d.code == "after-as-of"]
        expected = [(f"briefings/2025/{i}.yml", *date_position(full, i)) for i in later_than(as_of)]
        assert [(d.path, d.line, d.column) for d in found] == expected
        for diagnostic in found:
            assert diagnostic.severity == "warning"
            assert f"after the as-of date {day}" in diagnostic.message
            assert "typo" in diagnostic.hint
        # Warnings about events speak of the site, so they read only published reports: the
        # dates differ once the briefing of 18 November is published.
        differ = [d.path for d in result.diagnostics if d.code == "conflicting-dates"]
        assert differ == (
            [f"briefings/2025/{SEED_ID}.yml", f"briefings/2025/{TALKS_HELD}.yml"]
            if TALKS_HELD not in later_than(as_of)
            else []
        )

    @pytest.mark.parametrize(
        ("epoch", "later"),
        [
            ("1764806400", [VISIT_HELD, VISIT_PREVIEW]),  # 2025-12-04 00:00 UTC
            ("1764979199", [VISIT_HELD, VISIT_PREVIEW]),  # 2025-12-05 23:59:59 UTC
            ("1764979200", []),  # 2025-12-06 00:00 UTC: the briefings' own day
            ("1763251200", [TALKS_HELD, VISIT_HELD, VISIT_PREVIEW]),  # 2025-11-16
        ],
    )
    def test_the_default_as_of_date_leaves_out_and_warns_alike(
        self,
        full: Path,
        epoch: str,
        later: list[str],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without --as-of, the build's date (SOURCE_DATE_EPOCH, else today) is the as-of
        date: a briefing dated after it waits for the first build on its day."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert main(["--root", str(full), "check"]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines() if "[after-as-of]" in line]
        expected = [
            "briefings/2025/{}.yml:{}:{}: warning: date: ".format(i, *date_position(full, i))
            for i in later
        ]
        assert len(lines) == len(expected), lines
        assert [line[: len(start)] for line, start in zip(lines, expected, strict=True)] == expected

    @pytest.mark.parametrize("kind", ["topics", "organisations"])
    def test_an_entry_only_a_later_briefing_uses_is_not_unused(
        self, tmp_path: Path, kind: str
    ) -> None:
        """The registry is not dated: the entry keeps its page, which lists no briefing until
        the later one is published, and counts as used, since it will be."""
        project = story_project(tmp_path / "project")
        identifier = f"synthetic-later-{kind}"
        entries = project / "entities" / f"{kind}.yml"
        entry = f"\n- id: {identifier}\n  name: Synthetic later {kind}\n"
        entries.write_text(entries.read_text("utf-8") + entry, "utf-8")
        later = briefing_path(project, VISIT_HELD)
        later.write_text(later.read_text("utf-8") + f"{kind}: [{identifier}]\n", "utf-8")
        as_of = dt.date(2025, 12, 4)
        result = pipeline.check(project, as_of)
        assert result.ok, [str(d) for d in result.diagnostics]
        assert [d for d in result.diagnostics if d.code == "unused-entry"] == []
        pages = pages_as_of(project, as_of)
        page = next(text for uri, text in pages.items() if uri.endswith(f"/{identifier}.md"))
        assert VISIT_HELD not in page


# --- Every command that reads the corpus ----------------------------------------------------


def move_later_briefing_earlier(project: Path) -> None:
    path = briefing_path(project, VISIT_PREVIEW)
    text = path.read_text("utf-8").replace("date: 2025-12-06", "date: 2025-12-03")
    path.write_text(text.replace(f"id: {VISIT_PREVIEW}", "id: 2025-12-03-synthetic-preview"))
    path.rename(path.with_name("2025-12-03-synthetic-preview.yml"))


def move_earlier_briefing_later(project: Path) -> None:
    path = briefing_path(project, TALKS_HELD)
    text = path.read_text("utf-8").replace("date: 2025-11-18", "date: 2025-12-08")
    path.write_text(text.replace(f"id: {TALKS_HELD}", "id: 2025-12-08-synthetic-talks"))
    path.rename(path.with_name("2025-12-08-synthetic-talks.yml"))


def retitle_later_briefing(project: Path) -> None:
    path = briefing_path(project, VISIT_HELD)
    path.write_text(path.read_text("utf-8").replace("title: Synthetic", "title: Retitled"))


class TestWatchModeAndSiteDiffReadTheSnapshot:
    @pytest.mark.parametrize(
        "edit",
        [move_later_briefing_earlier, move_earlier_briefing_later, retitle_later_briefing],
        ids=lambda edit: edit.__name__,
    )
    @pytest.mark.parametrize("day", ["2025-11-16", "2025-12-04"])
    def test_the_incremental_build_writes_what_a_full_run_writes(
        self, tmp_path: Path, day: str, edit: Callable[[Path], None]
    ) -> None:
        as_of = dt.date.fromisoformat(day)
        project = story_project(tmp_path / "project")
        build = pipeline.IncrementalBuild(project)
        for change in (None, edit):
            if change is not None:
                change(project)
            assert build.update(as_of).report is not None
            written = generated_files(project / "docs")
            expected = {uri: t.encode() for uri, t in pages_as_of(project, as_of).items()}
            assert sorted(written) == sorted(expected)
            assert [uri for uri in sorted(expected) if written[uri] != expected[uri]] == []
            assert [uri for uri in written if VISIT_HELD in uri] == []
        # The next day the briefings of that day appear, as in a full run.
        assert build.update(dt.date(2025, 12, 6)).report is not None
        assert (project / "docs" / "briefings" / f"{VISIT_HELD}.md").is_file()
        assert "held, as reported by" in markdown(project, f"events/{VISIT}.md")

    @pytest.mark.parametrize("day", ["2025-11-16", "2025-12-04", "2025-12-05"])
    def test_site_diff_sees_no_change_from_briefings_not_yet_published(
        self, full: Path, tmp_path: Path, day: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        base = story_project(tmp_path / "base", later_than(dt.date.fromisoformat(day)))
        assert main(["--root", str(full), "site-diff", "--base", str(base), "--as-of", day]) == 0
        assert "No generated page changes" in capsys.readouterr().out


def test_the_story_fixture_has_the_dates_these_tests_assume() -> None:
    for briefing_id, day in DATE_OF.items():
        folder = STORY if briefing_id != SEED_ID else Path(__file__).parent / "fixtures/corpus"
        text = briefing_path(folder, briefing_id).read_text("utf-8")
        assert f"\ndate: {day.isoformat()}\n" in text
