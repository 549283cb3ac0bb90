"""`python -m generator watch` as a contributor runs it: save a file, see the page change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.synth import synthetic_corpus
from generator.write import write_tree

REPO = Path(__file__).resolve().parent.parent


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
