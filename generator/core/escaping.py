"""Untrusted text escaped for each place it is printed: the one home of every escaper.

Contributor text (names, titles, quotes, file names, values in messages) reaches:

- the Markdown of our pages (`escape_inline`, `escape_span`, `link_destination`), and the
  title and description the theme prints into HTML unescaped (`theme_text`);
- JSON text inside a page: the front matter YAML reads (`yaml_flow_mapping`) and the JSON-LD
  in a <script> element (`script_json`);
- SVG text of the pictures (`svg_text`);
- a log line on a terminal or in CI (`visible`, `log_text`, `terminal_text`) and a GitHub
  workflow command (`github_data`, `github_property`);
- the Markdown job summary of CI (`markdown_text`, `html_text`, `code_fence`), escaped more
  strictly than our pages, because no mention or link of ours is ever made there;
- a YAML value written into a skeleton (`yaml_text`).

Which characters may not leave the generator at all is text_safety's policy; each escaper
here applies it in its own way. The iCalendar writer's text escaping is the `icalendar`
library's.
"""

from __future__ import annotations

import functools
import html
import json
import re
import string
import unicodedata
import urllib.parse
from collections.abc import Iterable
from typing import Any

import jinja2

from .addresses import ascii_host
from .text_safety import UNSAFE_IN_OUTPUT, has_unsafe_characters, without_unsafe_characters

# --- The Markdown of our pages ------------------------------------------------------------------

_MARKDOWN_ESCAPES: dict[str, str] = {
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
_INLINE_ESCAPES = str.maketrans(_MARKDOWN_ESCAPES)
# Controls, lone surrogates and noncharacters become U+FFFD in the same table lookup, so pages
# stay well-formed whatever reaches them (validation rejects all of these).
_INLINE_ESCAPES.update(UNSAFE_IN_OUTPUT)
# Characters that start a block (heading, list, quote, admonition, table...) at a line start.
_BLOCK_STARTERS = frozenset("#-+=!?:>~|%")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


# The characters the table escapes, for text with no unsafe character in it.
_MARKDOWN_SPECIAL = re.compile("[" + "".join(map(re.escape, _MARKDOWN_ESCAPES)) + "]")


def _special_escape(found: re.Match[str]) -> str:
    return _MARKDOWN_ESCAPES[found[0]]


def escape_span(text: str) -> str:
    """Text inside a line of Markdown, shown literally: no inline syntax, no HTML.

    Printable text (nearly all of it) holds no unsafe character, each of which is
    unprintable (tests/test_characters.py checks every one), so only the Markdown
    characters change, one for one as the table says: a search in C finds them. `translate`
    looks every character up in the table, 6 to 8 times slower on names and sentences."""
    if not text.isprintable():
        return text.translate(_INLINE_ESCAPES)
    if _MARKDOWN_SPECIAL.search(text) is None:
        return text
    return _MARKDOWN_SPECIAL.sub(_special_escape, text)


def protect_block_start(markdown: str) -> str:
    """Make sure the text cannot open a heading, list, quote or admonition."""
    if markdown[:1] in _BLOCK_STARTERS:
        return f"&#{ord(markdown[0])};{markdown[1:]}"
    return _ORDERED_ITEM.sub(lambda m: f"{m[1]}&#{ord(m[2])};", markdown, count=1)


@functools.lru_cache(maxsize=1 << 16)
def escape_inline(text: str) -> str:
    """Escape text so Markdown shows it literally; line breaks become spaces."""
    return protect_block_start(escape_span(" ".join(text.split())))


# Characters a URL may carry literally inside a Markdown link destination; everything else,
# including parentheses, backslashes and backticks, is percent-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


# The scheme and IPv6 host of a checked address (`https://[2001:db8::1]`): the brackets stay as
# they are, because `%5B2001:db8::1%5D` is a host no browser can open. Brackets are in a link
# destination what any other character is; validation lets them in only around such a host.
_IP_LITERAL_HOST = re.compile(r"https?://\[[0-9A-Fa-f:.]*\]")


def link_destination(url: str) -> str:
    """A checked http(s) URL as a Markdown link destination that no character in it can end
    or alter. A host written in Unicode goes in its IDNA form (`xn--`), the host browsers
    reach, rather than as percent-encoded UTF-8, which parsers other than browsers read as
    another name; every other address is its text as the contributor wrote it."""
    address = ascii_host(url)
    host = _IP_LITERAL_HOST.match(address)
    if host:
        return host[0] + urllib.parse.quote(address[host.end() :], safe=_URL_SAFE)
    return urllib.parse.quote(address, safe=_URL_SAFE)


def theme_text(text: str, *, attribute: bool = False) -> str:
    """A page's title or description for the front matter: on one line and HTML-escaped,
    because themes print both into HTML unescaped (the description inside an attribute,
    hence `attribute`, which escapes quotes too)."""
    return html.escape(" ".join(text.split()), quote=attribute)


# --- JSON text in a page ------------------------------------------------------------------------

# Characters YAML 1.1 reads as line breaks inside a quoted string, though JSON does not.
_YAML_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


# JSON's escapes of control characters other than tab and line breaks: YAML would turn them
# back into the characters themselves.
_ESCAPED_CONTROL = re.compile(r"\\u00[01]|\\[bf]")


def _without_unsafe(value: Any) -> Any:
    if isinstance(value, str):
        return without_unsafe_characters(value)
    if isinstance(value, dict):
        return {key: _without_unsafe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_unsafe(item) for item in value]
    return value


def yaml_flow_mapping(data: dict[str, Any]) -> str:
    """Front matter as one JSON object, which YAML reads as a flow mapping: a serializer
    still writes it, and it is many times faster than PyYAML's representer. A character YAML
    refuses (a noncharacter, a control) would make MkDocs print the whole block as page text,
    JSON-LD and all, so each becomes U+FFFD, in the values, where no escape brings it back."""
    text = _json_text(data)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_YAML_LINE_BREAKS)
    return text


