"""Correct under faults, and the same answer everywhere: a docs/ on another file system, the
watch mode's SITE_URL, and failures said in the project's words (memory, a full disk while
the journal is written, dates, the size of the job summary). Each class failed before its fix."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from mkdocs.structure.files import _default_exclude
from pydantic import TypeAdapter, ValidationError

from conftest import AS_OF, copy_project
from generator.__main__ import main
from generator.build import pipeline, watch
from generator.core.diagnostics import SUMMARY_LIMIT_BYTES, error, markdown_table, warning
from generator.outputs import write
from generator.outputs.write import (
    STAGING_IN_DOCS,
    STATE_DIR,
    WriteError,
    update_pages,
    write_pages,
)
from generator.story.models import KINDS, Kind, Page, Slug
from generator.story.sitemap import entity_uris, unwritable_name

AS_OF_ARGS = ["--as-of", AS_OF.isoformat()]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- docs/ on another file system ------------------------------------------------------------


@pytest.fixture
def two_file_systems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose docs/ is on a file system of its own: any rename between docs/ and
    the rest fails with EXDEV, as the kernel does (a real second mount is not available)."""
    root = tmp_path / "repo"
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "about.md").write_text("# About\n", encoding="utf-8")

    def in_docs(path: object) -> bool:
        absolute = Path(os.fspath(path)).absolute()  # type: ignore[call-overload]
        return absolute == docs or docs in absolute.parents

    def refusing(real: Callable[..., None]) -> Callable[..., None]:
        def rename(source: object, target: object, *args: object, **kwargs: object) -> None:
            if in_docs(source) != in_docs(target):
                raise OSError(errno.EXDEV, "Invalid cross-device link", os.fspath(source))  # type: ignore[call-overload]
            real(source, target, *args, **kwargs)

        return rename

    monkeypatch.setattr(os, "rename", refusing(os.rename))
    monkeypatch.setattr(os, "replace", refusing(os.replace))
    return docs


PAGES = [Page("index.md", "home\n"), Page("people/a.md", "a\n"), Page("feeds/x.xml", "<x/>\n")]


def leftovers(docs: Path) -> list[str]:
    root = docs.parent
    return sorted(
        path.relative_to(root).as_posix()
        for path in (root / STATE_DIR, docs / STAGING_IN_DOCS)
        if os.path.lexists(path)
    )


