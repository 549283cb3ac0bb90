"""Stage 5, the layout: a page's view model through its template, as Markdown. Pure: no file
is touched.

What each page shows is computed by its view (views.py); which pages there are, and which
view and template each takes, is the outputs table's (outputs.py). Contributor text is
untrusted: every value a template prints is escaped for Markdown and HTML unless it is
`Markdown` a view built from escaped parts, so a template cannot forget to escape.
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

import jinja2

from .markdown_text import Markdown, escape_inline
from .models import Page, has_unsafe_characters, without_unsafe_characters
from .views import indented


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_inline(str(value))


LISTING = "listing"
"""The admonition type of a block that repeats what other pages are about (a list of
briefings, a table of events): pagefind.yml leaves it out of the search index, so a search
finds the pages about a name, not every page that lists one."""


def search_meta(kind: str, date: str | None = None) -> dict[str, str]:
    """What a search result says of a page: its kind and, for briefings and events, its date.
    Only pages that carry it are indexed (overrides/main.html): overview pages, which list
    what other pages are about, are not."""
    return {"kind": kind, "date": date} if date else {"kind": kind}


def listing(block: Markdown) -> Markdown:
    """A block as a listing: an untitled admonition, which the stylesheet shows as plain text."""
    return Markdown(f'!!! {LISTING} ""\n\n{indented(block, 4)}')


def front_matter(title: str, description: str, extra: dict[str, Any] | None = None) -> Markdown:
    """YAML front matter, made by a serializer. Themes print title and description into HTML
    unescaped (the description inside an attribute), so those two are HTML-escaped here.

    `json_ld` goes in as one string of JSON text, escaped for a script element as Jinja's
    `tojson` would: MkDocs reads every page's front matter with PyYAML, whose constructor
    built the nested mapping in Python (about 5% of a briefing page's conversion); one string
    costs it next to nothing, and the theme override prints it as it is."""
    data = {
        "title": html.escape(" ".join(title.split()), quote=False),
        "description": html.escape(" ".join(description.split()), quote=True),
        **(extra or {}),
    }
    if "json_ld" in data:
        data["json_ld"] = script_json(data["json_ld"])
    return Markdown(f"---\n{yaml_flow_mapping(data)}\n---\n")


def script_json(data: Any) -> str:
    """JSON text safe to print inside a <script> element: `<`, `>`, `&` and `'` are escapes."""
    return str(jinja2.utils.htmlsafe_json_dumps(data, dumps=lambda value, **_: _json_text(value)))


def without_front_matter(page_text: str) -> str:
    """A page's Markdown after its front matter: what a reader sees of it."""
    if page_text.startswith("---\n"):
        end = page_text.find("\n---\n", 3)
        if end >= 0:
            return page_text[end + 5 :]
    return page_text


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
    return _json_text(data).translate(_YAML_LINE_BREAKS)


def _json_text(data: Any) -> str:
    """JSON text of data with no character YAML refuses, not even behind a JSON escape."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if has_unsafe_characters(text) or _ESCAPED_CONTROL.search(text):
        text = json.dumps(_without_unsafe(data), ensure_ascii=False, sort_keys=True)
    return text


@functools.cache
def _environment() -> jinja2.Environment:
    """Templates get a page's view model and front matter, and lay them out: every value
    they print is escaped by `_finalize` unless a view built it as Markdown. One environment
    for the process, so the watch mode compiles each template once, not on every save."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["listing"] = listing
    return environment


def render_page(
    template: str,
    uri: str,
    title: str,
    description: str,
    view: Any,
    meta: dict[str, Any] | None = None,
) -> Page:
    """A page: its template laid out with its view model and front matter."""
    text = (
        _environment()
        .get_template(template)
        .render(front_matter=front_matter(title, description, meta), view=view)
    )
    return Page(uri, re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n")
