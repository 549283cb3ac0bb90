"""Shared fixtures: a throw-away project built from the tests' own corpus.

Tests never read the repository's content folders (`briefings/`, `entities/`, `seeds/`): those
change with every content pull request and are checked by `python -m generator check` and the
strict build instead. `tests/fixtures/corpus/` is a frozen copy in the same format."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site_hooks import CORE_FILES

REPO = Path(__file__).resolve().parent.parent

# A shell without job control starts a command run in the background (`make test &`) with
# Ctrl-C ignored, and an ignored signal stays ignored in every process started from it: the
# watch processes the tests stop with Ctrl-C would never stop. A handler of this process's
# own becomes the default in theirs.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
SEED_ID = "2025-11-15-jaishankar-lavrov-moscow-talks"
AS_OF = dt.date(2025, 11, 16)
"""A day after the seed article: its events are still in the future."""
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
"""The tests' own content: one real briefing with its article and registry, frozen here."""
SEED_BRIEFING = FIXTURE_CORPUS / "briefings" / "2025" / f"{SEED_ID}.yml"
CONTENT_DIRS = ("briefings", "entities", "seeds")
_REPOSITORY_CONTENT = tuple(f"{REPO / name}{os.sep}" for name in CONTENT_DIRS)


def _refuse_repository_content(event: str, args: tuple[object, ...]) -> None:
    """Fail any test that reads the repository's own content: a content pull request must be
    able to fail CI only through `check` and the build, never through a test."""
    if event not in {"open", "os.listdir", "os.scandir"} or not args:
        return
    path = args[0]
    if isinstance(path, str | os.PathLike):
        text = os.fspath(path)
        # Only absolute paths: a relative one may be opened against a folder handle (pytest's
        # clean-up does), so it says nothing about where it is. Tests name paths from REPO.
        if (
            isinstance(text, str)
            and Path(text).is_absolute()
            and f"{os.path.normpath(text)}{os.sep}".startswith(_REPOSITORY_CONTENT)
        ):
            raise PermissionError(f"tests use tests/fixtures/corpus, not {text}")


sys.addaudithook(_refuse_repository_content)


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
    # The hook, and the files it loads by path for its escaper.
    for hook_file in ("site_hooks.py", *CORE_FILES):
        (target / "generator" / hook_file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "generator" / hook_file, target / "generator" / hook_file)


def copy_project(target: Path) -> Path:
    """A project of the fixture corpus with this repository's schema, config and tracked docs,
    without anything generated."""
    for name in CONTENT_DIRS:
        shutil.copytree(FIXTURE_CORPUS / name, target / name)
    # The schema is generated from the code, not content: the fixtures' editor headers point at it.
    shutil.copytree(REPO / "schema", target / "schema")
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


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One read-only project of the fixture corpus, shared by tests that only check or render."""
    return copy_project(tmp_path_factory.mktemp("fixture") / "project")


SYNTHETIC_HEADER = "# SYNTHETIC DATA.\n"


def one_event_registry(event_id: str, name: str, countries: str) -> dict[str, str]:
    """A synthetic registry of India, Russia, one person and one event of `countries`
    ("IN, RU"), as files by path: for corpora of many briefings that report that event."""
    header = SYNTHETIC_HEADER
    return {
        "entities/countries.yml": header
        + "- code: IN\n  name: India\n- code: RU\n  name: Russia\n",
        "entities/people.yml": header
        + "- id: synthetic-person\n  name: Synthetic Person\n  country: RU\n",
        "entities/organisations.yml": header + "[]\n",
        "entities/topics.yml": header + "[]\n",
        "entities/events.yml": header + f"- id: {event_id}\n  name: {name}\n"
        f"  kind: meeting\n  place: Synthetic City\n  countries: [{countries}]\n"
        "  participants: [synthetic-person]\n",
    }


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
