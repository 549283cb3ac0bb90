"""Markdown text from untrusted strings: escaping, links we build, and linked mentions.

Part of the render stage. Everything here is pure and returns `Markdown`, the marker for text
that is safe to print as is.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterable


class Markdown(str):
    """Markdown the renderer produced itself; printed as is."""


_INLINE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
        "|": "\\|",
        # A trailing # would be taken for the end of an ATX heading and dropped.
        "#": "\\#",
    }
)
# Characters that start a block (heading, list, quote, admonition, table...) at a line start.
_BLOCK_STARTERS = frozenset("#-+=!?:>~|%")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


def _escape_span(text: str) -> str:
    return text.translate(_INLINE_ESCAPES)


def _protect_block_start(markdown: str) -> str:
    """Make sure the text cannot open a heading, list, quote or admonition."""
    if markdown[:1] in _BLOCK_STARTERS:
        return f"&#{ord(markdown[0])};{markdown[1:]}"
    return _ORDERED_ITEM.sub(lambda m: f"{m[1]}&#{ord(m[2])};", markdown, count=1)


def escape_inline(text: str) -> str:
    """Escape text so Markdown shows it literally; line breaks become spaces."""
    return _protect_block_start(_escape_span(" ".join(text.split())))


def prose(text: str, indent: int = 0) -> Markdown:
    """Paragraphs (separated by blank lines) as escaped Markdown paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    pad = " " * indent
    return Markdown(f"\n\n{pad}".join(escape_inline(p) for p in paragraphs))


# Characters a URL may carry literally inside a Markdown link destination; everything else,
# including parentheses, backslashes and backticks, is percent-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


def external_link(url: str) -> Markdown:
    """A link to a checked http(s) URL that no character in it can end or alter."""
    href = urllib.parse.quote(url, safe=_URL_SAFE)
    return Markdown(f"[{escape_inline(url)}]({href})")


class MentionLinker:
    """Links the first mention of each entity in one section of a page to its page.

    Names are matched whole-word and longest first, so "Sergey Lavrov" wins over "Lavrov".
    Each entity is linked once per section; later mentions stay plain text.
    """

    def __init__(self, names: Iterable[tuple[str, str]], here: str) -> None:
        """names: (name as written, target page URI); here: the page being rendered."""
        self.targets: dict[str, str] = {}
        for name, uri in names:
            if name.strip():
                self.targets.setdefault(" ".join(name.split()), uri)
        alternatives = sorted(self.targets, key=lambda name: (-len(name), name))
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
            if alternatives
            else None
        )
        self.here = posixpath.dirname(here) or "."
        self.linked: set[str] = set()

    def paragraph(self, text: str) -> str:
        collapsed = " ".join(text.split())
        if self.pattern is None:
            return escape_inline(collapsed)
        parts: list[str] = []
        position = 0
        for match in self.pattern.finditer(collapsed):
            uri = self.targets[match[0]]
            if uri in self.linked:
                continue
            self.linked.add(uri)
            parts.append(_escape_span(collapsed[position : match.start()]))
            href = posixpath.relpath(uri, self.here)
            parts.append(f"[{_escape_span(match[0])}]({href})")
            position = match.end()
        parts.append(_escape_span(collapsed[position:]))
        return _protect_block_start("".join(parts))

    def prose(self, text: str, indent: int = 0) -> Markdown:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        return Markdown(f"\n\n{' ' * indent}".join(self.paragraph(p) for p in paragraphs))