def _json_text(data: Any) -> str:
    """JSON text of data with no character YAML refuses, not even behind a JSON escape."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    escapes = "\\u00" in text or "\\b" in text or "\\f" in text  # before the search
    if has_unsafe_characters(text) or (escapes and _ESCAPED_CONTROL.search(text)):
        text = json.dumps(_without_unsafe(data), ensure_ascii=False, sort_keys=True)
    return text


def script_json(data: Any) -> str:
    """JSON text safe to print inside a <script> element: `<`, `>`, `&` and `'` are escapes."""
    return str(jinja2.utils.htmlsafe_json_dumps(data, dumps=lambda value, **_: _json_text(value)))


# --- SVG ----------------------------------------------------------------------------------------


def svg_text(value: str) -> str:
    """Text for an SVG element or attribute: markup escaped, characters no output may carry
    (controls, noncharacters) replaced, as every other writer does, and runs of whitespace made
    one space, as in the page's text (`escape_inline`). A chart is raw HTML inside the page's
    Markdown: a blank line would end it there, and Markdown engines differ on tabs in it."""
    return html.escape(" ".join(without_unsafe_characters(value).split()), quote=True)


# --- Log lines and CI ---------------------------------------------------------------------------

# Contributor text printed in a log line (format_text), a GitHub workflow command
# (format_github) or the Markdown job summary (markdown_text, also used by site_diff.py).

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_NAMED_CONTROLS = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Bidirectional controls reorder what a reviewer sees without being seen ("Trojan source").
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Controls (C0, DEL, C1 such as U+0085), invisible format characters (zero-width spaces and
# joiners, the byte-order mark), line and paragraph separators, and lone surrogates (which
# cannot even be printed).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_LEGACY_COMMAND = "##["
"""The runner reads `##[command]` from anywhere in a log line, `::command` only at its start."""


def _is_hidden(char: str) -> bool:
    return char in _BIDI_CONTROLS or unicodedata.category(char) in _HIDDEN_CATEGORIES


def _escape_char(char: str) -> str:
    if char in _NAMED_CONTROLS:
        return _NAMED_CONTROLS[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, *, keep_tabs: bool = False) -> str:
    """Controls, invisible characters and line breaks of every kind written out (\\r, \\u2028),
    so the text stays on one line and hides nothing."""
    return "".join(
        _escape_char(char) if _is_hidden(char) and not (keep_tabs and char == "\t") else char
        for char in text
    )


def log_text(text: str, *, keep_tabs: bool = False) -> str:
    """Contributor text for a log line (a terminal, a CI log): on one line, nothing hidden,
    and never a legacy workflow command (`##[warning]`), which GitHub's runner would obey
    wherever it stands in the line. `keep_tabs` leaves tabs, for a line of a diff."""
    return visible(text, keep_tabs=keep_tabs).replace(_LEGACY_COMMAND, "##\\x5b")


def terminal_text(text: str, *, keep_tabs: bool = False) -> str:
    """Contributor text for a terminal line: `log_text` (on one line, every control and
    invisible character written out, no `##[` workflow command), and never `::` at the
    start of a line, where a CI log that receives it would read a workflow command."""
    safe = log_text(text, keep_tabs=keep_tabs)
    stripped = safe.lstrip()
    if stripped.startswith("::"):
        return safe[: len(safe) - len(stripped)] + "\\x3a" + stripped[1:]
    return safe


def github_data(value: str) -> str:
    """A workflow command's message, %-escaped as the runner reads it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """A workflow command's property value (a file name, a title): a log line, %-escaped, with
    the `:` and `,` that would end the property escaped too."""
    return github_data(log_text(value)).replace(":", "%3A").replace(",", "%2C")


# --- The Markdown job summary -------------------------------------------------------------------


def markdown_text(text: str) -> str:
    """Contributor text as literal text in Markdown (a list item, a paragraph, a table cell):
    on one line, HTML characters as entities and every other ASCII punctuation
    backslash-escaped, so it cannot make a link, emphasis, code, a table cell, a heading or a
    nested list."""
    escaped = []
    for index, char in enumerate(visible(text)):
        if char in _ENTITIES:
            escaped.append(_ENTITIES[char])
        elif char in string.punctuation:
            escaped.append("\\" + char)
        elif index == 0 and char == " ":
            escaped.append("&#32;")  # leading spaces would make an indented code block
        else:
            escaped.append(char)
    return "".join(escaped)


def html_text(text: str) -> str:
    """Contributor text inside our own HTML (a <summary>), where Markdown is not parsed."""
    return "".join(_ENTITIES.get(char, char) for char in visible(text))


_BACKTICK_RUN = re.compile(r"`+")


def code_fence(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in the lines, so none closes it."""
    longest = max((len(run) for line in lines for run in _BACKTICK_RUN.findall(line)), default=0)
    return "`" * max(3, longest + 1)


# --- YAML written for a contributor -------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'’-]*[A-Za-z0-9]")
_NOT_TEXT_WHEN_PLAIN = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
"""The words of that shape YAML 1.1 reads as a boolean or null (an agency called "ON")."""


def yaml_text(value: str) -> str:
    """A one-line value as YAML that reads back as the same text: plain when YAML would not
    take it for something else, else double-quoted with every character that is not
    printable escaped, so no hidden line break reaches the file."""
    if _PLAIN.fullmatch(value) and value.casefold() not in _NOT_TEXT_WHEN_PLAIN:
        return value
    escaped = "".join(
        char if char.isprintable() and char not in '"\\' else _yaml_escape(char) for char in value
    )
    return f'"{escaped}"'


def _yaml_escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
