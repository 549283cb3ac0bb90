"""Nothing reaches the built site through a link (generator/site_hooks.py).

MkDocs walks `docs/` following links and copies what they point to, and the theme's
`custom_dir` is read the same way: a committed `docs/javascripts/env.js -> /proc/self/environ`
would publish the build machine's environment in the pull request's artifact and on Pages. The
hook stops every build (`make site`, both workflows, the preview) before MkDocs walks anything,
naming each link at `path:1:1`, and after the build refuses anything in `site/` the build did
not write.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_project
from generator import site_hooks

SECRET = "TOP-SECRET-VALUE-7f3a"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of the fixture corpus with its pages generated, built once per module."""
    project = copy_project(tmp_path_factory.mktemp("generated") / "project")
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "generate"],
        cwd=REPO,
        check=True,
        capture_output=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1763251200"},
    )
    return project


@pytest.fixture
def site_project(generated: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(generated, project, symlinks=True)
    return project


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository holding a secret file."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


Plant = Callable[[Path, Path], str]
"""Plants something in a project (with `outside` at hand); returns the path the error names."""


def _link(relative: str, target: Callable[[Path, Path], Path | str]) -> Plant:
    def plant(project: Path, outside: Path) -> str:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(project, outside))
        return relative

    return plant


def _replace_with_link(relative: str) -> Plant:
    """Move a tracked folder outside and leave a link to it in its place."""

    def plant(project: Path, outside: Path) -> str:
        moved = outside / Path(relative).name
        shutil.move(project / relative, moved)
        (moved / "leak.txt").write_text(SECRET, encoding="utf-8")
        (project / relative).symlink_to(moved)
        return relative

    return plant


def _fifo(project: Path, outside: Path) -> str:
    os.mkfifo(project / "docs" / "stylesheets" / "pipe.css")
    return "docs/stylesheets/pipe.css"


PLANTED: dict[str, Plant] = {
    "a script linked to the environment": _link(
        "docs/javascripts/env.js", lambda p, o: "/proc/self/environ"
    ),
    "a stylesheet linked to a file outside": _link(
        "docs/stylesheets/print.css", lambda p, o: o / "secret.txt"
    ),
    "a page linked to a file outside": _link("docs/leak.md", lambda p, o: o / "secret.txt"),
    "a relative link out of the repository": _link(
        "docs/stylesheets/up.css",
        lambda p, o: os.path.relpath(o / "secret.txt", p / "docs/stylesheets"),
    ),
    "a folder linked to a folder outside": _link("docs/extra", lambda p, o: o),
    "a dangling link": _link("docs/stylesheets/gone.css", lambda p, o: o / "missing"),
    "a link that loops": _link("docs/loop", lambda p, o: ".."),
    "a link to a file inside the repository": _link(
        "docs/copy.md", lambda p, o: p / "docs" / "about.md"
    ),
    "a generated folder linked": _link("docs/topics/more", lambda p, o: o),
    "a theme template linked": _link("overrides/partials/leak.html", lambda p, o: o / "secret.txt"),
    "a tracked docs folder replaced by a link": _replace_with_link("docs/stylesheets"),
    "the theme folder replaced by a link": _replace_with_link("overrides"),
    "a pipe": _fifo,
}


@pytest.mark.e2e
@pytest.mark.parametrize("plant", PLANTED.values(), ids=PLANTED.keys())
def test_a_link_or_special_file_stops_the_build_before_anything_is_copied(
    site_project: Path, outside: Path, plant: Plant
) -> None:
    named = plant(site_project, outside)
    built = build_site(site_project)
    assert built.returncode != 0
    assert f"{named}:1:1: error: " in built.stderr
    assert "[symbolic-link]" in built.stderr or "[not-a-file]" in built.stderr
    assert "Traceback" not in built.stderr
    assert SECRET not in built.stderr
    site = site_project / "site"
    leaked = [
        p for p in site.rglob("*") if p.is_file() and SECRET in p.read_text("utf-8", "replace")
    ]
    assert leaked == []
    assert (outside / "secret.txt").read_text(encoding="utf-8") == SECRET


@pytest.mark.e2e
def test_every_link_is_named_in_one_run(site_project: Path, outside: Path) -> None:
    named = [plant(site_project, outside) for plant in list(PLANTED.values())[:3]]
    built = build_site(site_project)
    assert built.returncode != 0
    for path in named:
        assert f"{path}:1:1: error: " in built.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("linked", ["site", "site/assets"])
def test_a_linked_site_folder_is_refused_and_its_target_kept(
    site_project: Path, outside: Path, linked: str
) -> None:
    """MkDocs empties `site/` before it builds: through a link, it would empty the target."""
    if linked != "site":
        (site_project / "site").mkdir(exist_ok=True)
    (site_project / linked).symlink_to(outside)
    built = build_site(site_project)
    assert built.returncode != 0
    assert f"{linked}:1:1: error: " in built.stderr
    assert [path.name for path in outside.iterdir()] == ["secret.txt"]
    assert (outside / "secret.txt").read_text(encoding="utf-8") == SECRET


@pytest.mark.e2e
def test_a_project_with_no_link_builds(site_project: Path) -> None:
    """The control: the same project, nothing planted, builds strictly."""
    built = build_site(site_project)
    assert built.returncode == 0, built.stderr
    assert (site_project / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    "stray",
    ["planted.js", "assets/planted.css", "pagefind/pagefind-entry.json", "linked"],
)
def test_the_built_site_holds_only_what_the_build_wrote(tmp_path: Path, stray: str) -> None:
    site = tmp_path / "site"
    written = [site / "index.html", site / "assets" / "main.css"]
    for path in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("ok", encoding="utf-8")
    if stray == "linked":
        (site / stray).symlink_to(site / "index.html")  # a link, even to a file it wrote
    else:
        (site / stray).parent.mkdir(parents=True, exist_ok=True)
        (site / stray).write_text("planted", encoding="utf-8")
    lines = site_hooks.unexpected_site_files(site, set(written) | {site / "linked"})
    assert lines == [
        f"site/{stray}:1:1: error: the built site holds this, but the build did not write it "
        "from the repository's files; delete it and build again [unexpected-site-file]"
    ]
    assert site_hooks.unexpected_site_files(site, set(written) | {site / stray}) == (
        lines if stray == "linked" else []
    )


def test_names_of_links_are_printed_inert(tmp_path: Path) -> None:
    """A file name is contributor text: no line break or workflow command gets into the log."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a\n::error::x##[warning]b.css").symlink_to("/etc/passwd")
    (lines,) = [site_hooks.unsafe_site_sources(tmp_path, [docs])]
    assert len(lines) == 1
    assert "\n" not in lines[0] and "##[" not in lines[0]
    assert lines[0].startswith("docs/a\\n::error::x##\\x5bwarning]b.css:1:1: error: ")
