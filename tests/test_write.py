"""Stage 6: the writer changes only what changed, removes what is stale, and fails cleanly."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from generator.outputs import write
from generator.outputs.write import WriteError, is_generated_uri, write_pages
from generator.story.models import Page


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    return docs


def test_writes_new_pages_and_keeps_unchanged_ones(docs: Path) -> None:
    pages = [Page("index.md", "home\n"), Page("people/a.md", "a\n")]
    first = write_pages(pages, docs)
    assert first.written == ("index.md", "people/a.md")
    mtime = (docs / "people/a.md").stat().st_mtime_ns
    second = write_pages([Page("index.md", "home 2\n"), Page("people/a.md", "a\n")], docs)
    assert (second.written, second.unchanged) == (("index.md",), 1)
    assert (docs / "people/a.md").stat().st_mtime_ns == mtime


def test_removes_stale_pages_and_empty_folders_but_nothing_else(docs: Path) -> None:
    write_pages([Page("index.md", "x\n"), Page("topics/old.md", "old\n")], docs)
    (docs / "topics" / "leftover.md.generator-tmp").write_text("half", encoding="utf-8")
    report = write_pages([Page("index.md", "x\n")], docs)
    assert report.removed == ("topics/leftover.md.generator-tmp", "topics/old.md")
    assert not (docs / "topics").exists()
    assert (docs / "about.md").read_text(encoding="utf-8") == "# About\n"


@pytest.mark.parametrize(
    "uri",
    ["about.md", "../outside.md", "people/../../x.md", "/etc/passwd", "people/a.txt", "people"],
)
def test_refuses_paths_outside_the_generated_places(docs: Path, uri: str) -> None:
    assert not is_generated_uri(uri)
    before = snapshot(docs.parent)
    with pytest.raises(WriteError):
        write_pages([Page(uri, "x\n")], docs)
    assert snapshot(docs.parent) == before


def test_refuses_to_write_one_path_twice(docs: Path) -> None:
    with pytest.raises(WriteError, match="two pages"):
        write_pages([Page("people/a.md", "1\n"), Page("people/a.md", "2\n")], docs)
    assert not (docs / "people").exists()


@pytest.mark.parametrize("unchanged", [False, True])
def test_one_path_in_two_parts_is_refused_whichever_process_staged_them(
    docs: Path, unchanged: bool
) -> None:
    """Workers stage their own parts: the second part with an address is refused, whether
    its file was staged already (by another process, so only the staging knows) or was
    unchanged and left unstaged (then the run's process, counting parts in, knows)."""
    if unchanged:
        write_pages([Page("people/a.md", "same\n")], docs)
    before = snapshot(docs)
    run = write.PageWrite(docs)
    run.open()
    first = run.stage([Page("people/a.md", "same\n" if unchanged else "1\n")])
    with pytest.raises(WriteError, match=r"two pages would be written to 'people/a\.md'"):
        run.take(first)
        run.take(run.stage([Page("people/a.md", "same\n" if unchanged else "2\n")]))
    run.discard()
    assert snapshot(docs) == before
    assert not (docs.parent / write.STATE_DIR).exists()


def test_a_run_that_changes_nothing_leaves_no_staging_behind(docs: Path) -> None:
    """A full run opens its staging before its workers start; with nothing to write, the
    staging goes again."""
    write_pages([Page("people/a.md", "a\n")], docs)
    run = write.PageWrite(docs)
    run.open()
    run.take(run.stage([Page("people/a.md", "a\n")]))
    report = run.finish()
    assert (report.written, report.unchanged, report.removed) == ((), 1, ())
    assert not (docs.parent / write.STATE_DIR).exists()
    assert snapshot(docs) == {"about.md": b"# About\n", "people/a.md": b"a\n"}


def test_a_failure_part_way_leaves_the_previous_output_untouched(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages([Page("index.md", "old home\n"), Page("people/a.md", "old a\n")], docs)
    before = snapshot(docs.parent)
    real_write_new = write._write_new
    calls = 0

    def failing_write_new(path: Path, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write_new(path, data)

    monkeypatch.setattr(write, "_write_new", failing_write_new)
    new_pages = [
        Page("index.md", "new\n"),
        Page("people/a.md", "new a\n"),
        Page("people/b.md", "b"),
    ]
    with pytest.raises(WriteError, match=r"cannot write \.generator/staging/people/a.md: the disk"):
        write_pages(new_pages, docs)
    assert snapshot(docs.parent) == before


# --- Symbolic links, crashes and a second run ------------------------------------------------


@pytest.mark.parametrize("place", ["docs/briefings", "docs/people/inner", "site", ".generator"])
def test_never_writes_or_deletes_through_a_symbolic_link(docs: Path, place: str) -> None:
    elsewhere = docs.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("not ours\n", encoding="utf-8")
    (docs / "people").mkdir()
    (docs.parent / place).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(WriteError, match=f"^{place}: is a symbolic link"), write.output_lock(docs):
        write_pages([Page("briefings/a.md", "a\n"), Page("people/b.md", "b\n")], docs)
    assert [p.name for p in elsewhere.iterdir()] == ["keep.md"]


def test_a_run_killed_after_its_journal_is_finished_by_the_next(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = [Page("index.md", "old\n"), Page("people/a.md", "old a\n"), Page("people/gone.md", "g")]
    new = [Page("index.md", "new\n"), Page("people/a.md", "new a\n"), Page("topics/t.md", "t\n")]
    write_pages(old, docs)

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # stands for a kill after the journal is written

    monkeypatch.setattr(write, "_apply", killed)
    with pytest.raises(KeyboardInterrupt):
        write_pages(new, docs)
    monkeypatch.undo()
    assert (docs / "index.md").read_text(encoding="utf-8") == "old\n"
    assert not list(docs.rglob("*.generator-tmp"))  # nothing staged where MkDocs looks
    assert write.recover(docs)
    assert snapshot(docs) == {
        "about.md": b"# About\n",
        "index.md": b"new\n",
        "people/a.md": b"new a\n",
        "topics/t.md": b"t\n",
    }
    assert not (docs.parent / write.STATE_DIR).exists()


def test_a_folder_docs_does_not_have_yet_is_moved_whole(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One rename for a new folder, not one a file; a folder docs/ has takes file by file."""
    write_pages([Page("people/old.md", "old\n")], docs)
    moved: list[str] = []
    move = write._move
    monkeypatch.setattr(
        write, "_move", lambda staged, target: (moved.append(target.name), move(staged, target))
    )
    pages = [
        Page("index.md", "home\n"),
        Page("briefings/a.md", "a\n"),
        Page("briefings/b.md", "b\n"),
        Page("people/new.md", "new\n"),
    ]
    write_pages(pages, docs)
    assert sorted(moved) == ["index.md", "new.md"]
    assert snapshot(docs) == {
        "about.md": b"# About\n",
        "index.md": b"home\n",
        "briefings/a.md": b"a\n",
        "briefings/b.md": b"b\n",
        "people/new.md": b"new\n",
    }
    assert not (docs.parent / write.STATE_DIR).exists()


def test_a_run_killed_after_moving_a_whole_folder_is_finished_by_the_next(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # a kill after the folders moved, before the files

    monkeypatch.setattr(write, "_move", killed)
    pages = [Page("index.md", "home\n"), Page("briefings/a.md", "a\n")]
    with pytest.raises(KeyboardInterrupt):
        write_pages(pages, docs)
    monkeypatch.undo()
    assert (docs / "briefings" / "a.md").is_file(), "the folder moved before the kill"
    assert not (docs / "index.md").exists()
    assert write.recover(docs)
    assert snapshot(docs) == {
        "about.md": b"# About\n",
        "index.md": b"home\n",
        "briefings/a.md": b"a\n",
    }


def test_a_second_run_waits_for_the_lock_and_says_so(docs: Path) -> None:
    heard: list[str] = []
    busy = "another generator run has been writing docs/"
    with (
        write.output_lock(docs),
        pytest.raises(WriteError, match=busy),
        write.output_lock(docs, heard.append, wait_seconds=0.3),
    ):
        pass
    assert heard == ["Another generator run is writing docs/; waiting for it to finish."]
    with write.output_lock(docs, heard.append, wait_seconds=0.3):
        pass


@pytest.mark.parametrize("journal", [b"[1]", b'{"move": [5], "delete": []}', b"not json"])
def test_a_journal_it_did_not_write_is_a_clear_error(docs: Path, journal: bytes) -> None:
    state = docs.parent / write.STATE_DIR
    state.mkdir()
    (state / "journal.json").write_bytes(journal)
    with pytest.raises(WriteError, match=r"journal.json cannot be read.*delete the \.generator"):
        write_pages([Page("index.md", "x\n")], docs)


def test_recovery_never_moves_files_through_a_linked_staging_folder(docs: Path) -> None:
    outside = docs.parent / "outside"
    (outside / "data").mkdir(parents=True)
    (outside / "data" / "export.json").write_text("{}", encoding="utf-8")
    state = docs.parent / write.STATE_DIR
    state.mkdir()
    (state / "staging").symlink_to(outside, target_is_directory=True)
    (state / "journal.json").write_text('{"move": ["data/export.json"], "delete": []}', "utf-8")
    with pytest.raises(WriteError, match=r"^\.generator/staging: is a symbolic link"):
        write.recover(docs)
    assert (outside / "data" / "export.json").is_file()
