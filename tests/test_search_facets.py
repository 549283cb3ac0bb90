"""Search filters written beside Pagefind's index: made from the export, keyed by page address."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED_ID, build_site, copy_project
from generator.__main__ import main
from generator.outputs.search_facets import FacetError, facet_files, read_pair_pages
from generator.outputs.write import WriteError, replace_dir


def briefing(slug: str, date: str, countries: list[str], people: list[str]) -> dict[str, Any]:
    return {
        "url": f"../briefings/{slug}/",
        "date": date,
        "countries": countries,
        "people": [{"id": person, "office": None} for person in people],
        "organisations": [],
        "topics": ["trade"],
    }


EXPORT: dict[str, Any] = {
    "briefings": [
        briefing("a", "2024-03-01", ["IN"], ["sergey-lavrov"]),
        briefing("b", "2025-01-02", ["IN", "RU"], ["abe-zed"]),
    ],
    "countries": [
        {"id": "IN", "name": "India", "url": "../countries/india/", "aliases": []},
        {"id": "RU", "name": "Russia", "url": "../countries/russia/", "aliases": []},
    ],
    # Sorted by id, Abe comes first; by name, Sergey Lavrov does (Zed, Abe is last).
    "people": [
        {
            "id": "sergey-lavrov",
            "name": "Sergey Lavrov",
            "url": "../people/sergey-lavrov/",
            "aliases": ["Lavrov"],
        },
        {"id": "abe-zed", "name": "Zed", "url": "../people/abe-zed/", "aliases": []},
    ],
    "organisations": [],
    "events": [
        {
            "id": "talks",
            "name": "Talks",
            "url": "../events/talks/",
            "aliases": [],
            "countries": ["RU"],
            "participants": ["sergey-lavrov"],
            "organisations": [],
            "dates": ["2023-05-01"],
        }
    ],
    "topics": [{"id": "trade", "name": "Trade", "url": "../topics/trade/", "aliases": []}],
}


def test_each_value_lists_the_addresses_of_its_pages_of_every_kind() -> None:
    """Briefings by what they list, events by what they involve (no topics: events have
    none), an entity's page by its own value; every page by its kind."""
    files = facet_files(EXPORT)
    assert json.loads(files["country/in.json"]) == [
        "briefings/a/",
        "briefings/b/",
        "countries/india/",
    ]
    assert json.loads(files["country/ru.json"]) == [
        "briefings/b/",
        "countries/russia/",
        "events/talks/",
    ]
    assert json.loads(files["person/sergey-lavrov.json"]) == [
        "briefings/a/",
        "events/talks/",
        "people/sergey-lavrov/",
    ]
    assert json.loads(files["topic/trade.json"]) == [
        "briefings/a/",
        "briefings/b/",
        "topics/trade/",
    ]
    assert json.loads(files["year/2023.json"]) == ["events/talks/"]
    assert json.loads(files["kind/event.json"]) == ["events/talks/"]
    assert json.loads(files["index.json"]) == {
        "kind": [
            ["briefing", "Briefings", 2],
            ["country", "Countries", 2],
            ["person", "People", 2],
            ["event", "Events", 1],
            ["topic", "Topics", 1],
        ],
        "country": [["in", "India", 3], ["ru", "Russia", 3]],
        "person": [["sergey-lavrov", "Sergey Lavrov", 3], ["abe-zed", "Zed", 2]],
        "topic": [["trade", "Trade", 3]],
        "year": [["2025", "2025", 1], ["2024", "2024", 1], ["2023", "2023", 1]],
    }
    assert list(files) == sorted(files)
    # Each page's values, as positions in index.json's lists, for counts that follow a query.
    assert json.loads(files["by-page/country.json"]) == {
        "briefings/a/": [0],
        "briefings/b/": [0, 1],
        "countries/india/": [0],
        "countries/russia/": [1],
        "events/talks/": [1],
    }
    assert json.loads(files["by-page/year.json"]) == {
        "briefings/a/": [1],
        "briefings/b/": [0],
        "events/talks/": [2],
    }


