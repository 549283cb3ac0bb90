"""Stage 2: schema and cross-file checks report the exact place and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, SEED_ID
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


def test_evidence_ignores_spacing_and_typographic_quotes() -> None:
    source = "ahead of Russian President Vladimir Putin’s anticipated visit,\n\n  “Make in India”"
    assert normalise_quote('Putin\'s anticipated   visit, "Make in India"') in normalise_quote(
        source
    )


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("summmary", ["summary", "title"], "Did you mean 'summary'?"),
        ("zzz", ["summary", "title"], ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str], expected: str) -> None:
    assert did_you_mean(word, choices) == expected
