"""Runs the stages in order: load -> validate -> resolve -> graph -> render -> write.

Load, validate and resolve all run even when an earlier one found problems, so one run reports
everything; the run stops before rendering if anything was an error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error, has_errors
from ..core.memo import NO_CACHE, BuildCache
from ..core.workers import in_background, worker_count
from ..inputs.load import FileCache, load_project, read_source
from ..inputs.resolve import PeopleChecks, after_as_of, event_report_problems, resolve_project
from ..inputs.scaffold import article_date, scaffold_briefing
from ..inputs.validate import ClaimChecks, DocumentChecks, validate_project
from ..outputs.write import (
    PageWrite,
    WriteReport,
    output_lock,
    update_pages,
    write_new_file,
    write_pages,
)
from ..pages.reads import Fact, PageReads
from ..story.graph import GraphChange, LinkGraph, briefing_entities, build_graph
from ..story.models import KINDS, Briefing, Corpus, DateSpan, Page
from .output_table import output_uris, render_outputs, render_staged

DOCS_DIR = "docs"

WARNINGS_PART = 500
"""Briefings whose claim and people checks one worker does at a time: about 0.07 s."""


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus | None
    """What the site shows as of the check's date (`as_of_snapshot`), or None after an error."""
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int

    @property
    def ok(self) -> bool:
        return self.corpus is not None


@dataclass(frozen=True)
class GenerateResult:
    check: CheckResult
    report: WriteReport | None
    stages: tuple[tuple[str, float], ...] = ()
    """Each stage that ran and its time in seconds, in order."""


@contextlib.contextmanager
def _cycle_collector_paused(keep: bool = False) -> Iterator[None]:
    """The stages build millions of long-lived objects and almost no reference cycles, so
    Python's cycle collector would rescan an ever larger heap for nothing: at 10,000
    briefings it cost a third of the run time (measured), with the same peak memory.

    With `keep` (a process that stays up and keeps what each run built), what exists at the
    end is frozen out of the collector's reach: otherwise the first collection after the run
    scans the whole heap, which took 1.4 s of each watch-mode save at 10,000 briefings.
    Objects still go as soon as nothing refers to them. Reference cycles made between runs
    (the preview's Markdown converters make some) are collected before each run, which costs
    only what is not frozen.

    Without `keep`, what the run made is handed to the oldest generation (freeze, then
    unfreeze): left in the youngest, it was all scanned by the first collection after the
    run, 0.6 s at the end of every `generate` at 10,000 briefings (measured). Unfreezing
    also hands over what anything else froze; the one process that freezes on its own (the
    preview's: the site hook, and its runs with `keep`) never runs without `keep`."""
    if keep:
        gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not keep:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def check(root: Path, as_of: dt.date, memos: RunMemos | None = None) -> CheckResult:
    """Load, validate and resolve everything under root; write nothing. With memos from an
    earlier call, unchanged files keep their objects (see IncrementalBuild); without, the
    files are read in worker processes, one per core (core/workers.py)."""
    with _cycle_collector_paused():
        return _check(root, as_of, memos, worker_count() if memos is None else 1)[0]


@dataclass(frozen=True)
class RunMemos:
    """What an incremental build keeps from one run to the next; see IncrementalBuild."""

    files: FileCache = field(default_factory=FileCache)
    """Each file's parse, by path and content hash: unchanged files keep their objects."""
    cache: BuildCache = field(default_factory=BuildCache)
    """What the stages computed from those objects (see memo.py)."""
    reads: PageReads = field(default_factory=PageReads)
    """What each page read when it was last rendered."""


