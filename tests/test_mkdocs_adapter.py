"""What generator/build/mkdocs_adapter.py takes from MkDocs beyond its documented interface is still
there, with the parameters we pass: a MkDocs version that changes one fails here, by name."""

from __future__ import annotations

import inspect
import socket
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure import nav as mkdocs_nav
from mkdocs.structure import pages as mkdocs_pages
from watchdog.observers.api import BaseObserver

from generator.build import mkdocs_adapter
from generator.build.mkdocs_adapter import LiveReload


def leading_parameters(function: Callable[..., Any]) -> list[str]:
    """The names of the parameters a call must give, in order."""
    return [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind is not inspect.Parameter.KEYWORD_ONLY
    ]


@pytest.mark.parametrize(
    ("function", "positional", "keywords"),
    [
        (mkdocs_build._populate_page, ["page", "config", "files"], []),
        (mkdocs_build._build_page, ["page", "config", "doc_files", "nav", "env"], []),
        (mkdocs_build.build, ["config"], ["serve_url"]),
        (mkdocs_files.set_exclusions, ["files", "config"], []),
        # The steps of `build` that build_in_parts takes one by one.
        (
            mkdocs_build._build_theme_template,
            ["template_name", "env", "files", "config", "nav"],
            [],
        ),
        (mkdocs_build._build_extra_template, ["template_name", "files", "config", "nav"], []),
        (mkdocs_files.get_files, ["config"], []),
        (mkdocs_nav.get_navigation, ["files", "config"], []),
        (mkdocs_files.Files.add_files_from_theme, ["self", "env", "config"], []),
        (mkdocs_files.Files.copy_static_files, ["self"], ["inclusion"]),
        (mkdocs_files.Files.documentation_pages, ["self"], ["inclusion"]),
        (mkdocs_pages.Page.validate_anchor_links, ["self"], ["files", "log_level"]),
        (mkdocs_utils.clean_directory, ["directory"], []),
        (LiveReloadServer.__init__, ["self", "builder", "host", "port", "root"], []),
    ],
    ids=lambda value: getattr(value, "__qualname__", None),
)
def test_the_mkdocs_functions_we_call_take_what_we_pass(
    function: Callable[..., Any], positional: list[str], keywords: list[str]
) -> None:
    assert leading_parameters(function) == positional
    assert all(name in inspect.signature(function).parameters for name in keywords)


def test_the_adapter_calls_the_functions_it_checks() -> None:
    """The names the adapter imports are MkDocs' own (not copies that would hide a change)."""
    used = vars(mkdocs_adapter)
    assert used["_populate_page"] is mkdocs_build._populate_page
    assert used["_build_page"] is mkdocs_build._build_page
    assert used["build"] is mkdocs_build.build
    assert used["set_exclusions"] is mkdocs_files.set_exclusions
    assert used["_build_theme_template"] is mkdocs_build._build_theme_template
    assert used["_build_extra_template"] is mkdocs_build._build_extra_template
    assert used["get_files"] is mkdocs_files.get_files
    assert used["get_navigation"] is mkdocs_nav.get_navigation
    assert used["utils"] is mkdocs_utils
    assert issubclass(LiveReload, LiveReloadServer)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_the_live_reload_attributes_we_replace_exist(tmp_path: Path) -> None:
    stock = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=1, root=str(tmp_path))
    assert isinstance(stock.observer, BaseObserver), "replaced before any watch()"
    assert isinstance(stock.build_delay, float)
    threads = threading.active_count()
    server = LiveReload("127.0.0.1", free_port(), str(tmp_path))
    assert threading.active_count() == threads, "no thread before a watch (the build forks)"
    server.watch(str(tmp_path))
    assert type(server.observer) is not type(stock.observer), "system file events, not polling"
    server.observer.stop()
    assert server.build_delay == mkdocs_adapter.RELOAD_DELAY


def test_serve_uses_the_socket_bound_before_the_build(tmp_path: Path) -> None:
    """`serve` binds through server_bind and server_activate, which the bound server skips;
    if MkDocs bound some other way, serving would fail with the address in use."""
    (tmp_path / "index.html").write_text("<p>shown</p>", encoding="utf-8")
    port = free_port()
    server = LiveReload("127.0.0.1", port, str(tmp_path))
    server.bind()
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # listening before serve()
    problems: list[BaseException] = []

    def serve() -> None:
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except BaseException as problem:  # reported by the test
            problems.append(problem)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert b"shown" in response.read()
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert not problems
