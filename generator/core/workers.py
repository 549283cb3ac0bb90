"""Work spread over the machine's cores: worker processes started by fork.

A full run at 10,000 briefings spends most of its time on work whose parts do not depend on
each other (rendering 16,000 pages). Python runs one thread at a time, so the parts go to
worker processes. They are started by fork once everything they read has been built, so they
share it as it stands (nothing is copied or sent to them) and send back only what they made,
which the caller puts in order: the result is the same whatever the number of workers and
whichever finishes first.

Where fork is missing (Windows) or not safe (macOS, where system libraries may not survive
it, which is why Python does not use it there by default), and on one core, the work runs
in-process, as it always may.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

Result = TypeVar("Result")

MAX_WORKERS = 4
"""Each worker comes to hold a copy of the parts of memory it touches (a reference count
changes when an object is read), so each costs memory: at 10,000 briefings the run's
processes held 591 MiB in all in-process, 913 MiB with two workers and 1,118 MiB with four
(proportional set sizes, measured). CI runners have 2-4 cores."""

_task: Callable[[int], Any] | None = None
"""The task the workers run, set before they are forked: a function need not be picklable to
reach a forked process, only its result."""


def worker_count() -> int:
    """How many workers a full run uses: one per core this process may run on, at most
    MAX_WORKERS; 1 (work in-process) where fork is unavailable or unsafe."""
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        # Fork copies only the calling thread, with every lock as it stands: a lock another
        # thread holds at that moment (a watcher's, a server's) stays locked in the worker.
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - every Linux has it
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


_PR_SET_PDEATHSIG = 1
"""Linux's prctl option that sends a signal to this process when its parent ends."""


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run, and a worker ends
    # after its current part instead of printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker ends on SIGTERM, which is how a failed run ends its workers (`in_parts`) and
    # what the kernel sends when the parent dies, whatever handler the parent set for itself
    # (the watch mode's raises SystemExit, which the pool would take for a part's error and
    # then wait for the next part, for ever).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A parent killed outright (SIGKILL, out of memory) cannot end its workers, and they
    # would wait on their queue for ever, each holding a copy of the run: the kernel ends
    # them instead. Fork is used only where this exists (Linux); elsewhere it is skipped.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent ended before the setting took hold
        os._exit(1)


def _run_part(index: int) -> Any:
    assert _task is not None, "workers are forked after the task is set"
    return _task(index)


def in_parts(
    task: Callable[[int], Result],
    parts: int,
    workers: int,
    order: Sequence[int] | None = None,
) -> Generator[tuple[int, Result], None, None]:
    """`(index, task(index))` for each index below `parts`, as they are done: in `workers`
    forked processes, or in this one when `workers` is 1. `order` is the order to start the
    parts in (the longest first keeps every worker busy to the end).

    An exception in a part is raised here as the task raised it, and the other parts are
    not started; a worker that dies (killed, out of memory) raises BrokenProcessPool. Only
    one call may use workers at a time."""
    sequence = list(order) if order is not None else list(range(parts))
    assert sorted(sequence) == list(range(parts)), "order lists each part once"
    if workers <= 1 or parts <= 1:
        for index in sequence:
            yield index, task(index)
        return
    global _task
    executor, pending = _started(task, sequence, workers)
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                yield index, future.result()
    except BaseException:
        # An error or Ctrl-C ends the run: no part that has not started will start, and the
        # parts under way (each a fraction of a second of work, as callers size them) finish
        # first. A worker is not killed: one killed while it sends its pages back leaves half
        # a message in the pool's pipe, and the pool's thread then waits for the rest for
        # ever (seen here about once in 25 runs of a failed write). Waiting for that thread
        # to end, as below, also means no fork copies a lock it holds.
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _task = None
    # Every part is done, so the workers end at once. Waiting for them (and the pool's
    # thread) means the next call forks a process with no other thread in it, as fork wants.
    executor.shutdown(wait=True)


def _started(
    task: Callable[[int], Any], sequence: Sequence[int], workers: int
) -> tuple[ProcessPoolExecutor, dict[Future[Any], int]]:
    """The workers forked now, with every part of `task` queued in `sequence` order."""
    global _task
    assert _task is None, "one call uses workers at a time"
    _task = task
    executor = ProcessPoolExecutor(
        max_workers=min(workers, len(sequence)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
    )
    try:
        # The pool forks every worker at the first submit, before its own thread starts (it
        # does so for the fork start method), so no worker is forked beside a running thread.
        pending = {executor.submit(_run_part, index): index for index in sequence}
    except BaseException:  # no fork possible (out of memory, too many processes)
        executor.shutdown(wait=True, cancel_futures=True)
        _task = None
        raise
    return executor, pending


@contextlib.contextmanager
def in_background(
    task: Callable[[int], Result], parts: int, processes: int
) -> Iterator[Callable[[], list[Result]]]:
    """Starts `task(index)` for each index below `parts` in `processes` forked worker
    processes, and gives a function that waits for them and returns the results in index
    order: the caller does other work meanwhile, in this process, on a core the workers
    leave free, so `processes` is one less than the cores to use. With none (one core, no
    fork), the parts run in this process when the results are asked for.

    The workers see memory as it was when the block began: what the caller changes inside
    it, they never see. The caller may not use workers in the block. Leaving the block
    before asking for the results (an error) cancels the parts not started."""
    if processes < 1 or parts <= 1:
        yield lambda: [task(index) for index in range(parts)]
        return
    global _task
    executor, pending = _started(task, range(parts), processes)
    collected: list[list[Result]] = []

    def results() -> list[Result]:
        if not collected:
            done: list[Any] = [None] * parts
            for future, index in pending.items():
                done[index] = future.result()
            collected.append(done)
        return collected[0]

    try:
        yield results
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)  # as in `in_parts`, and why
        raise
    finally:
        _task = None
    executor.shutdown(wait=True)