def _check(
    root: Path,
    as_of: dt.date,
    memos: RunMemos | None = None,
    workers: int = 1,
    stages: _Stages | None = None,
) -> tuple[CheckResult, LinkGraph | None]:
    """The check, and, given `stages` (a full run's), the link graph too when there is no
    error: it is built while the checks that only warn finish, and each is said as a stage."""
    cache = NO_CACHE
    if memos is not None:
        cache = memos.cache
        cache.new_run()
    # Each part of the briefings the workers parse is validated here while they parse the
    # next (the watch mode's memos decide what it validates again instead).
    checked = DocumentChecks() if memos is None else None
    loaded, problems = load_project(
        root, memos.files if memos else None, workers, checked.check if checked else None
    )
    validated, found = validate_project(loaded, cache, checked)
    problems += found
    # The checks of one briefing at a time that only warn run in workers while this process
    # resolves. When it builds the graph too, that is the run's longest chain, and the
    # workers take one core fewer than the run has, so this process keeps one to itself: on
    # two cores, three processes sharing them made resolving and the graph 0.5 s slower
    # than with the checks in one worker (measured).
    claims, people = ClaimChecks(validated, cache), PeopleChecks(validated, cache)
    parts = [
        validated.briefings[start : start + WARNINGS_PART]
        for start in range(0, len(validated.briefings), WARNINGS_PART)
    ]

    def warnings_of_part(number: int) -> list[Diagnostic]:
        return [*claims.problems(parts[number]), *people.problems(parts[number])]

    if workers <= 1:
        processes = 0  # this process alone, where the watch mode's memos must stay
    elif stages is not None:
        processes = workers - 1
    else:
        processes = workers
    graph = None
    with in_background(warnings_of_part, len(parts), processes) as warnings:
        corpus, found = resolve_project(validated, cache)
        problems += found
        snapshot, later = as_of_snapshot(corpus, as_of)
        problems += after_as_of(later, as_of)
        problems += event_report_problems(snapshot.briefings, as_of, cache)
        if stages is not None:
            stages.mark("check", f"{loaded.files_read} files")
            if not has_errors(problems):  # the warnings to come are never errors
                graph = build_graph(snapshot)
        problems += [problem for part in warnings() for problem in part]
    if graph is not None and stages is not None:
        stages.mark(
            "link graph", f"{len(graph.newest_first)} briefings, {len(graph.uri_of)} entities"
        )
    diagnostics = tuple(sorted(problems))
    usable = snapshot if not has_errors(diagnostics) else None
    return CheckResult(usable, diagnostics, loaded.files_read), graph


def as_of_snapshot(corpus: Corpus, as_of: dt.date) -> tuple[Corpus, tuple[Briefing, ...]]:
    """The corpus as it stood on `as_of`, and the briefings dated after it, which it leaves out.

    A site built as of a day is the site that day: a briefing dated later, and every report in
    it, does not exist yet, so no page, list, feed, calendar, export, JSON-LD, search filter,
    site-diff or watch-mode run may show it. It is published by the first build on or after
    its date (the daily build, whose as-of date is that day). The registry is not dated and is
    kept whole: an entry only later briefings use has its page, like one added ahead of its
    first briefing. This is the one place that decides: the check result's corpus is this
    snapshot, and every stage after the check reads it."""
    published = tuple(b for b in corpus.briefings if b.date <= as_of)
    if len(published) == len(corpus.briefings):
        return corpus, ()
    later = tuple(b for b in corpus.briefings if b.date > as_of)
    return Corpus(published, corpus.registry), later


def new_briefing(
    root: Path, source_path: Path, date: dt.date | None, slug: str | None
) -> tuple[Path | None, list[Diagnostic]]:
    """Write a skeleton briefing for one source article; returns its path."""
    source, problems = read_source(root, source_path)
    if source is None:
        return None, problems
    date = date or article_date(source.text)
    if date is None:
        message = "no date found in the article's first lines"
        return None, [error(source.path, 1, 1, "no-date", message, "Pass --date YYYY-MM-DD")]
    loaded, _ = load_project(root)
    validated, _ = validate_project(loaded)
    reported_dates: dict[str, list[DateSpan]] = {}
    reported_on: dict[str, list[dt.date]] = {}
    for briefing in validated.briefings:
        for report in briefing.record.events:
            reported_on.setdefault(report.id, []).append(briefing.record.date)
            if report.date is not None:
                reported_dates.setdefault(report.id, []).append(report.date)
    skeleton = scaffold_briefing(
        source, validated.registry, date, slug, reported_dates, reported_on
    )
    return write_new_file(root, skeleton.uri, skeleton.text), []


def build_pages(corpus: Corpus, as_of: dt.date, site_url: str | None = None) -> list[Page]:
    """Markdown pages, feeds and the data export: everything the generator writes. With the
    site's address (ending in /), feeds and the calendar link absolutely."""
    return render_outputs(corpus, build_graph(corpus), as_of, site_url=site_url)


