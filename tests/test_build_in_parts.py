"""The preview's first build with its pages shared by worker processes
(mkdocs_adapter.build_in_parts): the same site as MkDocs' own build, and the same checks."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

from conftest import copy_site_config
from generator.build import mkdocs_adapter
from generator.build.pipeline import generate
from generator.build.preview import PreviewError, PreviewSite
from generator.inputs.synth import synthetic_corpus
from generator.outputs.write import write_tree


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_building_in_parts_writes_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    write_tree(synthetic_corpus(30), project)
    copy_site_config(project)
    assert generate(project, dt.date(2026, 1, 1)).report is not None
    # Small parts, so that each worker takes several and the order they end in varies.
    monkeypatch.setattr(mkdocs_adapter, "PAGES_PER_PART", 7)
    PreviewSite(project, tmp_path / "one").build_all(workers=1)
    PreviewSite(project, tmp_path / "parts").build_all(workers=2)
    one, parts = site_files(tmp_path / "one"), site_files(tmp_path / "parts")
    pages = [name for name in one if name.endswith(".html")]
    assert len(pages) > 10 * 7, "more parts than workers"
    assert one.keys() == parts.keys()
    assert [name for name in one if one[name] != parts[name]] == []


def small_site(folder: Path) -> Path:
    """Four pages outside the navigation: a broken link, a link to an anchor another page
    lacks, one to an anchor it has, and that page."""
    docs = folder / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", "utf-8")
    (docs / "notes" / "a.md").write_text("# A\n\n[gone](missing.md)\n", "utf-8")
    (docs / "notes" / "b.md").write_text("# B\n\n[nowhere](c.md#nowhere)\n", "utf-8")
    (docs / "notes" / "c.md").write_text("# C\n\n## Here\n", "utf-8")
    (docs / "notes" / "d.md").write_text("# D\n\n[here](c.md#here)\n", "utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Parts\nnav:\n  - index.md\nnot_in_nav: /notes/*.md\n"
        "validation:\n  links:\n    not_found: warn\n    anchors: warn\n",
        "utf-8",
    )
    return config


def test_warnings_of_workers_and_anchors_across_them_stop_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config = load_config(
        config_file=str(small_site(tmp_path)), site_dir=str(tmp_path / "site"), strict=True
    )
    monkeypatch.setattr(mkdocs_adapter, "PAGES_PER_PART", 1)  # each page in a part of its own
    # Two: the broken link, which a worker logs (in its own process, so only its count comes
    # back), and the missing anchor, which this process finds with what the workers sent.
    with pytest.raises(SystemExit, match="Aborted with 2 warnings in strict mode"):
        mkdocs_adapter.build_in_parts(config, None, workers=2)
    anchors = [record.getMessage() for record in caplog.records if "anchor" in record.getMessage()]
    assert anchors == [
        "Doc file 'notes/b.md' contains a link 'c.md#nowhere', "
        "but the doc 'notes/c.md' does not contain an anchor '#nowhere'."
    ]
    assert (tmp_path / "site" / "notes" / "d" / "index.html").is_file()


def test_a_build_that_is_not_strict_writes_every_page_despite_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(
        config_file=str(small_site(tmp_path)), site_dir=str(tmp_path / "site"), strict=False
    )
    monkeypatch.setattr(mkdocs_adapter, "PAGES_PER_PART", 1)
    mkdocs_adapter.build_in_parts(config, None, workers=2)
    for name in "abcd":
        assert (tmp_path / "site" / "notes" / name / "index.html").is_file()


def test_without_the_broken_link_only_the_anchor_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = small_site(tmp_path)
    (tmp_path / "docs" / "notes" / "a.md").write_text("# A\n", "utf-8")
    config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "site"), strict=True)
    monkeypatch.setattr(mkdocs_adapter, "PAGES_PER_PART", 1)
    with pytest.raises(SystemExit, match="Aborted with 1 warnings in strict mode"):
        mkdocs_adapter.build_in_parts(config, None, workers=2)


def test_a_worker_that_dies_stops_the_preview_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_site(tmp_path)  # its mkdocs.yml is where the preview looks for it
    monkeypatch.setattr(mkdocs_adapter, "PAGES_PER_PART", 1)

    def dies(*args: object) -> None:
        os._exit(9)  # as a worker killed for want of memory

    monkeypatch.setattr(mkdocs_adapter, "_build_part", dies)
    with pytest.raises(PreviewError, match="a worker process of the preview's build ended"):
        PreviewSite(tmp_path, tmp_path / "site").build_all(workers=2)
