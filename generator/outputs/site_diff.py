"""What a pull request changes on the site: a report for the GitHub job summary or a terminal.

Pure: `report` compares the two sides of a pull request and returns the report, as Markdown
for the job summary or as plain text for a terminal; `python -m generator site-diff` computes
both sides and prints it. It leads with what readers are told: each event whose status, date
or place changes, before and after, in the words every page uses (`event_facts` reads them
from event_state, as the event page does). Then what the check says about the files the pull
request adds or changes, which pages are added, changed and removed, and a diff of pages of
every kind, a new page whole up to a larger cap.

Page uris, page text, event names and places come from contributors. GitHub renders a job
summary as Markdown with HTML, so there each piece is escaped for the place it is printed in:
a list item or a table cell, the HTML of a <summary>, or a fenced code block. In a terminal
nothing is Markdown, so nothing is backslash-escaped, but every control character is written
out (`escaping.visible`), so no text can move the cursor, recolour the screen or hide
itself, nor start a CI workflow command. Everything is capped, so that a pull request touching
thousands of pages still gives a summary GitHub accepts (at most 1 MiB) and a person can read.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from ..core import diagnostics, escaping
from ..core.diagnostics import Diagnostic, format_text
from ..core.escaping import code_fence, terminal_text, visible
from ..pages.render import without_front_matter
from ..story.event_state import places_now, status_as_of, when_now, where_now
from ..story.graph import LinkGraph
from ..story.models import KINDS, Corpus, EntityKind
from ..story.sitemap import BRIEFINGS_DIR, DATA_DIR, FEEDS_DIR, RELATIONS_DIR

MAX_LISTED = 50
"""Pages listed per section (added, changed, removed); the rest are counted."""
MAX_EVENTS = 50
"""Events listed as changed; the rest are counted."""
MAX_PROBLEMS = 50
"""Check problems listed per section; the rest are counted."""
MAX_DIFFS = 40
"""Pages shown as a diff in all; the rest are counted."""
MAX_DIFFS_PER_KIND = 10
"""Pages of one kind shown as a diff (briefings excepted); the rest are counted."""
MAX_BRIEFING_DIFFS = 20
"""Briefing pages shown as a diff: what a reviewer reads most closely."""
MAX_DIFF_LINES = 60
"""Lines of the diff of a changed page."""
MAX_NEW_PAGE_LINES = 200
"""Lines of a new page, shown whole up to here: a briefing page with many entities and
events runs to about 100, and its Events section comes near the end."""
MAX_DIFF_BYTES = 24_000
"""Bytes of one diff, however long its lines and however much their escaping adds, so one
page cannot take the whole report."""
MAX_LINE_CHARS = 500
"""The front matter of a page is one long JSON line, and the export holds long lines too:
show their start only."""
MAX_NAME_CHARS = 200
MAX_REPORT_BYTES = 200_000
"""Well under GitHub's 1 MiB limit for a step summary, which also holds the check's table."""
MAX_TABLE_BYTES = 40_000
"""Bytes of one table of check problems."""

Format = Literal["markdown", "text"]
ARROW = " → "
NO_PAGE = "no page"
"""An event's status, date and place on a side where it has no page."""


@dataclass(frozen=True)
class Note:
    """A sentence of ours under the report's title (never contributor text)."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class PageChanges:
    """Which pages differ between two generated sites, each tuple sorted by uri."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def compare(old: Mapping[str, str], new: Mapping[str, str]) -> PageChanges:
    kept = old.keys() & new.keys()
    changed = sorted(uri for uri in kept if old[uri] != new[uri])
    return PageChanges(
        added=tuple(sorted(new.keys() - old.keys())),
        changed=tuple(changed),
        removed=tuple(sorted(old.keys() - new.keys())),
        unchanged=len(kept) - len(changed),
    )


# --- What readers are told about events ------------------------------------------------------


@dataclass(frozen=True)
class EventFacts:
    """What the site tells readers of one event, in the words of its pages."""

    name: str
    status: str
    date: str
    place: str


FACTS = ("status", "date", "place")


def event_facts(corpus: Corpus, graph: LinkGraph, as_of: dt.date) -> dict[str, EventFacts]:
    """Each event's status, date and place as its page and every table show them on `as_of`:
    read from event_state's functions, never worked out again here."""
    facts: dict[str, EventFacts] = {}
    for event_id, event in corpus.registry.events.items():
        state = graph.state(event_id)
        facts[event_id] = EventFacts(
            name=event.name,
            status=status_as_of(state, as_of),
            date=when_now(state),
            place=where_now(places_now(state, event.place)),
        )
    return facts


