"""What a pull request changes on the site: a Markdown report for the GitHub job summary.

Pure: `report` compares two sets of generated pages ({uri: text}, as `pipeline.build_pages`
makes them) and returns Markdown; `python -m generator site-diff` computes both sets and prints
it. Page uris and page text come from contributors, and GitHub renders a job summary as
Markdown with HTML, so each piece is escaped for the place it is printed in: a list item, the
HTML of a <summary>, or a fenced code block. Everything is capped, so that a pull request
touching thousands of pages still gives a summary GitHub accepts (at most 1 MiB) and a person
can read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import diagnostics
from .diagnostics import visible
from .render import without_front_matter
from .sitemap import BRIEFINGS_DIR

MAX_LISTED = 50
"""Pages listed per section (added, changed, removed); the rest are counted."""
MAX_DIFFS = 20
"""Briefing pages shown as a diff; the rest are counted."""
MAX_DIFF_LINES = 40
MAX_LINE_CHARS = 500
"""The front matter of a briefing page is one long JSON line: show its start only."""
MAX_NAME_CHARS = 200
MAX_REPORT_BYTES = 200_000
"""Well under GitHub's 1 MiB limit for a step summary, which also holds the check's table."""
"""Pages shown as a diff: what a reviewer reads closely. Others are only listed."""

_CUT_NOTE = "\n**The rest of this report was left out to keep the summary small.**\n"
_BACKTICK_RUN = re.compile(r"`+")


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


def report(old: Mapping[str, str], new: Mapping[str, str], notes: Sequence[str] = ()) -> str:
    """The report on what changes from `old` to `new`. `notes` are our own Markdown
    paragraphs (never contributor text), printed under the heading."""
    changes = compare(old, new)
    out = _Budget(MAX_REPORT_BYTES)
    out.add("## Site changes in this pull request\n\n")
    for note in notes:
        out.add(f"{note}\n\n")
    out.add(_counts(changes))
    for title, uris in (
        ("Added pages", changes.added),
        ("Changed pages", changes.changed),
        ("Removed pages", changes.removed),
    ):
        _add_list(out, title, uris)
    _add_diffs(out, old, new, changes)
    return out.text()


class _Budget:
    """Collects whole blocks of the report until the next would pass the byte limit; after
    that, nothing more is added and the report ends with a note saying so."""

    def __init__(self, limit: int) -> None:
        self._limit = limit - len(_CUT_NOTE.encode("utf-8"))
        self._blocks: list[str] = []
        self._size = 0
        self._full = False

    def add(self, block: str) -> bool:
        size = len(block.encode("utf-8", "replace"))
        if self._full or self._size + size > self._limit:
            self._full = True
            return False
        self._blocks.append(block)
        self._size += size
        return True

    def text(self) -> str:
        return "".join(self._blocks) + (_CUT_NOTE if self._full else "")


def _counts(changes: PageChanges) -> str:
    if not (changes.added or changes.changed or changes.removed):
        return f"No generated page changes ({changes.unchanged} pages compared).\n"
    return (
        f"{len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed, {changes.unchanged} unchanged generated pages.\n"
    )


def _add_list(out: _Budget, title: str, uris: Sequence[str]) -> None:
    if not uris:
        return
    out.add(f"\n### {title} ({len(uris)})\n\n")
    for uri in uris[:MAX_LISTED]:
        out.add(f"- {markdown_text(uri)}\n")
    if len(uris) > MAX_LISTED:
        out.add(f"- … and {len(uris) - MAX_LISTED} more\n")


def _is_briefing_page(uri: str) -> bool:
    """One briefing's own page: the index of every briefing only repeats their titles."""
    folder, _, name = uri.rpartition("/")
    return folder == BRIEFINGS_DIR and name != "index.md"


def _add_diffs(
    out: _Budget, old: Mapping[str, str], new: Mapping[str, str], changes: PageChanges
) -> None:
    """A diff of each added or changed briefing page: a new briefing is what reviewers most
    need to read, and an added page is a diff against nothing."""
    uris = sorted(uri for uri in (*changes.added, *changes.changed) if _is_briefing_page(uri))
    if not uris:
        return
    out.add(f"\n### Briefing pages ({len(uris)})\n")
    for uri in uris[:MAX_DIFFS]:
        if not out.add(_diff_block(uri, old.get(uri), new[uri])):
            return
    if len(uris) > MAX_DIFFS:
        out.add(
            f"\n{len(uris) - MAX_DIFFS} more briefing pages changed; their diffs are left out.\n"
        )


def _diff_block(uri: str, before: str | None, after: str) -> str:
    # The front matter is one long line of page metadata: its change shows in the page's body.
    before_body = _lines(without_front_matter(before or ""))
    diff = difflib.unified_diff(before_body, _lines(without_front_matter(after)), n=2, lineterm="")
    lines = list(diff)[2:]  # the ---/+++ header repeats the page named in <summary>
    shown = [visible(line[:MAX_LINE_CHARS], keep_tabs=True) for line in lines[:MAX_DIFF_LINES]]
    kind = "added" if before is None else "changed"
    parts = [f"\n<details><summary>{html_text(uri)} ({kind})</summary>\n\n"]
    if shown:
        fence = _fence(shown)
        parts.append(f"{fence}diff\n" + "".join(f"{line}\n" for line in shown) + f"{fence}\n")
    else:
        parts.append("No line differs; only the end of the file does.\n")
    if len(lines) > MAX_DIFF_LINES:
        parts.append(f"\nDiff cut at {MAX_DIFF_LINES} of {len(lines)} lines.\n")
    if any(len(line) > MAX_LINE_CHARS for line in lines[:MAX_DIFF_LINES]):
        parts.append(f"\nLines longer than {MAX_LINE_CHARS} characters are cut.\n")
    parts.append("\n</details>\n")
    return "".join(parts)


def _lines(text: str) -> list[str]:
    """Lines split on "\\n" only: any other line break stays in its line and is shown
    escaped, so it cannot start a line of the report."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _fence(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in the lines, so none closes it."""
    longest = max((len(run) for line in lines for run in _BACKTICK_RUN.findall(line)), default=0)
    return "`" * max(3, longest + 1)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def markdown_text(text: str) -> str:
    """A page name, shortened, as literal Markdown text: the job summary's one escaper,
    diagnostics.markdown_text, which the check's table uses too."""
    return diagnostics.markdown_text(_shorten(text))


def html_text(text: str) -> str:
    """A page name, shortened, inside our own HTML (a <summary>)."""
    return diagnostics.html_text(_shorten(text))
