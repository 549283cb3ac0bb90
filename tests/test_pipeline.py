"""The whole pipeline and its command line, on a copy of the project."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, REPO, SEED_BRIEFING, SEED_ID, WriteFile
from generator.__main__ import main
from generator.build import pipeline
from test_write import snapshot

SYNTHETIC_SEED = "synthetic_0001.txt"
SYNTHETIC_ID = "2025-11-18-synthetic-brics-energy"


def generate(project: Path, *extra: str) -> int:
    return main(["--root", str(project), "generate", "--as-of", "2025-11-20", *extra])


def add_synthetic_briefing(write_file: WriteFile) -> None:
    """A clearly synthetic second briefing that shares some entities with the seed."""
    write_file(
        f"seeds/{SYNTHETIC_SEED}",
        "SYNTHETIC TEST ARTICLE. Officials discussed energy cooperation within BRICS.\n",
    )
    write_file(
        f"briefings/2025/{SYNTHETIC_ID}.yml",
        f"""
        id: {SYNTHETIC_ID}
        title: Synthetic test briefing on BRICS energy
        date: 2025-11-18
        source:
          file: {SYNTHETIC_SEED}
        bottom_line: Synthetic text for tests.
        key_points:
          - text: Synthetic point.
            evidence: Officials discussed energy cooperation within BRICS.
        background: Synthetic background.
        outlook: Synthetic outlook.
        organisations: [brics]
        topics: [energy]
        """,
    )


def test_generate_writes_pages_and_check_writes_nothing(project: Path) -> None:
    assert main(["--root", str(project), "check"]) == 0
    assert not (project / "docs" / "index.md").exists()
    assert generate(project) == 0
    assert (project / "docs" / "briefings" / f"{SEED_ID}.md").is_file()
    assert (project / "docs" / "about.md").is_file()


def test_two_generates_give_identical_bytes(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other)
    assert generate(project) == 0
    assert generate(other) == 0
    assert snapshot(project / "docs") == snapshot(other / "docs")
    assert generate(project) == 0
    assert snapshot(project / "docs") == snapshot(other / "docs")


def test_editing_one_briefing_rewrites_only_what_depends_on_it(
    project: Path, write_file: WriteFile, capsys: pytest.CaptureFixture[str]
) -> None:
    add_synthetic_briefing(write_file)
    assert generate(project) == 0
    capsys.readouterr()
    path = project / "briefings" / "2025" / f"{SYNTHETIC_ID}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Synthetic outlook.", "Synthetic outlook, edited."), "utf-8")
    assert generate(project) == 0
    assert "Wrote 2 changed pages" in capsys.readouterr().err, "the page and the data export"

    path.write_text(text.replace("on BRICS energy", "on BRICS energy, retitled"), "utf-8")
    before = snapshot(project / "docs")
    assert generate(project) == 0
    after = snapshot(project / "docs")
    changed = {uri for uri in after if before.get(uri) != after[uri]}
    assert changed == {
        f"briefings/{SYNTHETIC_ID}.md",
        f"briefings/{SEED_ID}.md",  # lists it among related briefings
        "briefings/index.md",
        "index.md",
        "organisations/brics.md",
        "topics/energy.md",
        "feeds/briefings.xml",
        "data/export.json",
    }


def test_removing_a_briefing_removes_its_page(project: Path, write_file: WriteFile) -> None:
    add_synthetic_briefing(write_file)
    assert generate(project) == 0
    (project / "briefings" / "2025" / f"{SYNTHETIC_ID}.yml").unlink()
    assert generate(project) == 0
    assert not (project / "docs" / "briefings" / f"{SYNTHETIC_ID}.md").exists()
    assert (project / "docs" / "briefings" / f"{SEED_ID}.md").exists()


def test_an_error_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate(project) == 0
    before = snapshot(project / "docs")
    seed = project / "briefings" / "2025" / SEED_BRIEFING.name
    seed.write_text(seed.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    assert generate(project) == 1
    assert snapshot(project / "docs") == before
    err = capsys.readouterr()
    assert "unknown field 'titel'. Did you mean 'title'?" in err.out
    assert "Nothing was written" in err.err


def test_command_line_runs_as_a_module_without_traceback(project: Path) -> None:
    (project / "briefings" / "2025" / "bad.yml").write_bytes(b"\xff\xfe\x00garbage")
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr + completed.stdout
    assert "briefings/2025/bad.yml:1:1: error: the file is UTF-16" in completed.stdout


def test_the_cycle_collector_is_back_on_after_a_run_even_a_failing_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stages pause Python's cycle collector for speed; a caller's process keeps it."""
    assert generate(project) == 0
    assert gc.isenabled()

    def render_fails(*args: object) -> None:
        assert not gc.isenabled(), "paused while the stages run"
        raise RuntimeError("a bug in a stage")

    monkeypatch.setattr("generator.build.pipeline.render_staged", render_fails)
    assert generate(project) == 3  # an internal error, reported in one line
    assert gc.isenabled()


