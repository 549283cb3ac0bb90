"""Many sources that disagree on one event cost output in proportion to them, not their square
(generator/event_state.LISTED_AT_MOST): every page but the event's own list of reports lists
at most a few dates and places, and past that says how many sources give how many ("12
sources give 9 different dates; see the event page"). The event's list of reports keeps every
one, split by year when long (long_lists.py), so no page grows past the largest-page target.

Each corpus is one event and briefings that each report it, spread over ten years as the
synthetic corpus is; a shape says what they disagree on: its date, its place, or both, or
every briefing names one other place than the registry's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import SYNTHETIC_HEADER, build_site, copy_site_config, one_event_registry
from generator.__main__ import main
from generator.build import pipeline
from generator.outputs.linkcheck import check_site
from generator.outputs.write import write_tree
from generator.pages import long_lists
from generator.story.event_state import LISTED_AT_MOST

AS_OF = dt.date(2026, 1, 1)
EVENT = "synthetic-disputed-event"
EVENT_DAY = dt.date(2030, 1, 1)
"""The event is still to come, so every report's plan stands and no outcome is overdue."""
FIRST_BRIEFING = dt.date(2016, 1, 1)
SPAN_DAYS = 3650
LARGEST_PAGE = 150_000
"""The project's largest-page target, in bytes of Markdown."""
SHAPES = ("dates", "places", "both", "one other place")


