"""Times edits in the watch mode: `python benchmarks/watch_edits.py PROJECT AS_OF`.

Runs an IncrementalBuild over a synthetic project the way `python -m generator watch` does,
saves three kinds of edit to one briefing and times each update. Prints one JSON line; the
benchmark reads it, and then runs a full `generate` to check the output is the same.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build.pipeline import IncrementalBuild  # noqa: E402

EDITS: dict[str, Callable[[str], str]] = {
    # Text only this briefing's own page shows.
    "text": lambda text: text.replace("Synthetic outlook", "Synthetic outlook, edited"),
    # Shown wherever the briefing is listed: its countries, people, topics, pairs, indexes.
    "title": lambda text: text.replace("title: Synthetic", "title: Retitled synthetic"),
    # The event's status shows on the timeline, the calendar and every page listing the event.
    "event status": lambda text: text.replace("status: held", "status: postponed", 1),
}


def main() -> None:
    project, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
    build = IncrementalBuild(project)
    started = time.perf_counter()
    build.update(as_of)
    results: dict[str, float | int] = {"first run s": round(time.perf_counter() - started, 2)}
    briefings = sorted((project / "briefings").rglob("*.yml"))
    target = next(p for p in briefings[len(briefings) // 2 :] if "status: held" in p.read_text())
    for name, edit in EDITS.items():
        target.write_text(edit(target.read_text("utf-8")), "utf-8")
        started = time.perf_counter()
        result = build.update(as_of)
        seconds = time.perf_counter() - started
        if result.report is None:
            raise SystemExit(f"the {name} edit did not check: {result.check.diagnostics[:3]}")
        results[f"{name} edit s"] = round(seconds, 2)
        results[f"{name} edit files"] = len(result.report.written)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
