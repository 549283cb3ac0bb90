"""A MkDocs hook for one of the benchmark's builds: every page keeps its front matter, title,
address and place in the site, and its Markdown body is emptied before conversion.

What MkDocs and the theme cost our pages with nothing to convert: the most any lighter Markdown
could save. Loaded by path, like the site's own hook; never part of the site's build.
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, **_: Any) -> str:
    return ""
