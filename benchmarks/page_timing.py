"""A MkDocs hook the benchmark adds to its copies of the site: how long each kind of page takes.

For each page it times reading and converting the Markdown (from `on_pre_page` to the end of
`on_page_content`, after the sanitiser) and the theme template (from `on_page_context` to
`on_post_page`), adds them up by kind of page, and writes them as JSON to the file named by
PAGE_TIMING_OUT, if set, when the build ends. Loaded by path, like the site's own hook.

Each window opens before any other hook's handler of its first event and closes after every
other hook's handler of its last, so "Markdown" is whatever converts the page in between,
Python-Markdown's `Page.render` or another engine a hook puts in its place.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

FIRST, LAST = 100, -100  # MkDocs runs handlers of higher priority first

_started: dict[str, float] = {}
_totals: dict[str, list[float]] = {}


def page_kind(src_uri: str) -> str:
    """'briefings', 'events', ...; lists split by year and index parts apart; top-level pages
    and section indexes as 'overviews'."""
    parts = src_uri.split("/")
    if len(parts) == 1 or parts[-1] == "index.md":
        return "overviews"
    if parts[1] == "more":  # people/more/2.md
        return f"{parts[0]} index parts"
    # briefings/years/2025.md, countries/india/2025.md, and a long year's parts
    # (countries/india/2025/2.md)
    if "years" in parts or len(parts) >= 3:
        return f"{parts[0]} by year"
    return parts[0]


def _add(page: Any, slot: int) -> None:
    seconds = time.perf_counter() - _started.pop(page.file.src_uri)
    totals = _totals.setdefault(page_kind(page.file.src_uri), [0, 0.0, 0.0])
    totals[slot] += seconds
    totals[0] += slot == 1


@event_priority(FIRST)
def on_pre_page(page: Any, **_: Any) -> Any:
    _started[page.file.src_uri] = time.perf_counter()
    return page


@event_priority(LAST)
def on_page_content(html: str, page: Any, **_: Any) -> str:
    _add(page, 1)
    return html


@event_priority(FIRST)
def on_page_context(context: Any, page: Any, **_: Any) -> Any:
    _started[page.file.src_uri] = time.perf_counter()
    return context


@event_priority(LAST)
def on_post_page(output: str, page: Any, **_: Any) -> str:
    _add(page, 2)
    return output


def on_post_build(**_: Any) -> None:
    kinds = {
        kind: {"pages": int(n), "markdown s": md, "theme s": theme}
        for kind, (n, md, theme) in sorted(_totals.items())
    }
    out = os.environ.get("PAGE_TIMING_OUT")
    if out:  # unset in the benchmark's other runs of the same copy (the preview)
        Path(out).write_text(json.dumps(kinds, indent=1), encoding="utf-8")
    _totals.clear()
