"""MkDocs hooks: leave out inline syntax no page uses, sanitise each page's HTML right after
Markdown conversion, and say how far a long build is.

Defence in depth. The generator already escapes every contributor value it writes, so this
should never change a generated page; if an escaping bug ever let markup through, only the
elements and attributes our templates produce survive. It generates nothing, so the Markdown
on disk still builds the same with engines that do not run MkDocs hooks.

Python-Markdown tries every inline pattern on every run of text, and our pages are made of many
short runs (links, list items, table cells): trying the nine patterns for syntax that neither
the templates nor the escaped contributor text can contain took about a fifth of a briefing
page's conversion and near half of a country page's. Leaving them out changes no page (tests
compare every generated and hand-written page, and arbitrary contributor text, both ways).

MkDocs loads this file by path, outside the `generator` package: it must import nothing of ours.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import markdown
import nh3
from mkdocs.exceptions import PluginError

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


# Python-Markdown's names for them. Contributor text cannot form any of these: the generator
# escapes `[`, `<`, `&` and backslashes and folds line breaks into spaces.
UNUSED_INLINE_SYNTAX = (
    *("reference", "short_reference", "image_link", "image_reference", "short_image_ref"),
    *("autolink", "automail", "html", "linebreak"),
)


class UsedInlineSyntaxOnly(markdown.Extension):
    """Python-Markdown without the inline syntax in UNUSED_INLINE_SYNTAX."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        for name in UNUSED_INLINE_SYNTAX:
            md.inlinePatterns.deregister(name, strict=False)


def on_config(config: Any, **_: Any) -> Any:
    extensions = config.markdown_extensions
    if not any(isinstance(extension, UsedInlineSyntaxOnly) for extension in extensions):
        extensions.append(UsedInlineSyntaxOnly())
    return config


def on_page_content(html: str, **_: Any) -> str:
    return sanitise(html)


class _Progress:
    """How far a build is, for a person waiting on a long one: on a terminal one line that
    counts up; in a log (CI) a plain line at each quarter of a build of many pages."""

    QUARTERS_FROM = 1000  # pages; a smaller build ends before anyone waits for it
    REFRESH_SECONDS = 0.25

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()
        self.shown_at = 0.0

    def step(self) -> None:
        self.done += 1
        if self.live:
            now = time.monotonic()
            if now - self.shown_at >= self.REFRESH_SECONDS or self.done == self.total:
                self.shown_at = now
                sys.stderr.write(f"\rmkdocs: built {self.done} of {self.total} pages")
                sys.stderr.flush()
        elif self.total >= self.QUARTERS_FROM and self.done * 4 // self.total != (
            (self.done - 1) * 4 // self.total
        ):
            print(f"mkdocs: built {self.done} of {self.total} pages", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K")  # the count gives way to MkDocs' own last line
            sys.stderr.flush()


_progress: _Progress | None = None


RESERVED_SITE_FOLDERS = frozenset({"pagefind", "search-facets"})
"""Site folders that only this build's search steps write (Pagefind, then `search-facets`)."""


def refuse_reserved_site_paths(files: Any, config: Any) -> None:
    """Stop the build when a file of docs/ or of the theme would land in a folder reserved
    for search data: Pagefind does not empty its folder, so a planted page fragment would be
    served as a search result and read into the filters."""
    root = Path(config.config_file_path or ".").resolve().parent
    problems = []
    for file in files:
        folder = file.dest_uri.split("/")[0].casefold()
        if folder in RESERVED_SITE_FOLDERS:
            source = Path(file.abs_src_path or file.src_uri)
            shown = source.relative_to(root) if source.is_relative_to(root) else source
            problems.append(
                f"{shown.as_posix()}: would be published as {file.dest_uri}, but the site's "
                f"{folder}/ folder holds only the search data this build makes. "
                "Move or rename the file [reserved-site-path]"
            )
    if problems:
        raise PluginError("\n".join(problems))


def on_files(files: Any, config: Any, **_: Any) -> Any:
    global _progress
    refuse_reserved_site_paths(files, config)
    _progress = _Progress(len(files.documentation_pages()))
    return files


def on_post_page(output: str, **_: Any) -> str:
    if _progress is not None:  # a whole build; not a preview's page update
        _progress.step()
    return output


def on_post_build(**_: Any) -> None:
    global _progress
    if _progress is not None:
        _progress.end()
    _progress = None
