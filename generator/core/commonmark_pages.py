"""The Markdown of generated pages through a compiled CommonMark engine, to the HTML that
Python-Markdown gives the same file.

Generated pages are written in the Markdown Python-Markdown reads with the site's extensions
(`toc`, `tables`, `admonition`, `pymdownx.details`); that file is the contract, and
Python-Markdown is the reference. Converting it took about 3 ms a page in Python-Markdown
against 0.01 ms in pulldown-cmark (through `pyromark`), which is most of what separated a full
build from one of plain pages. Three things CommonMark does not have are supplied here, the
same way for every page:

- admonitions (`!!! kind "Title"`) and details blocks (`??? kind "Title"`, `???+` for one shown
  open) become the HTML blocks Python-Markdown makes of them, around their body, which stays
  Markdown (`as_commonmark`);
- each heading gets the id and the permalink that Python-Markdown's `toc` gives it, by that
  extension's own functions (`slugify`, `unique`), and the page's table of contents is made of
  the same tokens (`with_heading_ids`).

Tests convert every kind of generated page, and arbitrary contributor text in every field, both
ways and compare the HTML (tests/test_commonmark_pages.py). The generator writes only what this
translation knows: admonition and details lines in the forms below, at a multiple of four
spaces, with their body indented four more.

This file sits in the lowest layer and imports nothing of ours: the MkDocs hook loads it by path.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyromark
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

if TYPE_CHECKING:
    from markdown.extensions.toc import _FlatTocToken, _TocToken

GENERATED_PAGE_KEY = "generated"
"""The front-matter key, true on every page the generator writes: the pages this engine converts
(hand-written pages, which may use any of Python-Markdown's syntax, never carry it)."""
_OPTIONS = pyromark.Options.ENABLE_TABLES

# The forms of Python-Markdown's admonition (`!!!`) and pymdownx.details (`???`, `???+`)
# lines that the generator writes: one or more class names and an optional quoted title.
_BLOCK_LINE = re.compile(
    r"(?P<indent>(?: {4})*)(?P<marker>!!!|\?\?\?\+?) (?P<kinds>[\w-]+(?: +[\w-]+)*)"
    r'(?: +"(?P<title>.*)")? *'
)
_BODY_INDENT = 4


@dataclass(frozen=True)
class Permalinks:
    """The `toc` extension's permalink settings (`permalink: true` shows a pilcrow)."""

    text: str = "&para;"
    title: str = "Permanent link"
    css_class: str = "headerlink"


@dataclass
class ConvertedPage:
    """What MkDocs takes from a page's conversion: its HTML, the tokens of its table of
    contents, the title its first heading gives, and the ids a link may point to."""

    html: str
    toc_tokens: list[_TocToken]
    title: str | None
    anchor_ids: set[str] = field(default_factory=set)


def _body_end(lines: list[str], start: int, body_indent: int) -> int:
    """The index after the last line of the block body that starts at `start`: its lines are
    blank or indented by at least `body_indent`; trailing blank lines are not part of it."""
    end = start
    indent = " " * body_indent
    for index in range(start, len(lines)):
        line = lines[index]
        if line.startswith(indent):
            end = index + 1
        elif line.strip():
            break
    return end


def _inline_html(text: str) -> str:
    """A title as Python-Markdown shows it: inline Markdown, no paragraph around it."""
    converted = pyromark.html(text, options=_OPTIONS).strip()
    return converted.removeprefix("<p>").removesuffix("</p>")


def _opening(marker: str, kinds: str, title: str | None) -> list[str]:
    if marker == "!!!":
        shown = kinds.split(" ", 1)[0].capitalize() if title is None else title
        lines = [f'<div class="admonition {kinds}">']
        if shown:
            lines.append(f'<p class="admonition-title">{_inline_html(shown)}</p>')
        return lines
    shown = kinds.split(" ", 1)[0].capitalize() if title is None else title
    opened = ' open="open"' if marker.endswith("+") else ""
    return [f'<details class="{kinds}"{opened}>', f"<summary>{_inline_html(shown)}</summary>"]


def _translate(lines: list[str], pad: str, out: list[str]) -> None:
    """Append `lines` to `out`, each indented by `pad`, with their blocks translated."""
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _BLOCK_LINE.fullmatch(line) if "!!!" in line or "???" in line else None
        if match is None:
            out.append(pad + line if line else "")
            index += 1
            continue
        inner_pad = pad + match["indent"]
        body_indent = len(match["indent"]) + _BODY_INDENT
        end = _body_end(lines, index + 1, body_indent)
        marker = match["marker"]
        out.extend(inner_pad + part for part in _opening(marker, match["kinds"], match["title"]))
        out.append("")
        _translate([line[body_indent:] for line in lines[index + 1 : end]], inner_pad, out)
        out.append("")
        out.append(inner_pad + ("</div>" if marker == "!!!" else "</details>"))
        index = end


def as_commonmark(markdown: str) -> str:
    """The page's Markdown with its admonitions and details blocks as HTML blocks around
    Markdown bodies, which CommonMark reads as Python-Markdown reads the original."""
    if "!!!" not in markdown and "???" not in markdown:
        return markdown
    out: list[str] = []
    _translate(markdown.split("\n"), "", out)
    return "\n".join(out)


# pulldown-cmark percent-encodes brackets in every link's address, so an IPv6 host becomes
# `https://%5B2001:db8::1%5D/`, which no browser can open; Python-Markdown keeps the brackets.
_ENCODED_IP_LITERAL_HOST = re.compile(r'href="(https?://)%5B([0-9A-Fa-f:.]*)%5D')


def _ip_literal_hosts(page_html: str) -> str:
    """The page's links to an IPv6 host with the host's brackets, as Python-Markdown has them."""
    if "%5B" not in page_html:
        return page_html
    return _ENCODED_IP_LITERAL_HOST.sub(r'href="\1[\2]', page_html)


_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')


def _text_html(inner_html: str) -> str:
    """A heading's text as Python-Markdown's serialiser writes it: tags dropped, `&`, `<` and
    `>` escaped, nothing else."""
    return html.escape(html.unescape(strip_tags(inner_html)), quote=False)


def with_heading_ids(page_html: str, permalinks: Permalinks | None) -> ConvertedPage:
    """Give every heading the id and permalink Python-Markdown's `toc` gives it, and collect
    the table of contents, the first heading's title and every id on the page."""
    used_ids: set[str] = set()
    counters: dict[str, int] = {}
    tokens: list[_FlatTocToken] = []
    title: str | None = None
    first_block = page_html.lstrip()[:4]

    def heading(match: re.Match[str]) -> str:
        nonlocal title
        level, inner = int(match[1]), match[2]
        name = _text_html(inner)
        anchor = unique(slugify(html.unescape(name), "-"), used_ids, counters)
        if not tokens and level == 1 and first_block == "<h1>":
            title = name
        tokens.append({"level": level, "id": anchor, "name": name})
        link = ""
        if permalinks is not None:
            link = (
                f'<a class="{permalinks.css_class}" href="#{anchor}" '
                f'title="{html.escape(permalinks.title)}">{permalinks.text}</a>'
            )
        return f'<h{level} id="{anchor}">{inner}{link}</h{level}>'

    result = _HEADING.sub(heading, page_html)
    anchor_ids = {token["id"] for token in tokens}
    if ' id="' in page_html:  # raw HTML with ids of its own (a chart's title), on few pages
        anchor_ids.update(_ID.findall(page_html))
    return ConvertedPage(result, nest_toc_tokens(tokens), title, anchor_ids)


def convert(markdown: str, permalinks: Permalinks | None = Permalinks()) -> ConvertedPage:
    """A generated page's Markdown (without front matter) as HTML, with its headings' ids."""
    page_html = _ip_literal_hosts(pyromark.html(as_commonmark(markdown), options=_OPTIONS))
    return with_heading_ids(page_html, permalinks)