def test_a_page_of_two_countries_is_a_kind_of_page_selected_by_both_countries() -> None:
    """A search finds pages of two countries too: the kind filter counts them, and each of
    the two countries selects them, so the counts beside the filters add up to the results."""
    files = facet_files(EXPORT, ["relations/india--russia/"])
    assert json.loads(files["kind/pair.json"]) == ["relations/india--russia/"]
    assert "relations/india--russia/" in json.loads(files["country/in.json"])
    assert "relations/india--russia/" in json.loads(files["country/ru.json"])
    kinds = json.loads(files["index.json"])["kind"]
    assert kinds[-1] == ["pair", "Pages of two countries", 1]
    assert facet_files(EXPORT) != files


def test_pages_of_two_countries_are_read_from_the_built_folder_never_through_a_link(
    tmp_path: Path,
) -> None:
    relations = tmp_path / "site" / "relations"
    for name in ("india--russia", "china--india", "not-a-pair"):
        (relations / name).mkdir(parents=True)
    (relations / "stray.html").write_text("", "utf-8")
    assert read_pair_pages(tmp_path / "site") == [
        "relations/china--india/",
        "relations/india--russia/",
    ]
    assert read_pair_pages(tmp_path / "elsewhere") == []
    (relations / "japan--korea").symlink_to(tmp_path)
    with pytest.raises(FacetError, match="symbolic link"):
        read_pair_pages(tmp_path / "site")


def test_names_lead_from_each_name_and_alias_to_its_page_and_label_the_groups() -> None:
    names = json.loads(facet_files(EXPORT)["names.json"])
    assert ["Lavrov", "Sergey Lavrov", "people/sergey-lavrov/", "person"] in names["names"]
    assert ["India", "India", "countries/india/", "country"] in names["names"]
    assert "events have no topics" in names["scopes"]["topic"]
    assert names["groups"] == {
        "kind": "Kind of page",
        "country": "Countries",
        "person": "People",
        "organisation": "Organisations",
        "topic": "Topics",
        "year": "Year",
    }


def test_a_value_that_cannot_name_a_file_is_refused() -> None:
    hostile = {**EXPORT, "topics": [{"id": "../x", "name": "X", "url": "../topics/x/"}]}
    hostile["briefings"] = [{**EXPORT["briefings"][0], "topics": ["../x"]}]
    with pytest.raises(FacetError, match="cannot name a facet file"):
        facet_files(hostile)


def test_an_export_without_the_expected_fields_is_an_error_not_a_crash() -> None:
    with pytest.raises(FacetError, match="build the site again"):
        facet_files({"briefings": [{"url": "../briefings/a/"}]})


def test_replace_dir_leaves_exactly_the_new_files(tmp_path: Path) -> None:
    target = tmp_path / "search-facets"
    replace_dir({"index.json": "{}\n", "year/2024.json": "[]\n"}, target)
    replace_dir({"index.json": "{}\n", "year/2025.json": "[]\n"}, target)
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.json"))
    assert written == ["index.json", "year/2025.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search-facets"]


def test_replace_dir_keeps_the_previous_folder_when_the_swap_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "search-facets"
    replace_dir({"index.json": "old\n"}, target)
    real_rename = Path.rename
    failures = [OSError(28, "No space left on device")]

    def rename_fails_into_place(self: Path, destination: Any) -> Path:
        if Path(destination) == target and self.name.endswith(".generator-tmp") and failures:
            raise failures.pop()
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", rename_fails_into_place)
    with pytest.raises(WriteError, match="No space left"):
        replace_dir({"index.json": "new\n"}, target)
    assert (target / "index.json").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search-facets"]


def test_the_command_explains_a_site_that_was_not_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").mkdir()
    assert main(["--root", str(tmp_path), "search-facets"]) == 1
    error = capsys.readouterr().err
    assert "data/export.json does not exist: build the site first" in error
    assert "Traceback" not in error and "internal error" not in error


def test_built_site_filters_point_at_real_search_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert main(["--root", str(project), "generate", "--as-of", "2025-11-16"]) == 0
    assert build_site(project, search=True).returncode == 0
    site = project / "site"
    index = json.loads((site / "search-facets" / "index.json").read_text("utf-8"))
    assert ["narendra-modi", "Narendra Modi", 3] in index["person"]
    assert set(index) == {"kind", "country", "person", "organisation", "topic", "year"}
    addresses = json.loads((site / "search-facets/person/narendra-modi.json").read_text())
    assert addresses == [
        f"briefings/{SEED_ID}/",
        "events/putin-india-visit-2025/",
        "people/narendra-modi/",
    ]
    for address in addresses:
        assert (site / address / "index.html").is_file()