class TestDocsOnAnotherFileSystem:
    """Every kind of run writes through to a docs/ that a rename from beside it cannot
    reach, and leaves no staging or journal behind."""

    @pytest.mark.parametrize(
        "runs",
        [
            pytest.param([PAGES], id="first run"),
            pytest.param([PAGES, [Page("index.md", "home 2\n"), PAGES[2]]], id="change+stale"),
            pytest.param([PAGES, []], id="everything stale"),
            pytest.param([[PAGES[0]], [*PAGES, Page("topics/t.md", "t\n")]], id="new folders"),
        ],
    )
    def test_a_full_run_writes_every_page(
        self, two_file_systems: Path, runs: list[list[Page]]
    ) -> None:
        docs = two_file_systems
        for pages in runs:
            report = write_pages(pages, docs)
            expected = {page.uri: page.text.encode() for page in pages}
            assert tree(docs) == {"about.md": b"# About\n", **expected}
            assert leftovers(docs) == []
        assert report.written or report.removed

    @pytest.mark.parametrize(
        ("pages", "removed"),
        [
            ([Page("people/a.md", "a 2\n")], []),
            ([], ["people/a.md"]),
            ([PAGES[0]], ["feeds/x.xml"]),
        ],
    )
    def test_a_watch_mode_update_writes_its_pages(
        self, two_file_systems: Path, pages: list[Page], removed: list[str]
    ) -> None:
        docs = two_file_systems
        write_pages(PAGES, docs)
        update_pages(pages, removed, docs)
        expected = {page.uri: page.text.encode() for page in PAGES if page.uri not in removed}
        expected |= {page.uri: page.text.encode() for page in pages}
        assert tree(docs) == {"about.md": b"# About\n", **expected}
        assert leftovers(docs) == []

    @pytest.mark.parametrize(
        ("staging", "journal_extra"),
        [
            pytest.param(f"{STATE_DIR}/staging", {}, id="journal of an older run, staged beside"),
            pytest.param(f"{STATE_DIR}/staging", {"staging": ".generator/staging"}, id="beside"),
            pytest.param(
                f"docs/{STAGING_IN_DOCS}", {"staging": f"docs/{STAGING_IN_DOCS}"}, id="in"
            ),
        ],
    )
    def test_the_journal_of_a_run_that_stopped_is_finished(
        self, two_file_systems: Path, staging: str, journal_extra: dict[str, str]
    ) -> None:
        """A run stopped after its journal (killed, or wedged on EXDEV by an older version
        that staged beside docs/) is finished by the next one, wherever it staged."""
        docs = two_file_systems
        root = docs.parent
        write_pages(PAGES, docs)
        staged = root / staging / "people" / "a.md"
        staged.parent.mkdir(parents=True)
        staged.write_text("a 2\n", encoding="utf-8")
        journal = {"move": ["people/a.md"], "delete": ["feeds/x.xml"], **journal_extra}
        (root / STATE_DIR).mkdir(exist_ok=True)
        (root / STATE_DIR / "journal.json").write_text(json.dumps(journal), encoding="utf-8")
        assert write.recover(docs)
        assert tree(docs) == {
            "about.md": b"# About\n",
            "index.md": b"home\n",
            "people/a.md": b"a 2\n",
        }
        assert leftovers(docs) == []

    @pytest.mark.parametrize("named", ["/tmp", "../elsewhere", "docs/people", "docs", ".generator"])
    def test_a_journal_naming_another_staging_folder_is_refused(
        self, two_file_systems: Path, named: str
    ) -> None:
        docs = two_file_systems
        (docs.parent / STATE_DIR).mkdir()
        journal = {"move": ["people/a.md"], "delete": [], "staging": named}
        (docs.parent / STATE_DIR / "journal.json").write_text(json.dumps(journal), "utf-8")
        with pytest.raises(WriteError, match="not a journal this generator wrote"):
            write.recover(docs)

    @pytest.mark.parametrize("uri", ["people/a.md", "feeds/x.xml", "index.md", "data/export.json"])
    def test_mkdocs_never_publishes_the_staging_inside_docs(self, uri: str) -> None:
        """MkDocs 1.6 leaves out every name starting with a dot (its default exclude_docs)."""
        assert _default_exclude.match_file(f"{STAGING_IN_DOCS}/{uri}")


# -- the watch mode reads SITE_URL as generate does -----------------------------------------


def feeds_of(project: Path) -> dict[str, bytes]:
    return tree(project / "docs" / "feeds") | tree(project / "docs" / "data")


@pytest.mark.parametrize(
    "site_url",
    ["https://briefings.example/", "https://example.org/briefings", "http://localhost:8000/a/b/"],
)
def test_the_watch_mode_writes_the_feeds_generate_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_url: str
) -> None:
    monkeypatch.setenv("SITE_URL", site_url)
    generated, watched = copy_project(tmp_path / "generate"), copy_project(tmp_path / "watch")
    assert main(["--root", str(generated), "generate", *AS_OF_ARGS]) == 0
    real_run_once = watch.run_once

    def once_then_stop(session: watch.Session, as_of: object) -> None:
        real_run_once(session, as_of)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(watch, "run_once", once_then_stop)
    assert main(["--root", str(watched), "watch", *AS_OF_ARGS]) == 0
    assert site_url.rstrip("/") in (generated / "docs" / "feeds" / "briefings.xml").read_text()
    assert feeds_of(watched) == feeds_of(generated)


# -- failures in words -------------------------------------------------------------------


def out_of_memory(*args: object, **kwargs: object) -> None:
    raise MemoryError


