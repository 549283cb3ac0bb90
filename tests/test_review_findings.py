"""Regression tests for problems found in review: each one failed before its fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import SEED_ID, WriteFile
from generator.__main__ import main
from generator.build import pipeline
from generator.inputs.load import parse_yaml
from generator.outputs.write import WriteError, write_pages
from generator.pages.markdown_text import external_link
from generator.pages.render import front_matter
from generator.story.models import Page
from test_checker import MINIMAL, NAME, SYNTHETIC_SEED
from test_validate import BRIEFING, check_lines, line_of, replace_in_seed
from test_write import snapshot


def write_minimal(project: Path, write_file: WriteFile, text: str = MINIMAL) -> None:
    write_file("seeds/synthetic_9001.txt", SYNTHETIC_SEED)
    (project / NAME).parent.mkdir(parents=True, exist_ok=True)
    (project / NAME).write_text(text, encoding="utf-8")


def test_front_matter_description_cannot_leave_its_attribute() -> None:
    text = front_matter("T", 'x" onmouseover="alert(1)" </title><script>alert(2)</script>')
    assert "<script>" not in text and '" onmouseover' not in text
    assert "&quot; onmouseover=&quot;" in text


def test_trailing_hash_in_a_heading_is_kept() -> None:
    from generator.core.escaping import escape_inline

    html = markdown.markdown("# " + escape_inline("Talks on C#"))
    assert BeautifulSoup(html, "html.parser").get_text() == "Talks on C#"


@pytest.mark.parametrize(
    "url", ["https://example.com/a\\", "https://example.com/a`b`c", "https://e.com/(x))"]
)
def test_external_links_stay_links_with_the_same_address(url: str) -> None:
    html = markdown.markdown(external_link(url))
    anchor = BeautifulSoup(html, "html.parser").find("a")
    assert anchor is not None and anchor.get_text() == url
    from urllib.parse import unquote

    assert unquote(str(anchor["href"])) == url


def test_year_zero_is_a_located_error(project: Path) -> None:
    replace_in_seed(project, "date: 2025-12", "date: 0000-12")
    (found,) = check_lines(project)
    assert found.startswith(f"{BRIEFING}:{line_of(project, '0000-12')}:11: ")
    assert "the year 0 is outside 1800-2200" in found


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1763164800", "a date is written YYYY-MM-DD"),
        ("2025", "a date is written YYYY-MM-DD"),
        ("2025-11-15T10:00:00", "a date is written YYYY-MM-DD"),
    ],
)
def test_briefing_date_is_strictly_a_day(project: Path, value: str, words: str) -> None:
    replace_in_seed(project, "date: 2025-11-15", f"date: {value}")
    lines = check_lines(project)
    assert any(entry.startswith(f"{BRIEFING}:4:7: ") and words in entry for entry in lines), lines


def test_index_is_a_reserved_id(project: Path) -> None:
    topics = project / "entities" / "topics.yml"
    topics.write_text(
        topics.read_text("utf-8").replace("- id: trade\n", "- id: index\n"), encoding="utf-8"
    )
    replace_in_seed(project, "  - trade\n", "  - index\n")
    lines = check_lines(project)
    assert any("reserved-id: the id 'index' is reserved" in entry for entry in lines), lines


@pytest.mark.parametrize("name", ["India", "Index", "印度"])
def test_country_names_must_give_distinct_page_addresses(project: Path, name: str) -> None:
    countries = project / "entities" / "countries.yml"
    countries.write_text(
        countries.read_text("utf-8").replace("  name: Russia", f"  name: {name}"), "utf-8"
    )
    lines = check_lines(project)
    assert any(entry.startswith("entities/countries.yml:5:9: page-address: ") for entry in lines), (
        lines
    )


def test_bad_byte_column_counts_characters() -> None:
    _, problems = parse_yaml(
        'title: "cafééé \xff"'.encode("latin-1").replace("é".encode("latin-1"), "é".encode()),
        "b.yml",
    )
    assert [(p.line, p.column) for p in problems] == [(1, 16)]


def test_a_folder_in_seeds_is_ignored(project: Path) -> None:
    (project / "seeds" / "folder.txt").mkdir()
    assert check_lines(project) == []


def test_postponed_then_rescheduled_is_not_a_conflict(project: Path, write_file: WriteFile) -> None:
    for day, status, date in (("16", "postponed", ""), ("17", "scheduled", "2025-11-24")):
        seed = f"synthetic_77{day}.txt"
        write_file(f"seeds/{seed}", f"SYNTHETIC. The talks are {status} now, number {day}.\n")
        date_line = f"\n                date: {date}" if date else ""
        write_file(
            f"briefings/2025/2025-11-{day}-synthetic-talks.yml",
            f"""
            id: 2025-11-{day}-synthetic-talks
            title: Synthetic talks {status}
            date: 2025-11-{day}
            source:
              file: {seed}
            bottom_line: Synthetic.
            key_points:
              - text: Synthetic.
                evidence: The talks are {status} now, number {day}.
            background: Synthetic.
            outlook: Synthetic.
            events:
              - id: jaishankar-lavrov-moscow-talks-2025
                status: {status}{date_line}
            """,
        )
    early = pipeline.check(project, dt.date(2025, 11, 17))  # both briefings published
    assert [d.code for d in early.diagnostics] == []
    late = pipeline.check(project, dt.date(2025, 12, 10))
    stale = [d for d in late.diagnostics if d.code == "stale-status"]
    assert any(
        "2025-11-17-synthetic-talks" in d.path and "24 November 2025" in d.message for d in stale
    )


def test_a_folder_in_the_way_fails_before_anything_changes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages([Page("index.md", "old\n"), Page("people/a.md", "old\n")], docs)
    (docs / "people" / "b.md").mkdir()
    before = snapshot(docs)
    with pytest.raises(WriteError, match="in the way"):
        write_pages([Page("index.md", "new\n"), Page("people/b.md", "b\n")], docs)
    assert snapshot(docs) == before


def test_files_that_are_not_pages_are_never_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "people" / "img").mkdir(parents=True)
    (docs / "people" / "img" / "photo.png").write_bytes(b"png")
    write_pages([Page("index.md", "x\n")], docs)
    assert (docs / "people" / "img" / "photo.png").read_bytes() == b"png"


def test_upper_case_extension_is_reported(project: Path, write_file: WriteFile) -> None:
    write_minimal(project, write_file)
    (project / NAME).rename(project / NAME.replace(".yml", ".YML"))
    lines = check_lines(project)
    assert any("file-name: a briefing file must end in .yml" in entry for entry in lines)


def test_briefing_in_the_wrong_year_folder(project: Path, write_file: WriteFile) -> None:
    write_minimal(project, write_file)
    (project / "briefings" / "2024").mkdir()
    (project / NAME).rename(project / "briefings" / "2024" / Path(NAME).name)
    lines = check_lines(project)
    assert any("belongs in briefings/2025/" in entry for entry in lines), lines


def test_usage_errors_are_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "generate", "--as-of", "tomorrow"]) == 2
    assert capsys.readouterr().err == (
        "error: --as-of must be a date written YYYY-MM-DD, not 'tomorrow'\n"
    )


def test_seed_page_still_builds(project: Path) -> None:
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    assert (project / "docs" / "briefings" / f"{SEED_ID}.md").is_file()
