"""The offline link checker finds broken links and anchors, and only those."""

from __future__ import annotations

from pathlib import Path

from generator.outputs.linkcheck import check_site


def page(site: Path, uri: str, body: str) -> None:
    path = site / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>\n{body}\n</body></html>\n", encoding="utf-8")


def test_broken_links_and_anchors_are_located(tmp_path: Path) -> None:
    page(tmp_path, "index.html", '<a href="people/x/">x</a>\n<a href="people/y/">y</a>')
    page(
        tmp_path,
        "people/x/index.html",
        '<h2 id="top">T</h2><a href="#top">t</a>\n'
        '<a href="../../index.html#nope">n</a> <a href="https://example.com/">e</a>',
    )
    report = check_site(tmp_path)
    found = [(d.path, d.line, d.column, d.message) for d in report.diagnostics]
    assert found == [
        ("site/index.html", 3, 1, "'people/y/' does not exist in the site"),
        ("site/people/x/index.html", 3, 1, "'../../index.html' has no anchor #nope"),
    ]
    assert (report.pages, report.internal_links, report.external_links) == (2, 4, 1)


def test_root_relative_links_use_the_base_path(tmp_path: Path) -> None:
    page(tmp_path, "404.html", '<a href="/briefings/about/">a</a><a href="/other/">o</a>')
    page(tmp_path, "about/index.html", "<p>about</p>")
    report = check_site(tmp_path, base_path="/briefings/")
    assert [d.message for d in report.diagnostics] == ["'/other/' does not exist in the site"]


def test_links_cannot_escape_the_site(tmp_path: Path) -> None:
    (tmp_path / "secret.html").write_text("x", encoding="utf-8")
    site = tmp_path / "site"
    page(site, "index.html", '<a href="../secret.html">s</a>')
    assert [d.code for d in check_site(site).diagnostics] == ["broken-link"]
