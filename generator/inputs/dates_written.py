"""Dates written the way people write them ("4 to 5 December 2025", "2025-12-04/05"), read
back into the form the checker takes (`2025-12-04/2025-12-05`), for the hint of a date the
schema refuses. Only a few common shapes are read, whole, with bounded patterns; a year the
text does not give is never guessed: the hint says YYYY instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..story.models import DatePrecision, DateSpan, PartialDate

MAX_DATE_TEXT = 80
"""Longer text is no date written another way: it is not read."""

_MONTH_NUMBERS = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH = r"(?P<{}>[A-Za-z]{{3,9}})\.?"
_DAY = r"(?P<{}>[0-9]{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{}>[0-9]{{4}}))?"
_TO = r"\s*(?:-|–|—|/|&|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*"
_ISO = r"(?P<{}>[0-9]{{4}}(?:-[0-9]{{2}}(?:-[0-9]{{2}})?)?)"


def _pattern(*parts: str) -> re.Pattern[str]:
    return re.compile("".join(parts), re.IGNORECASE)


_SHAPES = (
    # 2025-12-04 to 2025-12-05, 2025-12-04 – 2025-12-05, 2025-12-04..2025-12-05
    _pattern(
        _ISO.format("a"),
        r"(?:\s*(?:/|–|—|\.\.)\s*|\s+(?:-|--|to|until|till|through)\s+)",
        _ISO.format("b"),
    ),
    # 2025-12-04/05, 2025-12-04/12-05, 2025-12-04 to 05, 2025-11/12
    re.compile(
        r"(?P<y>[0-9]{4})-(?P<m1>[0-9]{2})(?:-(?P<d1>[0-9]{2}))?"
        r"(?:\s*(?:/|–|—)\s*|\s+(?:-|to)\s+)"
        r"(?:(?P<m2>[0-9]{2})-)?(?P<d2>[0-9]{2})"
    ),
    # 4 to 5 December 2025, 4-5 Dec
    _pattern(
        _DAY.format("d1"), _TO, _DAY.format("d2"), r"\s+", _MONTH.format("m2"), _YEAR.format("y2")
    ),
    # December 4-5, 2025
    _pattern(
        _MONTH.format("m2"), r"\s+", _DAY.format("d1"), _TO, _DAY.format("d2"), _YEAR.format("y2")
    ),
    # 30 November to 2 December 2025, 30 November 2025 – 2 December 2025
    _pattern(
        _DAY.format("d1"),
        r"\s+",
        _MONTH.format("m1"),
        _YEAR.format("y1"),
        _TO,
        _DAY.format("d2"),
        r"\s+",
        _MONTH.format("m2"),
        _YEAR.format("y2"),
    ),
    # November 30 to December 2, 2025
    _pattern(
        _MONTH.format("m1"),
        r"\s+",
        _DAY.format("d1"),
        _YEAR.format("y1"),
        _TO,
        _MONTH.format("m2"),
        r"\s+",
        _DAY.format("d2"),
        _YEAR.format("y2"),
    ),
    # November to December 2025
    _pattern(_MONTH.format("m1"), _YEAR.format("y1"), _TO, _MONTH.format("m2"), _YEAR.format("y2")),
    # 5 December 2025, December 5, 2025, December 2025
    _pattern(_DAY.format("d2"), r"\s+", _MONTH.format("m2"), _YEAR.format("y2")),
    _pattern(_MONTH.format("m2"), r"\s+", _DAY.format("d2"), _YEAR.format("y2")),
    _pattern(_MONTH.format("m2"), _YEAR.format("y2")),
)


@dataclass(frozen=True)
class _Written:
    """A date or range read from text; `year` None when the text gives none."""

    start: str
    end: str | None
    has_year: bool


def _month(name: str | None) -> int | None:
    if name is None:
        return None
    number = _MONTH_NUMBERS.get(name.casefold())
    if number is None:
        raise ValueError(name)
    return number


def _iso(year: str | None, month: int | None, day: str | None) -> str:
    text = year or "YYYY"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{int(day):02d}"
    return text


def _read(text: str) -> _Written | None:
    for shape in _SHAPES:
        found = shape.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        if "a" in parts:
            return _Written(parts["a"], parts["b"], True)
        if "y" in parts:  # 2025-12-04/05: the end takes the start's year and month
            month2 = parts["m2"] or (parts["m1"] if parts["d1"] else None)
            start = _iso(parts["y"], int(parts["m1"]), parts["d1"])
            if parts["d1"] is None:  # 2025-11/12: months
                return _Written(start, _iso(parts["y"], int(parts["d2"]), None), True)
            return _Written(start, _iso(parts["y"], int(month2 or parts["m1"]), parts["d2"]), True)
        try:
            month2 = _month(parts.get("m2"))
            month1 = _month(parts.get("m1")) or month2
        except ValueError:
            continue
        year2 = parts.get("y2") or parts.get("y1")
        year1 = parts.get("y1") or year2
        end = _iso(year2, month2, parts.get("d2"))
        if parts.get("d1") is None and parts.get("m1") is None:
            return _Written(end, None, year2 is not None)
        return _Written(_iso(year1, month1, parts.get("d1")), end, year2 is not None)
    return None


def _parses(text: str) -> bool:
    """Whether the text is a date the schema takes; YYYY checked as a leap year, so that the
    day stays possible whatever year the article gives."""
    try:
        DateSpan.parse(text.replace("YYYY", "2024"))
    except ValueError:
        return False
    return True


def date_hint(value: str, field: str, *, takes_range: bool) -> str:
    """How to write `value` so that `field` takes it, when it reads as a date or a range written
    another way; else an empty string."""
    text = " ".join(value.split())
    if len(text) > MAX_DATE_TEXT:
        return ""
    written = _read(text)
    if written is None:
        return ""
    start, end = written.start, written.end
    if end == start:
        end = None
    is_range = end is not None
    if not takes_range:
        if is_range:
            return f"'{field}' takes one day (YYYY-MM-DD), not a range: give the one day it means"
        if (
            not _parses(start)
            or PartialDate.parse(start.replace("YYYY", "2024")).precision is not DatePrecision.DAY
        ):
            return ""
        return _with_year(f"Write it {start}", written)
    candidate = f"{start}/{end}" if end else start
    if not _parses(candidate):
        swapped = f"{end}/{start}"
        if end and _parses(swapped):
            return f"A range is written start/end, the earlier date first: {swapped}"
        return ""
    if is_range:
        return _with_year(f"Write the range as start/end: {candidate}", written)
    return _with_year(f"Write it {candidate}", written)


def _with_year(hint: str, written: _Written) -> str:
    return hint if written.has_year else f"{hint}, with the year the article gives for YYYY"


def one_day_range_hint(value: str) -> str:
    """`2025-12-05/2025-12-05` is the day itself; a range written end first is swapped."""
    first, slash, last = value.strip().partition("/")
    if not slash:
        return ""
    try:
        start, end = PartialDate.parse(first), PartialDate.parse(last)
    except ValueError:
        return ""
    if start == end:
        return f"A range of one day is that day: write {start}"
    if end.first_day < start.first_day and _parses(f"{end}/{start}"):
        return f"A range is written start/end, the earlier date first: {end}/{start}"
    return ""
