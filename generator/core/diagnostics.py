"""Problems found in the input, as data, and the ways of showing them to people and to CI."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Protocol

from .escaping import github_data, github_property, log_text, markdown_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based, as editors count them."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def text(self) -> str:
        """The message and, when there is one, how to fix it, as one sentence pair."""
        return f"{self.message}. {self.hint}" if self.hint else self.message


def error(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, code, message, hint)


def warning(
    path: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.WARNING, code, message, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def os_error_text(exc: OSError, doing: str, path: object = None) -> str:
    """A failed file operation in words: what was being done (`doing`, such as "write the
    pages under docs/"), the file (the error's own, else `path`, if either is known) and why;
    a full disk says so. A write that fails on a full disk names no file, so it never reads
    "cannot write None"."""
    reason = os_error_reason(exc)
    names = [name for name in (exc.filename, exc.filename2) if name is not None]
    if not names and path is not None:
        names = [path]
    where = " (" + " to ".join(map(_file_name, names)) + ")" if names else ""
    return log_text(f"cannot {doing}{where}: {reason}")


def os_error_reason(exc: OSError) -> str:
    """Why a file operation failed, in the project's words: "the disk is full" for ENOSPC (and
    a full quota), else the system's own text."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return exc.strerror or str(exc)


def out_of_memory_text(doing: str) -> str:
    """A MemoryError in words: what was being done (`doing`, such as "run `generate`") and
    what to do about it; it is not a bug of ours, so no "internal error"."""
    return (
        f"the machine ran out of memory trying to {doing}. Close other programs, or run it on"
        " a machine with more free memory"
    )


def _file_name(name: object) -> str:
    return os.fsdecode(name) if isinstance(name, str | bytes | os.PathLike) else str(name)


def format_text(diagnostic: Diagnostic) -> str:
    """One log line: `path:line:col: severity: message. hint [code]`, every field escaped with
    log_text, so no contributor text can end the line or start a workflow command."""
    d = diagnostic
    line = (
        f"{log_text(d.path)}:{d.line}:{d.column}: {log_text(d.severity)}: {log_text(d.text)}"
        f" [{log_text(d.code)}]"
    )
    # The runner trims leading white space, then reads `::command` at the start of a line.
    return f"./{line}" if line.lstrip().startswith("::") else line


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, which shows as an annotation on the changed line."""
    d = diagnostic
    properties = ",".join(
        f"{name}={github_property(value)}"
        for name, value in (
            ("file", d.path),
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("title", d.code),
        )
    )
    # Properties and message are made visible as in a log line, then %-escaped for the runner.
    # A file name with a line break or an invisible character (never a valid briefing name)
    # then names no file, and its annotation shows on the run instead of on a line.
    return f"::{d.severity} {properties}::{github_data(log_text(d.text))}"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"No problems found in {_plural(files_checked, 'file')}."
    files = len({d.path for d in diagnostics})
    parts = [_plural(errors, "error")] if errors else []
    if warnings:
        parts.append(_plural(warnings, "warning"))
    return f"{' and '.join(parts)} in {_plural(files, 'file')} ({files_checked} files checked)."


SUMMARY_LIMIT_BYTES = 512 * 1024
"""The most the check's job summary may take: GitHub refuses a step summary over 1 MiB (and
shows none of it), so past this the table stops at a whole row and says how many were left."""


def markdown_table(
    diagnostics: Sequence[Diagnostic], limit_bytes: int = SUMMARY_LIMIT_BYTES
) -> str:
    """A table for the GitHub step summary, which shows every problem, not just the first ten,
    up to `limit_bytes` of UTF-8: then whole rows as far as they fit, and a line saying how
    many problems were left out and how to see them all. Every cell is markdown_text; the
    location is set in <code> (not a code span, which a backtick in a file name could close),
    and Markdown inside it is still parsed, so the backslash escapes hold."""
    header = "| Location | Severity | Problem |\n| --- | --- | --- |\n"
    # Room for the closing line, whatever the count of problems left out.
    budget = limit_bytes - len(header) - len(_left_out_line(len(diagnostics)).encode())
    rows: list[str] = []
    for diagnostic in diagnostics:
        row = _summary_row(diagnostic)
        budget -= len(row.encode("utf-8"))
        if budget < 0:
            return header + "".join(rows) + _left_out_line(len(diagnostics) - len(rows))
        rows.append(row)
    return header + "".join(rows)


def _summary_row(d: Diagnostic) -> str:
    return (
        f"| <code>{markdown_text(f'{d.path}:{d.line}:{d.column}')}</code> | "
        f"{markdown_text(d.severity)} | {markdown_text(d.text)} |\n"
    )


def _left_out_line(count: int) -> str:
    problems = "problem" if count == 1 else "problems"
    return f"\n… and {count} more {problems} not shown; run `make check` for all.\n"


class _Point(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class Located(Protocol):
    """A parsed file that can say where a key path stands in it (a YamlDocument)."""

    @property
    def path(self) -> str: ...

    def position(self, loc: tuple[str | int, ...], *, of_key: bool = False) -> _Point: ...


def error_at(
    document: Located, loc: tuple[str | int, ...], code: str, message: str, hint: str = ""
) -> Diagnostic:
    """An error at the value found at loc in document (or its nearest enclosing node)."""
    point = document.position(loc)
    return error(document.path, point.line, point.column, code, message, hint)


def warning_at(
    document: Located, loc: tuple[str | int, ...], code: str, message: str, hint: str = ""
) -> Diagnostic:
    point = document.position(loc)
    return warning(document.path, point.line, point.column, code, message, hint)
