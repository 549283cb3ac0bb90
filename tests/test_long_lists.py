"""Long lists are split (generator/pages/long_lists.py): a page shows the newest items and links to
pages of one year each, which hold every item; a long index of names goes on in parts.

The limits are made small here so that a corpus of 60 briefings has long lists."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import build_site, copy_site_config
from generator.__main__ import main
from generator.build import pipeline
from generator.inputs.synth import synthetic_corpus
from generator.outputs.write import write_tree
from generator.pages import long_lists
from generator.story.event_state import NO_DATE

AS_OF = dt.date(2026, 1, 1)
LIST_LIMIT, INDEX_LIMIT = 5, 3
LINK = re.compile(r"\]\(([^)]+)\.md\)")


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_lists, "LIST_LIMIT", LIST_LIMIT)
    monkeypatch.setattr(long_lists, "INDEX_LIMIT", INDEX_LIMIT)


def site_pages(root: Path) -> dict[str, str]:
    result = pipeline.check(root, AS_OF)
    assert result.corpus is not None, [str(d) for d in result.diagnostics]
    return {page.uri: page.text for page in pipeline.build_pages(result.corpus, AS_OF)}


@pytest.fixture
def site(tmp_path: Path, small_limits: None) -> dict[str, str]:
    write_tree(synthetic_corpus(60), tmp_path)
    return site_pages(tmp_path)


def briefing_links(text: str) -> list[str]:
    """The briefings a page lists, by id, in order."""
    return [m.split("/")[-1] for m in LINK.findall(text) if "synthetic-0" in m]


def briefing_dates(root: Path) -> dict[str, dt.date]:
    return {
        path.stem: yaml.safe_load(path.read_text("utf-8"))["date"]
        for path in (root / "briefings").rglob("*.yml")
    }


def test_the_index_shows_the_newest_and_each_year_page_holds_that_years_briefings(
    tmp_path: Path, site: dict[str, str]
) -> None:
    dates = briefing_dates(tmp_path)
    newest = sorted(dates, key=lambda b: (dates[b], b), reverse=True)
    index = site["briefings/index.md"]
    assert briefing_links(index) == newest[:LIST_LIMIT]
    years = sorted({d.year for d in dates.values()}, reverse=True)
    for year in years:
        page = site[f"briefings/years/{year}.md"]
        listed = briefing_links(page)
        assert listed == [b for b in newest if dates[b].year == year]
        assert f"[{year} (" in index  # the index links each year with its count
    assert {uri for uri in site if uri.startswith("briefings/years/")} == {
        f"briefings/years/{year}.md" for year in years
    }


def test_every_dated_event_is_on_the_page_of_its_year(site: dict[str, str]) -> None:
    on_year_pages = Counter(
        name
        for uri, text in site.items()
        if uri.startswith("events/years/")
        for name in re.findall(r"\]\(\.\./(synthetic-event-\d+)\.md\)", text)
    )
    rows = re.findall(
        r"^\| ([^|]+) \| \[[^]]+\]\((synthetic-event-\d+)\.md\)",
        site["events/index.md"],
        re.MULTILINE,
    )
    dated = [event for date, event in rows if date != NO_DATE]
    undated = [event for date, event in rows if date == NO_DATE]
    assert len(dated) == LIST_LIMIT and undated, "the newest dated events, then the undated"
    assert set(on_year_pages.values()) == {1}, "each event on exactly one year page"
    assert set(dated) <= set(on_year_pages)
    assert not set(undated) & set(on_year_pages), "an event without a date has no year"


def test_an_entity_with_many_briefings_shows_the_newest_and_links_its_years(
    site: dict[str, str],
) -> None:
    country_pages = [uri for uri in site if uri.startswith("countries/") and uri.count("/") == 1]
    long = [uri for uri in country_pages if "all of them by year" in site[uri]]
    assert long, "a country of 60 briefings has more than five"
    uri = long[0]
    text = site[uri]
    briefings = text.split("## Briefings", 1)[1]
    assert len(briefing_links(briefings)) == LIST_LIMIT
    folder = uri.removesuffix(".md")
    year_pages = [u for u in site if u.startswith(folder + "/")]
    assert year_pages
    on_years = [b for u in year_pages for b in briefing_links(site[u].split("## Briefings")[1])]
    assert len(on_years) == len(set(on_years)), "each briefing on one year page only"
    assert set(briefing_links(briefings)) <= set(on_years)
    for year_page in year_pages:
        assert f"/{Path(year_page).stem}.md)" in text or f"]({Path(folder).name}/" in text


def test_a_long_index_of_names_goes_on_in_parts_that_hold_every_name(
    tmp_path: Path, site: dict[str, str]
) -> None:
    people = yaml.safe_load((tmp_path / "entities" / "people.yml").read_text("utf-8"))
    assert len(people) > INDEX_LIMIT
    parts = ["people/index.md", *sorted(u for u in site if u.startswith("people/more/"))]
    assert len(parts) == -(-len(people) // INDEX_LIMIT)
    rows = [
        row
        for part in parts
        for row in re.findall(r"^\| \[[^]]+\]\(([^)]+)\.md\)", site[part], re.MULTILINE)
    ]
    assert len(rows) == len(people)
    assert {row.split("/")[-1] for row in rows} == {person["id"] for person in people}
    assert "By name:" in site["people/index.md"]


def test_a_small_collection_keeps_one_page_per_list(tmp_path: Path) -> None:
    write_tree(synthetic_corpus(30), tmp_path)
    site = site_pages(tmp_path)
    assert not [uri for uri in site if "/years/" in uri or "/more/" in uri]
    assert "by year" not in site["briefings/index.md"]


def test_the_split_site_builds_strictly(tmp_path: Path, small_limits: None) -> None:
    write_tree(synthetic_corpus(60), tmp_path)
    copy_site_config(tmp_path)
    assert main(["--root", str(tmp_path), "generate", "--as-of", "2026-01-01"]) == 0
    built = build_site(tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    assert (tmp_path / "site" / "briefings" / "years").is_dir()
    assert (tmp_path / "site" / "people" / "more" / "2" / "index.html").is_file()


@pytest.mark.parametrize("reserved", ["years", "more"])
def test_the_names_of_the_split_pages_folders_are_reserved_ids(
    tmp_path: Path, reserved: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(synthetic_corpus(5), tmp_path)
    people = tmp_path / "entities" / "people.yml"
    people.write_text(
        people.read_text("utf-8").replace("id: synthetic-person-00000\n", f"id: {reserved}\n", 1),
        "utf-8",
    )
    assert main(["--root", str(tmp_path), "check", "--as-of", "2026-01-01"]) != 0
    assert f"the id '{reserved}' is reserved" in capsys.readouterr().out
