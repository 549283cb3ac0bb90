"""The documentation is complete: every command and every error code is explained, and the
README's links to the documents beside it lead somewhere."""

from __future__ import annotations

import ast
import re

import pytest
import yaml

from conftest import REPO
from generator.__main__ import _parser

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")
DESIGN = REPO / "design"
DOCUMENTS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted(DESIGN.glob("*.md"))]
VENV_PYTHON = ".venv/bin/python"
LINK = re.compile(r"\]\(([^)\s]+)\)")


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


def section(text: str, heading: str) -> str:
    """The text under a `## ` heading, up to the next one."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def first_cells(text: str) -> list[str]:
    """The first cell of each row of the Markdown tables in the text, header rows included."""
    return [
        line.split(" | ", 1)[0].removeprefix("| ")
        for line in text.splitlines()
        if line.startswith("| ")
    ]


COMMANDS = sorted(_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_row_in_the_readme(name: str) -> None:
    # Shown in the full form a reader can paste: the README says to use the venv's Python.
    rows = first_cells(section(README, "Commands"))
    assert any(cell.startswith(f"`{VENV_PYTHON} -m generator {name}") for cell in rows), name


def test_the_readme_shows_one_python() -> None:
    """Every `python -m generator` the README shows is the virtual environment's."""
    for match in re.finditer(r"\S*python3? -m generator", README):
        assert match[0].lstrip("`(") == f"{VENV_PYTHON} -m generator", match[0]


def make_targets() -> list[str]:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE)
    assert phony is not None
    return sorted(phony[1].split())


@pytest.mark.parametrize("target", make_targets())
def test_every_make_target_has_a_row_in_the_readme(target: str) -> None:
    rows = first_cells(section(README, "Commands"))
    assert any(f"`make {target}`" in cell for cell in rows), target


def test_the_readme_says_which_tests_make_test_leaves_out() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert recipe is not None
    marker = re.search(r'-m "([^"]+)"', recipe[1])
    assert marker is not None and marker[1] == "not browser"
    row = next(
        line
        for line in section(README, "Commands").splitlines()
        if line.startswith("| `make test`")
    )
    assert f'pytest -m "{marker[1]}"' in row
    # Said where the two commands are, so no one takes `make test` for every test.
    assert "make browser-test" in README.split("\n## ", 1)[0]


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


def heading_anchors(text: str) -> set[str]:
    """The anchors GitHub gives a document's headings: lower case, punctuation dropped,
    spaces as hyphens."""
    headings = re.findall(
        r"^#+ (.+)$", re.sub(r"```.*?```", "", text, flags=re.DOTALL), re.MULTILINE
    )
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def relative_links() -> list[tuple[str, str]]:
    links = []
    for document in DOCUMENTS:
        for target in LINK.findall(document.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target):
                links.append((str(document.relative_to(REPO)), target))
    return links


@pytest.mark.parametrize(("document", "target"), relative_links())
def test_every_link_between_the_documents_leads_somewhere(document: str, target: str) -> None:
    path, _, anchor = target.partition("#")
    linked = (REPO / document).parent / path if path else REPO / document
    assert linked.resolve().is_file(), target
    if anchor and linked.suffix == ".md":
        assert anchor in heading_anchors(linked.read_text(encoding="utf-8")), target


def test_the_links_are_found() -> None:
    assert ("README.md", "design/architecture.md") in relative_links()
    assert ("CONTRIBUTING.md", "#competing-claims") in relative_links()


@pytest.mark.parametrize("document", sorted(path.name for path in DESIGN.glob("*.md")))
def test_the_readme_links_every_design_document(document: str) -> None:
    assert f"](design/{document})" in section(README, "Where to read more")
