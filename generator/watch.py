"""`python -m generator watch`: regenerate on every save, rendering only what the save reaches.

The process keeps an IncrementalBuild, so after the first full run an edit to one briefing
re-reads one file and rewrites the pages that depend on it (under a second at 10,000
briefings, see README "Performance"). It writes the same files `generate` would; `mkdocs serve`
(started with --serve) sees them change and reloads the browser.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .diagnostics import Diagnostic, format_text, log_text, os_error_text
from .load import BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR
from .pipeline import IncrementalBuild, UpdateResult
from .write import WriteError

# Editors save in bursts (a temporary file, a rename, a backup): wait for the burst to end.
SETTLE_SECONDS = 0.15
# How often to look at the server and the date when nothing is saved.
POLL_SECONDS = 1.0


class _Changed(FileSystemEventHandler):
    def __init__(self) -> None:
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in {"opened", "closed_no_write"}:
            self.pending.set()


def describe(result: UpdateResult, seconds: float) -> str:
    """One line a person can read at a glance after each save."""
    if result.report is None:
        return "Nothing was written: fix the errors above, then save again."
    report = result.report
    return (
        f"Updated in {seconds:.2f} s: rendered {result.rendered} pages, "
        f"wrote {len(report.written)}, removed {len(report.removed)}."
    )


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...], previous: set[str]) -> set[str]:
    """Errors every time (nothing is written until they are fixed); a warning only when it
    is new, so a save does not repeat the same screen of warnings."""
    shown = set()
    for diagnostic in diagnostics:
        line = format_text(diagnostic)
        shown.add(line)
        if diagnostic.is_error or line not in previous:
            print(line, flush=True)
    return shown


def run_once(build: IncrementalBuild, as_of: dt.date, previous: set[str]) -> set[str]:
    """One update, reported in a few lines; no failure stops the watch (nor the server)."""
    started = time.perf_counter()
    try:
        result = build.update(as_of)
    except WriteError as exc:
        print(f"error: {log_text(str(exc))}. Save again to retry.", file=sys.stderr, flush=True)
        return previous
    except OSError as exc:  # not a bug: the disk is full, a folder is read-only, ...
        message = os_error_text(exc, "write the pages under docs/")
        print(f"error: {message}. Save again to retry.", file=sys.stderr, flush=True)
        return previous
    except Exception as exc:  # a bug of ours: one line, and the watch goes on
        print(
            f"internal error: {type(exc).__name__}: {log_text(str(exc))}. The pages on disk are "
            "the last good ones; please report it with the change you saved.",
            file=sys.stderr,
            flush=True,
        )
        return previous
    shown = _print_diagnostics(result.check.diagnostics, previous)
    print(describe(result, time.perf_counter() - started), file=sys.stderr, flush=True)
    return shown


def watch(root: Path, as_of: Callable[[], dt.date], serve: bool) -> int:
    """Run until interrupted (Ctrl-C), or until `mkdocs serve` stops when it was started."""
    # A terminated watcher still stops the server it started (the `finally` below).
    signal.signal(signal.SIGTERM, _exit_on_signal)
    changed = _Changed()
    observer = Observer()
    for folder in (BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR):
        if (root / folder).is_dir():
            observer.schedule(changed, str(root / folder), recursive=True)
    # Watching starts before the first run, so a save made while it runs is not missed.
    observer.start()
    server: subprocess.Popen[bytes] | None = None
    interrupted = False
    try:
        build = IncrementalBuild(root, lambda message: print(message, file=sys.stderr))
        day = as_of()
        shown = run_once(build, day, set())
        server = _start_server(root) if serve else None
        print("Watching briefings/, entities/ and seeds/; Ctrl-C stops.", file=sys.stderr)
        while server is None or server.poll() is None:
            if changed.pending.wait(timeout=POLL_SECONDS):
                time.sleep(SETTLE_SECONDS)
                changed.pending.clear()
                day = as_of()
                shown = run_once(build, day, shown)
            elif as_of() != day:  # a new day: what is upcoming has changed
                day = as_of()
                shown = run_once(build, day, shown)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        observer.stop()
        observer.join()
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait()
    # Stopped by the person: success. The server stopped on its own: say how it ended.
    return 0 if server is None or interrupted else server.returncode


def _exit_on_signal(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


def _start_server(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve"], cwd=root)
