"""Worker processes: a full run split over cores gives the same files, and the same errors,
as one run in-process."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from conftest import AS_OF, REPO
from generator.__main__ import main
from generator.build import pipeline
from generator.build.output_table import render_outputs
from generator.build.pipeline import _Stages as Stages
from generator.core import workers
from generator.core.workers import in_parts, worker_count
from generator.inputs.load import load_project
from generator.inputs.synth import synthetic_corpus
from generator.outputs import write
from generator.outputs.write import write_tree
from generator.pages.render import render_page
from generator.story.graph import build_graph
from generator.story.models import Corpus, Page
from test_write import snapshot

COUNTS = (1, 2, 3)
"""In-process, and two and three workers (more workers than a machine has cores still
gives the same result)."""


@pytest.fixture(scope="module")
def synthetic_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus large enough that every row of the output table has several parts
    of pages and the files several parts of reading."""
    root = tmp_path_factory.mktemp("synthetic") / "project"
    root.mkdir()
    write_tree(synthetic_corpus(300), root)
    return root


def _square(number: int) -> int:
    return number * number


@pytest.mark.parametrize("count", COUNTS)
def test_parts_come_back_with_their_index_whatever_the_order(count: int) -> None:
    order = [3, 0, 4, 1, 2]
    done = dict(in_parts(_square, 5, count, order))
    assert done == {i: i * i for i in range(5)}


def test_workers_are_other_processes_and_one_worker_is_this_one() -> None:
    def pid(_: int) -> int:
        return os.getpid()

    assert {p for _, p in in_parts(pid, 4, 1)} == {os.getpid()}
    assert os.getpid() not in {p for _, p in in_parts(pid, 4, 2)}


@pytest.mark.parametrize("count", COUNTS)
def test_an_error_in_a_part_is_raised_as_the_task_raised_it(count: int) -> None:
    def fails(number: int) -> int:
        if number == 2:
            raise ValueError(f"part {number} cannot be done")
        return number

    with pytest.raises(ValueError, match=r"^part 2 cannot be done$"):
        list(in_parts(fails, 4, count))
    assert workers._task is None, "the next call may use workers again"
    assert dict(in_parts(_square, 3, count)) == {0: 0, 1: 1, 2: 4}


def test_a_worker_that_dies_is_an_error_not_a_wait_for_ever() -> None:
    def dies(number: int) -> int:
        if number == 1:
            os._exit(9)  # as a worker killed for want of memory
        return number

    with pytest.raises(BrokenProcessPool):
        list(in_parts(dies, 3, 2))


def test_a_fork_that_fails_is_an_error_and_the_next_call_may_use_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(OSError, match="Resource temporarily unavailable"):
        list(in_parts(_square, 3, 2))
    assert workers._task is None
    monkeypatch.undo()
    assert dict(in_parts(_square, 3, 2)) == {0: 0, 1: 1, 2: 4}


def test_one_core_or_no_fork_means_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert worker_count() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert worker_count() == workers.MAX_WORKERS
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert worker_count() == 1


def test_work_in_the_background_comes_back_in_order_as_it_was_when_started() -> None:
    seen = ["before"]

    def part(number: int) -> tuple[int, str, int]:
        return number, seen[-1], os.getpid()

    for count in (0, *COUNTS):
        with workers.in_background(part, 5, count) as results:
            seen.append("after")  # a worker sees memory as it was when it was forked
            done = results()
        assert [number for number, _, _ in done] == list(range(5))
        forked = count > 0
        assert {state for _, state, _ in done} == {"before" if forked else "after"}
        assert (os.getpid() in {pid for _, _, pid in done}) is not forked
        assert workers._task is None
        seen.pop()


