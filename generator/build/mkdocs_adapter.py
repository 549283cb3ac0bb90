"""Every use the live preview makes of MkDocs beyond its documented plugin interface, in one
place, each checked by tests/test_mkdocs_adapter.py so that a new MkDocs version that changes
one fails there first, by name, rather than somewhere in a preview.

MkDocs has no public call that renders one page again, or that serves a folder without
rebuilding it; `mkdocs serve` rebuilds every page after each save (see preview.py for why
that is too slow). So the preview uses:

- `mkdocs.commands.build.build(config, serve_url=...)`: the whole build, as `mkdocs serve`
  runs it (not documented as an API; `mkdocs build` is its command line).
- the steps of that build, taken one by one by `build_in_parts`, so that the pages outside
  the navigation are read, converted and written by worker processes: `get_files`,
  `get_navigation`, `Files.add_files_from_theme` and `copy_static_files`,
  `_build_theme_template`, `_build_extra_template`, `Page.validate_anchor_links` and
  `utils.clean_directory`, in the order `build` runs them.
- `mkdocs.commands.build._populate_page(page, config, files)` and
  `_build_page(page, config, doc_files, nav, env)`: the two steps `build` runs for each page
  (read and convert the Markdown with the page events; render the theme and write the HTML).
  Calling them keeps a preview page the same as a full build's.
- `mkdocs.structure.files.set_exclusions(files, config)`: what `build` runs to mark the
  files that `exclude_docs` and `not_in_nav` leave out, here for files a save added.
- `mkdocs.livereload.LiveReloadServer(builder, host, port, root)`, which `mkdocs serve`
  builds: its `serve()` binds by calling `server_bind()` and `server_activate()` (we bind
  before the build, so a port in use is said at once), its `observer` attribute (replaced,
  at the first `watch`, by the system's file events instead of polling every 0.5 s) and its
  `build_delay` (how long it waits for a burst of changes to end).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

import jinja2
from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
    build,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from watchdog.observers import Observer

from ..core.workers import in_parts

__all__ = ["LiveReload", "build_in_parts", "build_site", "mark_exclusions", "render_page"]

RELOAD_DELAY = 0.01
"""Seconds the server waits after a change before it reloads browsers: the preview writes
one file, once, when its pages are in place, so there is no burst to wait out."""


def build_site(config: MkDocsConfig, serve_url: str | None, workers: int = 1) -> None:
    """The whole site, as `mkdocs serve` builds it; with more than one worker, by
    `build_in_parts`. MkDocs stops on an error by raising its Abort, a SystemExit, after
    logging why."""
    if workers > 1:
        build_in_parts(config, serve_url, workers)
    else:
        build(config, serve_url=serve_url)


PAGES_PER_PART = 250
"""Pages one worker reads, converts and writes at a time: about half a second of work at
10,000 briefings, so that the workers finish close together."""

WORKER_EVENT = "build_worker_started"
"""Called on each plugin (and hook module) that has it, in a worker process before its first
pages: a plugin that counts or shows the build's pages leaves that to the parent."""
PAGES_EVENT = "pages_built_elsewhere"
"""Called in the parent with the number of pages a worker has just written."""

_worker_told: int | None = None
"""The process id of the worker whose plugins heard WORKER_EVENT."""


def _excluded(file: File) -> bool:
    """Whether `exclude_docs` or `draft_docs` leave the page out of a published build."""
    excluded: bool = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
    return excluded


def _tell_plugins(config: MkDocsConfig, event: str, *args: Any) -> None:
    for plugin in config.plugins.values():
        handler = getattr(plugin, event, None)
        if callable(handler):
            handler(*args)


_Anchors = tuple[str, set[str] | None, dict[str, dict[str, str]]]
"""A page's address in docs/, the anchors it has and the anchors of other pages it links to,
as a worker sends them back for the parent to check."""


def _anchors_of(page: Page) -> _Anchors:
    links = page.links_to_anchors or {}
    return (
        page.file.src_uri,
        page.present_anchor_ids,
        {target.src_uri: dict(anchors) for target, anchors in links.items()},
    )


