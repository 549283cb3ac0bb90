"""Pages lead with what matters (issue 28): entity pages open with where things stand, lists
of briefings give each bottom line, Upcoming lists the plans whose date has passed with no
report of the outcome, and an event page says where each value comes from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SEED_ID, copy_project
from generator.__main__ import main
from generator.story.event_state import NO_DATE

STORY = REPO / "tests" / "fixtures" / "story"
TALKS_HELD = "2025-11-18-synthetic-talks-held.yml"
SEED_BOTTOM_LINE = "Indian External Affairs Minister S. Jaishankar and Russian Foreign"


def _project(tmp_path: Path, as_of: str, *story_files: str) -> Path:
    project = copy_project(tmp_path / "project")
    for name in story_files:
        shutil.copy2(STORY / "briefings" / "2025" / name, project / "briefings" / "2025" / name)
    for path in (STORY / "seeds").iterdir():  # unused articles are harmless
        shutil.copy2(path, project / "seeds" / path.name)
    assert main(["--root", str(project), "generate", "--as-of", as_of]) == 0
    return project


def _page(project: Path, uri: str) -> str:
    return (project / "docs" / uri).read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a level-two heading, up to the next one."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


@pytest.fixture(scope="module")
def seed_late(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus read on 1 January 2026: both its plans' dates have passed."""
    return _project(tmp_path_factory.mktemp("late"), "2026-01-01")


