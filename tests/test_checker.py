"""Bad input, end to end through `python -m generator check`: one line per problem, exact place.

Each case writes one file into a copy of the project and asserts the whole reported line's
location and the key words of its message, as a contributor would read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import WriteFile
from generator.__main__ import main

SYNTHETIC_SEED = (
    "SYNTHETIC TEST ARTICLE. The ministers met in Geneva on Tuesday to talk about trade.\n"
)
NAME = "briefings/2025/2025-11-16-synthetic.yml"

MINIMAL = """\
id: 2025-11-16-synthetic
title: Synthetic ministers meet in Geneva
date: 2025-11-16
source:
  file: synthetic_9001.txt
  agency: SYN
bottom_line: Synthetic bottom line.
key_points:
  - text: Synthetic point.
    evidence: The ministers met in Geneva on Tuesday
background: Synthetic background.
outlook: Synthetic outlook.
countries: [IN]
people:
  - id: s-jaishankar
    office: Synthetic Minister
topics: [trade]
"""
# That it passes as it is, so each case fails for its own reason only, is the case
# tests/fixtures/cases/valid-minimal-briefing.


def run_check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--root", str(project), "check", "--as-of", "2025-11-16"])
    return code, capsys.readouterr().out.splitlines()


def mutate(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


CASES: list[tuple[str, str, str, list[str]]] = [
    # (case id, file content, expected "line:col: severity", key words of the message)
    ("clock-time", mutate("agency: SYN", "agency: 12:30"), "6:11: error", ["as a number", "quote"]),
    ("leading-zero", mutate("agency: SYN", "agency: 0123"), "6:11: error", ["number", "quote"]),
    (
        "off-boolean",
        mutate("office: Synthetic Minister", "office: off"),
        "16:13: error",
        ["true/false", "quote"],
    ),
    (
        "float-title",
        mutate("title: Synthetic ministers meet in Geneva", "title: 1.5"),
        "2:8: error",
        ["number", "quote"],
    ),
    ("tab", mutate("  agency: SYN", "\tagency: SYN"), "6:1: error", ["tab", "spaces"]),
    (
        "unterminated-quote",
        mutate("title: Synthetic", 'title: "Synthetic'),
        "2:8: error",
        ["opened on line 2 is never closed", "closing double quote"],
    ),
    (
        "bad-indentation",
        mutate("  agency: SYN", " agency: SYN"),
        "6:2: error",
        ["did not find expected key", "indentation"],
    ),
    (
        "duplicate-key",
        MINIMAL + "title: Again\n",
        "18:1: error",
        ["duplicate key 'title'", "line 2"],
    ),
    (
        "anchor",
        mutate("countries: [IN]", "countries: &c [IN]\ntopics2: *c"),
        "13:12: error",
        ["anchors", "not allowed"],
    ),
    (
        "key-points-as-text",
        mutate(
            "key_points:\n  - text: Synthetic point.\n"
            "    evidence: The ministers met in Geneva on Tuesday",
            "key_points: just text",
        ),
        "8:13: error",
        ["key_points should be a list"],
    ),
    (
        "person-as-text",
        mutate("  - id: s-jaishankar\n    office: Synthetic Minister", "  - s-jaishankar"),
        "15:5: error",
        ["people[0] should be a mapping"],
    ),
    (
        "countries-as-scalar",
        mutate("countries: [IN]", "countries: IN"),
        "13:12: error",
        ["countries should be a list"],
    ),
    (
        "country-lowercase",
        mutate("countries: [IN]", "countries: [in]"),
        "13:13: error",
        ["not an ISO 3166 country code", "'IN'"],
    ),
    ("date-format", mutate("date: 2025-11-16", "date: 20/11/2025"), "3:7: error", ["date"]),
    (
        "short-evidence",
        mutate("evidence: The ministers met in Geneva on Tuesday", "evidence: met"),
        "10:15: error",
        ["at least 8 characters"],
    ),
    (
        "javascript-url",
        mutate("  agency: SYN", "  agency: SYN\n  url: javascript:alert(1)"),
        "7:8: error",
        ["only https:// and http:// links"],
    ),
    (
        "empty-title",
        mutate("title: Synthetic ministers meet in Geneva", "title:"),
        "2:7: error",
        ["title should be text, but it is empty"],
    ),
    ("top-level-list", "- id: x\n", "1:1: error", ["should be a mapping of fields"]),
    (
        "misspelt-field",
        mutate("outlook:", "outlok:"),
        "12:1: error",
        ["unknown field 'outlok'", "Did you mean 'outlook'?"],
    ),
    (
        "unknown-topic",
        mutate("topics: [trade]", "topics: [traed]"),
        "17:10: error",
        ["unknown topic 'traed'", "Did you mean 'trade'?"],
    ),
    (
        "unknown-person-by-alias",
        mutate("  - id: s-jaishankar", "  - id: jaishankar"),
        "15:9: error",
        ["unknown person 'jaishankar'", "Did you mean 's-jaishankar'?"],
    ),
    (
        "control-character",
        mutate("title: Synthetic", "title: Synthetic\x07"),
        "2:17: error",
        ["U+0007 is not allowed"],
    ),
    (
        "multi-line-title",
        mutate("title: Synthetic ministers meet in Geneva", "title: |\n  Synthetic\n  ministers"),
        "2:8: error",
        ["one line of text"],
    ),
]


@pytest.mark.parametrize(("case", "content", "where", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_briefing_is_reported_at_its_place(
    project: Path,
    write_file: WriteFile,
    capsys: pytest.CaptureFixture[str],
    case: str,
    content: str,
    where: str,
    words: list[str],
) -> None:
    write_file("seeds/synthetic_9001.txt", SYNTHETIC_SEED)
    (project / NAME).parent.mkdir(parents=True, exist_ok=True)
    (project / NAME).write_text(content, encoding="utf-8")
    code, lines = run_check(project, capsys)
    assert code == 1
    ours = [line for line in lines if line.startswith(f"{NAME}:")]
    assert any(line.startswith(f"{NAME}:{where}: ") for line in ours), (case, ours)
    line = next(line for line in ours if line.startswith(f"{NAME}:{where}: "))
    for word in words:
        assert word in line, (case, line)


def test_yaml_extension_is_rejected(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file("seeds/synthetic_9001.txt", SYNTHETIC_SEED)
    (project / NAME.replace(".yml", ".yaml")).write_text(MINIMAL, encoding="utf-8")
    code, lines = run_check(project, capsys)
    assert code == 1
    assert (
        f"{NAME.replace('.yml', '.yaml')}:1:1: error: a briefing file must end in .yml"
        in "\n".join(lines)
    )


@pytest.mark.parametrize(
    ("registry", "content", "where", "words"),
    [
        (
            "events",
            "- id: x-talks\n  name: X talks\n  kind: talk\n",
            "3:9: error",
            ["'talk' is not one of the allowed values", "Did you mean 'talks'?"],
        ),
        ("people", "people:\n  - id: x\n", "1:1: error", ["must be a list of entries"]),
        (
            "people",
            "- id: Sergey-Lavrov\n  name: Sergey Lavrov\n",
            "1:7: error",
            ["'Sergey-Lavrov' is not a valid id", "lowercase"],
        ),
    ],
    ids=["unknown-kind", "mapping-not-list", "id-not-slug"],
)
def test_bad_registry_is_reported_at_its_place(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    registry: str,
    content: str,
    where: str,
    words: list[str],
) -> None:
    (project / "entities" / f"{registry}.yml").write_text(content, encoding="utf-8")
    code, lines = run_check(project, capsys)
    assert code == 1
    name = f"entities/{registry}.yml"
    line = next((entry for entry in lines if entry.startswith(f"{name}:{where}: ")), None)
    assert line is not None, lines
    for word in words:
        assert word in line, line


def test_summary_counts_errors_and_files(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    write_file("briefings/2025/a.yml", "")
    write_file("briefings/2025/b.yml", "id: [\n")
    assert main(["--root", str(project), "check", "--as-of", "2025-11-16"]) == 1
    assert "2 errors in 2 files (9 files checked)." in capsys.readouterr().err


def test_duplicate_registry_id_names_the_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "entities" / "topics.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n- id: trade\n  name: Trade again\n", encoding="utf-8")
    lines = original.splitlines()
    first = lines.index("- id: trade") + 1
    added = len(lines) + 2
    _, out = run_check(project, capsys)
    assert (
        f"entities/topics.yml:{added}:7: error: the topic id 'trade' is already used at "
        f"entities/topics.yml:{first}:7. Give each one its own id [duplicate-id]"
    ) in out
