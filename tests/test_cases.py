"""Validation and resolution cases as folders: each case under tests/fixtures/cases/ is a set
of files laid over the fixture corpus and the exact output `check` gives for it.

A case is data, not code, so adding one is adding a folder (see the README there), and its
expected lines are read as a contributor reads them: `path:line:col: severity: message [code]`.
Only the command line's `main` is used, so the case does not depend on how the package is split
into modules. `UPDATE_CASES=1` rewrites each expected.txt from the current output instead of
comparing; read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.__main__ import main

CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
OVERLAID = ("briefings", "entities", "seeds")
"""The folders of a case laid over the corpus; every other file in a case describes it."""
DEFAULT_AS_OF = "2025-11-16"
"""The day after the corpus's briefing, as in conftest.AS_OF, unless the case has as-of.txt."""
UPDATE = os.environ.get("UPDATE_CASES") == "1"
ERROR_LINE = re.compile(r"^\S.*:[0-9]+:[0-9]+: error: ")


def case_names() -> list[str]:
    return sorted(path.name for path in CASES.iterdir() if path.is_dir())


def overlay(case: Path, project: Path) -> None:
    """Each file of the case replaces the corpus's file of that path, or is added."""
    for name in OVERLAID:
        if (case / name).is_dir():
            shutil.copytree(case / name, project / name, dirs_exist_ok=True)


def as_of(case: Path) -> str:
    path = case / "as-of.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else DEFAULT_AS_OF


@pytest.mark.parametrize("name", case_names())
def test_case(project: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    case = CASES / name
    overlay(case, project)
    code = main(["--root", str(project), "check", "--as-of", as_of(case)])
    captured = capsys.readouterr()
    # The problem lines, then the summary: for a valid case the summary says there are none.
    output = captured.out + captured.err
    expected_path = case / "expected.txt"
    if UPDATE:
        expected_path.write_text(output, encoding="utf-8", newline="\n")
    assert output.splitlines() == expected_path.read_text(encoding="utf-8").splitlines()
    # Warnings never stop the build; any error does.
    errors = any(ERROR_LINE.match(line) for line in captured.out.splitlines())
    assert code == (1 if errors else 0), captured.out


def test_every_case_is_read_whole() -> None:
    """A file the overlay does not lay down (a folder misspelt `briefing/`) would leave its case
    testing the corpus unchanged, and an empty folder list would run no case at all."""
    names = case_names()
    assert len(names) >= 20
    known = {*OVERLAID, "expected.txt", "as-of.txt"}
    entries = [f"{name}/{path.name}" for name in names for path in (CASES / name).iterdir()]
    assert [entry for entry in entries if entry.split("/")[1] not in known] == []
    assert [name for name in names if not (CASES / name / "expected.txt").is_file()] == []