@dataclass(frozen=True)
class EventChange:
    """One event whose status, date or place differs between the two sides; a side where the
    event has no page is None."""

    event_id: str
    before: EventFacts | None
    after: EventFacts | None

    @property
    def name(self) -> str:
        shown = self.after or self.before
        assert shown is not None
        return shown.name

    def pair(self, fact: str) -> tuple[str, str]:
        """The fact (one of FACTS) before and after: ('anticipated', 'held')."""
        before = getattr(self.before, fact) if self.before else NO_PAGE
        after = getattr(self.after, fact) if self.after else NO_PAGE
        return before, after


def event_changes(
    before: Mapping[str, EventFacts], after: Mapping[str, EventFacts]
) -> tuple[EventChange, ...]:
    """Events whose status, date or place differs, or which one side has no page of, by name
    (then id): a renamed event whose state is the same is only a changed page."""

    def differs(old: EventFacts | None, new: EventFacts | None) -> bool:
        if old is None or new is None:
            return True
        return any(getattr(old, fact) != getattr(new, fact) for fact in FACTS)

    found = [
        EventChange(event_id, before.get(event_id), after.get(event_id))
        for event_id in before.keys() | after.keys()
        if differs(before.get(event_id), after.get(event_id))
    ]
    return tuple(sorted(found, key=lambda change: (change.name.casefold(), change.event_id)))


# --- What the check says about the changed files ---------------------------------------------


@dataclass(frozen=True)
class FileProblems:
    """The check's problems in the content files a pull request adds or changes, and the new
    ones it brings to files it does not change (an event's dates now in dispute)."""

    files: tuple[str, ...]
    """The content files the pull request adds or changes, sorted."""
    in_files: tuple[Diagnostic, ...]
    elsewhere: tuple[Diagnostic, ...]


def file_problems(
    base_digests: Mapping[str, str],
    head_digests: Mapping[str, str],
    base_problems: Iterable[Diagnostic],
    head_problems: Iterable[Diagnostic],
) -> FileProblems:
    """Sorts the head's problems by where they stand: given `content_digests` of both
    checkouts and the check's problems on each, the files whose content differs (or is new)
    are the changed ones, and a problem elsewhere is new if the base does not have it."""
    files = frozenset(
        path for path, digest in head_digests.items() if base_digests.get(path) != digest
    )
    known = frozenset(base_problems)
    head = sorted(head_problems)
    return FileProblems(
        files=tuple(sorted(files)),
        in_files=tuple(problem for problem in head if problem.path in files),
        elsewhere=tuple(p for p in head if p.path not in files and p not in known),
    )


# --- The report -----------------------------------------------------------------------------


def report(
    old: Mapping[str, str],
    new: Mapping[str, str],
    notes: Sequence[Note] = (),
    *,
    events: Sequence[EventChange] | None = None,
    problems: FileProblems | None = None,
    output: Format = "markdown",
) -> str:
    """The report on what changes from `old` pages to `new` ones ({uri: text}, as
    `output_table.render_outputs` makes them), led by the `events` that change (`event_changes`)
    and the check's `problems` in the changed files, when they are known."""
    changes = compare(old, new)
    style: _Style = _Markdown() if output == "markdown" else _Text()
    out = _Budget(MAX_REPORT_BYTES, style.cut_note())
    out.add(style.title("Site changes in this pull request"))
    for note in notes:
        out.add(style.note(note))
    if events is not None:
        _add_events(out, style, events)
    if problems is not None:
        _add_problems(out, style, problems)
    if changes.added or changes.changed or changes.removed:
        out.add(style.heading(_counts(changes)))
    else:
        out.add(style.paragraph(f"No generated page changes ({changes.unchanged} pages compared)."))
    for title, uris in (
        ("Added pages", changes.added),
        ("Changed pages", changes.changed),
        ("Removed pages", changes.removed),
    ):
        _add_list(out, style, title, uris)
    _add_diffs(out, style, old, new, changes)
    return out.text()