@pytest.mark.parametrize("count", (0, *COUNTS))
def test_an_error_in_the_background_is_raised_where_the_results_are_asked_for(
    count: int,
) -> None:
    def fails(number: int) -> int:
        if number == 1:
            raise ValueError(f"part {number} cannot be done")
        return number

    failing = workers.in_background(fails, 3, count)
    with pytest.raises(ValueError, match=r"^part 1 cannot be done$"), failing as results:
        results()
    assert workers._task is None, "the next call may use workers again"
    started = workers.in_background(_square, 3, count)
    with pytest.raises(RuntimeError, match="the caller's own work failed"), started:
        raise RuntimeError("the caller's own work failed")
    assert dict(in_parts(_square, 3, count)) == {0: 0, 1: 1, 2: 4}


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("meetings", "claim-not-in-evidence"),
        ("cases/person-not-in-source", "person-not-in-source"),
        ("cases/evidence-not-in-source", "evidence-not-in-source"),
        ("cases/unknown-source-file", "unknown-source"),
        ("cases/placeholder-key-point", "placeholder"),
        ("cases/schema-unknown-status", "schema-enum"),
    ],
)
def test_the_checks_done_beside_the_workers_find_what_one_process_finds(
    project: Path, fixture: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers, each part of the briefings is validated while the workers parse the
    next, and the claim and people checks run in workers while the parent resolves
    (pipeline._check): here a file or two at a time, so that parts come in every order."""
    source = REPO / "tests" / "fixtures" / fixture
    for folder in ("briefings", "entities", "seeds"):
        if (source / folder).is_dir():
            if fixture == "meetings":
                shutil.rmtree(project / folder)
            shutil.copytree(source / folder, project / folder, dirs_exist_ok=True)
    monkeypatch.setattr(pipeline, "WARNINGS_PART", 1)
    monkeypatch.setattr("generator.inputs.load.YAML_PART", 1)
    monkeypatch.setattr("generator.inputs.load.SOURCE_PART", 2)
    found = {count: pipeline._check(project, AS_OF, workers=count)[0] for count in COUNTS}
    assert any(d.code == code for d in found[1].diagnostics)
    for count in COUNTS[1:]:
        assert found[count].diagnostics == found[1].diagnostics
    # A full run builds the graph while the checks that only warn finish, which then have
    # one worker fewer: the same diagnostics, and the graph of the corpus checked.
    for count in COUNTS:
        result, graph = pipeline._check(project, AS_OF, workers=count, stages=Stages(None))
        assert result.diagnostics == found[1].diagnostics
        if result.corpus is not None:
            assert graph == build_graph(result.corpus)
        else:
            assert graph is None


@pytest.mark.parametrize("count", COUNTS[1:])
def test_files_read_by_workers_are_those_read_in_process(
    synthetic_project: Path, count: int
) -> None:
    assert load_project(synthetic_project, None, count) == load_project(synthetic_project)


def test_a_failure_while_parts_of_the_briefings_are_validated_ends_the_workers(
    synthetic_project: Path,
) -> None:
    def fails(documents: list[Any], sources: dict[str, Any]) -> None:
        raise RuntimeError("a bug in validation")

    with pytest.raises(RuntimeError, match="a bug in validation"):
        load_project(synthetic_project, None, 2, fails)
    assert workers._task is None, "the next call may use workers again"
    assert dict(in_parts(_square, 3, 2)) == {0: 0, 1: 1, 2: 4}


def test_every_briefing_parsed_by_workers_is_handed_over_once_with_every_article(
    synthetic_project: Path,
) -> None:
    handed: list[str] = []
    articles: set[int] = set()

    def note(documents: list[Any], sources: dict[str, Any]) -> None:
        handed.extend(document.path for document in documents)
        articles.add(len(sources))

    loaded, _ = load_project(synthetic_project, None, 2, note)
    assert sorted(handed) == sorted(document.path for document in loaded.briefings)
    assert articles == {len(loaded.sources)}


@pytest.mark.parametrize("count", COUNTS[1:])
def test_unreadable_files_are_reported_alike_by_workers(project: Path, count: int) -> None:
    briefings = project / "briefings" / "2025"
    (briefings / "utf16.yml").write_bytes("id: x\n".encode("utf-16"))
    (briefings / "syntax.yml").write_text("id: [x\n", encoding="utf-8")
    (briefings / "keys.yml").write_text("id: x\nid: y\n", encoding="utf-8")
    (project / "seeds" / "latin1.txt").write_bytes(b"caf\xe9\n")
    serial = load_project(project)
    assert len(serial[1]) == 4
    assert load_project(project, None, count) == serial


@pytest.mark.parametrize("count", COUNTS[1:])
def test_pages_rendered_by_workers_are_those_rendered_in_process(
    synthetic_project: Path, count: int
) -> None:
    corpus = pipeline.check(synthetic_project, AS_OF).corpus
    assert corpus is not None
    graph = build_graph(corpus)
    counted: list[int] = []
    in_workers = render_outputs(corpus, graph, AS_OF, workers=count, on_page=counted.append)
    assert in_workers == render_outputs(corpus, graph, AS_OF)
    assert counted == list(range(1, len(in_workers) + 1))


def test_generate_writes_the_same_files_with_and_without_workers(
    synthetic_project: Path, tmp_path: Path
) -> None:
    written = {}
    for count in (1, 2):
        root = tmp_path / str(count)
        shutil.copytree(synthetic_project, root)
        result = pipeline.generate(root, AS_OF, workers=count)
        assert result.report is not None
        written[count] = snapshot(root / "docs")
    assert written[1] == written[2]
    assert len(written[1]) > 500


@pytest.mark.parametrize("count", (1, 2))
def test_a_bug_in_a_page_is_reported_in_one_line_with_or_without_workers(
    project: Path,
    count: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(template: str, uri: str, *args: Any) -> Page:
        if uri.startswith("people/"):
            raise KeyError("no such entity")
        return render_page(template, uri, *args)

    # Set before the workers are forked, so they run it too.
    monkeypatch.setattr("generator.build.output_table.render_page", broken)
    monkeypatch.setattr("generator.build.pipeline.worker_count", lambda: count)
    assert main(["--root", str(project), "generate", "--as-of", AS_OF.isoformat()]) == 3
    error = capsys.readouterr().err.splitlines()[-1]
    assert error == (
        "internal error: KeyError: 'no such entity'. Please report it with the command you ran."
    )
    assert not (project / "docs" / "people").exists()


def _staged(root: Path) -> list[str]:
    """Files left in the writer's staging places, beside docs/ and in it."""
    places = (root / write.STATE_DIR, root / "docs" / write.STAGING_IN_DOCS)
    return sorted(str(path) for place in places for path in place.rglob("*") if path.is_file())


@pytest.mark.parametrize("count", (1, 2))
def test_a_run_that_fails_while_pages_are_staged_leaves_docs_as_they_were(
    synthetic_project: Path, tmp_path: Path, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are staged by the worker that rendered them, a part at a time: a page that
    fails after others were staged must leave the previous output whole, and nothing staged
    behind."""
    root = tmp_path / "project"
    shutil.copytree(synthetic_project, root)
    pipeline.generate(root, AS_OF, workers=count)
    before = snapshot(root / "docs")
    staged: list[int] = []
    real_take = write.PageWrite.take

    def counting_take(self: write.PageWrite, part: write.Staged) -> None:
        staged.append(len(part.written))
        real_take(self, part)

    def broken(template: str, uri: str, *args: Any) -> Page:
        page = render_page(template, uri, *args)
        if uri.startswith("people/"):  # the people rows come after the briefings'
            raise KeyError("no such entity")
        return Page(page.uri, page.text + "changed\n")

    monkeypatch.setattr(write.PageWrite, "take", counting_take)
    monkeypatch.setattr("generator.build.output_table.render_page", broken)
    with pytest.raises(KeyError):
        pipeline.generate(root, AS_OF, workers=count)
    assert sum(staged) > 0, "changed pages were staged before the failure"
    assert snapshot(root / "docs") == before
    assert _staged(root) == []
    assert _children(os.getpid()) == set()


def test_a_write_that_fails_while_workers_render_ends_them(
    synthetic_project: Path, tmp_path: Path
) -> None:
    """A folder where a page goes stops the run at that page's part: no part starts after it,
    the workers end with the run, and docs/ keeps what it had."""
    root = tmp_path / "project"
    shutil.copytree(synthetic_project, root)
    (root / "docs" / "people" / "zz-in-the-way.md").mkdir(parents=True)
    graph_pages = pipeline.build_pages(_checked(root), AS_OF)
    in_the_way = next(page.uri for page in graph_pages if page.uri.startswith("people/"))
    (root / "docs" / "people" / "zz-in-the-way.md").rmdir()
    (root / "docs" / in_the_way).mkdir(parents=True)
    before = sorted(str(path) for path in (root / "docs").rglob("*"))
    with pytest.raises(write.WriteError, match="is in the way"):
        pipeline.generate(root, AS_OF, workers=2)
    assert sorted(str(path) for path in (root / "docs").rglob("*")) == before
    assert _staged(root) == []
    assert _children(os.getpid()) == set()


def _checked(root: Path) -> Corpus:
    corpus = pipeline.check(root, AS_OF).corpus
    assert corpus is not None
    return corpus


def test_a_process_with_other_threads_works_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork copies one thread and every lock as it stands: a lock another thread holds would
    stay locked in the worker for ever."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert worker_count() == 1
    finally:
        stop.set()
        other.join()
    # Threads other tests leave behind would count too: the rule is read with only this one.
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert worker_count() == workers.MAX_WORKERS


def test_after_an_error_no_part_starts_and_the_parts_under_way_finish(tmp_path: Path) -> None:
    """A worker is never killed mid-part: killed while it sent its pages back, it left half a
    message in the pool's pipe, and the run waited for the rest for ever."""

    def task(index: int) -> int:
        if index == 0:
            raise ValueError("part 0")
        time.sleep(0.5)
        (tmp_path / f"part-{index}").write_text("done")
        return index

    with pytest.raises(ValueError, match="part 0"):
        list(in_parts(task, 20, 2))
    finished = sorted(int(path.name.split("-")[1]) for path in tmp_path.glob("part-*"))
    assert 1 in finished, "the part under way beside the failed one was not cut short"
    # Those under way, and those already in the pool's queue (one more than its workers).
    assert max(finished) < 10, f"parts started after the error: {finished}"
    assert _children(os.getpid()) == set()


def test_a_worker_ends_on_sigterm_whatever_handler_its_parent_set(tmp_path: Path) -> None:
    """The watch mode sets a SIGTERM handler that raises SystemExit, and the preview's first
    build forks from it: a worker that kept that handler would take the signal the kernel
    sends when its parent dies for an error in its part, and carry on."""

    def stop(number: int, frame: object) -> None:
        raise SystemExit(143)

    def task(index: int) -> None:
        (tmp_path / f"worker-{index}").write_text(str(os.getpid()))
        time.sleep(10)

    # Another process sends the signal: a thread here would be copied, mid-run, by the fork.
    killer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, pathlib, signal, sys, time\n"
            "pid_file = pathlib.Path(sys.argv[1])\n"
            "for _ in range(200):\n"
            "    if pid_file.is_file() and pid_file.read_text():\n"
            "        os.kill(int(pid_file.read_text()), signal.SIGTERM)\n"
            "        break\n"
            "    time.sleep(0.05)\n",
            str(tmp_path / "worker-0"),
        ]
    )
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(BrokenProcessPool):
            list(in_parts(task, 2, 2))
    finally:
        signal.signal(signal.SIGTERM, previous)
        killer.wait(timeout=30)


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_end_when_their_run_is_killed(tmp_path: Path) -> None:
    """A run killed outright cannot end its workers; the kernel does, so none is left
    waiting for work, holding a copy of the run."""
    root = tmp_path / "project"
    root.mkdir()
    write_tree(synthetic_corpus(2000), root)
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(root),
            "generate",
            "--as-of",
            "2026-01-01",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while not children and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            children = _children(run.pid)
        if not children:
            pytest.skip("the run ended before it started workers (one core?)")
    finally:
        run.kill()
        run.wait()
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [child for child in children if _alive(child)]
