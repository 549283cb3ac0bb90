"""Diagnostics as data, shown three ways: text for people, annotations for CI, JSON for tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.core.diagnostics import (
    error,
    format_github,
    format_json,
    format_text,
    markdown_table,
    summary,
    warning,
)

PROBLEM = error("briefings/a,b.yml", 3, 7, "unknown-reference", "50% off\r\nnext", "Fix: it")


def test_text_is_one_line_with_location_severity_message_hint_and_code() -> None:
    line = format_text(error("b.yml", 3, 7, "code-x", "what is wrong", "How to fix it"))
    assert line == "b.yml:3:7: error: what is wrong. How to fix it [code-x]"


def test_github_annotation_escapes_data_and_properties() -> None:
    assert format_github(PROBLEM) == (
        "::error file=briefings/a%2Cb.yml,line=3,col=7,title=unknown-reference::"
        "50%25 off\\r\\nnext. Fix: it"  # line breaks shown, never acted on
    )
    assert format_github(warning("b.yml", 1, 1, "w", "m")).startswith("::warning file=b.yml,")


def test_json_round_trips() -> None:
    (decoded,) = json.loads(format_json([PROBLEM]))
    assert decoded["line"] == 3 and decoded["code"] == "unknown-reference"


def test_summary_wording() -> None:
    assert summary([], 7) == "No problems found in 7 files."
    found = [PROBLEM, warning("c.yml", 1, 1, "w", "m"), PROBLEM]
    assert summary(found, 9) == "2 errors and 1 warning in 2 files (9 files checked)."


def test_markdown_table_keeps_pipes_inside_cells() -> None:
    table = markdown_table([error("a.yml", 1, 2, "c", "a | b")])
    assert table.splitlines()[2] == "| <code>a\\.yml\\:1\\:2</code> | error | a \\| b |"


def test_github_format_writes_the_step_summary(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = next((project / "briefings").rglob("*.yml"))
    seed.write_text(seed.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    step_summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    assert (
        main(["--root", str(project), "check", "--format", "github", "--as-of", "2025-11-16"]) == 1
    )
    out = capsys.readouterr().out
    assert out.startswith(f"::error file=briefings/2025/{seed.name},line=3,col=1,")
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("## Briefing check\n")
    location = f"briefings/2025/{seed.name}:3:1".replace("-", "\\-").replace(".", "\\.")
    location = location.replace("/", "\\/").replace(":", "\\:")
    assert f"<code>{location}</code> | error | unknown field &#39;titel&#39;" in text
