"""Every command that writes does it by the writer's rules: no file is written through a
symbolic link committed anywhere on its path, including under a temporary name the writer
once used, and a refusal is one line naming the link.

Each case commits (here: plants) a link to a file, a folder or nothing outside the project,
runs the command, and checks that everything outside is as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from generator.__main__ import main
from generator.outputs.schema import SCHEMA_DIR, schema_files
from search_site import write_search_site

TARGETS = ("file", "folder", "nothing")
"""What a planted link points at, outside the project."""
SCHEMA_NAMES = ("briefing.schema.json", "people.schema.json", "export.schema.json")
SEED = "seeds/000_ed05fc7602eed4fd.txt"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below folder: a file's bytes, a folder or link marked as such."""
    found: dict[str, bytes | str] = {}
    for directory, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(directory) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = f"link to {path.readlink()}"
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A place outside the project that holds a file and a folder that must stay as they are."""
    place = tmp_path / "outside"
    (place / "folder").mkdir(parents=True)
    (place / "file").write_text("not the generator's\n", encoding="utf-8")
    (place / "folder" / "kept.txt").write_text("kept\n", encoding="utf-8")
    return place


def plant(link: Path, outside: Path, target: str) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / target, target_is_directory=target == "folder")


def one_line_naming(error: str, shown: str) -> None:
    """The refusal: one `error:` line naming the link, no traceback."""
    lines = error.strip().splitlines()
    assert len(lines) == 1, error
    assert lines[0].startswith("error: ") and shown in lines[0], error
    assert "symbolic link" in lines[0]
    assert "Traceback" not in error and "internal error" not in error


class TestSchema:
    """`schema` writes each schema under a fresh temporary name, never one planted for it."""

    @pytest.mark.parametrize("target", TARGETS)
    @pytest.mark.parametrize("name", SCHEMA_NAMES)
    def test_a_link_under_the_old_temporary_name_is_not_written_through(
        self, tmp_path: Path, outside: Path, name: str, target: str
    ) -> None:
        root = tmp_path / "project"
        plant(root / SCHEMA_DIR / f"{name}.generator-tmp", outside, target)
        before = snapshot(outside)
        assert main(["--root", str(root), "schema"]) == 0
        assert snapshot(outside) == before
        written = root / SCHEMA_DIR / name
        assert not written.is_symlink()
        assert written.read_text(encoding="utf-8") == schema_files()[name]

    @pytest.mark.parametrize("target", TARGETS)
    @pytest.mark.parametrize("place", [SCHEMA_DIR, f"{SCHEMA_DIR}/briefing.schema.json"])
    def test_a_linked_schema_or_folder_is_refused(
        self,
        tmp_path: Path,
        outside: Path,
        capsys: pytest.CaptureFixture[str],
        place: str,
        target: str,
    ) -> None:
        root = tmp_path / "project"
        plant(root / place, outside, target)
        before = snapshot(outside)
        assert main(["--root", str(root), "schema"]) == 1
        assert snapshot(outside) == before
        one_line_naming(capsys.readouterr().err, f"{place}:")

    @pytest.mark.parametrize("name", SCHEMA_NAMES)
    def test_check_names_a_linked_schema_instead_of_reading_through_it(
        self, tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        root = tmp_path / "project"
        root.mkdir()
        (outside / "file").write_text(schema_files()[name], encoding="utf-8")
        assert main(["--root", str(root), "schema"]) == 0
        (root / SCHEMA_DIR / name).unlink()
        plant(root / SCHEMA_DIR / name, outside, "file")
        capsys.readouterr()
        assert main(["--root", str(root), "schema", "--check"]) == 1
        out = capsys.readouterr().out.strip().splitlines()
        assert len(out) == 1
        assert out[0].startswith(f"error: {SCHEMA_DIR}/{name}: is a symbolic link")


class TestNew:
    """`new` never creates a briefing through a linked folder or a link in the file's place."""

    @pytest.mark.parametrize("target", TARGETS)
    @pytest.mark.parametrize(
        "place",
        [
            "briefings/2031",
            "briefings",
            "briefings/2031/2031-01-02-talks.yml",
        ],
    )
    def test_a_link_on_the_way_is_refused_naming_it(
        self,
        tmp_path: Path,
        outside: Path,
        capsys: pytest.CaptureFixture[str],
        place: str,
        target: str,
    ) -> None:
        root = copy_project(tmp_path / "project")
        if place == "briefings":
            shutil.rmtree(root / "briefings")
        plant(root / place, outside, target)
        before = snapshot(outside)
        command = ["--root", str(root), "new", SEED, "--date", "2031-01-02", "--slug", "talks"]
        assert main(command) == 1
        assert snapshot(outside) == before
        one_line_naming(capsys.readouterr().err, f"{place}:")


class TestSearchFacetsOutput:
    """`search-facets` swaps its folder in through names made at random, never planted ones."""

    @pytest.mark.parametrize("target", TARGETS)
    @pytest.mark.parametrize("name", ["search-facets.generator-tmp", "search-facets.generator-old"])
    def test_a_link_under_an_old_working_name_is_not_touched(
        self, tmp_path: Path, outside: Path, name: str, target: str
    ) -> None:
        root = tmp_path / "project"
        write_search_site(root / "site")
        assert main(["--root", str(root), "search-facets"]) == 0  # a folder to swap out
        plant(root / "site" / name, outside, target)
        before = snapshot(outside)
        assert main(["--root", str(root), "search-facets"]) == 0
        assert snapshot(outside) == before
        assert (root / "site" / name).is_symlink()
        assert (root / "site" / "search-facets" / "index.json").is_file()
        assert not (root / "site" / "search-facets").is_symlink()

    @pytest.mark.parametrize("target", TARGETS)
    def test_a_linked_filter_folder_is_refused(
        self,
        tmp_path: Path,
        outside: Path,
        capsys: pytest.CaptureFixture[str],
        target: str,
    ) -> None:
        root = tmp_path / "project"
        write_search_site(root / "site")
        plant(root / "site" / "search-facets", outside, target)
        before = snapshot(outside)
        assert main(["--root", str(root), "search-facets"]) == 1
        assert snapshot(outside) == before
        one_line_naming(capsys.readouterr().err, "site/search-facets:")
