"""MkDocs hook: sanitise each page's HTML right after Markdown conversion.

Defence in depth. The generator already escapes every contributor value it writes, so this
should never change a generated page; if an escaping bug ever let markup through, only the
elements and attributes our templates produce survive. It generates nothing, so the Markdown
on disk still builds the same with engines that do not run MkDocs hooks.

MkDocs loads this file by path, outside the `generator` package: it must import nothing of ours.
"""

from __future__ import annotations

from typing import Any

import nh3

ALLOWED_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "hr", "br"),
        *("a", "strong", "em", "code", "pre", "blockquote"),
        *("ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"),
        *("details", "summary"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    **{heading: {"id"} for heading in ("h1", "h2", "h3", "h4", "h5", "h6")},
    **{container: {"class"} for container in ("div", "p", "span", "details")},
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