def disputed_corpus(
    briefings: int, values: int, shape: str, countries: str = "IN, RU"
) -> dict[str, str]:
    """A registry of one event and `briefings` briefings reporting it; briefing i gives
    date or place number i % values, as the shape says. Two countries make a page of the
    two."""
    header = SYNTHETIC_HEADER
    files = one_event_registry(EVENT, "Synthetic disputed event", countries)
    for i in range(briefings):
        date = FIRST_BRIEFING + dt.timedelta(days=i * SPAN_DAYS // briefings)
        briefing_id = f"{date.isoformat()}-synthetic-{i:06d}"
        shift = i % values if shape in ("dates", "both") else 0
        place = ""
        if shape in ("places", "both"):
            place = f"    place: Synthetic Town {i % values}\n"
        elif shape == "one other place":
            place = "    place: Synthetic Town\n"
        files[f"briefings/{date.year}/{briefing_id}.yml"] = (
            f"{header}id: {briefing_id}\ntitle: Synthetic briefing {i:06d}\n"
            f"date: {date.isoformat()}\n"
            f"source:\n  file: synthetic_{i:06d}.txt\n  agency: SYNTHETIC\n"
            f"bottom_line: Synthetic bottom line {i}.\n"
            f"key_points:\n  - text: Synthetic point {i}.\n    evidence: Synthetic finding {i}.\n"
            f"background: Synthetic background {i}.\noutlook: Synthetic outlook {i}.\n"
            f"countries: [{countries}]\nevents:\n  - id: {EVENT}\n    status: scheduled\n"
            f"    date: {(EVENT_DAY + dt.timedelta(days=shift)).isoformat()}\n{place}"
        )
        files[f"seeds/synthetic_{i:06d}.txt"] = (
            f" date {date.isoformat()}\n\nSYNTHETIC ARTICLE. Synthetic finding {i}.\n"
        )
    return files


def site_pages(
    root: Path, briefings: int, values: int, shape: str, countries: str = "IN, RU"
) -> dict[str, str]:
    """Every page and feed of the corpus, by address."""
    write_tree(disputed_corpus(briefings, values, shape, countries), root)
    result = pipeline.check(root, AS_OF)
    assert result.corpus is not None, [str(d) for d in result.diagnostics]
    return {page.uri: page.text for page in pipeline.build_pages(result.corpus, AS_OF)}


def since_note(page: str) -> str:
    return page[page.index('!!! info "Since this briefing"') : page.index("## Background")]


def markdown_sizes(site: dict[str, str]) -> dict[str, int]:
    return {uri: len(text.encode()) for uri, text in site.items() if uri.endswith(".md")}


# --- A few values are listed; past the cap, a count -------------------------------------------


@pytest.mark.parametrize("shape", ["dates", "both"])
@pytest.mark.parametrize(
    ("briefings", "values"), [(4, 2), (6, LISTED_AT_MOST), (8, LISTED_AT_MOST + 1), (12, 9)]
)
def test_pages_list_a_few_dates_and_count_the_rest(
    tmp_path: Path, shape: str, briefings: int, values: int
) -> None:
    site = site_pages(tmp_path, briefings, values, shape)
    days = [str(day) for day in range(1, values + 1)]
    listed = f"{', '.join(days[:-1])} or {days[-1]} January 2030 (sources differ)"
    count = f"{briefings} sources give {values} different dates"
    oldest = next(uri for uri in sorted(site) if uri.startswith("briefings/2016-"))
    outside = {
        "since this briefing": since_note(site[oldest]),
        "events index": site["events/index.md"],
        "timeline": site["timeline.md"],
        "country": site["countries/russia.md"],
        "person": site["people/synthetic-person.md"],
        "two countries": site["relations/india--russia.md"],
        "upcoming": site["upcoming.md"],
        "home": site["index.md"],
        "calendar": site["feeds/events.ics"].replace("\r\n ", "").replace("\\,", ","),
    }
    for where, text in outside.items():
        if values <= LISTED_AT_MOST:
            assert listed in text, where
            assert "different dates" not in text, where
        else:
            assert count in text, where
            assert "sources differ" not in text, where
            if where != "calendar":
                link = rf"{count}; see \[the event page\]\((\.\./)?(events/)?{EVENT}\.md#"
                assert re.search(link, text), where
    event = site[f"events/{EVENT}.md"]
    shown = listed if values <= LISTED_AT_MOST else count
    assert f"- **Date:** {shown}: see [each report](#status-as-reported)" in event
    # The event's list of reports gives every date, whatever the cap.
    for day in days:
        assert f"| {day} January 2030 |" in event


@pytest.mark.parametrize("shape", ["places", "both"])
@pytest.mark.parametrize(
    ("briefings", "values"), [(4, 2), (6, LISTED_AT_MOST), (8, LISTED_AT_MOST + 1), (12, 9)]
)
def test_the_event_page_lists_a_few_places_with_their_sources_and_counts_the_rest(
    tmp_path: Path, shape: str, briefings: int, values: int
) -> None:
    site = site_pages(tmp_path, briefings, values, shape)
    event = site[f"events/{EVENT}.md"]
    place_line = next(line for line in event.splitlines() if line.startswith("- **Place:**"))
    given_by = [line for line in event.splitlines() if line.startswith("- **Place given by:**")]
    if values <= LISTED_AT_MOST:
        # Towns neither of which holds another conflict (event_state's rule 4): each is
        # listed, then each with its sources, and the registry's place, which no report
        # gives, is not.
        towns = " or ".join(f"Synthetic Town {place}" for place in range(values))
        assert place_line == (
            f"- **Place:** {towns} (sources differ): see [each report](#status-as-reported)"
        )
        (source_line,) = given_by
        for place in range(values):
            assert f"Synthetic Town {place}: [SYNTHETIC, " in source_line
        assert "sources give" not in source_line and "Synthetic City" not in source_line
    else:
        assert place_line == (
            f"- **Place:** {briefings} sources give {values} different places: "
            "see [each report](#status-as-reported)"
        )
        assert given_by == []  # the list of reports gives each place with its source
    for place in range(values):
        assert f"| Synthetic Town {place} |" in event


@pytest.mark.parametrize("briefings", [LISTED_AT_MOST, LISTED_AT_MOST + 1, 40])
def test_a_place_many_sources_give_cites_a_few_and_counts_the_rest(
    tmp_path: Path, briefings: int
) -> None:
    site = site_pages(tmp_path, briefings, 1, "one other place")
    event = site[f"events/{EVENT}.md"]
    place_line = next(line for line in event.splitlines() if line.startswith("- **Place:**"))
    assert place_line == "- **Place:** Synthetic Town"  # the one place all give
    source_line = next(
        line for line in event.splitlines() if line.startswith("- **Place given by:**")
    )
    cited = min(briefings, LISTED_AT_MOST)
    assert source_line.count("[SYNTHETIC, ") == cited
    more = briefings - LISTED_AT_MOST
    assert source_line.endswith(f" and {more} more" if more > 0 else ".md)")


# --- Bounded pages, linear total --------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_every_page_stays_under_the_largest_page_target_at_1500_disputing_briefings(
    tmp_path: Path, shape: str
) -> None:
    briefings, values = 1500, 750
    values = 1 if shape == "one other place" else values
    site = site_pages(tmp_path, briefings, values, shape)
    sizes = markdown_sizes(site)
    over = {uri: size for uri, size in sizes.items() if size > LARGEST_PAGE}
    assert not over
    event = site[f"events/{EVENT}.md"]
    # The event's reports: the latest on its page, every one on the page of its year.
    assert "The latest 200 of 1,500 reports; all of them by year:" in event
    years = [uri for uri in site if uri.startswith(f"events/{EVENT}/")]
    rows = [
        row
        for uri in years
        for row in re.findall(r"^    \| [^|]+ \| \[([^]]+)\]", site[uri], re.MULTILINE)
    ]
    assert sorted(rows) == [f"Synthetic briefing {i:06d}" for i in range(briefings)]
    if shape in ("dates", "both"):
        count = "1,500 sources give 750 different dates"
        oldest = next(uri for uri in sorted(site) if uri.startswith("briefings/2016-"))
        assert count in since_note(site[oldest])
        assert len(since_note(site[oldest]).encode()) < 1_000
        linked = f"{count}; see [the event page]({EVENT}.md#status-as-reported)"
        assert linked in site["events/index.md"]


