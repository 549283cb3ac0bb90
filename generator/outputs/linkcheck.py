"""Offline check of a built site: every internal link and anchor resolves to a file and an id.

Runs over site/ after `mkdocs build`, without a network: external links are counted, not
fetched. Reports `page:line:col` for each broken link, like the briefing checker does.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..core.diagnostics import Diagnostic, error

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    column: int


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        attribute = LINK_ATTRIBUTES.get(tag)
        url = values.get(attribute) if attribute else None
        if url is not None:
            line, offset = self.getpos()
            self.links.append(Link(url, line, offset + 1))


@dataclass(frozen=True)
class LinkReport:
    diagnostics: tuple[Diagnostic, ...]
    pages: int
    internal_links: int
    external_links: int


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _target_file(site: Path, page_uri: str, url_path: str, base_path: str) -> tuple[str, Path]:
    path = urllib.parse.unquote(url_path)
    if path.startswith("/"):
        # Root-relative links (MkDocs writes them in 404.html) start with the site's base path.
        if not path.startswith(base_path):
            return "..", site
        path, page_uri = "./" + path[len(base_path) :], "index.html"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path))
    target = site / joined
    if url_path.endswith("/") or target.is_dir():
        return posixpath.join(joined, "index.html"), target / "index.html"
    return joined, target


def check_site(site: Path, base_path: str = "/") -> LinkReport:
    """Check every page under site; base_path is where the site is served (see site_url)."""
    pages = sorted(site.rglob("*.html"))
    parsed = {page.relative_to(site).as_posix(): _parse(page) for page in pages}
    problems: list[Diagnostic] = []
    internal = external = 0
    for page_uri, parser in parsed.items():
        for link in parser.links:
            split = urllib.parse.urlsplit(link.url)
            if split.scheme or link.url.startswith("//"):
                external += 1
                continue
            internal += 1
            problem = _problem(site, page_uri, split, parsed, base_path)
            if problem:
                problems.append(
                    error(f"site/{page_uri}", link.line, link.column, "broken-link", problem)
                )
    return LinkReport(tuple(problems), len(pages), internal, external)


def _problem(
    site: Path,
    page_uri: str,
    split: urllib.parse.SplitResult,
    parsed: dict[str, _PageParser],
    base_path: str,
) -> str:
    if split.path:
        target_uri, target = _target_file(site, page_uri, split.path, base_path)
        if target_uri.startswith("..") or not target.is_file():
            return f"{split.path!r} does not exist in the site"
    else:
        target_uri = page_uri
    fragment = urllib.parse.unquote(split.fragment)
    if fragment and target_uri in parsed and fragment not in parsed[target_uri].ids:
        return f"{split.path or 'this page'!r} has no anchor #{fragment}"
    return ""


def summary(report: LinkReport) -> str:
    return (
        f"{report.pages} pages, {report.internal_links} internal links checked, "
        f"{report.external_links} external links not fetched, "
        f"{len(report.diagnostics)} broken."
    )
