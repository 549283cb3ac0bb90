"""The documentation is complete: every command and every error code is explained."""

from __future__ import annotations

import ast
import re

import pytest
import yaml

from conftest import REPO
from generator.__main__ import _parser

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def codes_in_source() -> set[str]:
    """Codes passed as a literal to error() or warning() anywhere in the generator."""
    codes = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"error", "warning", "error_at", "warning_at"}
                and len(node.args) >= (3 if node.func.id.endswith("_at") else 4)
            ):
                code = node.args[2 if node.func.id.endswith("_at") else 3]
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    codes.add(code.value)
                elif isinstance(code, ast.JoinedStr):
                    codes.add(ast.unparse(code))
    return codes


def documented_codes() -> set[str]:
    return set(re.findall(r"`([a-z][a-z-]*[a-z*])`", CONTRIBUTING.split("### Error codes")[1]))


@pytest.mark.parametrize("code", sorted(codes_in_source()))
def test_every_error_code_is_documented(code: str) -> None:
    documented = documented_codes()
    if code.startswith(("schema-", "f'schema-", 'f"schema-')):
        assert "schema-*" in documented
    elif code.startswith(("f'yaml-", 'f"yaml-')):
        assert {"yaml-anchor", "yaml-alias"} <= documented
    else:
        assert code in documented


def test_the_scan_finds_codes() -> None:
    assert {"unknown-reference", "evidence-not-in-source", "yaml-syntax"} <= codes_in_source()


def test_every_command_is_in_the_readme() -> None:
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"python -m generator {name}" in README + CONTRIBUTING, name


def test_readme_starts_with_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "make site" in head and "make test" in head


def test_contributing_example_is_what_check_prints() -> None:
    example = re.search(r"```text\n(.*?)\n", CONTRIBUTING, re.DOTALL)
    assert example is not None
    assert example[1] in README


def test_pre_commit_runs_the_check() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert ".venv/bin/python -m generator check" in entries
