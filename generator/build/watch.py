"""`python -m generator watch`: regenerate on every save, rendering only what the save reaches.

The process keeps an IncrementalBuild, so after the first full run an edit to one briefing
re-reads one file and rewrites the pages that depend on it (under a second at 10,000
briefings, see design/performance.md). It writes the same files `generate` would; with --serve,
the live preview of this process (preview.py) renders again the pages each save rewrote and
reloads the browser.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from ..core.diagnostics import Diagnostic, format_text, os_error_text, out_of_memory_text
from ..core.escaping import log_text
from ..inputs.load import BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR
from ..outputs.write import WriteError
from .pipeline import IncrementalBuild, UpdateResult
from .preview import Preview, PreviewError

# Editors save in bursts (a temporary file, a rename, a backup): wait for the burst to end.
SETTLE_SECONDS = 0.05
# How often to look at the server and the date when nothing is saved.
POLL_SECONDS = 1.0


CONTENT_DIRS = (BRIEFINGS_DIR, ENTITIES_DIR, SEEDS_DIR)


class _Changed(FileSystemEventHandler):
    def __init__(self) -> None:
        self.pending = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in {"opened", "closed_no_write"}:
            self.pending.set()


class _ContentFolderChanged(FileSystemEventHandler):
    """Events in the repository root that concern a content folder itself (made, deleted,
    renamed): the writer's own folders there (docs/, .generator/) wake nobody."""

    def __init__(self, root: Path, changed: _Changed) -> None:
        self.names = {str(root / folder) for folder in CONTENT_DIRS}
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {event.src_path, event.dest_path}
        if any(str(path) in self.names for path in paths):
            self.changed.pending.set()


Identity = tuple[int, int]


def _identity(folder: Path) -> Identity | None:
    """Which folder is at this path (device and inode), if a real one is."""
    try:
        status = os.lstat(folder)
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


class ContentWatch:
    """The watchdog observer over briefings/, entities/ and seeds/. A watch follows the folder
    it was made on, not its name: when a folder is deleted and made again (`rm -rf entities &&
    git checkout entities`) its watch is dead and the new folder is unwatched. So the root is
    watched too, for the folders' own comings and goings, and `rearm` (called on every event
    and every tick) watches each folder again whose identity changed."""

    def __init__(self, root: Path, changed: _Changed) -> None:
        self.root, self.changed = root, changed
        self.observer = Observer()
        self._watches: dict[str, tuple[Identity, ObservedWatch]] = {}
        self.observer.schedule(_ContentFolderChanged(root, changed), str(root), recursive=False)
        self.rearm()

    def rearm(self) -> bool:
        """Watch again every content folder that is not the one watched; True if any was
        replaced, made or removed since the last call (its saves may have gone unseen)."""
        replaced = False
        for folder in CONTENT_DIRS:
            path = self.root / folder
            identity = _identity(path)
            kept = self._watches.get(folder)
            if kept is not None and kept[0] == identity:
                continue
            replaced = replaced or kept is not None or identity is not None
            if kept is not None:
                del self._watches[folder]
                # Its emitter may have stopped with its folder; an emitter left registered
                # would be reused, dead, by the next schedule of the same path.
                with contextlib.suppress(KeyError, OSError):
                    self.observer.unschedule(kept[1])
            if identity is not None:
                try:
                    watch = self.observer.schedule(self.changed, str(path), recursive=True)
                except OSError:  # gone again already: the next tick looks again
                    continue
                self._watches[folder] = (identity, watch)
        return replaced