class _Stages:
    """Times each stage of a run and says, as each ends, what it did: a long run at 10,000
    briefings shows where it is, in a terminal and in a CI log alike. A stage is a block
    (`stage`), or runs from the end of the stage before, or the start, to its `mark`."""

    def __init__(self, say: Callable[[str], None] | None) -> None:
        self.say = say
        self.took: list[tuple[str, float]] = []
        self._since = time.perf_counter()

    def mark(self, name: str, *done: str) -> None:
        """End the stage `name`, saying what it did with its time ('render: 15323 pages in
        9.0 s'); the next stage starts now."""
        now = time.perf_counter()
        seconds, self._since = now - self._since, now
        self.took.append((name, seconds))
        if self.say is not None:
            self.say(f"{name}: {', '.join(done) or 'done'} in {seconds:.1f} s")

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[list[str]]:
        """Runs the block as one stage; what it appends to the list it gets is said."""
        done: list[str] = []
        self._since = time.perf_counter()
        yield done
        self.mark(name, *done)


def generate(
    root: Path,
    as_of: dt.date,
    on_wait: Callable[[str], None] | None = None,
    site_url: str | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_page: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> GenerateResult:
    """Check, then (only if there is no error) render every page and write what changed.
    `on_wait` hears that another run holds the output lock and this one waits for it;
    `on_stage` hears each stage end, with what it did and its time; `on_page` the count of
    pages rendered, as they come. `workers` is how many processes share the work (by
    default one per core, see core/workers.py); the output is the same for any number."""
    workers = worker_count() if workers is None else workers
    stages = _Stages(on_stage)
    with _cycle_collector_paused():
        result, graph = _check(root, as_of, workers=workers, stages=stages)
        if result.corpus is None or graph is None:
            return GenerateResult(result, None, tuple(stages.took))
        with output_lock(root / DOCS_DIR, on_wait):
            # Each part of the pages is staged by the worker that rendered it, while this
            # process counts in the parts before: the write stage is then only the moves
            # into docs/.
            write = PageWrite(root / DOCS_DIR)
            try:
                with stages.stage("render") as done:
                    write.open()  # before the workers are forked: they stage into it
                    count = render_staged(
                        result.corpus,
                        graph,
                        as_of,
                        write.stage,
                        write.take,
                        site_url=site_url,
                        on_page=on_page,
                        workers=workers,
                    )
                    done.append(f"{count} pages")
                with stages.stage("write") as done:
                    report = write.finish()
                    done.append(f"{len(report.written)} changed")
            except BaseException:
                write.discard()
                raise
        return GenerateResult(result, report, tuple(stages.took))


@dataclass(frozen=True)
class _Output:
    """What the last successful run of an incremental build wrote, and from what."""

    corpus: Corpus
    graph: LinkGraph
    as_of: dt.date
    uris: frozenset[str]


@dataclass(frozen=True)
class UpdateResult:
    check: CheckResult
    report: WriteReport | None
    rendered: int
    """How many pages were rendered: all of them, or those the edits reached."""


def _same_output_basis(previous: _Output, corpus: Corpus, as_of: dt.date) -> bool:
    """Whether only briefings changed since the previous output. The registry is compared in
    file order too: overviews list entities with equal names in the order of their file."""
    before, after = previous.corpus.registry, corpus.registry
    return previous.as_of == as_of and all(
        list(before.records(kind.entity).items()) == list(after.records(kind.entity).items())
        for kind in KINDS
    )


@dataclass(frozen=True)
class BriefingEdit:
    """One briefing as it was and as it is; None where it did not or does not exist."""

    before: Briefing | None
    after: Briefing | None


def briefing_edits(old: Corpus, new: Corpus) -> dict[str, BriefingEdit]:
    """Briefings added, removed or changed. An unchanged file keeps its parsed object from one
    run to the next (the load and validate memos), so identity says what changed. An edit to
    a source article re-checks the briefings that quote it, which then count as edited."""
    before = {b.id: b for b in old.briefings}
    after = {b.id: b for b in new.briefings}
    return {
        i: BriefingEdit(before.get(i), after.get(i))
        for i in sorted(before.keys() | after.keys())
        if before.get(i) is not after.get(i)
    }


class IncrementalBuild:
    """`generate` for a process that stays up (the watch mode). Unchanged files keep their
    parsed and validated objects between runs, so an edit to one briefing re-reads one file
    and renders only the pages it reaches; the output is the same as a full `generate`. An
    edit to the registry, or a new day, renders everything."""

    def __init__(
        self,
        root: Path,
        on_wait: Callable[[str], None] | None = None,
        on_stage: Callable[[str], None] | None = None,
        site_url: str | None = None,
    ) -> None:
        """`on_stage` hears each stage of a run that renders everything (the first one, or
        after a registry edit) end, as `generate` says them; a save is one line anyway.
        `site_url` is `generate`'s: the feeds and the calendar link to it."""
        self.root = root
        self.site_url = site_url
        self._on_wait = on_wait
        self._on_stage = on_stage
        self._memos = RunMemos()
        self._output: _Output | None = None

    def start_over(self) -> None:
        """Render and write everything on the next run, as after a failed write: the watch
        mode calls it when a content folder was replaced, whose events it could not see."""
        self._output = None

    @property
    def as_of(self) -> dt.date | None:
        """The date the output on disk was made for, if a run has succeeded."""
        return self._output.as_of if self._output else None

    def update(self, as_of: dt.date) -> UpdateResult:
        stages = _Stages(self._on_stage if self._output is None else None)
        with _cycle_collector_paused(keep=True):
            with stages.stage("check") as done:
                result = _check(self.root, as_of, self._memos)[0]
                done.append(f"{result.files_checked} files")
            if result.corpus is None:
                return UpdateResult(result, None, 0)
            corpus, previous = result.corpus, self._output
            try:
                with output_lock(self.root / DOCS_DIR, self._on_wait):
                    graph, pages, report, uris = self._write(corpus, as_of, previous, stages)
            except BaseException:
                # The disk may hold a mix (a full disk, no memory left, a bug), and the pages'
                # recorded reads describe a render that was not written: the next run renders
                # and writes everything.
                self._output = None
                raise
            self._output = _Output(corpus, graph, as_of, uris)
            return UpdateResult(result, report, len(pages))

    def _write(
        self, corpus: Corpus, as_of: dt.date, previous: _Output | None, stages: _Stages
    ) -> tuple[LinkGraph, list[Page], WriteReport, frozenset[str]]:
        """Render and write everything, or only what the edits since `previous` reach."""
        if previous is None or not _same_output_basis(previous, corpus, as_of):
            with stages.stage("link graph") as done:
                graph = build_graph(corpus)
                done.append(f"{len(graph.newest_first)} briefings, {len(graph.uri_of)} entities")
            reads: dict[str, frozenset[Fact]] = {}
            with stages.stage("render") as done:
                pages = render_outputs(
                    corpus, graph, as_of, None, self._memos.cache, reads, self.site_url
                )
                self._memos.reads.start_over(reads)
                done.append(f"{len(pages)} pages")
            with stages.stage("write") as done:
                report = write_pages(pages, self.root / DOCS_DIR)
                done.append(f"{len(report.written)} changed")
            return graph, pages, report, frozenset(page.uri for page in pages)
        return self._apply_edits(corpus, as_of, previous)

    def _apply_edits(
        self, corpus: Corpus, as_of: dt.date, previous: _Output
    ) -> tuple[LinkGraph, list[Page], WriteReport, frozenset[str]]:
        edits = briefing_edits(previous.corpus, corpus)
        if not edits:
            return previous.graph, [], WriteReport(), previous.uris
        before = frozenset(
            key for edit in edits.values() if edit.before for key in briefing_entities(edit.before)
        )
        graph = build_graph(corpus, GraphChange(previous.graph, frozenset(edits), before))
        uris = frozenset(output_uris(corpus, graph, self._memos.cache))
        edited = {i: (edit.before, edit.after) for i, edit in edits.items()}
        page_reads = self._memos.reads
        wanted = page_reads.pages_reached(edited, previous.graph, graph)
        wanted |= uris - previous.uris
        reads: dict[str, frozenset[Fact]] = {}
        pages = render_outputs(
            corpus, graph, as_of, wanted, self._memos.cache, reads, self.site_url
        )
        for uri, facts in reads.items():
            page_reads.replace(uri, facts)
        for uri in previous.uris - uris:
            page_reads.forget(uri)
        report = update_pages(pages, previous.uris - uris, self.root / DOCS_DIR)
        return graph, pages, report, uris