class _Budget:
    """Collects whole blocks of the report until the next would pass the byte limit; after
    that, nothing more is added and the report ends with a note saying so."""

    def __init__(self, limit: int, cut_note: str) -> None:
        self._cut_note = cut_note
        self._limit = limit - _size(cut_note)
        self._blocks: list[str] = []
        self._size = 0
        self._full = False

    def add(self, block: str) -> bool:
        size = _size(block)
        if self._full or self._size + size > self._limit:
            self._full = True
            return False
        self._blocks.append(block)
        self._size += size
        return True

    def text(self) -> str:
        return "".join(self._blocks) + (self._cut_note if self._full else "")


def _size(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _counts(changes: PageChanges) -> str:
    return (
        f"Pages: {len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed, {changes.unchanged} unchanged."
    )


def _add_events(out: _Budget, style: _Style, events: Sequence[EventChange]) -> None:
    if not events:
        out.add(style.paragraph("No event's status, date or place changes."))
        return
    out.add(style.heading(f"Events whose status, date or place changes ({len(events)})"))
    out.add(style.events(events[:MAX_EVENTS]))
    if len(events) > MAX_EVENTS:
        out.add(style.paragraph(f"… and {len(events) - MAX_EVENTS} more events."))


def _add_problems(out: _Budget, style: _Style, problems: FileProblems) -> None:
    count = len(problems.files)
    files = f"{count} content {'file' if count == 1 else 'files'}"
    kinds = "errors and warnings" if diagnostics.has_errors(problems.in_files) else "warnings"
    out.add(style.heading(f"Check {kinds} in the files this pull request adds or changes"))
    if not problems.files:
        out.add(style.paragraph("It adds or changes no content file."))
    elif not problems.in_files:
        out.add(style.paragraph(f"None in its {files}."))
    else:
        out.add(style.paragraph(f"{len(problems.in_files)} in its {files}:"))
        _add_problem_list(out, style, problems.in_files)
    if problems.elsewhere:
        out.add(style.heading("New check warnings in files this pull request does not change"))
        out.add(style.paragraph(f"{len(problems.elsewhere)}, which the base branch does not have:"))
        _add_problem_list(out, style, problems.elsewhere)


def _add_problem_list(out: _Budget, style: _Style, problems: Sequence[Diagnostic]) -> None:
    out.add(style.problems(problems[:MAX_PROBLEMS]))
    if len(problems) > MAX_PROBLEMS:
        left = len(problems) - MAX_PROBLEMS
        out.add(style.paragraph(f"… and {left} more; run `make check` for all."))


def _add_list(out: _Budget, style: _Style, title: str, uris: Sequence[str]) -> None:
    if not uris:
        return
    out.add(style.subheading(f"{title} ({len(uris)})"))
    out.add(style.items(uris[:MAX_LISTED]))
    if len(uris) > MAX_LISTED:
        out.add(style.paragraph(f"… and {len(uris) - MAX_LISTED} more"))


# --- Diffs of pages of every kind ------------------------------------------------------------

_SITE_PAGES = "Home, timeline and upcoming"
_KIND_TITLES: tuple[tuple[str, str], ...] = (
    (BRIEFINGS_DIR, "Briefing pages"),
    *(
        (kind.plural, f"{kind.singular.capitalize()} pages")
        for kind in sorted(KINDS, key=lambda kind: kind.entity is not EntityKind.EVENT)
    ),
    (RELATIONS_DIR, "Pages of two countries"),
    ("", _SITE_PAGES),
    (FEEDS_DIR, "Feeds and the calendar"),
    (DATA_DIR, "Data export"),
)
"""The kinds of page in the order their diffs are shown: briefings and events first, since
they are what the pull request writes and what readers are told."""
_ORDER = {folder: index for index, (folder, _) in enumerate(_KIND_TITLES)}


def page_kind(uri: str) -> str:
    """The section a page belongs to: the first folder of its address ('' for a page at the
    top: home, timeline, upcoming)."""
    folder, _, _ = uri.rpartition("/")
    return folder.split("/", 1)[0]


def _kind_title(style: _Style, folder: str) -> str:
    """The kind's title, or for a folder of no known kind, its name as the style prints one."""
    return dict(_KIND_TITLES).get(folder) or f"Pages under {style.name(folder)}/"


def _kind_order(folder: str) -> tuple[int, str]:
    return (_ORDER.get(folder, len(_ORDER)), folder)


def _is_own_page(uri: str) -> bool:
    """A briefing's or an entity's own page, not an index or a page of a long list by year:
    those come first within a kind, since lists repeat what own pages say."""
    parts = uri.split("/")
    return len(parts) == 2 and parts[1] != "index.md"


def _add_diffs(
    out: _Budget,
    style: _Style,
    old: Mapping[str, str],
    new: Mapping[str, str],
    changes: PageChanges,
) -> None:
    """A diff of each added or changed page, by kind, each kind and the whole capped."""
    by_kind: dict[str, list[str]] = {}
    for uri in (*changes.added, *changes.changed):
        by_kind.setdefault(page_kind(uri), []).append(uri)
    if not by_kind:
        return
    out.add(style.heading("Diffs of the added and changed pages"))
    shown = 0
    left_out = 0
    for folder in sorted(by_kind, key=_kind_order):
        uris = sorted(by_kind[folder], key=lambda uri: (not _is_own_page(uri), uri))
        cap = MAX_BRIEFING_DIFFS if folder == BRIEFINGS_DIR else MAX_DIFFS_PER_KIND
        room = min(cap, MAX_DIFFS - shown)
        if room <= 0:
            left_out += len(uris)
            continue
        out.add(style.subheading(f"{_kind_title(style, folder)} ({len(uris)})"))
        for uri in uris[:room]:
            if not out.add(_diff_block(style, uri, old.get(uri), new[uri])):
                return
        shown += min(room, len(uris))
        if len(uris) > room:
            out.add(style.paragraph(f"{len(uris) - room} more of these; their diffs are left out."))
    if left_out:
        out.add(
            style.paragraph(
                f"Diffs of {left_out} more pages are left out (at most {MAX_DIFFS} are shown)."
            )
        )


def _diff_block(style: _Style, uri: str, before: str | None, after: str) -> str:
    # The front matter is one long line of page metadata: its change shows in the page's body.
    before_body = _lines(without_front_matter(before or ""))
    diff = difflib.unified_diff(before_body, _lines(without_front_matter(after)), n=2, lineterm="")
    lines = list(diff)[2:]  # the ---/+++ header repeats the page's name
    added = before is None
    shown = _shown_lines(style, lines, MAX_NEW_PAGE_LINES if added else MAX_DIFF_LINES)
    notes: list[str] = []
    if not lines:
        notes.append("No line differs; only the end of the file does.")
    if len(shown) < len(lines):
        notes.append(f"Diff cut at {len(shown)} of {len(lines)} lines.")
    if any(len(line) > MAX_LINE_CHARS for line in lines[: len(shown)]):
        notes.append(f"Lines longer than {MAX_LINE_CHARS} characters are cut.")
    return style.diff(uri, "added" if added else "changed", shown, notes)


def _shown_lines(style: _Style, lines: Sequence[str], max_lines: int) -> list[str]:
    """The first lines of a diff, each cut and made safe for its place, as many as fit in
    `max_lines` and MAX_DIFF_BYTES."""
    shown: list[str] = []
    size = 0
    for line in lines[:max_lines]:
        safe = style.code_line(line[:MAX_LINE_CHARS])
        size += _size(safe) + 1
        if size > MAX_DIFF_BYTES:
            break
        shown.append(safe)
    return shown


def _lines(text: str) -> list[str]:
    """Lines split on "\\n" only: any other line break stays in its line and is shown
    escaped, so it cannot start a line of the report."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


# --- The two ways of printing it -------------------------------------------------------------


class _Style(Protocol):
    """How each part of the report is printed, and its contributor text escaped."""

    def cut_note(self) -> str: ...
    def title(self, text: str) -> str: ...
    def heading(self, text: str) -> str: ...
    def subheading(self, text: str) -> str: ...
    def paragraph(self, text: str) -> str: ...
    def name(self, text: str) -> str: ...
    def note(self, note: Note) -> str: ...
    def items(self, names: Sequence[str]) -> str: ...
    def events(self, changes: Sequence[EventChange]) -> str: ...
    def problems(self, problems: Sequence[Diagnostic]) -> str: ...
    def code_line(self, line: str) -> str: ...
    def diff(self, uri: str, kind: str, lines: Sequence[str], notes: Sequence[str]) -> str: ...


class _Markdown:
    """For the GitHub job summary: contributor text escaped for each place it is printed in
    (text, a table cell, a <summary>, a code block). Each block but the title starts with a
    blank line and ends with its last line, so blocks join whatever their order."""

    def cut_note(self) -> str:
        return "\n**The rest of this report was left out to keep the summary small.**\n"

    def title(self, text: str) -> str:
        return f"## {text}\n"

    def heading(self, text: str) -> str:
        return f"\n### {text}\n"

    def subheading(self, text: str) -> str:
        return f"\n#### {text}\n"

    def paragraph(self, text: str) -> str:
        return f"\n{text}\n"

    def note(self, note: Note) -> str:
        return f"\n**{note.text}**\n" if note.strong else f"\n{note.text}\n"

    def name(self, text: str) -> str:
        return markdown_text(text)

    def items(self, names: Sequence[str]) -> str:
        return "\n" + "".join(f"- {markdown_text(name)}\n" for name in names)

    def events(self, changes: Sequence[EventChange]) -> str:
        rows = ["\n| Event | Status | Date | Place |\n| --- | --- | --- | --- |\n"]
        for change in changes:
            cells = [markdown_text(change.name)]
            for fact in FACTS:
                before, after = change.pair(fact)
                cell = markdown_text(after)
                if before != after:
                    cell = f"{markdown_text(before)}{ARROW}**{cell}**"
                cells.append(cell)
            rows.append(f"| {' | '.join(cells)} |\n")
        return "".join(rows)

    def problems(self, problems: Sequence[Diagnostic]) -> str:
        return "\n" + diagnostics.markdown_table(problems, MAX_TABLE_BYTES)

    def code_line(self, line: str) -> str:
        return visible(line, keep_tabs=True)

    def diff(self, uri: str, kind: str, lines: Sequence[str], notes: Sequence[str]) -> str:
        parts = [f"\n<details><summary>{html_text(uri)} ({kind})</summary>\n\n"]
        if lines:
            fence = code_fence(lines)
            parts.append(f"{fence}diff\n" + "".join(f"{line}\n" for line in lines) + f"{fence}\n")
        parts.extend(f"\n{note}\n" for note in notes)
        parts.append("\n</details>\n")
        return "".join(parts)


class _Text:
    """For a terminal: no Markdown and no backslash escapes, but every control character
    written out, so the text cannot drive the terminal or a CI log. Blocks join as
    `_Markdown`'s do."""

    def cut_note(self) -> str:
        return "\nThe rest of this report was left out to keep it small.\n"

    def title(self, text: str) -> str:
        return f"{text}\n{'=' * len(text)}\n"

    def heading(self, text: str) -> str:
        return f"\n{text}\n{'-' * len(text)}\n"

    def subheading(self, text: str) -> str:
        return f"\n{text}:\n"

    def paragraph(self, text: str) -> str:
        return f"\n{text}\n"

    def note(self, note: Note) -> str:
        return f"\n{note.text}\n"

    def name(self, text: str) -> str:
        return terminal_text(_shorten(text))

    def items(self, names: Sequence[str]) -> str:
        return "".join(f"  {self.name(name)}\n" for name in names)

    def events(self, changes: Sequence[EventChange]) -> str:
        lines = []
        for change in changes:
            name, event_id = terminal_text(_shorten(change.name)), terminal_text(change.event_id)
            lines.append(f"\n{name} ({event_id})\n")
            for fact in FACTS:
                before, after = change.pair(fact)
                value = terminal_text(_shorten(after))
                if before != after:
                    value = f"{terminal_text(_shorten(before))}{ARROW}{value}"
                lines.append(f"    {fact}: {value}\n")
        return "".join(lines)

    def problems(self, problems: Sequence[Diagnostic]) -> str:
        return "".join(f"{format_text(problem)}\n" for problem in problems)

    def code_line(self, line: str) -> str:
        return terminal_text(line, keep_tabs=True)

    def diff(self, uri: str, kind: str, lines: Sequence[str], notes: Sequence[str]) -> str:
        parts = [f"\n{terminal_text(_shorten(uri))} ({kind}):\n"]
        parts.extend(f"{line}\n" for line in lines)
        parts.extend(f"({note})\n" for note in notes)
        return "".join(parts)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def markdown_text(text: str) -> str:
    """A page or event name, shortened, as literal Markdown text: the job summary's one
    escaper, escaping.markdown_text, which the check's table uses too."""
    return escaping.markdown_text(_shorten(text))


def html_text(text: str) -> str:
    """A page name, shortened, inside our own HTML (a <summary>)."""
    return escaping.html_text(_shorten(text))