@pytest.mark.parametrize(
    ("command", "stage"),
    [
        ("check", "generator.build.pipeline.check"),
        ("generate", "generator.build.pipeline.generate"),
        ("site-diff", "generator.build.pipeline.check"),
        ("new", "generator.build.pipeline.new_briefing"),
    ],
)
def test_running_out_of_memory_is_said_in_words(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    stage: str,
) -> None:
    monkeypatch.setattr(stage, out_of_memory)
    extra = {
        "check": AS_OF_ARGS,
        "generate": AS_OF_ARGS,
        "site-diff": ["--base", str(project), *AS_OF_ARGS],
        "new": ["seeds/x.txt"],
    }[command]
    assert main(["--root", str(project), command, *extra]) == 1
    assert capsys.readouterr().err == (
        f"error: the machine ran out of memory trying to run `{command}`. Close other "
        "programs, or run it on a machine with more free memory\n"
    )


def test_running_out_of_memory_in_the_watch_mode_is_said_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    class NoMemory:
        def update(self, as_of: object) -> None:
            out_of_memory()

    session = watch.Session(NoMemory(), {"kept"})  # type: ignore[arg-type]
    watch.run_once(session, AS_OF)
    assert session.shown == {"kept"}
    assert capsys.readouterr().err == (
        "error: the machine ran out of memory trying to update the pages after this save. "
        "Close other programs, or run it on a machine with more free memory. "
        "Save again to retry.\n"
    )


