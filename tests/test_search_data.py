"""Search data comes only from this build.

Nothing under docs/ (or the theme) may land in the site's pagefind/ or search-facets/; `make
site` clears both before Pagefind runs; and the filters read only the site's export, never
through a link. Each class plants files the way a pull request could and checks what comes
out."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_project
from generator.__main__ import main
from search_site import fragment, write_search_site


class TestNoSearchDataThroughALink:
    """The site folder, its data folder and the export the filters are made from are plain
    folders and files; a link, wherever it points, is refused naming it."""

    @pytest.mark.parametrize(
        ("place", "target"),
        [
            ("data/export.json", "a copy"),
            ("data/export.json", "nothing"),
            ("data", "a copy"),
        ],
    )
    def test_a_link_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str, target: str
    ) -> None:
        site = tmp_path / "project" / "site"
        write_search_site(site)
        planted = site / place
        outside = tmp_path / "outside"
        if target == "a copy":
            shutil.move(planted, outside)
        else:
            planted.unlink()
        planted.symlink_to(outside)
        assert main(["--root", str(tmp_path / "project"), "search-facets"]) == 1
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1, lines
        shown = f"site/{place}"
        assert lines[0].startswith("error: ") and f"{shown}: is a symbolic link" in lines[0]
        assert not (site / "search-facets").exists()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("reserved") / "project")
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    return project


class TestDocsCannotPlantSearchData:
    """A file of docs/ or of the theme that would land in the site's pagefind/ or
    search-facets/ stops the build, named, before anything is published."""

    @pytest.mark.parametrize(
        "planted",
        [
            "docs/pagefind/fragment/en_fffffff.pf_fragment",
            "docs/pagefind/pagefind-entry.json",
            "docs/search-facets/person/sergey-lavrov.json",
            "docs/pagefind.md",
            "overrides/pagefind/pagefind-ui.js",
        ],
    )
    def test_the_build_stops_naming_the_file(self, generated: Path, planted: str) -> None:
        path = generated / planted
        path.parent.mkdir(parents=True, exist_ok=True)
        page = planted.endswith(".md")
        path.write_bytes(b"# A page\n" if page else fragment("/briefings/x/"))
        top = generated.joinpath(*Path(planted).parts[:2])
        try:
            built = build_site(generated)
        finally:
            shutil.rmtree(top) if top.is_dir() else top.unlink()
        assert built.returncode != 0
        named = [line for line in built.stderr.splitlines() if planted in line]
        assert len(named) == 1, built.stderr
        assert "[reserved-site-path]" in named[0]
        assert not (generated / "site" / "pagefind").exists()


def site_recipe() -> list[str]:
    """The commands of the Makefile's `site` target, with its Python."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("site:")))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line[1:].replace("$(PY)", shlex.quote(sys.executable)))
    return recipe


class TestMakeSiteStartsAfresh:
    """`make site` builds into an emptied folder and clears the search folders before
    Pagefind: a link left in site/ (MkDocs' own cleaning keeps it, and writes through it) is
    removed, never written through."""

    @pytest.mark.parametrize("place", ["site/pagefind", "site/briefings", "site/javascripts"])
    def test_a_link_in_the_site_folder_is_not_written_through(
        self, tmp_path: Path, place: str
    ) -> None:
        project = copy_project(tmp_path / "project")
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "kept.txt").write_text("kept\n", encoding="utf-8")
        (project / place).parent.mkdir(parents=True, exist_ok=True)
        (project / place).symlink_to(outside, target_is_directory=True)
        environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
        environment.pop("SITE_URL", None)
        for command in site_recipe():
            step = subprocess.run(
                command, shell=True, cwd=project, env=environment, capture_output=True, check=False
            )
            assert step.returncode == 0, (command, step.stderr)
        assert sorted(p.name for p in outside.iterdir()) == ["kept.txt"]
        assert not (project / place).is_symlink()
        site = project / "site"
        addresses = json.loads((site / "search-facets/year/2025.json").read_text("utf-8"))
        assert addresses and all(
            address.startswith(("briefings/", "events/")) for address in addresses
        )
        assert all((site / address / "index.html").is_file() for address in addresses)
