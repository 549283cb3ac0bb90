"""The watch mode's incremental build writes exactly what a full `generate` writes.

Every test edits a synthetic corpus, lets the incremental build catch up, and compares every
generated file on disk with the pages a full run renders from scratch. No rule says which
pages an edit reaches: each page records what it read (generator/pages/reads.py), so a template
that starts showing something new stays correct with no other change (the last test).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

from generator.build import output_table, pipeline
from generator.build.pipeline import briefing_edits
from generator.core import workers
from generator.inputs.synth import synthetic_corpus
from generator.outputs.write import GENERATED_DIRS, GENERATED_FILES, WriteError, write_tree
from generator.pages import long_lists, render, views
from generator.story import graph
from generator.story.graph import GraphChange, briefing_entities, build_graph
from generator.story.models import EntityKey, EntityKind
from generator.story.sitemap import SECTION_INDEXES

AS_OF = dt.date(2026, 1, 1)
SIZE = 150

Edit = Callable[[Path, random.Random], None]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_tree(synthetic_corpus(SIZE), tmp_path)
    return tmp_path


def generated_files(docs: Path) -> dict[str, bytes]:
    found = {name: (docs / name).read_bytes() for name in GENERATED_FILES if (docs / name).exists()}
    for folder in GENERATED_DIRS:
        for path in (docs / folder).rglob("*"):
            if path.is_file():
                found[path.relative_to(docs).as_posix()] = path.read_bytes()
    return found


def assert_same_as_full_run(root: Path) -> None:
    result = pipeline.check(root, AS_OF)
    assert result.corpus is not None, [str(d) for d in result.diagnostics]
    expected = {p.uri: p.text.encode() for p in pipeline.build_pages(result.corpus, AS_OF)}
    actual = generated_files(root / "docs")
    assert sorted(actual) == sorted(expected)
    assert [uri for uri in sorted(expected) if actual[uri] != expected[uri]] == []


def briefing_files(root: Path) -> list[Path]:
    return sorted((root / "briefings").rglob("*.yml"))


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def used(root: Path, field: str) -> list[str]:
    values: set[str] = set()
    for path in briefing_files(root):
        for item in yaml.safe_load(path.read_text("utf-8")).get(field) or []:
            values.add(item["id"] if isinstance(item, dict) else item)
    return sorted(values)


# --- Edits a contributor makes ------------------------------------------------------------------


def new_outlook(root: Path, rng: random.Random) -> None:
    rewrite(rng.choice(briefing_files(root)), lambda d: d.update(outlook=f"Outlook {rng.random()}"))


def new_title(root: Path, rng: random.Random) -> None:
    rewrite(rng.choice(briefing_files(root)), lambda d: d.update(title=f"Title {rng.random()}"))


def newest_retitled(root: Path, rng: random.Random) -> None:
    rewrite(briefing_files(root)[-1], lambda d: d.update(title=f"Latest {rng.random()}"))


def newest_retitled_without_events(root: Path, rng: random.Random) -> None:
    """Only the home page and the feed list it: no event page shows it."""
    rewrite(briefing_files(root)[-2], lambda d: d.update(title=f"New {rng.random()}", events=[]))


def new_date_same_year(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        data["date"] = dt.date(data["date"].year, rng.randint(1, 12), rng.randint(1, 28))

    rewrite(rng.choice(briefing_files(root)), change)


def new_office(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("people"):
            rng.choice(data["people"])["office"] = f"Office {rng.random()}"

    rewrite(rng.choice(briefing_files(root)), change)


def country_added(root: Path, rng: random.Random) -> None:
    codes = used(root, "countries")

    def change(data: dict[str, Any]) -> None:
        data["countries"] = sorted({*data.get("countries", []), rng.choice(codes)})

    rewrite(rng.choice(briefing_files(root)), change)


def country_removed(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("countries"):
            data["countries"].remove(rng.choice(data["countries"]))

    rewrite(rng.choice(briefing_files(root)), change)


def person_added(root: Path, rng: random.Random) -> None:
    people = used(root, "people")

    def change(data: dict[str, Any]) -> None:
        present = {p["id"] for p in data.get("people") or []}
        free = [p for p in people if p not in present]
        data["people"] = [*(data.get("people") or []), {"id": rng.choice(free)}]

    rewrite(rng.choice(briefing_files(root)), change)


def person_removed(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("people"):
            data["people"].pop(rng.randrange(len(data["people"])))

    rewrite(rng.choice(briefing_files(root)), change)


def topic_swapped(root: Path, rng: random.Random) -> None:
    topics = used(root, "topics")

    def change(data: dict[str, Any]) -> None:
        data["topics"] = [rng.choice(topics)]

    rewrite(rng.choice(briefing_files(root)), change)


def event_status_changed(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            mention = rng.choice(data["events"])
            mention["status"] = rng.choice(["held", "postponed", "cancelled", "scheduled"])

    rewrite(rng.choice(briefing_files(root)), change)


def event_date_changed(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            mention = rng.choice(data["events"])
            mention["date"] = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}"

    rewrite(rng.choice(briefing_files(root)), change)


def event_given_a_range(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            start = dt.date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 25))
            end = start + dt.timedelta(days=rng.randint(1, 3))
            rng.choice(data["events"])["date"] = f"{start}/{end}"

    rewrite(rng.choice(briefing_files(root)), change)


def event_place_and_participants_given(root: Path, rng: random.Random) -> None:
    """A report's own place and participants: the event page, and the participants' pages,
    which list the events reports put them in."""
    people = used(root, "people")

    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            mention = rng.choice(data["events"])
            mention["place"] = f"Place {rng.randrange(100)}"
            mention["participants"] = sorted(rng.sample(people, 2))

    rewrite(rng.choice(briefing_files(root)), change)


def event_outcome_added(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            outcome = {
                "kind": rng.choice(["agreement", "target", "statement"]),
                "text": f"Outcome {rng.random()}",
                "evidence": data["key_points"][0]["evidence"],  # a passage of its article
            }
            rng.choice(data["events"])["outcomes"] = [outcome]

    rewrite(rng.choice(briefing_files(root)), change)


def same_day_report_added(root: Path, rng: random.Random) -> None:
    """Another briefing of the same day reports the same events with other statuses: the
    rule, not the file name, decides which status shows."""
    template = rng.choice(briefing_files(root))
    data = yaml.safe_load(template.read_text("utf-8"))
    data["id"] = f"{data['id']}-same-day-{rng.randrange(10**6)}"
    for mention in data.get("events") or []:
        mention["status"] = rng.choice(["held", "postponed", "cancelled", "scheduled"])
    target = template.with_name(f"{data['id']}.yml")
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def event_dropped(root: Path, rng: random.Random) -> None:
    def change(data: dict[str, Any]) -> None:
        if data.get("events"):
            data["events"].pop(rng.randrange(len(data["events"])))

    rewrite(rng.choice(briefing_files(root)), change)


def briefing_deleted(root: Path, rng: random.Random) -> None:
    rng.choice(briefing_files(root)).unlink()


def briefing_added(root: Path, rng: random.Random) -> None:
    template = rng.choice(briefing_files(root))
    data = yaml.safe_load(template.read_text("utf-8"))
    data["id"] = f"{data['id']}-copy-{rng.randrange(10**6)}"
    data["title"] = f"Copy {rng.random()}"
    target = template.with_name(f"{data['id']}.yml")
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def person_renamed_in_registry(root: Path, rng: random.Random) -> None:
    path = root / "entities" / "people.yml"
    people = yaml.safe_load(path.read_text("utf-8"))
    rng.choice(people)["name"] = f"Renamed Person {rng.randrange(1000)}"
    path.write_text(yaml.safe_dump(people, sort_keys=False, allow_unicode=True), "utf-8")


def registry_entries_reordered(root: Path, rng: random.Random) -> None:
    """Two people swap places in the file (registry order reaches pages that list entities
    in file order where their sort keys tie)."""
    path = root / "entities" / "people.yml"
    people = yaml.safe_load(path.read_text("utf-8"))
    people[0], people[1] = people[1], people[0]
    path.write_text(yaml.safe_dump(people, sort_keys=False, allow_unicode=True), "utf-8")


def source_article_extended(root: Path, rng: random.Random) -> None:
    """Quotes still match: the briefing stays valid and no page changes."""
    path = rng.choice(sorted((root / "seeds").glob("*.txt")))
    path.write_text(path.read_text("utf-8") + f"\nA later paragraph {rng.random()}.\n", "utf-8")


EDITS: list[Edit] = [
    new_outlook,
    new_title,
    newest_retitled,
    newest_retitled_without_events,
    new_date_same_year,
    new_office,
    country_added,
    country_removed,
    person_added,
    person_removed,
    topic_swapped,
    event_status_changed,
    event_date_changed,
    event_given_a_range,
    event_place_and_participants_given,
    event_outcome_added,
    same_day_report_added,
    event_dropped,
    briefing_deleted,
    briefing_added,
    person_renamed_in_registry,
    registry_entries_reordered,
    source_article_extended,
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_each_kind_of_edit_writes_what_a_full_run_writes(root: Path, edit: Edit) -> None:
    build = pipeline.IncrementalBuild(root)
    first = build.update(AS_OF)
    assert first.report is not None and len(first.report.written) > SIZE
    for seed in range(3):
        edit(root, random.Random(seed))
        assert build.update(AS_OF).report is not None
        assert_same_as_full_run(root)


def test_a_long_run_of_mixed_edits_stays_identical_to_full_runs(root: Path) -> None:
    rng = random.Random(20261125)
    build = pipeline.IncrementalBuild(root)
    build.update(AS_OF)
    for _ in range(30):
        for _ in range(rng.randint(1, 3)):  # an editor may save several files at once
            rng.choice(EDITS)(root, rng)
        assert build.update(AS_OF).report is not None
        assert_same_as_full_run(root)


def test_with_long_lists_split_by_year_edits_stay_identical_to_full_runs(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Year pages come and go as briefings move between years, are added and removed."""
    monkeypatch.setattr(long_lists, "LIST_LIMIT", 8)
    monkeypatch.setattr(long_lists, "INDEX_LIMIT", 6)
    rng = random.Random(17)
    build = pipeline.IncrementalBuild(root)
    first = build.update(AS_OF)
    assert first.report is not None
    assert any("/years/" in uri for uri in first.report.written)
    for _ in range(12):
        rng.choice(EDITS)(root, rng)
        assert build.update(AS_OF).report is not None
        assert_same_as_full_run(root)


