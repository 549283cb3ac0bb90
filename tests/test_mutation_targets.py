"""The mutation-testing harness (tests/mutation/mutate.py) finds the mutants it promises, and
its list of equivalent mutants names only mutants that exist: a rule rewritten later leaves
no stale excuse behind. Running the mutants is `make mutation`, not part of this suite."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "mutation"))
import mutate


@pytest.fixture(scope="module")
def targets() -> list[mutate.Target]:
    return mutate.load_targets()


def test_every_target_has_mutants_with_unique_ids_that_are_still_python(
    targets: list[mutate.Target],
) -> None:
    for target in targets:
        mutants = mutate.find_mutants(target)  # parses every mutated source
        ids = [mutant.id for mutant in mutants]
        assert len(mutants) > 20, target.name
        assert len(ids) == len(set(ids)), target.name


def test_equivalent_mutants_listed_are_mutants_of_today(targets: list[mutate.Target]) -> None:
    for target in targets:
        ids = {mutant.id for mutant in mutate.find_mutants(target)}
        assert sorted(set(target.equivalent) - ids) == [], target.name
        assert all(reason.strip() for reason in target.equivalent.values()), target.name


def test_the_test_files_of_every_target_exist(targets: list[mutate.Target]) -> None:
    root = Path(__file__).parents[1]
    for target in targets:
        assert (root / target.file).is_file()
        assert [test for test in target.tests if not (root / test).is_file()] == []


TOY = '''
import functools

TABLE = {"a": 1}


@functools.cache
def decorated(x, y):
    """A docstring is left alone."""
    if x < y and y:
        total = x + 1
        seen.append(total)
        return min(total, 2)
    return not x
'''


def _toy_mutants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp_path / "toy.py").write_text(TOY, encoding="utf-8")
    monkeypatch.setattr(mutate, "REPO", tmp_path)
    target = mutate.Target("toy", "toy.py", (), (), {})
    source = TOY.encode()
    mutants = mutate.find_mutants(target)
    for mutant in mutants:
        ast.parse(mutant.source(source))
    return [mutant.id for mutant in mutants]


def test_decorated_functions_and_module_constants_are_mutated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What mutmut 3 skips, and the reason this project has a harness of its own."""
    assert _toy_mutants(tmp_path, monkeypatch) == [
        "TABLE: `'a'` → `'XXaXX'`",
        "TABLE: `1` → `2`",
        "decorated: drop `if x < y and y: …`",
        "decorated: `x < y and y` → `not (x < y and y)`",
        "decorated: `x < y and y`: and ↔ or",
        "decorated: `x < y` → `x <= y`",
        "decorated: `x + 1` → `x - 1`",
        "decorated: `1` → `2`",
        "decorated: drop `seen.append(total)`",
        "decorated: `return min(total, 2)` → `return None`",
        "decorated: `min(…)` → `max(…)`",
        "decorated: `2` → `3`",
        "decorated: `return not x` → `return None`",
        "decorated: `not x` → `x`",
    ]


def test_a_scope_limits_the_mutants_to_its_definitions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "toy.py").write_text(TOY, encoding="utf-8")
    monkeypatch.setattr(mutate, "REPO", tmp_path)
    only_table = mutate.find_mutants(mutate.Target("toy", "toy.py", ("TABLE",), (), {}))
    assert {mutant.id.split(":")[0] for mutant in only_table} == {"TABLE"}
    with pytest.raises(SystemExit, match="no top-level missing"):
        mutate.find_mutants(mutate.Target("toy", "toy.py", ("missing",), (), {}))
