"""Stage 5, the layout: a page's view model through its template, as Markdown. Pure: no file
is touched.

What each page shows is computed by its view (views.py); which pages there are, and which
view and template each takes, is the outputs table's (outputs.py). Contributor text is
untrusted: every value a template prints is escaped for Markdown and HTML unless it is
`Markdown` a view built from escaped parts, so a template cannot forget to escape.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2

from ..core.commonmark_pages import GENERATED_PAGE_KEY
from ..core.escaping import escape_inline, script_json, theme_text, yaml_flow_mapping
from ..story.models import Page
from ..story.sitemap import SITE_NAME
from .markdown_text import Markdown
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
    costs it next to nothing, and the theme override prints it as it is.

    `GENERATED_PAGE_KEY` marks the page as the generator's, for the compiled Markdown engine
    (core/commonmark_pages.py)."""
    data = {
        "title": theme_text(title),
        "description": theme_text(description, attribute=True),
        GENERATED_PAGE_KEY: True,
        **(extra or {}),
    }
    if "json_ld" in data:
        data["json_ld"] = script_json(data["json_ld"])
    return Markdown(f"---\n{yaml_flow_mapping(data)}\n---\n")


def without_front_matter(page_text: str) -> str:
    """A page's Markdown after its front matter: what a reader sees of it."""
    if page_text.startswith("---\n"):
        end = page_text.find("\n---\n", 3)
        if end >= 0:
            return page_text[end + 5 :]
    return page_text


@functools.cache
def _environment() -> jinja2.Environment:
    """Templates get a page's view model and front matter, and lay them out: every value
    they print is escaped by `_finalize` unless a view built it as Markdown. One environment
    for the process, so the watch mode compiles each template once, not on every save."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.pages", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are part of the generator's code, which a run never sees change: without
        # this, every page looked up its template file's time on disk (32,000 stat calls at
        # 10,000 briefings).
        auto_reload=False,
    )
    environment.filters["listing"] = listing
    environment.globals["site_name"] = SITE_NAME
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
    return Page(uri, _blank_lines_collapsed(text).rstrip("\n") + "\n")


def _blank_lines_collapsed(text: str) -> str:
    """Every run of blank lines as one. Replacing three line breaks by two until none are
    left gives what `re.sub(r"\n{3,}", "\n\n", text)` gives, in a fraction of its time:
    0.2-0.4 s against 0.8-1.2 s over the 100 MB of pages of a run at 10,000 briefings (the
    search for a fixed string is done in C; the pattern is tried at every position)."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
