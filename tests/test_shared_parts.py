"""Theme parts rendered once a folder (generator/site_hooks.py, `shared_part`): the site must be
byte for byte the site Material renders without them."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import build_site, copy_project
from generator.__main__ import main
from generator.site_hooks import on_env, shared_part, shared_part_key
from test_write import snapshot

EPOCH = "1763164800"
SHARED_BLOCKS = "{#- Parts that are the same on every page outside the navigation"
"""Where overrides/main.html's blocks for the shared parts begin; they end the file."""


def built_site(project: Path) -> dict[str, bytes]:
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    completed = build_site(project, epoch=EPOCH)
    assert completed.returncode == 0, completed.stderr
    return snapshot(project / "site")


def test_site_is_the_same_without_the_shared_parts(tmp_path: Path) -> None:
    shared = built_site(copy_project(tmp_path / "shared"))
    plain = copy_project(tmp_path / "plain")
    template = plain / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    assert text.count(SHARED_BLOCKS) == 1
    template.write_text(text[: text.index(SHARED_BLOCKS)], encoding="utf-8")
    # And the hook's copy without its loader, so Material's navigation partial is its own.
    hook = plain / "generator" / "site_hooks.py"
    code = hook.read_text(encoding="utf-8")
    wrapping = "        env.loader = _SharedNavigationLoader(env.loader)\n"
    assert code.count(wrapping) == 1
    hook.write_text(code.replace(wrapping, "        pass\n"), encoding="utf-8")
    rendered_each_time = built_site(plain)
    assert shared.keys() == rendered_each_time.keys()
    differing = [name for name in shared if shared[name] != rendered_each_time[name]]
    assert differing == []
    # Pages outside the navigation, two folders deep (briefings/<id>/index.html), by folder.
    shared_pages = [
        name for name in shared if name.endswith("/index.html") and name.count("/") >= 2
    ]
    assert len(shared_pages) > 20 and len({name.split("/")[0] for name in shared_pages}) > 3


def nav_page(url: str, title: str = "Title") -> SimpleNamespace:
    return SimpleNamespace(url=url, title=title)


NAV = SimpleNamespace(pages=[nav_page(""), nav_page("briefings/"), nav_page("about/")])


@pytest.mark.parametrize(
    ("first", "second"),
    [("briefings/a/", "briefings/b/"), ("countries/in/2025/", "countries/in/2024/")],
)
def test_pages_of_one_folder_share_each_part(first: str, second: str) -> None:
    for name in ("tabs", "nav", "config"):
        key = shared_part_key(name, nav_page(first), NAV)
        assert key is not None and key == shared_part_key(name, nav_page(second), NAV)


@pytest.mark.parametrize(
    ("first", "second"),
    [("briefings/a/", "events/a/"), ("briefings/a/", "briefings/a/b/"), ("a/", "b/a/")],
)
def test_pages_of_other_folders_do_not(first: str, second: str) -> None:
    assert shared_part_key("nav", nav_page(first), NAV) != shared_part_key(
        "nav", nav_page(second), NAV
    )


def test_parts_differ_by_name() -> None:
    page = nav_page("briefings/a/")
    assert shared_part_key("nav", page, NAV) != shared_part_key("tabs", page, NAV)


@pytest.mark.parametrize(
    "case",
    ["page in the nav", "nav page below the page", "file address", "unknown part", "no page"],
)
def test_pages_the_parts_may_differ_on_are_rendered_each_time(case: str) -> None:
    page = nav_page("briefings/a/")
    nav = SimpleNamespace(pages=[*NAV.pages, nav_page("briefings/a/more/")])
    found = {
        "page in the nav": shared_part_key("nav", NAV.pages[1], NAV),
        "nav page below the page": shared_part_key("nav", page, nav),
        "file address": shared_part_key("nav", nav_page("briefings/a.html"), NAV),
        "unknown part": shared_part_key("footer", page, NAV),
        "no page": shared_part_key("nav", None, NAV),
    }
    assert found[case] is None


def test_a_nav_title_changed_in_a_preview_renders_the_parts_again() -> None:
    renders: list[str] = []

    def caller() -> str:
        renders.append("rendered")
        return f"nav {len(renders)}"

    nav = SimpleNamespace(pages=[nav_page(""), nav_page("briefings/"), nav_page("about/")])
    on_env(SimpleNamespace(globals={}, loader=None))
    shown = [
        shared_part("nav", nav_page(url), nav, caller) for url in ("briefings/a/", "briefings/b/")
    ]
    nav.pages[1].title = "Renamed"
    shown.append(shared_part("nav", nav_page("briefings/c/"), nav, caller))
    assert shown == ["nav 1", "nav 1", "nav 2"]


def test_what_the_build_has_read_is_kept_out_of_the_cycle_collectors_reach() -> None:
    """The theme then renders every page without the collector scanning them all again."""
    before = gc.get_freeze_count()
    kept = [[] for _ in range(1000)]
    try:
        on_env(SimpleNamespace(globals={}, loader=None))
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
