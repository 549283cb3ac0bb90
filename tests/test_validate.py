"""Stage 2: schema and cross-file checks report the exact place and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, SEED_ID, WriteFile
from generator.build import pipeline
from generator.inputs.validate import did_you_mean, normalise_quote

BRIEFING = "briefings/2025/" + SEED_ID + ".yml"


def check_lines(project: Path) -> list[str]:
    result = pipeline.check(project, AS_OF)
    return [f"{d.path}:{d.line}:{d.column}: {d.code}: {d.text}" for d in result.diagnostics]


def seed_text(project: Path) -> str:
    return (project / BRIEFING).read_text(encoding="utf-8")


def replace_in_seed(project: Path, old: str, new: str) -> None:
    text = seed_text(project)
    assert old in text, f"fixture text not found: {old!r}"
    (project / BRIEFING).write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, needle: str) -> int:
    return next(i for i, line in enumerate(seed_text(project).splitlines(), 1) if needle in line)


def test_the_real_project_has_no_problems(project: Path) -> None:
    assert check_lines(project) == []


def test_misspelt_field_names_the_key_and_suggests(project: Path) -> None:
    replace_in_seed(project, "bottom_line:", "bottom_lin:")
    line = line_of(project, "bottom_lin:")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:1: schema-extra_forbidden: unknown field 'bottom_lin'. "
        "Did you mean 'bottom_line'?"
    ], "the misspelling is one mistake: no second error for the missing field"


def test_missing_field_points_at_the_mapping(project: Path) -> None:
    replace_in_seed(project, "  agency: ANI\n", "")
    replace_in_seed(project, "  file: 000_ed05fc7602eed4fd.txt\n", "  agency: ANI\n")
    line = line_of(project, "agency: ANI")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:3: schema-missing: missing required field 'file' in source. "
        "Add 'file:' with a value"
    ]


def test_misspelt_nested_field(project: Path) -> None:
    replace_in_seed(project, "    office: Foreign Minister", "    ofice: Foreign Minister")
    line = line_of(project, "ofice:")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:5: schema-extra_forbidden: unknown field 'ofice'. "
        "Did you mean 'office'?"
    ]


def test_unknown_status_lists_the_closest_choice(project: Path) -> None:
    replace_in_seed(project, "status: anticipated", "status: anticipatd")
    line = line_of(project, "anticipatd")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:13: schema-enum: events[4].status: 'anticipatd' is not one of the "
        "allowed values. Did you mean 'anticipated'? Allowed values: scheduled, anticipated, "
        "held, postponed, on-hold, cancelled"
    ]


def test_impossible_date(project: Path) -> None:
    replace_in_seed(project, "date: 2025-11-15", "date: 2025-02-30")
    (line,) = [check for check in check_lines(project) if "date" in check]
    assert line.startswith(f"{BRIEFING}:4:7: ")
    assert "date" in line


def test_impossible_partial_date(project: Path) -> None:
    replace_in_seed(project, "date: 2025-12", "date: 2025-13")
    line = line_of(project, "2025-13")
    (found,) = check_lines(project)
    assert found.startswith(f"{BRIEFING}:{line}:11: ")
    assert "month 13 does not exist" in found


def test_unquoted_boolean_text_must_be_quoted(project: Path) -> None:
    replace_in_seed(project, "  agency: ANI", "  agency: NO")
    line = line_of(project, "agency: NO")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:11: yaml-implicit-type: source.agency: YAML reads this value as "
        "a true/false value, not as text. Put it in quotes, e.g. 'NO' or '12:30'"
    ]


def test_id_must_match_file_name(project: Path) -> None:
    replace_in_seed(project, f"id: {SEED_ID}", "id: another-id")
    assert check_lines(project) == [
        f"{BRIEFING}:2:5: id-mismatch: the id 'another-id' differs from the file name "
        f"'{SEED_ID}'. Rename the file to another-id.yml or set id: {SEED_ID}"
    ]


def test_path_like_id_is_rejected(project: Path) -> None:
    replace_in_seed(project, f"id: {SEED_ID}", "id: ../../../tmp/pwned")
    (found,) = check_lines(project)
    assert found.startswith(f"{BRIEFING}:2:5: schema-string_pattern_mismatch: id: ")
    assert "is not a valid id" in found


def test_title_with_angle_brackets_is_rejected(project: Path) -> None:
    replace_in_seed(project, "title: Jaishankar", "title: <script>alert(1)</script> Jaishankar")
    (found,) = check_lines(project)
    assert found.startswith(f"{BRIEFING}:3:8: ")
    assert "one line of text without '<' or '>'" in found


def test_evidence_must_occur_in_the_source(project: Path) -> None:
    replace_in_seed(project, "regional security concerns,", "regional security worries,")
    line = line_of(project, "evidence: >-")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:15: evidence-not-in-source: key_points[0].evidence: this quote "
        "does not occur in seeds/000_ed05fc7602eed4fd.txt. The closest passage in "
        'seeds/000_ed05fc7602eed4fd.txt (line 17) reads: "…on forthcoming political contacts, '
        'regional security concerns, and key international developments of mutual interest."; '
        'your quote differs from it at "security worries," (word 23). Copy the passage word '
        "for word"
    ]


def test_evidence_ignores_spacing_and_typographic_quotes() -> None:
    source = "ahead of Russian President Vladimir Putin’s anticipated visit,\n\n  “Make in India”"
    assert normalise_quote('Putin\'s anticipated   visit, "Make in India"') in normalise_quote(
        source
    )


def test_unknown_source_file(project: Path) -> None:
    replace_in_seed(project, "file: 000_ed05fc7602eed4fd.txt", "file: 000_ed05fc7602eed4fe.txt")
    line = line_of(project, "file: 000")
    assert check_lines(project) == [
        f"{BRIEFING}:{line}:9: unknown-source: source.file: there is no "
        "seeds/000_ed05fc7602eed4fe.txt. Did you mean '000_ed05fc7602eed4fd.txt'?"
    ]


def test_duplicate_ids_after_case_folding(project: Path, write_file: WriteFile) -> None:
    write_file("entities/topics.yml", seed_topics(project) + "- id: trade\n  name: Trade 2\n")
    lines = check_lines(project)
    assert any(
        "entities/topics.yml" in entry and "duplicate-id" in entry and "already used at" in entry
        for entry in lines
    )


def seed_topics(project: Path) -> str:
    return (project / "entities" / "topics.yml").read_text(encoding="utf-8")


def test_all_problems_in_all_files_in_one_run(project: Path, write_file: WriteFile) -> None:
    replace_in_seed(project, "bottom_line:", "bottom_lin:")
    write_file("briefings/2025/broken.yml", "id: broken\ntitle: [unclosed\n")
    write_file("entities/people.yml", "- id: x\n  nme: X\n")
    files = {entry.split(":")[0] for entry in check_lines(project)}
    assert {BRIEFING, "briefings/2025/broken.yml", "entities/people.yml"} <= files


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("summmary", ["summary", "title"], "Did you mean 'summary'?"),
        ("zzz", ["summary", "title"], ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str], expected: str) -> None:
    assert did_you_mean(word, choices) == expected


def test_a_briefing_with_schema_errors_is_still_checked_for_references_and_evidence(
    project: Path,
) -> None:
    replace_in_seed(project, "title:", "titel:")
    replace_in_seed(project, "  - id: sergey-lavrov", "  - id: lavrof")
    replace_in_seed(project, "regional security concerns,", "regional security worries,")
    codes = [entry.split(": ")[1] for entry in check_lines(project)]
    assert codes == ["schema-extra_forbidden", "evidence-not-in-source", "unknown-reference"]