def describe(result: UpdateResult, seconds: float, preview: tuple[int, float] | None) -> str:
    """One line a person can read at a glance after each save; with the preview, how many
    of its pages were rendered and in what time."""
    if result.report is None:
        return "Nothing was written: fix the errors above, then save again."
    report = result.report
    served = f" Preview: {preview[0]} pages in {preview[1]:.2f} s." if preview else ""
    return (
        f"Updated in {seconds:.2f} s: rendered {result.rendered} pages, "
        f"wrote {len(report.written)}, removed {len(report.removed)}.{served}"
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


@dataclass
class Session:
    """What the watch keeps between saves."""

    build: IncrementalBuild
    shown: set[str] = field(default_factory=set)
    """The diagnostics last printed (a warning is printed again only when it is new)."""
    preview: Preview | None = None


def run_once(session: Session, as_of: dt.date, quiet: bool = False) -> None:
    """One update, reported in a few lines; no failure stops the watch (nor the server).
    `quiet`: say nothing if it found nothing to do."""
    started = time.perf_counter()
    preview = None
    try:
        result = session.build.update(as_of)
        if session.preview is not None and result.report is not None:
            shown_at = time.perf_counter()
            preview = (session.preview.show(result.report), time.perf_counter() - shown_at)
    except WriteError as exc:
        print(f"error: {log_text(str(exc))}. Save again to retry.", file=sys.stderr, flush=True)
        return
    except OSError as exc:  # not a bug: the disk is full, a folder is read-only, ...
        message = os_error_text(exc, "write the pages under docs/")
        print(f"error: {message}. Save again to retry.", file=sys.stderr, flush=True)
        return
    except MemoryError:  # not a bug of ours either: the pages on disk are the last good ones
        doing = "update the pages after this save"
        print(
            f"error: {out_of_memory_text(doing)}. Save again to retry.", file=sys.stderr, flush=True
        )
        return
    except Exception as exc:  # a bug of ours: one line, and the watch goes on
        print(
            f"internal error: {type(exc).__name__}: {log_text(str(exc))}. The pages on disk are "
            "the last good ones; please report it with the change you saved.",
            file=sys.stderr,
            flush=True,
        )
        return
    if (
        quiet
        and not result.rendered
        and {format_text(diagnostic) for diagnostic in result.check.diagnostics} == session.shown
    ):
        return  # only a quiet run formats its diagnostics twice: every save passes here
    session.shown = _print_diagnostics(result.check.diagnostics, session.shown)
    seconds = time.perf_counter() - started
    print(describe(result, seconds, preview), file=sys.stderr, flush=True)


def watch(
    root: Path,
    as_of: Callable[[], dt.date],
    serve: bool,
    address: str | None = None,
    site_url: str | None = None,
) -> int:
    """Run until interrupted (Ctrl-C), or until the preview server stops when it was started.
    `site_url` is the one `generate` takes (SITE_URL), so the feeds are the same."""
    # A terminated watcher still stops the server it started (the `finally` below).
    signal.signal(signal.SIGTERM, _exit_on_signal)
    changed = _Changed()
    content: ContentWatch | None = None
    session = Session(IncrementalBuild(root, say, say, site_url))
    try:
        day = as_of()
        # The first run and the preview's first build come before any other thread runs
        # (watchdog starts one for each folder it watches), so they may share their work with
        # forked processes (core/workers.py). A save made meanwhile is not missed: the run
        # after them compares every file with what was read (load.FileCache).
        run_once(session, day)
        if serve:
            session.preview = Preview.start(root, say, address)
        content = ContentWatch(root, changed)
        content.observer.start()
        run_once(session, day, quiet=True)
        print("Watching briefings/, entities/ and seeds/; Ctrl-C stops.", file=sys.stderr)
        while session.preview is None or session.preview.serving():
            saved = changed.pending.wait(timeout=POLL_SECONDS)
            if saved:
                time.sleep(SETTLE_SECONDS)
                changed.pending.clear()
            # Before the run, so what is saved into a replaced folder from now on is seen.
            if content.rearm():
                session.build.start_over()
                saved = True
            if saved or as_of() != day:  # a new day: what is upcoming and published changed
                day = as_of()
                run_once(session, day)
    except KeyboardInterrupt:
        return 0
    except PreviewError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        if content is not None:
            content.observer.stop()
            content.observer.join()
        if session.preview is not None:
            session.preview.stop()
    failure = session.preview.failure if session.preview else None
    print(f"error: {failure or 'the preview server stopped'}.", file=sys.stderr, flush=True)
    return 1


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _exit_on_signal(number: int, frame: object) -> None:
    raise SystemExit(128 + number)
