"""Whole builds: reproducible byte for byte, link-clean, and portable to ProperDocs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import SEED_ID, build_site, copy_project
from generator.__main__ import main
from generator.outputs.linkcheck import check_site
from test_write import snapshot

EPOCH = "1763164800"  # 2025-11-15T00:00:00Z


def build(project: Path, engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """Generate and build as CI does, dated by SOURCE_DATE_EPOCH."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        assert main(["--root", str(project), "generate"]) == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return build_site(project, engine=engine, search=True, epoch=EPOCH)


def test_same_commit_and_date_build_byte_identical_sites(tmp_path: Path) -> None:
    sites = []
    for name in ("first", "second"):
        project = copy_project(tmp_path / name)
        completed = build(project)
        assert completed.returncode == 0, completed.stderr
        sites.append(snapshot(project / "site"))
    assert sites[0] == sites[1]
    assert len(sites[0]) > 100
    searched = [name for name in sites[0] if name.startswith(("pagefind/", "search-facets/"))]
    assert len(searched) > 50, "the search index and its filters are compared too"


def test_built_site_has_no_broken_link_or_anchor(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert build(project).returncode == 0
    report = check_site(project / "site")
    assert report.diagnostics == ()
    assert report.internal_links > 500


def test_properdocs_builds_the_same_pages_strictly(tmp_path: Path) -> None:
    mkdocs_project = copy_project(tmp_path / "mkdocs")
    properdocs_project = copy_project(tmp_path / "properdocs")
    assert build(mkdocs_project).returncode == 0
    completed = build(properdocs_project, "properdocs")
    assert completed.returncode == 0, completed.stderr
    assert not [line for line in completed.stderr.splitlines() if line.startswith("WARNING")]

    def article(project: Path) -> str:
        html = (project / "site" / "briefings" / SEED_ID / "index.html").read_text("utf-8")
        found = BeautifulSoup(html, "html.parser").select_one("article")
        assert found is not None
        return str(found)

    assert article(mkdocs_project) == article(properdocs_project)
