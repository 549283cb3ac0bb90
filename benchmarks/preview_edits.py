"""Times the live preview as a contributor sees it:
`python benchmarks/preview_edits.py PROJECT AS_OF [EDITS]`.

Starts `python -m generator watch --serve` on PROJECT, waits until the preview serves its
first page, then saves EDITS (default 9) edits one after another, each to another briefing,
in turn of three kinds: its outlook (shown on its own page), its title (shown in every list
of briefings it is in) and an event's status (shown wherever the event is listed). Each is
timed from the save to the moment the briefing's served page shows the change. Prints one
JSON line: the time to the first page, each edit's kind and seconds, their median and worst,
and how long search took to catch up afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


EDITS = [
    # (kind, text in the briefing, its replacement, what the briefing's page then shows)
    ("outlook", "Synthetic outlook", "Outlook {}", "Outlook {}"),
    ("title", "title: Synthetic", "title: Retitled {} synthetic", "Retitled {} synthetic"),
    # The briefing's page shows each event's status as its report gives it.
    ("status", "status: held", "status: postponed\n    place: Place {}", "Place {}"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition: object, seconds: float, step: float = 0.02) -> float | None:
    """Seconds until `condition()` was true, or None when it never was."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if callable(condition) and condition():
            return time.perf_counter() - started
        time.sleep(step)
    return None


def main() -> None:
    project, as_of = Path(sys.argv[1]), sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    briefings = sorted((project / "briefings").rglob("*.yml"))
    with_status = [path for path in briefings if "status: held" in path.read_text("utf-8")]
    targets = [with_status[len(with_status) * (n + 1) // (count + 1)] for n in range(count)]
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        watcher = subprocess.Popen(
            [
                *(sys.executable, "-m", "generator", "--root", str(project), "watch"),
                *("--serve", "--as-of", as_of, "--dev-addr", f"127.0.0.1:{port}"),
            ],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            first = wait_for(lambda: fetch(base) is not None, 3600, 0.5)
            if first is None or watcher.poll() is not None:
                log.seek(0)
                raise SystemExit(f"the preview never served a page:\n{log.read()[-3000:]}")
            first_page = time.perf_counter() - started
            seconds: list[float] = []
            kinds: list[str] = []
            for number, source in enumerate(targets):
                kind, old, new, shown = EDITS[number % len(EDITS)]
                marker = f"{number} seen"
                url = f"{base}briefings/{source.stem}/"
                text = source.read_text("utf-8")
                source.write_text(text.replace(old, new.format(marker), 1), "utf-8")
                expected = shown.format(marker)
                took = wait_for(lambda m=expected, u=url: m in (fetch(u) or ""), 120)
                if took is None:
                    log.seek(0)
                    raise SystemExit(f"edit {number} never showed:\n{log.read()[-3000:]}")
                seconds.append(round(took, 2))
                kinds.append(kind)
                time.sleep(1)  # a person reads the page before saving again
            status = f"{base}search-status.json"
            search = wait_for(lambda: '"stale": false' in (fetch(status) or ""), 600, 0.5)
        finally:
            watcher.send_signal(signal.SIGINT)
            try:
                watcher.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # Say so and go on: raising here would hide why the edits stopped, if they did.
                watcher.kill()
                watcher.wait()
                log.seek(0)
                tail = log.read()[-3000:]
                print(f"the preview did not stop within 60 s of Ctrl-C:\n{tail}", file=sys.stderr)
            log.seek(0)
            updates = [line for line in log.read().splitlines() if line.startswith("Updated in")]
    print(
        json.dumps(
            {
                "first page s": round(first_page, 1),
                "edits s": seconds,
                "edit kinds": kinds,
                "median s": statistics.median(seconds),
                "worst s": max(seconds),
                "search caught up s": None if search is None else round(search, 1),
                "watch said": updates[1:],
            }
        )
    )


if __name__ == "__main__":
    main()
