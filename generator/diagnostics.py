"""Problems found in the input, as data, and the ways of showing them to people and to CI."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Protocol


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


def format_text(diagnostic: Diagnostic) -> str:
    d = diagnostic
    return f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.text} [{d.code}]"


def _escape_github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(value: str) -> str:
    return _escape_github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, which shows as an annotation on the changed line."""
    d = diagnostic
    properties = ",".join(
        f"{name}={_escape_github_property(value)}"
        for name, value in (
            ("file", d.path),
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("title", d.code),
        )
    )
    return f"::{d.severity} {properties}::{_escape_github_data(d.text)}"


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


def markdown_table(diagnostics: Sequence[Diagnostic]) -> str:
    """A table for the GitHub step summary, which shows every problem, not just the first ten."""

    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    rows = [
        "| Location | Severity | Problem |",
        "| --- | --- | --- |",
        *(
            f"| `{cell(d.path)}:{d.line}:{d.column}` | {d.severity} | {cell(d.text)} |"
            for d in diagnostics
        ),
    ]
    return "\n".join(rows) + "\n"


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