def test_the_incremental_build_starts_over_after_any_failure(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed write may leave a mix on disk, whatever failed: the next run writes all."""
    build = pipeline.IncrementalBuild(project)
    build.update(AS_OF)
    assert build.as_of == AS_OF
    monkeypatch.setattr(pipeline.IncrementalBuild, "_write", out_of_memory)
    with pytest.raises(MemoryError):
        build.update(AS_OF)
    assert build.as_of is None


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize("step", ["create", "write", "rename"])
def test_a_full_disk_while_writing_the_journal_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, number: int
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    journal = f"journal.json{write.TEMP_SUFFIX}"
    real_open, real_replace = os.open, Path.replace

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if step == "create" and Path(os.fspath(path)).name == journal:  # type: ignore[call-overload]
            full()
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def replace(self: Path, target: object) -> Path:
        if step == "rename" and self.name == journal:
            full()
        return real_replace(self, target)  # type: ignore[arg-type]

    def stage_then_fill(self: write.PageWrite, pages: Sequence[Page]) -> None:
        real_add(self, pages)
        if step == "write":
            monkeypatch.setattr(write, "_write_new", full)

    real_add = write.PageWrite.add
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr(write.PageWrite, "add", stage_then_fill)
    with pytest.raises(WriteError) as raised:
        write_pages(PAGES, docs)
    assert str(raised.value) == "cannot write the journal: the disk is full"
    assert raised.value.output_unchanged
    assert tree(docs) == {}
    assert leftovers(docs) == [STATE_DIR] or leftovers(docs) == []


BAD_DATES = [
    "20251115",
    "2025-W46-6",
    "2025W466",
    "2025-319",
    "2025-11-15T00:00",
    "٢٠٢٥-١١-١٥",
    "２０２５-１１-１５",
    " 2025-11-15",
    "2025-11-15\n",
    "2025-1-15",
    "+2025-11-15",
]


@pytest.mark.parametrize("text", BAD_DATES)
@pytest.mark.parametrize(
    ("command", "option"),
    [("check", "--as-of"), ("generate", "--as-of"), ("site-diff", "--as-of"), ("new", "--date")],
)
def test_a_date_on_the_command_line_is_yyyy_mm_dd_and_nothing_else(
    project: Path, capsys: pytest.CaptureFixture[str], command: str, option: str, text: str
) -> None:
    extra = {"site-diff": ["--base", str(project)], "new": ["seeds/x.txt"]}.get(command, [])
    before = tree(project)
    assert main(["--root", str(project), command, *extra, f"{option}={text}"]) == 2
    assert capsys.readouterr().err == (
        f"error: {option} must be a date written YYYY-MM-DD, not {text!r}\n"
    )
    assert tree(project) == before


@pytest.mark.parametrize("text", BAD_DATES[:4])
def test_the_watch_mode_refuses_the_same_dates(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    monkeypatch.setattr(watch, "watch", lambda *args, **kwargs: 0)  # never starts watching
    assert main(["--root", str(project), "watch", f"--as-of={text}"]) == 2
    assert f"--as-of must be a date written YYYY-MM-DD, not {text!r}" in capsys.readouterr().err


# -- the job summary stays under GitHub's limit ------------------------------------------------

ROW_SHAPES: dict[str, Callable[[int], object]] = {
    "typical warnings": lambda i: warning(
        f"briefings/2025/2025-11-15-b{i}.yml", i, 3, "w", "a person the article never names " * 3
    ),
    "long messages": lambda i: error("a.yml", i, 1, "e", "x" * 3_000, "fix " * 200),
    "escaped text": lambda i: warning("`|<&>.yml", i, 1, "w", "|<script>`*_[](x)" * 50),
    "wide characters": lambda i: error("ए.yml", i, 1, "e", "界" * 2_000),
}


@pytest.mark.parametrize("shape", ROW_SHAPES)
@pytest.mark.parametrize("count", [6_000, 40_000])
def test_the_job_summary_is_capped_in_whole_rows_and_says_what_it_left_out(
    shape: str, count: int
) -> None:
    problems = [ROW_SHAPES[shape](i) for i in range(count)]
    table = markdown_table(problems)  # type: ignore[arg-type]
    assert len(table.encode("utf-8")) <= SUMMARY_LIMIT_BYTES
    lines = table.splitlines()
    rows = [line for line in lines[2:] if line.startswith("| <code>")]
    assert all(row.endswith(" |") and row.count(" | ") >= 2 for row in rows)
    assert rows == markdown_table(problems[: len(rows)], 10**9).splitlines()[2:]  # type: ignore[arg-type]
    left = count - len(rows)
    assert left > 0
    assert lines[-1] == f"… and {left} more problems not shown; run `make check` for all."


@pytest.mark.parametrize("count", [0, 1, 100])
def test_a_job_summary_under_the_cap_shows_every_problem(count: int) -> None:
    problems = [warning("a.yml", i + 1, 1, "w", "short") for i in range(count)]
    table = markdown_table(problems)
    assert len(table.splitlines()) == count + 2
    assert "not shown" not in table


def test_a_row_larger_than_the_cap_is_left_out_whole() -> None:
    table = markdown_table([error("a.yml", 1, 1, "e", "x" * (SUMMARY_LIMIT_BYTES + 1))])
    assert table.splitlines()[2:] == [
        "",
        "… and 1 more problem not shown; run `make check` for all.",
    ]


def test_the_step_summary_written_by_check_is_capped(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    many = [warning("a.yml", i + 1, 1, "w", "y" * 200) for i in range(6_000)]
    result = pipeline.CheckResult(None, tuple(many), 1)
    monkeypatch.setattr(pipeline, "check", lambda *args: result)
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(project), "check", "--format", "github", *AS_OF_ARGS]) == 1
    capsys.readouterr()
    assert len(summary.read_bytes()) <= SUMMARY_LIMIT_BYTES + 100
    assert summary.read_text("utf-8").endswith("run `make check` for all.\n")


# -- what the writer cannot write, the checker refuses -------------------------------------

COUNTRIES = "entities/countries.yml"
LONG_NAMES: dict[str, tuple[str, str | None, int]] = {
    "two names of 150 letters": ("Russia" + "n" * 144, "India" + "n" * 145, 2),
    "one name of 200 letters": ("Russia" + "n" * 194, None, 1),
    "one name of 130 letters": ("R" * 130, None, 1),
    "letters that are two ASCII letters each": ("Ru " + "Ǆ" * 100, None, 1),
    "Roman numerals that spell 4 letters each": ("Russia " + "ⅷ" * 60, None, 1),
    "words of 125 and 126 letters": ("a" * 62 + " " + "b" * 62, "c" * 63 + " " + "d" * 62, 1),
}
"""Country names within the 200 characters a name may have that make an address part (the
country's page, or its page with another country) longer than a file name may be, and how
many of them are refused. The last shape is 125 bytes and 126: only the second is refused."""


def country_entries(first: str, second: str | None) -> str:
    text = f"- code: RU\n  name: {first}\n"
    return text + (f"- code: IN\n  name: {second}\n" if second else "")


def lines_of(project: Path, relative: str, needle: str) -> list[int]:
    text = (project / relative).read_text("utf-8").splitlines()
    return [number for number, line in enumerate(text, 1) if needle in line]


class TestAnAddressTooLongIsRefusedByCheck:
    @pytest.mark.parametrize("shape", LONG_NAMES)
    def test_a_country_name_is_an_error_at_its_name(
        self, project: Path, capsys: pytest.CaptureFixture[str], shape: str
    ) -> None:
        first, second, count = LONG_NAMES[shape]
        (project / COUNTRIES).write_text(country_entries(first, second), "utf-8")
        assert main(["--root", str(project), "check", *AS_OF_ARGS]) == 1
        out = capsys.readouterr().out
        refused = [line for line in out.splitlines() if line.endswith("[page-address]")]
        refused_names = [name for name in (first, second) if name][-count:]
        assert [line.split(":9: error: ")[0] for line in refused] == [
            f"{COUNTRIES}:{lines_of(project, COUNTRIES, f'name: {name}')[0]}"
            for name in refused_names
        ], out
        assert all(": this name gives the page address '" in line for line in refused)
        assert all(
            "a country's may have at most 125 bytes, so that the page" in line for line in refused
        )
        assert all("Use a shorter name" in line for line in refused)

    @pytest.mark.parametrize("shape", ["two names of 150 letters", "words of 125 and 126 letters"])
    def test_what_check_passes_generate_writes(
        self, project: Path, capsys: pytest.CaptureFixture[str], shape: str
    ) -> None:
        """The bound is exact: one byte under it, generate writes the page of both."""
        first, second, _ = LONG_NAMES[shape]
        (project / COUNTRIES).write_text(country_entries(first, second[:-1] if second else None))
        checked = main(["--root", str(project), "check", *AS_OF_ARGS])
        generated = main(["--root", str(project), "generate", *AS_OF_ARGS])
        out = capsys.readouterr()
        assert checked == generated, out
        if checked == 0:
            assert any(len(p.name.encode()) > 240 for p in (project / "docs/relations").iterdir())


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.plural)
def test_an_id_of_every_kind_at_its_longest_makes_only_writable_addresses(kind: Kind) -> None:
    """Ids are slugs of at most 100 characters, so every address they make fits. (A guard that
    also held before: if the id limit grows past what a file name holds, this fails.)"""
    longest = TypeAdapter(Slug).validate_python("a" * 100)
    with pytest.raises(ValidationError):
        TypeAdapter(Slug).validate_python("a" * 101)
    assert [unwritable_name(uri) for uri in entity_uris(kind.entity, longest)] == [None] * len(
        entity_uris(kind.entity, longest)
    )


@pytest.mark.parametrize(
    ("uri", "bad"),
    [
        ("people/" + "a" * 253 + ".md", "a" * 253 + ".md"),
        ("relations/" + "a" * 126 + "--" + "a" * 126 + ".md", "a" * 126 + "--" + "a" * 126 + ".md"),
        ("countries/" + "é" * 128 + "/2025.md", "é" * 128),
        ("/".join(["a" * 200] * 6), "/".join(["a" * 200] * 6)),
        ("people/con.md", "con.md"),
        ("countries/nul/2025.md", "nul"),
        ("people/lpt9.md", "lpt9.md"),
        ("people/" + "a" * 252 + ".md", None),
        ("people/console.md", None),
        ("people/com10.md", None),
    ],
)
def test_an_unwritable_address_part_is_found(uri: str, bad: str | None) -> None:
    assert unwritable_name(uri) == bad


# -- names a checkout on macOS or Windows cannot make -----------------------------------------

ARTICLE = "Moscow, 15 November 2025. An article.\n"
CAFE_NFC, CAFE_NFD = "caf\u00e9", "cafe\u0301"

CLASHES = {
    "letter case of an article": (["seeds/Report.txt", "seeds/report.txt"], "seeds/report.txt"),
    "upper case throughout": (["seeds/NOTES.txt", "seeds/notes.txt"], "seeds/notes.txt"),
    "accents written two ways": ([f"seeds/{CAFE_NFC}.txt", f"seeds/{CAFE_NFD}.txt"], None),
    "letter case of a folder": (
        ["briefings/Archive/2025-11-15-a.yml", "briefings/archive/2025-11-15-b.yml"],
        "briefings/archive/2025-11-15-b.yml",
    ),
    "sharp s and ss": (["seeds/stra\u00dfe.txt", "seeds/strasse.txt"], None),
}

UNPORTABLE = [
    "seeds/con.txt",
    "seeds/NUL.txt",
    "seeds/aux.notes.txt",
    "seeds/Com1.txt",
    "seeds/lpt9.txt",
    "seeds/a:b.txt",
    "seeds/what?.txt",
    "seeds/a*b.txt",
    'seeds/"quoted".txt',
    "seeds/a|b.txt",
    "seeds/a<b>.txt",
    "seeds/back\\slash.txt",
    "seeds/tab\there.txt",
    "briefings/prn/2025-11-15-a.yml",
    "briefings/2025 /2025-11-15-a.yml",
    "briefings/old./2025-11-15-a.yml",
]


def add_files(project: Path, paths: list[str]) -> None:
    for relative in paths:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE if relative.endswith(".txt") else "title: x\n", "utf-8")


def check_output(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--root", str(project), "check", *AS_OF_ARGS]) == 1
    return capsys.readouterr().out


class TestNamesEveryCheckoutCanMake:
    @pytest.mark.parametrize("shape", CLASHES)
    def test_two_names_one_on_macos_and_windows_are_an_error(
        self, project: Path, capsys: pytest.CaptureFixture[str], shape: str
    ) -> None:
        paths, located = CLASHES[shape]
        add_files(project, paths)
        kept = [
            p for p in paths if Path(p).name in {q.name for q in (project / p).parent.iterdir()}
        ]
        if kept != paths:
            pytest.skip("this file system itself takes the two names for one")
        out = check_output(project, capsys)
        clashes = [line for line in out.splitlines() if "differ only in letter case" in line]
        assert len(clashes) == 1, out
        located = located or sorted(paths)[1]
        assert clashes[0].startswith(f"{located}:1:1: error: this "), out
        assert clashes[0].endswith("Rename one of them, or merge them [file-name]")

    @pytest.mark.parametrize("relative", UNPORTABLE)
    def test_a_name_windows_cannot_check_out_is_an_error_at_the_file(
        self, project: Path, capsys: pytest.CaptureFixture[str], relative: str
    ) -> None:
        add_files(project, [relative])
        out = check_output(project, capsys)
        shown = relative.replace("\t", "\\t")
        lines = [line for line in out.splitlines() if line.startswith(f"{shown}:1:1: error: the")]
        assert len(lines) == 1, out
        assert lines[0].endswith(
            "Rename it: the site is built and edited on Windows and macOS too [file-name]"
        )

    @pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "com9", "lpt1", "lpt9"])
    @pytest.mark.parametrize("kind", ["people", "organisations", "topics", "events"])
    def test_an_id_that_is_a_windows_device_name_is_an_error_at_the_id(
        self, project: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str
    ) -> None:
        path = project / "entities" / f"{kind}.yml"
        text = path.read_text("utf-8")
        first_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
        path.write_text(text.replace(f"- id: {first_id}\n", f"- id: {name}\n", 1), "utf-8")
        out = check_output(project, capsys)
        line = lines_of(project, f"entities/{kind}.yml", f"- id: {name}")[0]
        assert f"entities/{kind}.yml:{line}:7: error: the id {name!r} gives the page address" in out
        assert "a device name on Windows" in out and "[reserved-id]" in out

    @pytest.mark.parametrize("name", ["Con", "NUL", "Aux", "Com1", "LPT9!", "Prn."])
    def test_a_country_name_that_makes_a_device_name_is_an_error_at_the_name(
        self, project: Path, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        (project / COUNTRIES).write_text(f"- code: RU\n  name: {name}\n", "utf-8")
        out = check_output(project, capsys)
        assert f"{COUNTRIES}:2:9: error: this name gives the page address 'countries/" in out, out
        assert "[reserved-id]" in out
