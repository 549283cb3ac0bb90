"""`python -m generator watch` as a contributor runs it: save a file, see the page change."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pytest

from generator.build import watch as watch_mode
from generator.inputs.synth import synthetic_corpus
from generator.outputs.write import write_tree

REPO = Path(__file__).resolve().parent.parent
AS_OF = ["--as-of", "2026-01-01"]


def wait_for(condition: object, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_a_saved_edit_reaches_its_page_and_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    write_tree(synthetic_corpus(30), tmp_path)
    log = tmp_path / "watch.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "--root",
                str(tmp_path),
                "watch",
                "--as-of",
                "2026-01-01",
            ],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert wait_for(lambda: "Watching" in log.read_text()), log.read_text()
            source = sorted((tmp_path / "briefings").rglob("*.yml"))[4]
            page = tmp_path / "docs" / "briefings" / f"{source.stem}.md"
            assert "Outlook seen live" not in page.read_text("utf-8")
            text = source.read_text("utf-8")
            source.write_text(text.replace("Synthetic outlook", "Outlook seen live"), "utf-8")
            assert wait_for(lambda: "Outlook seen live" in page.read_text("utf-8")), log.read_text()
            source.write_text(text.replace("title:", "title: [unclosed"), "utf-8")
            assert wait_for(lambda: "Nothing was written" in log.read_text()), log.read_text()
            assert "Outlook seen live" in page.read_text("utf-8")  # the last good output stays
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=20)
    output_text = log.read_text()
    assert code == 0, output_text
    assert "Traceback" not in output_text
    assert f"{source.relative_to(tmp_path).as_posix()}:" in output_text  # file:line:col
    assert output_text.count("Updated in") == 2


def test_when_the_preview_server_cannot_start_the_watch_stops_with_its_status(
    tmp_path: Path,
) -> None:
    write_tree(synthetic_corpus(5), tmp_path)  # no mkdocs.yml: `mkdocs serve` exits at once
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tmp_path), "watch", "--serve"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode != 0
    assert time.monotonic() - started < 30
    assert "Traceback" not in finished.stderr


def _start_watch(root: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "watch", *AS_OF],
        cwd=REPO,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _replace(folder: Path, how: str) -> None:
    """Put a new folder with the same files in the old one's place, as `rm -rf entities &&
    git checkout entities` or a tool that moves a folder away and writes a fresh one does."""
    kept = folder.with_name(folder.name + ".kept")
    shutil.copytree(folder, kept)
    if how == "deleted":
        shutil.rmtree(folder)
    else:
        folder.rename(folder.with_name(folder.name + ".old"))
    kept.rename(folder)


def _docs(root: Path) -> dict[str, bytes]:
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


class TestAReplacedFolderIsWatchedAgain:
    """After a content folder is replaced, a save in it still reaches the site, and docs/ is
    what a fresh `generate` writes."""

    # Each edit: the file, the text replaced, and the page and text it shows (or, for an
    # article, the error it causes in the log: no page shows an article's text).
    EDITS: ClassVar[dict[str, tuple[str, tuple[str, str], str]]] = {
        "briefings": (
            "briefings/2019/2019-12-31-synthetic-000002.yml",
            ("Synthetic outlook", "Outlook seen live"),
            "briefings/2019-12-31-synthetic-000002.md",
        ),
        "entities": (
            "entities/topics.yml",
            ("Synthetic topic 04", "Topic seen live"),
            "topics/synthetic-topic-04.md",
        ),
        "seeds": (
            "seeds/synthetic_000002.txt",
            ("Synthetic finding 2-0 concerns", "Something else concerns"),
            "",
        ),
    }

    @pytest.mark.parametrize(
        ("folder", "how"),
        [
            ("briefings", "deleted"),
            ("entities", "deleted"),
            ("seeds", "deleted"),
            ("entities", "moved away"),
        ],
    )
    def test_a_save_after_the_folder_was_replaced_reaches_the_site(
        self, tmp_path: Path, folder: str, how: str
    ) -> None:
        root = tmp_path / "repo"
        write_tree(synthetic_corpus(5), root)
        log = tmp_path / "watch.log"
        process = _start_watch(root, log)
        try:
            assert wait_for(lambda: "Watching" in log.read_text()), log.read_text()
            _replace(root / folder, how)
            # The replacement is noticed and rebuilt from (a run after it ends in a report).
            done = log.read_text().count("Updated in")
            assert wait_for(lambda: log.read_text().count("Updated in") > done), log.read_text()
            source, (old, new), page = self.EDITS[folder]
            text = (root / source).read_text("utf-8")
            before = len(log.read_text())
            (root / source).write_text(text.replace(old, new), "utf-8")
            if page:
                shown = root / "docs" / page
                assert wait_for(lambda: new in shown.read_text("utf-8")), log.read_text()
            else:  # the briefing that quotes the article is now an error
                quoted_by = "2019-12-31-synthetic-000002.yml:"
                assert wait_for(lambda: quoted_by in log.read_text()[before:]), log.read_text()
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=20)
        assert code == 0, log.read_text()
        assert "Traceback" not in log.read_text()
        if page:
            fresh = tmp_path / "fresh"
            for name in ("briefings", "entities", "seeds"):
                shutil.copytree(root / name, fresh / name)
            generated = subprocess.run(
                [sys.executable, "-m", "generator", "--root", str(fresh), "generate", *AS_OF],
                cwd=REPO,
                capture_output=True,
                check=False,
            )
            assert generated.returncode == 0, generated.stderr
            assert _docs(root) == _docs(fresh)


def test_a_save_made_during_the_first_run_is_not_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run (and the preview's first build) come before the folders are watched,
    since they fork workers: the run after them finds what was saved meanwhile."""
    write_tree(synthetic_corpus(10), tmp_path)
    source = sorted((tmp_path / "briefings").rglob("*.yml"))[4]
    page = tmp_path / "docs" / "briefings" / f"{source.stem}.md"
    real_run = watch_mode.run_once
    runs: list[bool] = []

    def run_once(session: watch_mode.Session, as_of: dt.date, quiet: bool = False) -> None:
        real_run(session, as_of, quiet)
        runs.append(quiet)
        if len(runs) == 1:  # saved after the first run read the file, before any watching
            text = source.read_text("utf-8")
            source.write_text(text.replace("Synthetic outlook", "Saved meanwhile"), "utf-8")
        elif len(runs) == 2:
            raise KeyboardInterrupt  # stop the watch once the run after the first is done

    ticks: list[int] = []

    def as_of() -> dt.date:
        ticks.append(1)  # the watch asks once a second: give up after a few
        if len(ticks) > 4:
            raise KeyboardInterrupt
        return dt.date(2026, 1, 1)

    monkeypatch.setattr(watch_mode, "run_once", run_once)
    # The watch sets its own SIGTERM handler, for the process: this one runs the tests.
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert watch_mode.watch(tmp_path, as_of, serve=False) == 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert runs == [False, True]
    assert "Saved meanwhile" in page.read_text("utf-8")