@pytest.fixture(scope="module")
def talks_held(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus and the story's report that the talks were held: the visit is overdue."""
    return _project(tmp_path_factory.mktemp("held"), "2026-01-01", TALKS_HELD)


@pytest.mark.parametrize(
    "uri",
    [
        "countries/india.md",
        "people/s-jaishankar.md",
        "organisations/united-nations.md",
        "topics/energy.md",
    ],
)
def test_an_entity_page_opens_with_its_latest_bottom_line_and_dated(
    seed_late: Path, uri: str
) -> None:
    text = _page(seed_late, uri)
    body = text.split("\n# ", 1)[1]
    first_section = body.split("\n## ", 1)[0]
    assert "Where things stand" in first_section
    assert "Latest briefing, 15 November 2025" in first_section
    assert SEED_BOTTOM_LINE in first_section


def test_an_entity_lead_gives_the_latest_events_state_and_reference_details_come_last(
    seed_late: Path,
) -> None:
    text = _page(seed_late, "countries/india.md")
    lead = text.split("\n## ", 1)[0]
    assert "no report of the outcome yet" in lead  # the talks' date has passed
    assert "ISO 3166 code" not in lead
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[-1] == "Reference"
    assert "**ISO 3166 code:** IN" in _section(text, "Reference")


def test_the_lead_names_the_newest_briefing(talks_held: Path) -> None:
    lead = _page(talks_held, "people/s-jaishankar.md").split("\n## ", 1)[0]
    assert "Latest briefing, 18 November 2025" in lead
    assert "15 November 2025:**" not in lead


@pytest.mark.parametrize(
    ("uri", "heading"),
    [
        ("briefings/index.md", "2025"),
        ("countries/india.md", "Briefings"),
        ("people/s-jaishankar.md", "Briefings"),
        ("topics/energy.md", "Briefings"),
        ("events/unga-80.md", "Briefings"),
    ],
)
def test_lists_of_briefings_give_each_bottom_line(seed_late: Path, uri: str, heading: str) -> None:
    listed = _section(_page(seed_late, uri), heading)
    assert SEED_ID in listed
    assert SEED_BOTTOM_LINE in listed


def test_upcoming_lists_plans_whose_date_passed_with_no_report_newest_first(
    seed_late: Path,
) -> None:
    overdue = _section(_page(seed_late, "upcoming.md"), "Date passed, no report of the outcome yet")
    rows = [line for line in overdue.splitlines() if line.startswith("| [") or "events/" in line]
    rows = [line for line in rows if line.startswith("|") and "---" not in line]
    assert [row.split(" | ")[1].split("](")[0] for row in rows] == [
        "| [Vladimir Putin's visit to India"[2:],
        "[Jaishankar–Lavrov talks in Moscow",
    ]
    assert all("no report of the outcome yet" in row for row in rows)


def test_upcoming_drops_a_plan_once_its_outcome_is_reported(talks_held: Path) -> None:
    overdue = _section(
        _page(talks_held, "upcoming.md"), "Date passed, no report of the outcome yet"
    )
    assert "Vladimir Putin's visit to India" in overdue
    assert "Jaishankar–Lavrov talks in Moscow" not in overdue


def test_upcoming_has_no_overdue_section_before_any_date_passes(tmp_path: Path) -> None:
    project = _project(tmp_path, "2025-11-16")
    assert "Date passed" not in _page(project, "upcoming.md")


@pytest.mark.parametrize(
    "uri",
    [
        "events/unga-80.md",
        "events/jaishankar-lavrov-moscow-talks-2025.md",
        "events/putin-india-visit-2025.md",
    ],
)
def test_an_event_page_never_says_not_given_and_says_where_each_value_comes_from(
    seed_late: Path, uri: str
) -> None:
    text = _page(seed_late, uri)
    assert "not given" not in text
    header = text.split("\n## ", 1)[0]

    def field(name: str) -> str | None:
        found = re.search(rf"^- \*\*{name}:\*\* (.+)$", header, flags=re.MULTILINE)
        return found.group(1) if found else None

    # Each value alone on its line, as every other page and the site-diff report give it,
    # then on a line of its own where it comes from: a report, or the registry.
    date, place = field("Date"), field("Place")
    assert date is not None and place is not None
    assert "(per " not in date and "(per " not in place
    date_source, place_source = field("Date given by"), field("Place given by")
    if date == NO_DATE:
        assert date_source is None
    else:
        assert date_source is not None and date_source.startswith("[")
    assert place_source is not None
    assert place_source.startswith("[") or place_source.startswith("the registry")


def test_a_place_only_the_registry_gives_says_so_beside_the_reports_none(seed_late: Path) -> None:
    text = _page(seed_late, "events/unga-80.md")
    registry = "the registry; no report gives a place"
    assert f"- **Place:** New York\n- **Place given by:** {registry}\n" in text
    assert f"- **Date:** {NO_DATE}\n" in text
    assert "| none in this report | none in this report |" in text


def test_the_timeline_and_search_never_give_not_given_as_a_date(seed_late: Path) -> None:
    assert "not given" not in _page(seed_late, "timeline.md")
    front = _page(seed_late, "events/unga-80.md").split("\n---\n", 1)[0]
    assert '"date": "not given"' not in front


def test_a_briefing_puts_key_points_before_who_and_what_and_since_after_them(
    seed_late: Path,
) -> None:
    text = _page(seed_late, f"briefings/{SEED_ID}.md")
    order = [text.index(s) for s in ('"Bottom line"', '"Who and what"', "## Key points")]
    assert order == sorted(order)  # the stylesheet moves who-and-what beside or after them
    since = text.index('"Since this briefing"')
    assert text.index("## Key points") < since < text.index("## Background")


@pytest.mark.parametrize("url", [None, "https://example.org/news?id=1&page=2"])
def test_a_briefing_byline_links_the_outlet_to_the_article_when_it_has_an_address(
    tmp_path: Path, url: str | None
) -> None:
    project = copy_project(tmp_path / "project")
    if url is not None:
        path = project / "briefings" / "2025" / f"{SEED_ID}.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  agency: ANI\n", f"  agency: ANI\n  url: {url}\n"))
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    page = _page(project, f"briefings/{SEED_ID}.md")
    byline = next(line for line in page.splitlines() if line.startswith("**15 November 2025**"))
    if url is None:
        assert byline.endswith("based on a report by ANI")
    else:
        assert byline.endswith(f"based on a report by [ANI]({url.replace('&', '&amp;')})") or (
            byline.endswith(f"based on a report by [ANI]({url})")
        )
