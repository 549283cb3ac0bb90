"""The live preview (`python -m generator watch --serve`, `make serve`): MkDocs runs in this
process, builds the whole site once, then renders again only the pages a save rewrote.

Why not `mkdocs serve`: after each save it rebuilds every page, and the preview was indexed
for search before the browser reloaded; at 3,000 briefings a save took one to two minutes to
show, at 10,000 several (issue 17). The watch mode knows exactly which Markdown files a save
changed, and MkDocs' page model can read and render one page again against the files,
navigation and theme of the first build. Our navigation holds only the overview pages, which
always exist, so a page that a save adds or removes never changes it.

MkDocs has no public call for that, so the steps it takes are MkDocs' own per-page steps,
reached through `mkdocs_adapter.py`, which holds every use of MkDocs beyond its documented
plugin interface (tests/test_mkdocs_adapter.py checks each against the installed MkDocs).
They keep a page's preview the same as a full build's (tests/test_preview.py compares every
page).

Search follows in the background (SearchIndexer): the reload never waits for Pagefind, and
the search box says when the index is older than the pages.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.diagnostics import os_error_text
from ..core.escaping import log_text
from ..core.workers import worker_count
from ..outputs import search_facets
from ..outputs.write import WriteReport, replace_dir
from ..story.sitemap import is_briefing_uri
from .mkdocs_adapter import LiveReload, build_site, mark_exclusions, render_page

SEARCH_STATUS = "search-status.json"
"""In the preview's site folder: whether the search index is older than the pages. The theme
names it in a <meta> only when `extra.search_status` is set, which only the preview does."""


@dataclass
class _FirstBuild:
    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None


class _KeepFirstBuild(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what the full build made (its files, navigation and theme environment) for the
    page updates after it."""

    def __init__(self) -> None:
        self.kept = _FirstBuild()

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.kept.nav, self.kept.files = nav, files
        return nav

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self.kept.env = env
        return env


class PreviewError(Exception):
    """The preview cannot be built: no mkdocs.yml, or MkDocs stopped on an error."""


class PreviewSite:
    """The preview site in `site_dir`: one full build, then page updates."""

    def __init__(self, root: Path, site_dir: Path, address: str | None = None) -> None:
        config_file = root / "mkdocs.yml"
        if not config_file.is_file():
            raise PreviewError(f"{config_file} does not exist: the preview needs it")
        # A preview shows pages that still have problems; MkDocs' warnings are printed.
        options = {"dev_addr": address} if address else {}
        self.config = load_config(
            config_file=str(config_file), site_dir=str(site_dir), strict=False, **options
        )
        host, port = self.config.dev_addr
        self.config.site_url = f"http://{host}:{port}/"
        self.config.extra["search_status"] = SEARCH_STATUS
        self._kept = _KeepFirstBuild()
        self.config.plugins["generator-preview"] = self._kept
        self.site_dir = site_dir

    def build_all(self, workers: int | None = None) -> None:
        """The whole site, as `mkdocs serve` builds it, its pages outside the navigation
        shared by `workers` processes (by default one per core: see core/workers.py, which
        uses one while another thread runs)."""
        workers = worker_count() if workers is None else workers
        try:
            build_site(self.config, self.config.site_url, workers)
        except SystemExit as stop:  # MkDocs' Abort: it has logged why
            raise PreviewError(f"MkDocs stopped: {log_text(str(stop))}") from stop
        except BrokenProcessPool as stop:
            raise PreviewError(
                "a worker process of the preview's build ended before its pages were written "
                "(out of memory, or killed); start the preview again"
            ) from stop

    def update(
        self,
        written: Iterable[str],
        removed: Iterable[str],
        first: Callable[[str], bool] = lambda uri: False,
        between: Callable[[], None] = lambda: None,
    ) -> int:
        """Render again the pages at these docs/ addresses, copy the other files written,
        and delete the output of removed ones. Pages that `first` picks are rendered first,
        then `between` is called, then the others. Returns how many pages were rendered."""
        kept = self._kept.kept
        if kept.files is None or kept.nav is None or kept.env is None:
            raise PreviewError("the preview has not been built yet")
        files, config = kept.files, self.config
        for uri in removed:
            file = files.get_file_from_path(uri)
            if file is not None:
                files.remove(file)
                _remove_output(Path(file.abs_dest_path), self.site_dir)
        pages: list[File] = []
        for uri in written:
            file = files.get_file_from_path(uri)
            if file is None:
                file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(file)
            if file.is_documentation_page():
                pages.append(file)
            else:
                file.copy_file()
        mark_exclusions(files, config)  # for the files just added
        for file in pages:
            if file.page is None:
                Page(None, file, config)
        # Every file is in place before any page renders, so links to new pages resolve.
        in_preview = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        early = [file for file in pages if first(file.src_uri)]
        for batch in (early, [file for file in pages if not first(file.src_uri)]):
            for file in batch:
                assert file.page is not None
                render_page(file.page, config, files, in_preview, kept.nav, kept.env)
            if batch is early and early:
                between()
        return len(pages)


