"""MkDocs hooks: sanitise each page's HTML right after Markdown conversion; under
`mkdocs serve`, index the preview for search.

Defence in depth. The generator already escapes every contributor value it writes, so this
should never change a generated page; if an escaping bug ever let markup through, only the
elements and attributes our templates produce survive. It generates nothing, so the Markdown
on disk still builds the same with engines that do not run MkDocs hooks.

`mkdocs serve` builds into a temporary folder that `make site`'s Pagefind run never sees, so
search in a preview would find no index. While serving, each build therefore ends by running
Pagefind and the search filters step over that folder, as `make site` does over site/.

MkDocs loads this file by path, outside the `generator` package: it must import nothing of ours.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import nh3

log = logging.getLogger("mkdocs.hooks.site_hooks")
_serving = False

ALLOWED_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "hr", "br"),
        *("a", "strong", "em", "code", "pre", "blockquote"),
        *("ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"),
        *("details", "summary"),
        # The generator's charts (generator/pictures.py): shapes and text, no script, no link.
        *("figure", "figcaption", "svg", "title", "desc", "line", "rect", "circle", "text"),
    }
)
_SHAPE = {"class"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    **{heading: {"id"} for heading in ("h1", "h2", "h3", "h4", "h5", "h6")},
    **{container: {"class"} for container in ("div", "p", "span", "details", "figure")},
    "svg": {"class", "viewBox", "role", "aria-labelledby"},
    "title": {"id"},
    "desc": {"id"},
    "line": {*_SHAPE, "x1", "y1", "x2", "y2", "stroke-width"},
    "rect": {*_SHAPE, "x", "y", "width", "height", "rx"},
    "circle": {*_SHAPE, "cx", "cy", "r"},
    "text": {*_SHAPE, "x", "y", "text-anchor"},
}
URL_SCHEMES = frozenset({"http", "https"})


def sanitise(html: str) -> str:
    """Keep only the allowed elements, attributes and link schemes; drop comments."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def on_page_content(html: str, **_: Any) -> str:
    return sanitise(html)


def on_startup(command: str, **_: Any) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config: Any, **_: Any) -> None:
    if not _serving:
        return  # `make site` indexes site/ itself, after the strict build
    root = Path(config["config_file_path"]).parent
    steps = [
        [sys.executable, "-m", "pagefind", "--site", config["site_dir"], "--quiet"],
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(root),
            "search-facets",
            "--site",
            config["site_dir"],
        ],
    ]
    for step in steps:
        done = subprocess.run(step, cwd=root, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log.warning("search for the preview failed: %s", (done.stderr or done.stdout).strip())
            return
