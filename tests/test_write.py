"""Stage 6: the writer changes only what changed, removes what is stale, and fails cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.models import Page
from generator.write import WriteError, is_generated_uri, write_pages


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


def test_a_failure_part_way_leaves_the_previous_output_untouched(
    docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages([Page("index.md", "old home\n"), Page("people/a.md", "old a\n")], docs)
    before = snapshot(docs)
    real_write_bytes = Path.write_bytes
    calls = 0

    def failing_write_bytes(self: Path, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device", str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)
    new_pages = [
        Page("index.md", "new\n"),
        Page("people/a.md", "new a\n"),
        Page("people/b.md", "b"),
    ]
    with pytest.raises(WriteError, match="No space left"):
        write_pages(new_pages, docs)
    assert snapshot(docs) == before
