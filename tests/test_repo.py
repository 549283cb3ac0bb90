"""Promises about the repository itself: ignored outputs, a current schema, clean code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import REPO
from generator.inputs.load import parse_yaml
from generator.outputs.schema import schema_files
from generator.outputs.write import GENERATED_DIRS, GENERATED_FILES
from generator.story.sitemap import OVERVIEW_PAGES, PAGE_DIRS, SITE_NAME

needs_git = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout"
)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout


@needs_git
def test_every_generated_place_is_ignored_and_holds_no_tracked_file() -> None:
    places = [f"docs/{name}" for name in GENERATED_FILES]
    places += [f"docs/{name}/any-page.md" for name in GENERATED_DIRS]
    ignored = git("check-ignore", "--no-index", *places).split()
    assert sorted(ignored) == sorted(places)
    tracked = git("ls-files", "docs").split()
    assert tracked, "hand-written pages under docs/ are tracked"
    for path in tracked:
        relative = Path(path).relative_to("docs")
        assert relative.parts[0] not in GENERATED_DIRS, path
        assert relative.as_posix() not in GENERATED_FILES, path


def test_committed_json_schemas_are_current() -> None:
    for name, text in schema_files().items():
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `python -m generator schema`"


def test_files_validate_against_the_schema_editors_use(fixture_project: Path) -> None:
    paths = sorted(
        [*fixture_project.glob("briefings/**/*.yml"), *fixture_project.glob("entities/*.yml")]
    )
    assert len(paths) == 6
    for path in paths:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / first_line.split("$schema=")[1]).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        document, problems = parse_yaml(path.read_bytes(), path.name)
        assert document is not None and not problems, path
        jsonschema.validate(document.data, schema)


def test_the_schema_catches_what_the_checker_catches() -> None:
    schema = json.loads((REPO / "schema" / "briefing.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "../../etc", "title": "x"}, schema)


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "generator", "tests", "benchmarks"],
        ["ruff", "format", "--check", "generator", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_is_lint_clean(command: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_tests_cannot_read_the_repository_content() -> None:
    """conftest refuses every read of briefings/, entities/ and seeds/ in this repository."""
    with pytest.raises(PermissionError, match="tests/fixtures/corpus"):
        next((REPO / "briefings").iterdir())
    with pytest.raises(PermissionError, match="tests/fixtures/corpus"):
        (REPO / "entities" / "people.yml").read_text(encoding="utf-8")


def mkdocs_config() -> dict[str, Any]:
    class ConfigLoader(yaml.SafeLoader):
        pass

    # MkDocs' own tags (!ENV, !!python/name): their values do not matter here.
    ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    ConfigLoader.add_multi_constructor("!", lambda *_: None)
    config: dict[str, Any] = yaml.load(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8"), ConfigLoader
    )
    return config


def test_the_nav_holds_every_section_index_and_leaves_entity_pages_out() -> None:
    """mkdocs.yml keeps the nav small by hand; the site map says what it must hold."""
    config = mkdocs_config()
    in_nav = {next(iter(item.values())) for item in config["nav"]}
    assert {page.uri for page in OVERVIEW_PAGES} <= in_nav
    left_out = set(config["not_in_nav"].split())
    assert {f"/{folder}/**/*.md" for folder in PAGE_DIRS} == left_out


def test_the_site_name_is_written_once_in_the_generator() -> None:
    """The generator's one SITE_NAME is mkdocs.yml's, and no module or template of the
    generator, and nothing of the theme, writes it again: a rename changes two lines."""
    assert mkdocs_config()["site_name"] == SITE_NAME
    places = [REPO / "generator", REPO / "overrides", REPO / "docs" / "javascripts"]
    repeated = [
        path.relative_to(REPO).as_posix()
        for place in places
        for path in sorted(place.rglob("*"))
        if path.is_file()
        and path.suffix in {".py", ".j2", ".html", ".js"}
        and SITE_NAME in path.read_text(encoding="utf-8")
    ]
    assert repeated == ["generator/story/sitemap.py"]
