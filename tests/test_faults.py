"""Correct under faults, and the same answer everywhere: a docs/ on another file system, the
watch mode's SITE_URL, and failures said in the project's words (memory, a full disk while
the journal is written, dates, the size of the job summary). Each class failed before its fix."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.structure.files import _default_exclude

from conftest import AS_OF, copy_project
from generator import pipeline, watch, write
from generator.__main__ import main
from generator.diagnostics import SUMMARY_LIMIT_BYTES, error, markdown_table, warning
from generator.models import Page
from generator.write import STAGING_IN_DOCS, STATE_DIR, WriteError, update_pages, write_pages

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
        ("check", "generator.pipeline.check"),
        ("generate", "generator.pipeline.generate"),
        ("site-diff", "generator.pipeline.check"),
        ("new", "generator.pipeline.new_briefing"),
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

    def stage_then_fill(*args: object, **kwargs: object) -> Path:
        staging = real_stage(*args, **kwargs)
        if step == "write":
            monkeypatch.setattr(write, "_write_new", full)
        return staging

    real_stage = write._stage
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr(write, "_stage", stage_then_fill)
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
