"""A generate killed at any moment leaves docs/ old or new once the next run has begun, never a
mix, and no temporary file where MkDocs looks; two runs at once both succeed."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_site_config
from generator.inputs.synth import synthetic_corpus
from generator.outputs import write
from generator.outputs.write import write_tree

BRIEFINGS = 400
AS_OF = "2026-01-01"


def generate_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "--root", str(root), "generate", "--as-of", AS_OF]


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def revise(root: Path) -> None:
    """An edit that reaches every briefing page, the feeds and the export."""
    for path in (root / "briefings").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Synthetic bottom line", "Revised bottom line"), "utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], float]:
    """A project generated from the old content, the new output, and how long a run takes."""
    root = tmp_path_factory.mktemp("crash") / "project"
    write_tree(synthetic_corpus(BRIEFINGS), root)
    copy_site_config(root)
    subprocess.run(generate_command(root), cwd=REPO, check=True, capture_output=True)
    newer = root.parent / "newer"
    shutil.copytree(root, newer)
    revise(newer)
    started = time.monotonic()
    subprocess.run(generate_command(newer), cwd=REPO, check=True, capture_output=True)
    return root, snapshot(newer / "docs"), time.monotonic() - started


def test_a_kill_at_random_moments_leaves_old_or_new_never_a_mix(
    versions: tuple[Path, dict[str, bytes], float], tmp_path: Path
) -> None:
    original, new, seconds = versions
    old = snapshot(original / "docs")
    assert old != new
    outcomes = []
    chance = random.Random(20251115)
    for attempt in range(8):
        root = tmp_path / f"run-{attempt}"
        shutil.copytree(original, root)
        revise(root)
        process = subprocess.Popen(
            generate_command(root), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Most of a run is checking and rendering: aim the kills at its last third, the writes.
        time.sleep(seconds * chance.uniform(0.6, 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        docs = root / "docs"
        assert not [p for p in docs.rglob("*") if p.name.endswith(write.TEMP_SUFFIX)]
        with write.output_lock(docs):
            write.recover(docs)
        after = snapshot(docs)
        assert after in (old, new), f"attempt {attempt}: a mix of old and new pages"
        outcomes.append("new" if after == new else "old")
    print("outcomes after kill -9:", outcomes)


def test_two_runs_at_once_both_succeed_and_agree(
    versions: tuple[Path, dict[str, bytes], float], tmp_path: Path
) -> None:
    original, new, _ = versions
    root = tmp_path / "project"
    shutil.copytree(original, root)
    revise(root)
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    runs = [
        subprocess.Popen(
            generate_command(root),
            cwd=REPO,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert snapshot(root / "docs") == new
    assert not (root / write.STATE_DIR).exists()
