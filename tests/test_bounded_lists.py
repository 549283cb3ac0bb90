"""Every list a page shows is bounded, whatever contributors add (generator/pages/long_lists.py):
the page of two countries shows its latest items and links a page of the pair for each year; a
year with more items than a page holds goes on in parts; what an event (or the events of two
countries) produced is listed like the other lists. Every item stays on exactly one year page or
part, and below the limits nothing changes. Each corpus is one event that every briefing reports
as held, with a given number of outcomes each; a shape says over how long the briefings are
spread and which countries they are about (India and Russia make a page of the two, Russia alone
none)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import SYNTHETIC_HEADER, build_site, copy_site_config, one_event_registry
from generator.__main__ import main
from generator.build import pipeline
from generator.outputs.linkcheck import check_site
from generator.outputs.write import write_tree
from generator.pages import long_lists

AS_OF = dt.date(2026, 1, 1)
EVENT = "synthetic-event"
LARGEST_PAGE = 150_000
"""The project's largest-page target, in bytes of Markdown."""
LIST_LIMIT, YEAR_LIMIT = 5, 4
"""The limits of long_lists.py, made small for the small corpora."""
PAIR, COUNTRY, EVENT_PAGE = (
    "relations/india--russia.md",
    "countries/russia.md",
    f"events/{EVENT}.md",
)


class Shape(NamedTuple):
    first: dt.date
    days: int
    """How many days the briefings are spread over, from `first`."""
    countries: str
    outcomes: int
    """How many outcomes each briefing reports."""


SHAPES = {
    "two countries over ten years": Shape(dt.date(2016, 1, 1), 3650, "IN, RU", 0),
    "two countries in one year": Shape(dt.date(2025, 1, 1), 364, "IN, RU", 0),
    "one event in one year": Shape(dt.date(2025, 1, 1), 364, "RU", 0),
    "one event in one year with outcomes": Shape(dt.date(2025, 1, 1), 364, "RU", 1),
    "two countries with outcomes": Shape(dt.date(2016, 1, 1), 3650, "IN, RU", 2),
    "two countries over two years with outcomes": Shape(dt.date(2024, 7, 1), 365, "IN, RU", 1),
}