def _remove_output(path: Path, site_dir: Path) -> None:
    """Delete one page's HTML (and its folder, once empty) inside the preview's folder only."""
    site = site_dir.resolve()
    if path.is_symlink() or not path.resolve().is_relative_to(site):
        return
    path.unlink(missing_ok=True)
    with_index = path.parent
    if with_index != site and with_index.is_dir() and not any(with_index.iterdir()):
        with_index.rmdir()


class SearchIndexer:
    """Pagefind and the search filters over the preview, in a thread of their own. A request
    while a run is going makes one more run after it; the status file says "stale" from the
    first request until a run ends with none pending."""

    def __init__(self, root: Path, site_dir: Path, say: Callable[[str], None]) -> None:
        self.root, self.site_dir, self.say = root, site_dir, say
        self._state = threading.Condition()
        self._pending = self._running = self._stopping = False
        self._pagefind: subprocess.Popen[str] | None = None
        # Started by the first request: the preview's first build forks its workers before
        # any other thread runs (see core/workers.py).
        self._thread = threading.Thread(target=self._loop, name="search-index", daemon=True)

    def request(self) -> None:
        if not self._thread.is_alive() and not self._stopping:
            self._thread.start()
        with self._state:
            _write_status(self.site_dir, stale=True)
            self._pending = True
            self._state.notify_all()

    def stop(self) -> None:
        """Stop at once: a Pagefind run under way is ended, not waited for (it took half a
        minute at 10,000 briefings, which Ctrl-C would otherwise wait out)."""
        with self._state:
            self._stopping = True
            self._state.notify_all()
            if self._pagefind is not None:
                self._pagefind.terminate()
        if self._thread.ident is not None:
            self._thread.join(timeout=60)

    def wait_until_fresh(self, timeout: float) -> bool:
        """Whether the index caught up with every request within `timeout` seconds."""
        with self._state:
            return self._state.wait_for(lambda: not (self._pending or self._running), timeout)

    def _loop(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._pending or self._stopping)
                if self._stopping:
                    return
                self._pending, self._running = False, True
            problem = self._index()
            with self._state:
                if self._stopping:
                    return
                self._running = False
                fresh = not self._pending and problem is None
                if fresh:
                    _write_status(self.site_dir, stale=False)
                self._state.notify_all()
            if problem is not None:
                self.say(f"search for the preview failed: {log_text(problem)}")

    def _index(self) -> str | None:
        """One Pagefind run into a fresh folder, swapped in whole, then the filters."""
        bundle = self.site_dir / "pagefind"
        fresh, old = bundle.with_name("pagefind.fresh"), bundle.with_name("pagefind.old")
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)
        returncode, output = self._run_pagefind(fresh)
        if returncode != 0:
            return output
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
        try:
            export = search_facets.read_export(self.site_dir)
            files = search_facets.facet_files(export, search_facets.read_pair_pages(self.site_dir))
        except search_facets.FacetError as problem:
            return str(problem)
        replace_dir(files, self.site_dir / search_facets.FACET_DIR)
        return None

    def pagefind_command(self, output: Path) -> list[str]:
        # Behind the saves: the next save's pages go first on a machine of two cores.
        behind = ["nice", "-n", "15"] if shutil.which("nice") else []
        pagefind = [*behind, sys.executable, "-m", "pagefind", "--site", str(self.site_dir)]
        return [*pagefind, "--output-path", str(output), "--quiet"]

    def _run_pagefind(self, output: Path) -> tuple[int, str]:
        """Pagefind's exit code and what it printed; started only if not stopping, and kept
        where stop() can end it."""
        with self._state:
            if self._stopping:
                return -1, "stopped"
            self._pagefind = subprocess.Popen(
                self.pagefind_command(output),
                cwd=self.root,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        printed, _ = self._pagefind.communicate()
        with self._state:
            returncode, self._pagefind = self._pagefind.returncode, None
        return returncode, printed.strip()


def _write_status(site_dir: Path, stale: bool) -> None:
    target = site_dir / SEARCH_STATUS
    temporary = target.with_name(f".{SEARCH_STATUS}.{os.getpid()}")
    temporary.write_text(json.dumps({"stale": stale}), encoding="utf-8")
    temporary.replace(target)


def quiet_mkdocs_logging() -> None:
    """MkDocs' warnings and errors on stderr, as `mkdocs serve` prints them; not its chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def bind_problem(exc: OSError, host: str, port: int) -> str:
    """Why the preview cannot listen at HOST:PORT, and how to choose another address."""
    url = f"http://{host}:{port}/"
    another = f"{host}:{port + 1 if port < 65535 else 8001}"
    choose = (
        f"choose another with `python -m generator watch --serve --dev-addr {another}` "
        f"(`make serve DEV_ADDR={another}`)"
    )
    if exc.errno == errno.EADDRINUSE:
        return log_text(
            f"cannot serve the preview on {url}: port {port} is already in use, by another "
            f"preview or another program. Stop that, or {choose}"
        )
    reason = os_error_text(exc, f"serve the preview on {url}")
    return f"{reason}. Check the address, or {log_text(choose)}"


class Preview:
    """The preview server: the site built once into a temporary folder, served with MkDocs'
    live-reload server, and updated page by page after each save (`show`)."""

    def __init__(
        self, root: Path, folder: Path, say: Callable[[str], None], address: str | None
    ) -> None:
        self.folder = folder
        self.site = PreviewSite(root, folder / "site", address)
        self._reload = folder / "reload"
        self._reload.mkdir()
        host, port = self.site.config.dev_addr
        # The browser reloads when the server sees a file change in the folders it watches.
        # It watches only `reload/` (from the end of the first build, see `start`), which
        # `show` touches once its pages are written.
        self.server = LiveReload(host, port, str(self.site.site_dir))
        try:
            self.server.bind()
        except OSError as exc:
            self.server.server_close()
            raise PreviewError(bind_problem(exc, host, port)) from None
        self.search = SearchIndexer(root, self.site.site_dir, say)
        self._thread = threading.Thread(target=self._serve, name="preview", daemon=True)
        self.say = say
        self.failure: str | None = None
        """Why the server stopped, if it did."""

    @classmethod
    def start(cls, root: Path, say: Callable[[str], None], address: str | None = None) -> Preview:
        """Build the whole preview and serve it (at `address`, HOST:PORT, else MkDocs'
        `dev_addr`); search is indexed in the background."""
        quiet_mkdocs_logging()
        folder = Path(tempfile.mkdtemp(prefix="briefings-preview-"))
        preview: Preview | None = None
        try:
            preview = cls(root, folder, say, address)
            preview.site.build_all()
            # Watching starts a thread: after the build, which may fork (core/workers.py).
            preview.server.watch(str(preview._reload))
            preview.search.request()
            preview._thread.start()
        except BaseException:
            if preview is not None and not preview._thread.is_alive():
                preview.server.server_close()  # bound, never served: free the port
            shutil.rmtree(folder, ignore_errors=True)
            raise
        say(
            f"Serving the preview on {preview.site.config.site_url} (search follows in the "
            "background)."
        )
        return preview

    def show(self, report: WriteReport) -> int:
        """Render the pages a save rewrote and reload the browsers; search follows. The
        briefing pages come first, with a reload of their own: the page a contributor edited
        shows before the lists that also name it (a retitled briefing is in 20 lists or more,
        the largest a year of a country's briefings). Returns how many pages were rendered."""
        if not (report.written or report.removed):
            return 0
        rendered = self.site.update(
            report.written, report.removed, is_briefing_uri, self._reload_browsers
        )
        self._reload_browsers()
        self.search.request()
        return rendered

    def _reload_browsers(self) -> None:
        (self._reload / "stamp").write_text(str(time.time_ns()), encoding="utf-8")

    def _serve(self) -> None:
        try:
            self.server.serve()  # type: ignore[no-untyped-call]
        except OSError as exc:  # bound already (`bind`), so rare: one line, not a traceback
            self.failure = os_error_text(exc, f"serve the preview on {self.site.config.site_url}")

    def serving(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        if self._thread.is_alive():
            self.server.shutdown()
        self.search.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
