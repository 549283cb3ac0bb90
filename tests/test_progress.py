"""A long build says how far it is: MkDocs' page count from the site hook."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from generator import site_hooks


class _Files:
    def __init__(self, pages: int) -> None:
        self.pages = pages

    def documentation_pages(self) -> list[int]:
        return list(range(self.pages))

    def __iter__(self) -> Iterator[Any]:
        return iter(())  # no file: nothing to refuse, and the site folder below does not exist


CONFIG = SimpleNamespace(
    config_file_path="mkdocs.yml",
    site_dir="no-such-site",
    theme=SimpleNamespace(static_templates=()),
    extra_templates=(),
)


def build(pages: int) -> None:
    files: Any = _Files(pages)
    site_hooks.on_files(files, CONFIG)
    for _ in range(pages):
        site_hooks.on_post_page("<html></html>")
    site_hooks.on_post_build(CONFIG)


def test_a_build_of_many_pages_prints_a_line_at_each_quarter_in_a_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    build(2000)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"mkdocs: built {done} of 2000 pages" for done in (500, 1000, 1500, 2000)]


def test_a_small_build_and_a_preview_page_update_print_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    build(300)
    site_hooks.on_post_page("<html></html>")  # a page the preview renders after a save
    assert capsys.readouterr().err == ""


def test_on_a_terminal_the_count_rewrites_one_line_and_gives_way_at_the_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    build(1200)
    text = capsys.readouterr().err
    assert "\n" not in text
    assert text.startswith("\rmkdocs: built 1 of 1200 pages")
    assert "\rmkdocs: built 1200 of 1200 pages" in text
    assert text.endswith("\r\x1b[K")


def test_in_a_build_in_parts_the_parent_counts_what_the_workers_wrote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The preview's first build (mkdocs_adapter.build_in_parts): a worker tells the hook it is
    one and shows nothing; the parent counts each part a worker sends back."""
    files: Any = _Files(2000)
    site_hooks.on_files(files, CONFIG)
    parent_progress = site_hooks._progress
    site_hooks.build_worker_started()  # as in a forked worker: its own pages count nowhere
    for _ in range(600):
        site_hooks.on_post_page("<html></html>")
    site_hooks._progress = parent_progress  # back in the parent, whose copy is untouched
    for _ in range(10):  # the pages of the navigation, written by the parent
        site_hooks.on_post_page("<html></html>")
    for count in (250,) * 7 + (240,):  # 1,990 more, in parts as workers send them
        site_hooks.pages_built_elsewhere(count)
    site_hooks.on_post_build(CONFIG)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"mkdocs: built {done} of 2000 pages" for done in (500, 1000, 1500, 2000)]