def _build_part(
    config: MkDocsConfig,
    files: Files,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
    part: Sequence[File],
    forked: bool,
) -> tuple[list[_Anchors], dict[int, int]]:
    """Read, convert and write these pages, as `build` does each, in a worker if `forked`;
    returns their anchors and how many messages each level of MkDocs' log got meanwhile."""
    global _worker_told
    if forked and _worker_told != os.getpid():
        _worker_told = os.getpid()
        _tell_plugins(config, WORKER_EVENT)
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        for file in part:
            assert file.page is not None
            _populate_page(file.page, config, files)
        for file in part:
            assert file.page is not None
            _build_page(file.page, config, doc_files, nav, env, excluded=_excluded(file))
    finally:
        logger.removeHandler(counter)
    return [_anchors_of(file.page) for file in part if file.page is not None], dict(counter.counts)


def _keep_anchors(
    files: Files, src_uri: str, present: set[str] | None, links: dict[str, dict[str, str]]
) -> None:
    """Put what a worker found on one page on the parent's copy of it."""
    file = files.get_file_from_path(src_uri)
    if file is None or file.page is None:
        return
    file.page.present_anchor_ids = present
    file.page.links_to_anchors = {
        target: anchors
        for uri, anchors in links.items()
        if (target := files.get_file_from_path(uri)) is not None
    }


def build_in_parts(config: MkDocsConfig, serve_url: str | None, workers: int) -> None:
    """The whole site, as `build` makes it, with the pages outside the navigation read,
    converted and written by `workers` forked processes (core/workers.py). The parent keeps
    the files, the navigation and the theme (the preview renders its later pages with them),
    reads the pages of the navigation itself (every page shows their titles), and checks
    every page's links to anchors once the workers have sent what each page holds.

    One difference from `build`, which no page shows: the `env` event comes before the
    workers read their pages, not after (a plugin that needs every page read by then must
    not be used with it). Strict mode counts the workers' warnings too."""
    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        excluded = []
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                if serve_url and _excluded(file):
                    excluded.append(urljoin(serve_url, file.url))
                Page(None, file, config)
        in_nav = {id(page) for page in nav.pages}
        pages = files.documentation_pages(inclusion=inclusion)
        here = [file for file in pages if id(file.page) in in_nav]
        elsewhere = [file for file in pages if id(file.page) not in in_nav]
        for file in here:
            assert file.page is not None
            _populate_page(file.page, config, files)
        if excluded:
            logger.info(
                "These pages are built only for the preview (draft_docs):\n  - "
                + "\n  - ".join(excluded)
            )
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in here:
            assert file.page is not None
            _build_page(file.page, config, doc_files, nav, env, excluded=_excluded(file))
        parts = [
            elsewhere[start : start + PAGES_PER_PART]
            for start in range(0, len(elsewhere), PAGES_PER_PART)
        ]

        forked = workers > 1 and len(parts) > 1  # else in_parts runs them in this process

        def build_part(number: int) -> tuple[list[_Anchors], dict[int, int]]:
            return _build_part(config, files, doc_files, nav, env, parts[number], forked)

        for _, (anchors, logged) in in_parts(build_part, len(parts), workers):
            if forked:
                if config.strict:  # as the counter above counts only then
                    for level, count in logged.items():
                        counter.counts[level] += count
                for src_uri, present, links in anchors:
                    _keep_anchors(files, src_uri, present, links)
                _tell_plugins(config, PAGES_EVENT, len(anchors))

        log_level = config.validation.links.anchors
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            message = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            logger.error(str(exc))
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        logger.removeHandler(counter)


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
    _observing = False

    def __init__(self, host: str, port: int, root: str) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=root)
        self.build_delay = RELOAD_DELAY

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        # Made here, not with the server: watchdog's observer starts a thread as it is made,
        # and the preview's first build, which comes before, forks (core/workers.py).
        if not self._observing:
            self.observer = Observer()  # type: ignore[assignment]
            self._observing = True
        super().watch(path, func, recursive=recursive)

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