def briefing_days(briefings: int, shape: Shape) -> list[dt.date]:
    return [shape.first + dt.timedelta(days=i * shape.days // briefings) for i in range(briefings)]


def corpus(briefings: int, shape: Shape) -> dict[str, str]:
    """A registry of one event and `briefings` briefings that report it held the day before
    the first, briefing i with outcomes 'i-0', 'i-1', ... quoted from its article."""
    header = SYNTHETIC_HEADER
    files = one_event_registry(EVENT, "Synthetic event", shape.countries)
    held = shape.first - dt.timedelta(days=1)
    for i, date in enumerate(briefing_days(briefings, shape)):
        briefing_id = f"{date.isoformat()}-synthetic-{i:06d}"
        outcomes = "".join(
            f"      - kind: statement\n        text: Synthetic outcome {i}-{j}\n"
            f"        evidence: Synthetic result {i}-{j}\n"
            for j in range(shape.outcomes)
        )
        files[f"briefings/{date.year}/{briefing_id}.yml"] = (
            f"{header}id: {briefing_id}\ntitle: Synthetic briefing {i:06d}\n"
            f"date: {date.isoformat()}\n"
            f"source:\n  file: synthetic_{i:06d}.txt\n  agency: SYNTHETIC\n"
            f"bottom_line: Synthetic bottom line {i}.\n"
            f"key_points:\n  - text: Synthetic point {i}.\n    evidence: Synthetic finding {i}.\n"
            f"background: Synthetic background {i}.\noutlook: Synthetic outlook {i}.\n"
            f"countries: [{shape.countries}]\nevents:\n  - id: {EVENT}\n    status: held\n"
            f"    date: {held.isoformat()}\n" + (f"    outcomes:\n{outcomes}" if outcomes else "")
        )
        results = " ".join(f"Synthetic result {i}-{j}." for j in range(shape.outcomes))
        files[f"seeds/synthetic_{i:06d}.txt"] = (
            f" date {date.isoformat()}\n\nSYNTHETIC ARTICLE. Synthetic finding {i}. {results}\n"
        )
    return files


def site_pages(root: Path, briefings: int, shape: Shape) -> dict[str, str]:
    """Every page and feed of the corpus, by address."""
    write_tree(corpus(briefings, shape), root)
    result = pipeline.check(root, AS_OF)
    assert result.corpus is not None, [str(d) for d in result.diagnostics]
    return {page.uri: page.text for page in pipeline.build_pages(result.corpus, AS_OF)}


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(long_lists, "LIST_LIMIT", LIST_LIMIT)
    # Not raising: on code without parts, the assertions below are what fails.
    monkeypatch.setattr(long_lists, "YEAR_LIMIT", YEAR_LIMIT, raising=False)


# What each kind of list shows of one item, and that item's name.
PAIR_ITEMS = re.compile(r"^ *- \*\*[^*]+\*\*, (?:briefing|meeting): \[([^]]+)\]", re.MULTILINE)
REPORTS = re.compile(r"^    \| [^|]+ \| \[Synthetic briefing (\d{6})\]", re.MULTILINE)
BRIEFINGS = re.compile(r"^    - [^:\n]+: \[Synthetic briefing (\d{6})\]", re.MULTILINE)
OUTCOMES = re.compile(r"^- \*\*Statement:\*\* Synthetic outcome (\d+-\d+)", re.MULTILINE)


def split_pages(site: dict[str, str], list_uri: str) -> list[str]:
    """The year pages and parts that continue the list on `list_uri`."""
    folder = list_uri.removesuffix(".md") + "/"
    return sorted(uri for uri in site if uri.startswith(folder))


def on_split_pages(site: dict[str, str], list_uri: str, items: re.Pattern[str]) -> Counter[str]:
    return Counter(item for uri in split_pages(site, list_uri) for item in items.findall(site[uri]))


# --- Bounded pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_page_stays_under_the_largest_page_target_at_1500_briefings(
    tmp_path: Path, shape: Shape
) -> None:
    """Before: the page of two countries 179 KB (777 KB with two outcomes a briefing), an
    event's year page of 1,500 reports 209 KB, an event page of 1,500 outcomes 272 KB."""
    site = site_pages(tmp_path, 1500, shape)
    sizes = {uri: len(text.encode()) for uri, text in site.items() if uri.endswith(".md")}
    assert {uri: size for uri, size in sizes.items() if size > LARGEST_PAGE} == {}
    assert len(OUTCOMES.findall(site[EVENT_PAGE])) <= long_lists.LIST_LIMIT
    if "IN" in shape.countries:
        assert len(PAIR_ITEMS.findall(site[PAIR])) <= long_lists.LIST_LIMIT + 1  # + the event
        assert len(OUTCOMES.findall(site[PAIR])) <= long_lists.LIST_LIMIT


# --- Every item on exactly one year page or part ----------------------------------------------


@pytest.mark.parametrize("briefings", [23, 40])
@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_item_is_on_exactly_one_year_page_or_part(
    tmp_path: Path, small_limits: None, shape: Shape, briefings: int
) -> None:
    site = site_pages(tmp_path, briefings, shape)
    every = Counter(f"{i:06d}" for i in range(briefings))
    outcomes = Counter(f"{i}-{j}" for i in range(briefings) for j in range(shape.outcomes))
    assert on_split_pages(site, EVENT_PAGE, REPORTS) == every
    assert on_split_pages(site, COUNTRY, BRIEFINGS) == every
    if shape.outcomes:
        assert on_split_pages(site, EVENT_PAGE, OUTCOMES) == outcomes
    if "IN" in shape.countries:
        pair_items = Counter({f"Synthetic briefing {i}": n for i, n in every.items()})
        pair_items["Synthetic event"] = 1
        assert on_split_pages(site, PAIR, PAIR_ITEMS) == pair_items
        if shape.outcomes:
            assert on_split_pages(site, PAIR, OUTCOMES) == outcomes
    # A year of more than YEAR_LIMIT items takes parts, none of which lists more.
    parts = [uri for uri in split_pages(site, EVENT_PAGE) if uri.count("/") == 3]
    longest_year = max(Counter(day.year for day in briefing_days(briefings, shape)).values())
    assert bool(parts) is (longest_year * max(1, shape.outcomes) > YEAR_LIMIT)
    for uri in [*split_pages(site, EVENT_PAGE), *split_pages(site, PAIR)]:
        for items in (PAIR_ITEMS, REPORTS, OUTCOMES):
            assert len(items.findall(site[uri])) <= YEAR_LIMIT, uri


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_each_list_page_links_every_year_and_each_part_every_part(
    tmp_path: Path, small_limits: None, shape: Shape
) -> None:
    site = site_pages(tmp_path, 40, shape)
    longest_year = max(Counter(day.year for day in briefing_days(40, shape)).values())
    for list_uri in [EVENT_PAGE, COUNTRY, *([PAIR] if "IN" in shape.countries else [])]:
        by_year: dict[str, list[str]] = {}
        for uri in split_pages(site, list_uri):
            by_year.setdefault(uri.split("/")[2].removesuffix(".md"), []).append(uri)
        assert by_year, list_uri
        assert "; all of them by year: " in site[list_uri]
        per_item = 1 if list_uri == COUNTRY else max(1, shape.outcomes)
        in_parts = longest_year * per_item > YEAR_LIMIT
        assert any(len(pages) > 1 for pages in by_year.values()) is in_parts, list_uri
        for year, pages in by_year.items():
            for uri in pages:  # every year of the list, this one named
                years = site[uri].split(" · By year: ", 1)[1].split("\n", 1)[0]
                assert set(re.findall(r"\d{4}", years)) == set(by_year), uri
                assert f"**{year}**" in years, uri
            titles = {re.findall(r"^# (.*)$", site[uri], re.MULTILINE)[0] for uri in pages}
            if len(pages) == 1:
                assert "Parts of" not in site[pages[0]]
                assert not [title for title in titles if ", part " in title]
                continue
            assert {title.rsplit(", part ", 1)[1] for title in titles} == {
                f"{n} of {len(pages)}" for n in range(1, len(pages) + 1)
            }
            for uri in pages:
                links = site[uri].split(f"Parts of {year}: ", 1)[1].split("\n", 1)[0]
                assert links.count(" · ") == len(pages) - 1, uri
                assert links.count("**") == 2, "the part being read is named, not linked"


# --- Below the limits, one page per list -------------------------------------------------------


PAIR_OUTCOMES = SHAPES["two countries with outcomes"]
BOUNDARIES = {
    # name: (the corpus at the limit or `extra` past it, the page of the list, what it says)
    "two countries' briefings and event": (
        lambda extra: (SHAPES["two countries over ten years"], LIST_LIMIT - 1 + extra),
        PAIR,
        "dated briefings and events; all of them by year",
    ),
    "an event's outcomes": (
        lambda extra: (SHAPES["one event in one year with outcomes"], LIST_LIMIT + extra),
        EVENT_PAGE,
        "outcomes; all of them by year",
    ),
    "two countries' outcomes": (
        lambda extra: (
            SHAPES["two countries with outcomes"]._replace(outcomes=LIST_LIMIT + extra),
            1,
        ),
        PAIR,
        "outcomes; all of them by year",
    ),
}


@pytest.mark.parametrize("boundary", BOUNDARIES.values(), ids=BOUNDARIES.keys())
@pytest.mark.parametrize("extra", [0, 1, 2])
def test_a_list_splits_only_past_its_limit(
    tmp_path: Path,
    small_limits: None,
    boundary: tuple[Callable[[int], tuple[Shape, int]], str, str],
    extra: int,
) -> None:
    """At the limit the list is whole on its page and no year page exists for it; past it,
    the page says how many it shows and the year pages hold every one."""
    make, list_uri, words = boundary
    shape, briefings = make(extra)
    site = site_pages(tmp_path, briefings, shape)
    assert (words in site[list_uri]) is (extra > 0)
    if list_uri == PAIR:
        assert bool(split_pages(site, PAIR)) is (extra > 0)
    shown = OUTCOMES if "outcomes" in words else PAIR_ITEMS
    assert len(shown.findall(site[list_uri])) == LIST_LIMIT, "at the limit all, past it the latest"


# --- The split site builds, and every link lands ----------------------------------------------


def test_the_split_pages_build_strictly_and_every_link_lands(
    tmp_path: Path, small_limits: None
) -> None:
    write_tree(corpus(30, SHAPES["two countries over two years with outcomes"]), tmp_path)
    copy_site_config(tmp_path)
    assert main(["--root", str(tmp_path), "generate", "--as-of", AS_OF.isoformat()]) == 0
    built = build_site(tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    report = check_site(tmp_path / "site")
    assert not report.diagnostics, [str(d) for d in report.diagnostics]
    site = tmp_path / "site"
    for folder in ("relations/india--russia/2025", f"events/{EVENT}/2024", "countries/russia/2024"):
        assert (site / folder / "index.html").is_file(), folder
        assert (site / folder / "2" / "index.html").is_file(), folder
