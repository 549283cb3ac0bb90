"""Shared fixtures: a throw-away copy of the project, so tests never touch the real docs/."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_ID = "2025-11-15-jaishankar-lavrov-moscow-talks"
AS_OF = dt.date(2025, 11, 16)
"""A day after the seed article: its events are still in the future."""
SEED_BRIEFING = REPO / "briefings" / "2025" / f"{SEED_ID}.yml"
INPUT_DIRS = ("briefings", "entities", "seeds", "schema")


def copy_site_config(target: Path) -> None:
    """What `mkdocs build` needs besides generated pages: config, its hook, tracked docs."""
    (target / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "docs" / "about.md", target / "docs" / "about.md")
    shutil.copytree(REPO / "docs" / "stylesheets", target / "docs" / "stylesheets")
    shutil.copytree(REPO / "docs" / "javascripts", target / "docs" / "javascripts")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy2(REPO / "pagefind.yml", target / "pagefind.yml")
    shutil.copytree(REPO / "overrides", target / "overrides", dirs_exist_ok=True)
    (target / "generator").mkdir(exist_ok=True)
    shutil.copy2(REPO / "generator" / "site_hooks.py", target / "generator" / "site_hooks.py")


def copy_project(target: Path) -> Path:
    """The inputs and tracked docs of this repository, without anything generated."""
    for name in INPUT_DIRS:
        shutil.copytree(REPO / name, target / name)
    copy_site_config(target)
    return target


def build_site(
    project: Path, *, engine: str = "mkdocs", search: bool = False, epoch: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Build the generated pages of a project copy strictly, as `make site` does; with
    `search`, Pagefind indexes the result afterwards."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("SITE_URL", None)
    if epoch is not None:
        environment["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", engine, "build", "--strict", "--site-dir", "site"]
    if engine != "mkdocs":
        command += ["-f", "mkdocs.yml"]
    completed = subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, check=False
    )
    if search and completed.returncode == 0:
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--quiet"],
            cwd=project,
            env=environment,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project), "search-facets"],
            cwd=REPO,
            env=environment,
            check=True,
            capture_output=True,
        )
    return completed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


WriteFile = Callable[[str, str], Path]


@pytest.fixture
def write_file(project: Path) -> WriteFile:
    """Write a file into the project copy; text is dedented so tests can indent YAML."""

    def write(relative: str, text: str) -> Path:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