def test_what_a_run_made_is_not_left_for_the_next_young_collection(project: Path) -> None:
    """Left in the youngest generation, a run's objects were all scanned by the first
    collection after it (0.6 s at 10,000 briefings); they go to the oldest, not frozen, so
    cycles among them can still be collected in a process that runs again."""
    frozen = gc.get_freeze_count()
    gc.collect()
    result = pipeline.generate(project, AS_OF)
    young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation=generation)}
    assert result.check.corpus is not None
    assert not {id(b) for b in result.check.corpus.briefings} & young
    assert gc.get_freeze_count() == frozen


def test_generate_says_each_stage_with_what_it_did_and_how_long_it_took(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plain lines, one a stage as it ends, then the total: a CI log and a terminal alike."""
    assert generate(project) == 0
    lines = capsys.readouterr().err.splitlines()
    stages = [line.split(":", 1)[0] for line in lines if re.match(r"^[a-z ]+: .* in \d", line)]
    assert stages == ["check", "link graph", "render", "write"]
    assert any(re.fullmatch(r"check: 7 files in \d+\.\d s", line) for line in lines), lines
    assert any(re.fullmatch(r"render: \d+ pages in \d+\.\d s", line) for line in lines), lines
    took = lines[-1]
    assert re.fullmatch(
        r"Took \d+\.\d s: check \d+\.\d s, link graph \d+\.\d s, render \d+\.\d s, "
        r"write \d+\.\d s\.",
        took,
    ), took


def test_the_render_stage_counts_its_pages_as_they_come(project: Path) -> None:
    counts: list[int] = []
    result = pipeline.generate(project, AS_OF, on_page=counts.append)
    assert result.report is not None
    assert counts == list(range(1, len(counts) + 1))
    # Every output counts, pages and feeds alike: one loop renders them (outputs.py).
    assert counts[-1] == len(result.report.written)
    assert any(not uri.endswith(".md") for uri in result.report.written)


def test_on_a_terminal_generate_counts_pages_on_one_line_that_the_stage_line_replaces(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.setattr(
        "generator.__main__._count_pages",
        lambda done: print(f"\rrender: {done} pages so far", end="", file=sys.stderr),
    )
    assert generate(project) == 0
    err = capsys.readouterr().err
    assert "\rrender: 1 pages so far" in err
    assert "\r\x1b[Krender: " in err, "the stage's own line takes the count's place"


def test_the_watch_modes_first_run_says_its_stages(project: Path) -> None:
    said: list[str] = []
    build = pipeline.IncrementalBuild(project, on_stage=said.append)
    assert build.update(AS_OF).report is not None
    assert [line.split(":")[0] for line in said] == ["check", "link graph", "render", "write"]
    briefing = next((project / "briefings").rglob("*.yml"))
    briefing.write_text(briefing.read_text("utf-8").replace("title: ", "title: New ", 1), "utf-8")
    said.clear()
    assert build.update(AS_OF).report is not None
    assert said == [], "a save is one line of the watch, not four"


def test_the_watch_mode_collects_cycles_made_between_saves(project: Path) -> None:
    """It freezes what a run keeps out of the collector's reach; garbage in reference cycles
    made after a run (the preview's page renders) must still go before the next freeze."""
    import weakref

    class Node:
        partner: object = None

    build = pipeline.IncrementalBuild(project)
    assert build.update(AS_OF).report is not None
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    gone = weakref.ref(first)
    del first, second
    assert build.update(AS_OF).report is not None
    assert gone() is None
