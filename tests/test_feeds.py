"""Feeds and data: Atom that parses cleanly, iCalendar that is honest about dates, a JSON
export that matches its published schema, and JSON-LD that is valid JSON."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
import yaml

from conftest import AS_OF, FIXTURE_CORPUS, REPO, SEED_ID
from generator.__main__ import UsageError, site_url
from generator.build import pipeline
from generator.outputs.feeds import export_schema, page_url
from generator.story.models import Page


def pages() -> dict[str, Page]:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    return {p.uri: p for p in pipeline.build_pages(result.corpus, dt.date(2025, 11, 16))}


def test_atom_feed_is_well_formed_and_complete() -> None:
    parsed = feedparser.parse(pages()["feeds/briefings.xml"].text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Policy Briefings: latest briefings"
    assert parsed.feed.id.startswith("tag:")
    assert parsed.feed.updated == "2025-11-15T00:00:00Z"
    (entry,) = parsed.entries
    assert entry.id.endswith(f"briefing/{SEED_ID}")
    assert entry.title == "Jaishankar and Lavrov to hold talks in Moscow on 17 November"
    assert entry.link == f"../briefings/{SEED_ID}/"
    assert entry.summary.startswith("Indian External Affairs Minister S. Jaishankar")
    assert [t.term for t in entry.tags] == ["IN", "RU"]


def test_each_country_has_a_feed_linked_from_its_page() -> None:
    found = pages()
    for slug in ("india", "russia"):
        parsed = feedparser.parse(found[f"feeds/countries/{slug}.xml"].text)
        assert not parsed.bozo
        assert [e.link for e in parsed.entries] == [f"../../briefings/{SEED_ID}/"]
        assert f"(../feeds/countries/{slug}.xml)" in found[f"countries/{slug}.md"].text


def test_calendar_gives_day_events_one_day_and_month_events_the_month() -> None:
    calendar = icalendar.Calendar.from_ical(pages()["feeds/events.ics"].text)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    talks = events["jaishankar-lavrov-moscow-talks-2025"]
    assert talks.decoded("DTSTART") == dt.date(2025, 11, 17)
    assert talks.decoded("DTEND") == dt.date(2025, 11, 18)
    visit = events["putin-india-visit-2025"]
    assert visit.decoded("DTSTART") == dt.date(2025, 12, 1)
    assert visit.decoded("DTEND") == dt.date(2026, 1, 1)
    assert "no day was given" in str(visit["DESCRIPTION"])
    assert str(visit["STATUS"]) == "TENTATIVE"
    assert "unga-80" not in events, "an event no briefing dates is not put on a day"


def test_calendar_lines_are_folded_and_crlf() -> None:
    text = pages()["feeds/events.ics"].text
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_export_matches_its_schema_and_the_committed_copy() -> None:
    found = pages()
    data = json.loads(found["data/export.json"].text)
    schema = json.loads(found["data/export.schema.json"].text)
    jsonschema.validate(data, schema)
    assert found["data/export.schema.json"].text == export_schema()
    committed = (REPO / "schema" / "export.schema.json").read_text(encoding="utf-8")
    assert committed == export_schema(), "run `python -m generator schema`"
    (briefing,) = data["briefings"]
    assert briefing["id"] == SEED_ID and briefing["source_agency"] == "ANI"
    visit = next(e for e in data["events"] if e["id"] == "putin-india-visit-2025")
    assert (visit["status"], visit["date"], visit["dates"]) == (
        "anticipated",
        "2025-12",
        ["2025-12"],
    )
    assert visit["reports"] == [
        {
            "briefing": SEED_ID,
            "status": "anticipated",
            "claims": [],
            "date": "2025-12",
            "date_precision": "month",
            "planned_for": None,
            "place": None,
            "participants": [],
            "outcomes": [],
        }
    ]


def test_json_ld_is_schema_org_data() -> None:
    found = pages()

    def json_ld(uri: str) -> dict[str, object]:
        front = found[uri].text.split("---\n")[1]
        data: dict[str, object] = json.loads(yaml.safe_load(front)["json_ld"])
        return data

    report = json_ld(f"briefings/{SEED_ID}.md")
    assert report["@type"] == "Report" and report["datePublished"] == "2025-11-15"
    event = json_ld("events/jaishankar-lavrov-moscow-talks-2025.md")
    assert event["@type"] == "Event" and event["startDate"] == "2025-11-17"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"


SITE = "https://example.org/briefings-site/"


def test_with_the_sites_address_feeds_and_calendar_link_absolutely() -> None:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    found = {p.uri: p.text for p in pipeline.build_pages(result.corpus, AS_OF, SITE)}
    for uri, own in (
        ("feeds/briefings.xml", "feeds/briefings.xml"),
        ("feeds/countries/india.xml", "feeds/countries/india.xml"),
    ):
        parsed = feedparser.parse(found[uri])
        assert not parsed.bozo, parsed.get("bozo_exception")
        links = {link.rel: link.href for link in parsed.feed.links}
        assert links == {"self": SITE + own, "alternate": SITE}
        (entry,) = parsed.entries
        assert entry.link == f"{SITE}briefings/{SEED_ID}/"
    calendar = icalendar.Calendar.from_ical(found["feeds/events.ics"])
    urls = {str(e["UID"]).split("@")[0]: str(e["URL"]) for e in calendar.walk("VEVENT")}
    assert urls["putin-india-visit-2025"] == f"{SITE}events/putin-india-visit-2025/"
    assert all(url.startswith(SITE) for url in urls.values())


def test_the_sites_address_must_be_a_plain_web_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/site")
    assert site_url() == "https://example.org/site/"
    monkeypatch.setenv("SITE_URL", "")
    assert site_url() is None
    for bad in ("javascript:alert(1)", "https://example.org/a b", 'https://x.org/"><x', "ftp://x"):
        monkeypatch.setenv("SITE_URL", bad)
        with pytest.raises(UsageError, match="SITE_URL"):
            site_url()


@pytest.mark.parametrize(
    "name",
    [
        "Talks; in Moscow, on trade \\ energy",  # each character TEXT escapes
        "Переговоры Джайшанкара и Лаврова в Москве о торговле, энергетике и визах" * 2,
        "Talks " + "\N{EM DASH}" * 40 + " end, next",  # three octets a character, then a comma
    ],
)
def test_calendar_text_round_trips_and_every_line_fits(project: Path, name: str) -> None:
    events = project / "entities" / "events.yml"
    original = "name: Vladimir Putin's visit to India"
    text = events.read_text(encoding="utf-8")
    assert original in text
    events.write_text(text.replace(original, f"name: {json.dumps(name)}"), encoding="utf-8")
    result = pipeline.check(project, AS_OF)
    assert result.corpus is not None, [d.message for d in result.diagnostics]
    found = {p.uri: p.text for p in pipeline.build_pages(result.corpus, AS_OF)}
    ics = found["feeds/events.ics"]
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(ics)
    events_found = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(events_found["putin-india-visit-2025"]["SUMMARY"]) == name


PAGE_ADDRESSES = ["index.md", "briefings/index.md", "briefings/b.md", "events/2025/index.md"]
FILE_ADDRESSES = ["index.md", "data/briefings.jsonl", "feeds/countries/x.xml", "calendar.ics"]


@pytest.mark.parametrize("page", PAGE_ADDRESSES)
@pytest.mark.parametrize("from_file", FILE_ADDRESSES)
def test_a_page_url_is_the_path_from_the_file_to_the_pages_folder(
    page: str, from_file: str
) -> None:
    """`page_url` works the way out without the file system; it must give what
    `posixpath.relpath` gives from the file's folder to the page's folder URL."""
    folder = page.removesuffix(".md").removesuffix("index").rstrip("/")
    expected = posixpath.relpath(
        f"{folder}/" if folder else "./", posixpath.dirname(from_file) or "."
    )
    assert page_url(page, from_file) == (expected if expected.endswith("/") else expected + "/")
