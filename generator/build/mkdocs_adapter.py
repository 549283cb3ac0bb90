"""Every use the live preview makes of MkDocs beyond its documented plugin interface, in one
place, each checked by tests/test_mkdocs_adapter.py so that a new MkDocs version that changes
one fails there first, by name, rather than somewhere in a preview.

MkDocs has no public call that renders one page again, or that serves a folder without
rebuilding it; `mkdocs serve` rebuilds every page after each save (see preview.py for why
that is too slow). So the preview uses:

- `mkdocs.commands.build.build(config, serve_url=...)`: the whole build, as `mkdocs serve`
  runs it (not documented as an API; `mkdocs build` is its command line).
- `mkdocs.commands.build._populate_page(page, config, files)` and
  `_build_page(page, config, doc_files, nav, env)`: the two steps `build` runs for each page
  (read and convert the Markdown with the page events; render the theme and write the HTML).
  Calling them keeps a preview page the same as a full build's.
- `mkdocs.structure.files.set_exclusions(files, config)`: what `build` runs to mark the
  files that `exclude_docs` and `not_in_nav` leave out, here for files a save added.
- `mkdocs.livereload.LiveReloadServer(builder, host, port, root)`, which `mkdocs serve`
  builds: its `serve()` binds by calling `server_bind()` and `server_activate()` (we bind
  before the build, so a port in use is said at once), its `observer` attribute (replaced,
  before any `watch`, by the system's file events instead of polling every 0.5 s) and its
  `build_delay` (how long it waits for a burst of changes to end).
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.observers import Observer

__all__ = ["LiveReload", "build_site", "mark_exclusions", "render_page"]

RELOAD_DELAY = 0.01
"""Seconds the server waits after a change before it reloads browsers: the preview writes
one file, once, when its pages are in place, so there is no burst to wait out."""


def build_site(config: MkDocsConfig, serve_url: str | None) -> None:
    """The whole site, as `mkdocs serve` builds it. MkDocs stops on an error by raising its
    Abort, a SystemExit, after logging why."""
    build(config, serve_url=serve_url)


def mark_exclusions(files: Files, config: MkDocsConfig) -> None:
    """Which files `exclude_docs` leaves out, again, for the files just added."""
    set_exclusions(files, config)


def render_page(
    page: Page,
    config: MkDocsConfig,
    files: Files,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
) -> None:
    """Read, convert and write one page as a full build does, against the build's files,
    navigation and theme; `doc_files` are the pages the build shows (computed once by the
    caller for all the pages it renders, not once a page)."""
    _populate_page(page, config, files)
    _build_page(page, config, doc_files, nav, env)


class LiveReload(LiveReloadServer):
    """MkDocs' live-reload server over `root`, bound to its address before the site is built
    (`bind`), so that a port in use is said at once, before "Serving the preview…" and before
    a build that could not be shown; `serve` then finds the socket bound and listening. It
    watches with the system's file events and reloads browsers at once after a change."""

    _bound = False

    def __init__(self, host: str, port: int, root: str) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=root)
        self.observer = Observer()  # type: ignore[assignment]
        self.build_delay = RELOAD_DELAY

    def bind(self) -> None:
        super().server_bind()
        super().server_activate()
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()
