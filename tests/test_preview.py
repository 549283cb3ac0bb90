"""The live preview (generator/preview.py): after a save, every page it serves is the page a
fresh build of the same files makes; search catches up in the background and says so."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from test_watch import wait_for

from conftest import REPO, copy_site_config
from generator.pipeline import IncrementalBuild
from generator.preview import SEARCH_STATUS, PreviewSite, SearchIndexer
from generator.sitemap import is_briefing_uri
from generator.synth import synthetic_corpus
from generator.write import write_tree

AS_OF = dt.date(2026, 1, 1)


def synthetic_project(folder: Path, briefings: int = 30) -> Path:
    write_tree(synthetic_corpus(briefings), folder)
    copy_site_config(folder)
    return folder


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the sitemap, which the preview does not redo (no reader
    of a preview follows it) and search, which is indexed apart."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and not path.name.startswith("sitemap.xml")
        and path.name != SEARCH_STATUS
        and "pagefind" not in path.parts
        and "search-facets" not in path.parts
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_after_saves_every_preview_page_is_what_a_fresh_build_makes(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project")
    build = IncrementalBuild(project)
    assert build.update(AS_OF).report is not None
    preview = PreviewSite(project, tmp_path / "preview")
    preview.build_all()
    briefings = sorted((project / "briefings").rglob("*.yml"))
    removed = briefings[3].read_text("utf-8")
    held = next(path for path in briefings[13:] if "status: held" in path.read_text("utf-8"))
    saves = [
        lambda: edit(briefings[10], "Synthetic outlook", "Outlook seen in the preview"),
        lambda: edit(briefings[11], "title: Synthetic", "title: Retitled synthetic"),
        lambda: edit(held, "status: held", "status: postponed"),
        lambda: briefings[3].unlink(),  # its page goes, and every list loses it
        lambda: briefings[3].write_text(removed, "utf-8"),  # and it comes back: a new page
    ]
    rendered = []
    for save in saves:
        save()
        report = build.update(AS_OF).report
        assert report is not None and (report.written or report.removed)
        rendered.append(preview.update(report.written, report.removed))
    assert 0 < max(rendered) < 60, "each save renders the pages it reached, not the site"
    assert rendered[0] <= 3, "an outlook shows on its briefing's page only"

    fresh = PreviewSite(project, tmp_path / "fresh")
    fresh.build_all()
    updated, expected = site_files(tmp_path / "preview"), site_files(tmp_path / "fresh")
    assert updated.keys() == expected.keys()
    differing = [name for name in expected if updated[name] != expected[name]]
    assert not differing, differing[:10]
    page = updated[f"briefings/{briefings[10].stem}/index.html"].decode()
    assert "Outlook seen in the preview" in page
    assert f'<meta name="search-status" content="../../{SEARCH_STATUS}">' in page


def test_the_edited_briefing_shows_before_the_lists_that_name_it(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project")
    build = IncrementalBuild(project)
    assert build.update(AS_OF).report is not None
    preview = PreviewSite(project, tmp_path / "preview")
    preview.build_all()
    source = sorted((project / "briefings").rglob("*.yml"))[-1]  # on the home page too
    edit(source, "title: Synthetic", "title: Retitled synthetic")
    report = build.update(AS_OF).report
    assert report is not None
    briefing = tmp_path / "preview" / "briefings" / source.stem / "index.html"
    listing = tmp_path / "preview" / "briefings" / "index.html"
    seen: list[tuple[bool, bool]] = []

    def between() -> None:
        seen.append(("Retitled" in briefing.read_text(), "Retitled" in listing.read_text()))

    preview.update(report.written, report.removed, is_briefing_uri, between)
    assert seen == [(True, False)], "reloaded once the briefing's own page was ready"
    assert "Retitled" in listing.read_text()


def test_a_published_build_names_no_search_status(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project", briefings=5)
    assert IncrementalBuild(project).update(AS_OF).report is not None
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert 'name="search-status"' not in (project / "site" / "index.html").read_text("utf-8")


def test_search_is_stale_until_the_background_index_catches_up(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project", briefings=5)
    assert IncrementalBuild(project).update(AS_OF).report is not None
    preview = PreviewSite(project, tmp_path / "preview")
    preview.build_all()
    said: list[str] = []
    indexer = SearchIndexer(project, tmp_path / "preview", said.append)
    try:
        indexer.request()
        status = tmp_path / "preview" / SEARCH_STATUS
        assert json.loads(status.read_text()) == {"stale": True} or indexer.wait_until_fresh(0)
        assert indexer.wait_until_fresh(120), said
    finally:
        indexer.stop()
    assert json.loads(status.read_text()) == {"stale": False}
    assert (tmp_path / "preview" / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "preview" / "pagefind.fresh").exists()
    facets = json.loads((tmp_path / "preview" / "search-facets" / "index.json").read_text())
    assert facets["country"], facets
    assert not said, said


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def test_the_served_preview_shows_a_save_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project", briefings=10)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    source = sorted((project / "briefings").rglob("*.yml"))[4]
    log = tmp_path / "watch.log"
    with log.open("w") as output:
        watcher = subprocess.Popen(
            [
                *(sys.executable, "-m", "generator", "--root", str(project), "watch"),
                *("--serve", "--as-of", "2026-01-01", "--dev-addr", f"127.0.0.1:{port}"),
            ],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            page = f"{base}briefings/{source.stem}/"
            assert wait_for(lambda: "Synthetic outlook" in served(page), 120), log.read_text()
            edit(source, "Synthetic outlook", "Outlook served live")
            assert wait_for(lambda: "Outlook served live" in served(page), 30), log.read_text()
            assert "livereload" in served(page), "the browser is told to reload"
            status = f"{base}{SEARCH_STATUS}"
            assert wait_for(lambda: '"stale": false' in served(status), 120), log.read_text()
        finally:
            watcher.send_signal(signal.SIGINT)
            code = watcher.wait(timeout=60)
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text
    assert "Serving the preview on" in text


def test_a_preview_address_in_use_is_one_line_and_the_watch_stops(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "project", briefings=5)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        finished = subprocess.run(
            [
                *(sys.executable, "-m", "generator", "--root", str(project), "watch"),
                *("--serve", "--as-of", "2026-01-01", "--dev-addr", f"127.0.0.1:{port}"),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    last = finished.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot serve the preview on http://127.0.0.1:{port}/"), last