@pytest.mark.parametrize("shape", ["dates", "both"])
def test_the_markdown_grows_in_proportion_to_the_briefings(tmp_path: Path, shape: str) -> None:
    """Twice the disputing briefings make about twice the Markdown (1.8 times here): the
    list of dates repeated on every page that mentions the event made three times as much.
    Places were only ever shown on the event's page, whose bound the test above checks."""
    totals = []
    for briefings in (300, 600):
        site = site_pages(tmp_path / str(briefings), briefings, briefings // 2, shape)
        totals.append(sum(markdown_sizes(site).values()))
    assert totals[1] / totals[0] < 2.3, totals


def test_the_counts_link_to_reports_that_exist_in_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every 'see the event page' and 'see each report' lands on the list of reports, and the
    event's year pages that hold its long list build too (the list limit made small here)."""
    monkeypatch.setattr(long_lists, "LIST_LIMIT", 5)
    write_tree(disputed_corpus(12, 9, "both"), tmp_path)
    copy_site_config(tmp_path)
    assert main(["--root", str(tmp_path), "generate", "--as-of", AS_OF.isoformat()]) == 0
    built = build_site(tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    report = check_site(tmp_path / "site")
    assert not report.diagnostics, [str(d) for d in report.diagnostics]
    years = sorted((tmp_path / "docs" / "events" / EVENT).glob("*.md"))
    assert [path.stem for path in years] == [str(year) for year in range(2016, 2026)]
    event = (tmp_path / "docs" / "events" / f"{EVENT}.md").read_text("utf-8")
    assert "The latest 5 of 12 reports; all of them by year:" in event


@pytest.mark.parametrize(("values", "listed"), [(LISTED_AT_MOST, True), (9, False), (40, False)])
def test_the_checkers_warning_says_the_dates_as_pages_do(
    tmp_path: Path, values: int, listed: bool
) -> None:
    """The `conflicting-dates` warning quotes what the site shows: a few dates, or their count;
    never one line that grows with every date the sources give."""
    write_tree(disputed_corpus(values * 2, values, "dates"), tmp_path)
    result = pipeline.check(tmp_path, AS_OF)
    warnings = [str(d) for d in result.diagnostics if d.code == "conflicting-dates"]
    assert len(warnings) == values * 2, "one at each report in the conflict"
    assert max(map(len, warnings)) < 1500, "no warning grows with the count of reports"
    warning = warnings[-1]
    shown = warning.split("the site shows '", 1)[1].split("'", 1)[0]
    if listed:
        assert "(sources differ)" in shown and "different dates" not in shown
    else:
        assert f"{values * 2:,} sources give {values} different dates" in shown
        assert len(shown) < 200
