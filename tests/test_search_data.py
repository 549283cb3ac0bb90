"""Search filters are built only from what this build's Pagefind run wrote.

Nothing under docs/ (or the theme) may land in the site's pagefind/ or search-facets/; `make
site` clears both before Pagefind runs; and the filters read only the page fragments that
Pagefind's own index names, never through a link, never decompressing past a limit. Each
class plants files the way a pull request could and checks what comes out."""

from __future__ import annotations

import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, build_site, copy_project
from generator import search_facets
from generator.__main__ import main
from generator.search_facets import FacetError, read_page_ids
from search_site import INDEX_HASH, PAGES, SIGNATURE, cbor, fragment, write_search_site

REAL_A = "en_1111111"
"""The Pagefind id of briefings/a/ in the hand-made site."""


def country_filter(site: Path) -> list[str]:
    """The Pagefind ids the India filter lists, as the command writes them."""
    return json.loads((site / "search-facets" / "country" / "in.json").read_text("utf-8"))


class TestOnlyIndexedFragmentsAreRead:
    """A fragment Pagefind's index does not name (planted, or left over) cannot stand in for
    a page, whatever its name sorts as and whichever page it claims to be."""

    @pytest.mark.parametrize(
        ("name", "url"),
        [
            ("en_fffffff", "/briefings/a/"),
            ("en_zzzzzzz", "briefings/a/"),
            ("zz_1234567", "/briefings/b/"),
            ("unknown_0000000", "/briefings/b/"),
        ],
    )
    def test_a_planted_fragment_replaces_no_page_id(
        self, tmp_path: Path, name: str, url: str
    ) -> None:
        site = tmp_path / "site"
        write_search_site(site)
        (site / "pagefind" / "fragment" / f"{name}.pf_fragment").write_bytes(fragment(url))
        expected = {address.lstrip("/"): page_id for page_id, address in PAGES.items()}
        assert read_page_ids(site / "pagefind") == expected
        assert main(["--root", str(tmp_path), "search-facets"]) == 0
        assert country_filter(site) == sorted(PAGES)


def bomb(size: int, head: bytes = b"") -> bytes:
    """gzip of `head` and then `size` bytes of spaces, compressed a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(head)]
    block = b" " * (1024 * 1024)
    for _ in range(size // len(block)):
        parts.append(packer.compress(block))
    return b"".join([*parts, packer.flush()])


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> int:
    """Limits of 1 MiB, so a bomb 64 times that is cheap to make and to refuse."""
    limit = 1024 * 1024
    for name in ("MAX_FRAGMENT_BYTES", "MAX_META_BYTES"):
        monkeypatch.setattr(search_facets, name, limit, raising=False)
    return limit


def peak_bytes(run: Callable[[], object], raises: type[Exception] | None) -> int:
    """The most memory Python held while `run` ran (and raised `raises`, if given)."""
    tracemalloc.start()
    try:
        if raises is None:
            run()
        else:
            with pytest.raises(raises):
                run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestDecompressionIsBounded:
    """A small gzip file that inflates to far more than Pagefind writes is refused, reading
    no more than the limit; one the index does not name is never opened."""

    BOMB = 64 * 1024 * 1024

    @pytest.mark.parametrize(
        ("place", "head"),
        [
            # A valid fragment followed by white space that JSON allows after it.
            (f"fragment/{REAL_A}.pf_fragment", SIGNATURE + b'{"url": "/briefings/a/"}'),
            # A fragment whose text goes on and on.
            (f"fragment/{REAL_A}.pf_fragment", SIGNATURE + b'{"url": "/briefings/a/", "c": "'),
            # The index metadata: its page list, then padding.
            (
                f"pagefind.{INDEX_HASH}.pf_meta",
                SIGNATURE + cbor(["1.5.2", [[page_id, 2] for page_id in PAGES]]),
            ),
        ],
    )
    def test_a_bomb_in_a_file_the_index_names_is_refused(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        small_limits: int,
        place: str,
        head: bytes,
    ) -> None:
        site = tmp_path / "site"
        write_search_site(site)
        (site / "pagefind" / place).write_bytes(bomb(self.BOMB, head))
        peak = peak_bytes(lambda: read_page_ids(site / "pagefind"), FacetError)
        assert peak < 4 * small_limits
        assert main(["--root", str(tmp_path), "search-facets"]) == 1
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"error: {site / 'pagefind' / place}: more than 1 MiB")
        assert "when decompressed" in lines[0]
        assert not (site / "search-facets").exists()

    @pytest.mark.parametrize("name", ["en_fffffff", "zz_0000000", "en_1111112"])
    def test_a_bomb_the_index_does_not_name_is_never_read(
        self, tmp_path: Path, small_limits: int, name: str
    ) -> None:
        site = tmp_path / "site"
        write_search_site(site)
        head = SIGNATURE + b'{"url": "/briefings/a/"}'
        planted = site / "pagefind" / "fragment" / f"{name}.pf_fragment"
        planted.write_bytes(bomb(self.BOMB, head))
        peak = peak_bytes(lambda: read_page_ids(site / "pagefind"), None)
        assert peak < 4 * small_limits
        assert main(["--root", str(tmp_path), "search-facets"]) == 0
        assert country_filter(site) == sorted(PAGES)


class TestNoSearchDataThroughALink:
    """Pagefind's folder, its fragment folder and every file the filters read are plain
    folders and files; a link, wherever it points, is refused naming it."""

    @pytest.mark.parametrize(
        ("place", "target"),
        [
            (f"fragment/{REAL_A}.pf_fragment", "a copy"),
            (f"fragment/{REAL_A}.pf_fragment", "nothing"),
            ("fragment", "a copy"),
            ("pagefind-entry.json", "a copy"),
            (f"pagefind.{INDEX_HASH}.pf_meta", "a copy"),
            ("", "a copy"),
        ],
    )
    def test_a_link_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str, target: str
    ) -> None:
        site = tmp_path / "project" / "site"
        write_search_site(site)
        planted = site / "pagefind" / place
        outside = tmp_path / "outside"
        if target == "a copy":
            shutil.move(planted, outside)
        else:
            planted.unlink()
        planted.symlink_to(outside)
        assert main(["--root", str(tmp_path / "project"), "search-facets"]) == 1
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1, lines
        shown = f"site/pagefind/{place}".rstrip("/")
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
        ids = json.loads((site / "search-facets" / "year" / "2025.json").read_text("utf-8"))
        for page_id in ids:
            data = gzip.decompress((site / f"pagefind/fragment/{page_id}.pf_fragment").read_bytes())
            assert json.loads(data[len(SIGNATURE) :])["url"].startswith("/briefings/")
