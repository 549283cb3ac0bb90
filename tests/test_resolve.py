"""Stage 3: every reference resolves to one entity, or the message names the likely one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import AS_OF, WriteFile
from generator.build import pipeline
from test_validate import BRIEFING, check_lines, line_of, replace_in_seed


def test_unknown_person_suggests_by_id_or_alias(project: Path) -> None:
    replace_in_seed(project, "  - id: sergey-lavrov", "  - id: lavrof")
    line = line_of(project, "id: lavrof")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:9: unknown-reference: people[1].id: unknown person 'lavrof'. "
        "Did you mean 'sergey-lavrov'?"
    ]


def test_unknown_country_code(project: Path) -> None:
    replace_in_seed(project, "countries: [IN, RU]", "countries: [IN, XR]")
    (found,) = check_lines(project)
    assert found.startswith(f"{BRIEFING}:{line_of(project, 'countries: [IN, XR]')}:17: ")
    assert "countries[1]: unknown country 'XR'" in found


def test_country_name_instead_of_code_suggests_the_code(project: Path) -> None:
    replace_in_seed(project, "countries: [IN, RU]", "countries: [IN, Russia]")
    (found,) = check_lines(project)
    assert "countries[1]: 'Russia' is not an ISO 3166 country code" in found
    assert "Did you mean 'RU' (Russian Federation)?" in found


def test_unknown_event_and_topic(project: Path) -> None:
    replace_in_seed(project, "  - id: unga-80", "  - id: unga-81")
    replace_in_seed(project, "  - west-asia", "  - west-asia2")
    lines = check_lines(project)
    assert any("unknown event 'unga-81'. Did you mean 'unga-80'?" in entry for entry in lines)
    assert any("unknown topic 'west-asia2'. Did you mean 'west-asia'?" in entry for entry in lines)


def test_registry_references_are_checked(project: Path) -> None:
    events = project / "entities" / "events.yml"
    text = events.read_text(encoding="utf-8").replace("parent: unga-80", "parent: unga-08")
    events.write_text(text, encoding="utf-8")
    lines = check_lines(project)
    assert any(
        entry.startswith("entities/events.yml:") and "unknown event 'unga-08'" in entry
        for entry in lines
    )


def test_unused_registry_entry_is_a_warning(project: Path, write_file: WriteFile) -> None:
    topics = (project / "entities" / "topics.yml").read_text(encoding="utf-8")
    write_file("entities/topics.yml", topics + "\n- id: fisheries\n  name: Fisheries\n")
    result = pipeline.check(project, AS_OF)
    assert result.ok, "a warning must not stop the build"
    (found,) = result.diagnostics
    assert (found.severity, found.code) == ("warning", "unused-entry")
    assert "'fisheries'" in found.message


def test_parent_cycle(project: Path) -> None:
    events = project / "entities" / "events.yml"
    text = events.read_text(encoding="utf-8").replace(
        "  organisations: [united-nations]",
        "  organisations: [united-nations]\n  parent: jaishankar-lavrov-unga80-meeting",
    )
    events.write_text(text, encoding="utf-8")
    assert any("parent-cycle" in entry for entry in check_lines(project))


def test_listing_the_same_entity_twice(project: Path) -> None:
    replace_in_seed(project, "countries: [IN, RU]", "countries: [IN, RU, IN]")
    (found,) = check_lines(project)
    assert "repeated-reference: countries[2]: 'IN' is listed twice" in found


def test_passed_event_still_scheduled_is_a_warning(project: Path) -> None:
    result = pipeline.check(project, dt.date(2025, 11, 18))
    assert result.ok
    (found,) = result.diagnostics
    line = line_of(project, "status: scheduled")
    assert (found.path, found.line, found.column, found.severity) == (
        BRIEFING,
        line,
        13,
        "warning",
    )
    assert found.message == (
        "event 'jaishankar-lavrov-moscow-talks-2025' was scheduled for 17 November 2025, "
        "which has passed, and no briefing reports whether it took place; its pages say "
        "'no report of the outcome yet'"
    )


def test_month_precise_event_is_not_stale_until_the_month_ends(project: Path) -> None:
    codes = [
        (d.code, d.message.split("'")[1])
        for d in pipeline.check(project, dt.date(2025, 12, 31)).diagnostics
    ]
    assert ("stale-status", "putin-india-visit-2025") not in codes
    codes = [
        (d.code, d.message.split("'")[1])
        for d in pipeline.check(project, dt.date(2026, 1, 1)).diagnostics
    ]
    assert ("stale-status", "putin-india-visit-2025") in codes


def test_two_briefings_giving_different_dates_warn_with_both_places(
    project: Path, write_file: WriteFile
) -> None:
    write_file("seeds/synthetic_0002.txt", "SYNTHETIC. The talks will take place on 18 November.\n")
    write_file(
        "briefings/2025/2025-11-16-synthetic-date-change.yml",
        """
        id: 2025-11-16-synthetic-date-change
        title: Synthetic briefing with another date
        date: 2025-11-16
        source:
          file: synthetic_0002.txt
        bottom_line: Synthetic.
        key_points:
          - text: Synthetic.
            evidence: The talks will take place on 18 November.
        background: Synthetic.
        outlook: Synthetic.
        events:
          - id: jaishankar-lavrov-moscow-talks-2025
            status: scheduled
            date: 2025-11-18
        """,
    )
    result = pipeline.check(project, AS_OF)
    assert result.ok
    earlier, found = result.diagnostics
    seed_line = line_of(project, "date: 2025-11-17")
    assert (earlier.path, earlier.line, earlier.column, earlier.code) == (
        BRIEFING,
        seed_line,
        11,
        "conflicting-dates",
    )
    assert "given at briefings/2025/2025-11-16-synthetic-date-change.yml:15:11" in earlier.message
    assert (found.path, found.line, found.column, found.code) == (
        "briefings/2025/2025-11-16-synthetic-date-change.yml",
        15,
        11,
        "conflicting-dates",
    )
    assert f"differs from 2025-11-17 given at {BRIEFING}:{seed_line}:11" in found.message


@pytest.mark.parametrize("valid", [True, False], ids=["valid-briefing", "failing-briefing"])
def test_an_event_reports_ids_are_checked_once_whether_the_briefing_validates(
    project: Path, valid: bool
) -> None:
    """A participant and a claim's author are checked in a briefing that validates and in
    one that fails its schema (read from the raw data), each reported once."""
    replace_in_seed(
        project,
        "  - id: putin-india-visit-2025\n    status: anticipated\n",
        "  - id: putin-india-visit-2025\n    status: anticipated\n"
        "    participants: [lavrof]\n"
        "    claims:\n      - by: nobody-known\n        status: anticipated\n"
        "        evidence: External Affairs Minister S Jaishankar will hold talks\n",
    )
    if not valid:
        replace_in_seed(project, "title: Jaishankar", "titel: Jaishankar")
    person, author = line_of(project, "participants: [lavrof]"), line_of(project, "nobody-known")
    lines = [line for line in check_lines(project) if "unknown-reference" in line]
    assert lines == [
        f"{BRIEFING}:{person}:20: unknown-reference: events[4].participants[0]: unknown person "
        "'lavrof'. Did you mean 'sergey-lavrov'?",
        f"{BRIEFING}:{author}:13: unknown-reference: events[4].claims[0].by: unknown person or "
        "organisation 'nobody-known'. Add it to entities/people.yml or "
        "entities/organisations.yml first, or leave out `by` for a claim the outlet itself makes",
    ]