def every_event_given_an_outcome(root: Path) -> None:
    """Each report of each briefing gives an outcome of its own (one outcome that several
    briefings give is listed once): events and pairs of countries have long lists of
    outcomes."""
    for path in briefing_files(root):

        def change(data: dict[str, Any]) -> None:
            for number, mention in enumerate(data.get("events") or []):
                evidence = data["key_points"][0]["evidence"]
                text = f"Outcome {number} of {data['id']}"
                mention["outcomes"] = [{"kind": "statement", "text": text, "evidence": evidence}]

        rewrite(path, change)


@pytest.mark.parametrize("seed", [5, 23])
def test_with_years_in_parts_and_pairs_and_outcomes_split_edits_stay_identical_to_full_runs(
    root: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Pages of two countries by year, years in parts and outcomes by year come and go as
    briefings are edited, added and removed (the limits made small)."""
    monkeypatch.setattr(long_lists, "LIST_LIMIT", 8)
    monkeypatch.setattr(long_lists, "YEAR_LIMIT", 3, raising=False)
    every_event_given_an_outcome(root)
    rng = random.Random(seed)
    build = pipeline.IncrementalBuild(root)
    first = build.update(AS_OF)
    assert first.report is not None
    written = first.report.written
    assert any(re.fullmatch(r"relations/[^/]+/\d{4}\.md", uri) for uri in written)
    assert any(re.search(r"/\d{4}/\d+\.md$", uri) for uri in written), "years in parts"
    years = [uri for uri in written if re.search(r"/\d{4}(/\d+)?\.md$", uri)]
    assert any("## Outcomes" in (root / "docs" / uri).read_text("utf-8") for uri in years)
    assert_same_as_full_run(root)
    for _ in range(10):
        rng.choice(EDITS)(root, rng)
        assert build.update(AS_OF).report is not None
        assert_same_as_full_run(root)


def test_an_edit_renders_only_the_pages_it_reaches(root: Path) -> None:
    build = pipeline.IncrementalBuild(root)
    full = build.update(AS_OF)
    new_outlook(root, random.Random(1))
    update = build.update(AS_OF)
    assert update.report is not None
    # The briefing's own page and the export: nothing else prints the outlook.
    assert len(update.report.written) == 2
    assert update.rendered < full.rendered / 20


def test_a_registry_edit_renders_everything(root: Path) -> None:
    build = pipeline.IncrementalBuild(root)
    full = build.update(AS_OF)
    person_renamed_in_registry(root, random.Random(1))
    assert build.update(AS_OF).rendered == full.rendered


def test_an_article_edit_checks_only_its_briefing_again(root: Path) -> None:
    build = pipeline.IncrementalBuild(root)
    full = build.update(AS_OF)
    source_article_extended(root, random.Random(3))
    update = build.update(AS_OF)
    # The briefing that quotes it is checked again and counts as edited; nothing changes.
    assert update.report is not None and update.report.written == ()
    assert update.rendered < full.rendered / 20
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    seed.write_text("Nothing the briefing quotes is left.\n", "utf-8")
    broken = build.update(AS_OF)
    assert broken.report is None  # its evidence quotes no longer match: checked again
    assert any(d.code == "evidence-not-in-source" for d in broken.check.diagnostics)


def test_a_new_day_renders_everything(root: Path) -> None:
    build = pipeline.IncrementalBuild(root)
    full = build.update(AS_OF)
    assert build.update(AS_OF + dt.timedelta(days=1)).rendered == full.rendered
    assert build.update(AS_OF + dt.timedelta(days=1)).rendered == 0


def test_a_broken_edit_writes_nothing_and_the_fix_catches_up(root: Path) -> None:
    build = pipeline.IncrementalBuild(root)
    build.update(AS_OF)
    before = generated_files(root / "docs")
    target = briefing_files(root)[3]
    good = target.read_text("utf-8")
    target.write_text(good.replace("title:", "title: [unclosed"), "utf-8")
    broken = build.update(AS_OF)
    assert broken.report is None and broken.check.corpus is None
    assert any(d.path == target.relative_to(root).as_posix() for d in broken.check.diagnostics)
    assert generated_files(root / "docs") == before
    target.write_text(good.replace("title: ", "title: Fixed, "), "utf-8")
    assert build.update(AS_OF).report is not None
    assert_same_as_full_run(root)


def test_a_sessions_new_status_shows_on_the_page_of_the_event_it_is_part_of(root: Path) -> None:
    events = yaml.safe_load((root / "entities" / "events.yml").read_text("utf-8"))
    child = next(e for e in events if e.get("parent"))
    reporting = [p for p in briefing_files(root) if f"id: {child['id']}\n" in p.read_text("utf-8")]
    build = pipeline.IncrementalBuild(root)
    build.update(AS_OF)
    parent_page = root / "docs" / "events" / f"{child['parent']}.md"
    before = parent_page.read_text("utf-8")

    def change(data: dict[str, Any]) -> None:
        mention = next(m for m in data["events"] if m["id"] == child["id"])
        mention.update(status="cancelled", date="2030-02")

    rewrite(reporting[-1], change)  # the newest report decides the status shown
    build.update(AS_OF)
    assert parent_page.read_text("utf-8") != before
    assert_same_as_full_run(root)


NOT_BRIEFINGS = {person_renamed_in_registry, registry_entries_reordered, source_article_extended}
BRIEFING_EDITS = [edit for edit in EDITS if edit not in NOT_BRIEFINGS]


@pytest.mark.parametrize("hub_limit", [graph.RELATED_HUB_LIMIT, 14, 15])
@pytest.mark.parametrize("edit", BRIEFING_EDITS, ids=lambda edit: edit.__name__)
def test_the_graph_updated_for_an_edit_equals_the_graph_built_afresh(
    root: Path, edit: Edit, hub_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each country starts with 15 briefings here: at 14 and 15, edits move them across the
    # hub limit, one way and the other.
    monkeypatch.setattr(graph, "RELATED_HUB_LIMIT", hub_limit)
    memos = pipeline.RunMemos()  # unchanged files keep their objects, as in the watch mode
    before = pipeline.check(root, AS_OF, memos).corpus
    assert before is not None
    previous = build_graph(before)
    for seed in range(4):
        edit(root, random.Random(seed))
    after = pipeline.check(root, AS_OF, memos).corpus
    assert after is not None
    edits = briefing_edits(before, after)
    assert 0 < len(edits) <= 4
    old_keys = frozenset(k for e in edits.values() if e.before for k in briefing_entities(e.before))
    change = GraphChange(previous, frozenset(edits), old_keys)
    assert build_graph(after, change) == build_graph(after)


def test_after_a_write_that_failed_half_way_the_next_run_writes_everything(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = pipeline.IncrementalBuild(root)
    build.update(AS_OF)
    target = briefing_files(root)[2]
    original = target.read_text("utf-8")
    target.write_text(original.replace("title: ", "title: Retitled "), "utf-8")
    replace = Path.replace
    calls = []

    def failing_replace(self: Path, other: Path) -> Path:
        calls.append(self)
        if len(calls) > 5:
            raise OSError(28, "No space left on device")
        return replace(self, other)

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(WriteError) as failure:
        build.update(AS_OF)
    assert not failure.value.output_unchanged
    monkeypatch.setattr(Path, "replace", replace)
    target.write_text(original, "utf-8")  # back to what the last good run saw
    build.update(AS_OF)
    assert_same_as_full_run(root)


LATEST_OFFICE_COLUMN = """{{ front_matter }}

# People

| Person | Latest office | Briefings |
| --- | --- | --- |
{% for person, office, count in view.rows %}
| {{ person }} | {{ office }} | {{ count }} |
{% endfor %}
"""


def people_with_their_latest_office(site: Any, kind: EntityKind, blocks: views.Blocks) -> Any:
    """The people index's view, showing each person's latest office as briefings give it."""
    rows = []
    for person in sorted(site.corpus.registry.people.values(), key=lambda p: p.name.lower()):
        key = EntityKey(EntityKind.PERSON, person.id)
        attested = site.offices_attested(person.id)
        office = attested[0][0] if attested else "not given"
        rows.append((blocks.link(key), office, len(site.graph.briefings_of[key])))
    return views.EntityIndexView(tuple(rows))


def test_a_page_that_shows_something_new_stays_current_without_another_change(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The people index starts showing each person's latest office (its view and template
    change, nothing else): an office edited in a person's newest briefing reaches it.

    The renderer keeps one template environment for the process, so the new template goes
    into that environment's loader (a loader of its own compiles its templates apart), not
    into a new PackageLoader that an environment made by an earlier test would never use."""
    environment = render._environment()
    override = jinja2.DictLoader({"people_index.md.j2": LATEST_OFFICE_COLUMN})
    assert environment.loader is not None
    loader = jinja2.ChoiceLoader([override, environment.loader])
    monkeypatch.setattr(environment, "loader", loader)
    people_index = output_table.overview_row(
        SECTION_INDEXES[EntityKind.PERSON],
        lambda site, blocks: people_with_their_latest_office(site, EntityKind.PERSON, blocks),
    )
    rows = tuple(
        people_index if row.name == people_index.name else row for row in output_table.OUTPUTS
    )
    assert rows != output_table.OUTPUTS
    monkeypatch.setattr(output_table, "OUTPUTS", rows)
    build = pipeline.IncrementalBuild(root)
    build.update(AS_OF)
    people_index = root / "docs/people/index.md"
    assert "| Person | Latest office | Briefings |" in people_index.read_text("utf-8")
    person = used(root, "people")[0]
    newest = max(
        (p for p in briefing_files(root) if f"id: {person}" in p.read_text("utf-8")),
        key=lambda p: p.name,
    )

    def give_office(data: dict[str, Any]) -> None:
        for mention in data["people"]:
            if mention["id"] == person:
                mention["office"] = "Synthetic Minister of Watching"

    rewrite(newest, give_office)
    result = build.update(AS_OF)
    assert result.report is not None and "people/index.md" in result.report.written
    assert "Synthetic Minister of Watching" in people_index.read_text("utf-8")
    assert_same_as_full_run(root)


def test_the_watch_mode_checks_in_its_own_process_where_its_memos_are(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its memos (what each check found in files that did not change) live in this process:
    checks done in a forked worker would be lost to the next save, which would do them all
    again (a save took 2.8 s instead of 1 s at 10,000 briefings when that happened)."""
    monkeypatch.setattr(pipeline, "WARNINGS_PART", 1)  # many parts, as a large corpus has

    def no_fork(*args: object) -> None:
        raise AssertionError("the watch mode forked a worker")

    monkeypatch.setattr(workers, "_started", no_fork)
    build = pipeline.IncrementalBuild(root)
    assert build.update(AS_OF).report is not None
    briefing_added(root, random.Random(1))
    assert build.update(AS_OF).report is not None
