"""Pictures drawn at build time: small inline SVG charts of what a page lists.

Each picture is a function of plain values (dates, counts, names) to one SVG element in a
<figure>, with a <title> and <desc> that say in words what it shows; the page beside it
lists the same data as text. Colours come from the stylesheet's classes, so the pictures
follow the light and dark schemes; there is no script and nothing is fetched.

Why not a charting library: Vega-Lite through vl-convert-python draws the same timeline in
37 ms a chart (measured here, 50 charts), about 70 s for the 1,913 charts of 10,000
briefings, against a budget of 15% of `make site` (about 40 s). These charts need a linear
scale, month or year ticks and a circle, which a few lines draw in microseconds; nothing here
lays out a graph or computes axes beyond that (design/performance.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.escaping import svg_text
from .markdown_text import Markdown

WIDTH = 360
"""The viewBox width: about a phone's column, so text keeps its size there."""
GUTTER = 64
"""Room for the row labels on the left."""
INDIVIDUAL_EVENTS = 60
"""Up to this many events are drawn one by one (ranges as spans); more, as monthly counts."""


KEY_WORDS = {
    "briefing": "bars: briefings per month, with their counts",
    "held": "a filled mark: held",
    "planned": "a hollow mark: planned",
    "held vague": "a solid line over the month: held, known only to the month",
    "planned vague": "a dashed line over the month: planned, known only to the month",
    "postponed": "orange: postponed",
    "cancelled": "red: cancelled",
}
"""The timeline's key in words, for each kind of mark it draws."""


def _figure(
    ident: str,
    height: float,
    title: str,
    description: str,
    body: list[str],
    said: Sequence[str],
    top: float = 0,
    caption: str | None = None,
) -> Markdown:
    """One SVG in a figure, on one line so Markdown passes it through as it is. `said` is
    everything the marks' tooltips say: a touch screen shows no tooltip, so it is listed under
    the chart too, in a disclosure a tap opens."""
    svg = (
        f'<svg class="chart" viewBox="0 {top:g} {WIDTH} {height:g}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{svg_text(title)}</title>'
        f'<desc id="{ident}-desc">{svg_text(description)}</desc>{"".join(body)}</svg>'
    )
    key = f"<figcaption>{svg_text(caption)}</figcaption>" if caption else ""
    items = "".join(f"<li>{svg_text(line)}</li>" for line in said)
    words = (
        f'<details class="chart-data"><summary>The chart in words</summary><ul>{items}</ul>'
        "</details>"
        if said
        else ""
    )
    return Markdown(f'<figure class="chart-figure">{svg}{key}{words}</figure>')


@dataclass(frozen=True)
class EventMark:
    first: dt.date
    last: dt.date
    status: str
    """held, scheduled, anticipated, postponed or cancelled: the mark's class."""
    label: str
    vague: bool = False
    """Known only to the month or year: drawn as a thin line over it, not as a span."""


PLANNED = frozenset({"scheduled", "anticipated"})


class _Scale:
    """Days to x, over whole months from the first item's to the last item's; ticks at each
    month when the span is short, at years when it is long."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.start = _month(first)
        self.end = _next_month(last)
        self.days = (self.end - self.start).days

    def x(self, day: dt.date) -> float:
        return GUTTER + (day - self.start).days / self.days * (WIDTH - GUTTER - 4)

    def ticks(self) -> list[tuple[float, str]]:
        months = []
        month = self.start
        while month <= self.end:
            months.append(month)
            month = _next_month(month)
        if len(months) <= 13:
            return [
                (self.x(m), f"{m:%b %Y}" if i == 0 or m.month == 1 else f"{m:%b}")
                for i, m in enumerate(months[:-1])
            ]
        years = sorted({m.year for m in months if m.month == 1})
        step = max(1, math.ceil(len(years) / 6))
        return [(self.x(dt.date(y, 1, 1)), str(y)) for y in years[::step]]


@functools.lru_cache(maxsize=4096)
def _month_and_year(month: dt.date) -> str:
    """'March 2025', made once for each month: `strftime` on every bar and label cost about
    a third of a second of a run at 10,000 briefings (a bar a month on 4,800 entity pages)."""
    return f"{month:%B %Y}"


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@functools.lru_cache(maxsize=4096)  # asked for each bar, two or three times
def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def timeline(
    ident: str,
    subject: str,
    briefing_dates: Sequence[dt.date],
    events: Sequence[EventMark],
    as_of: dt.date | None = None,
) -> Markdown | None:
    """Briefings per month with their counts, and events as marks (ranges as spans) by status,
    with a drawn key and a line at the as-of date; None when there is too little to draw (one
    date says nothing a sentence would not). Events with no date are not drawn and not
    counted: the text alternative says what the chart shows, and only that."""
    days = [*briefing_dates, *(e.first for e in events), *(e.last for e in events)]
    if len(set(days)) < 2:
        return None
    # Today belongs on the scale: how long ago the last report was is part of the picture.
    today = [as_of] if as_of else []
    scale = _Scale(min([*days, *today]), max([*days, *today]))
    body = [f'<line class="axis" x1="{GUTTER}" y1="62" x2="{WIDTH - 4}" y2="62"/>']
    for x, label in scale.ticks():
        body.append(f'<line class="tick" x1="{x:.1f}" y1="62" x2="{x:.1f}" y2="67"/>')
        body.append(f'<text class="year" x="{x + 2:.1f}" y="78">{label}</text>')
    body.append('<text class="row" x="0" y="28">Briefings</text>')
    body.append('<text class="row" x="0" y="52">Events</text>')
    per_month = Counter((_month(day), "briefing") for day in briefing_dates)
    said = [
        f"{_month_and_year(m)}: {_count(n, 'briefing')}" for (m, _), n in sorted(per_month.items())
    ]
    body += _month_bars(scale, per_month, 32, 18, lambda count, _: _count(count, "briefing"))
    body += _bar_counts(scale, per_month, 32, 18)
    marks, event_words, kinds = _event_marks(scale, events)
    body += marks
    said += event_words
    bottom = 84.0
    if as_of is not None:
        x = scale.x(as_of) + 0.5 * (scale.x(as_of + dt.timedelta(days=1)) - scale.x(as_of))
        # Below the briefing bars, so it never runs through a bar's count.
        body.append(f'<line class="today" x1="{x:.1f}" y1="38" x2="{x:.1f}" y2="84"/>')
        anchor = "end" if x > WIDTH - 40 else "start"
        shift = -3 if anchor == "end" else 3
        body.append(
            f'<text class="today" x="{x + shift:.1f}" y="94" text-anchor="{anchor}">today</text>'
        )
        bottom = 100.0
    key, bottom = _timeline_key(kinds, bottom)
    body += key
    held = sum(1 for e in events if e.status == "held")
    planned = sum(1 for e in events if e.status in PLANNED)
    span = f"{min(days):%B %Y} to {max(days):%B %Y}"
    marked = f" A line marks today, {as_of.day} {as_of:%B %Y}." if as_of else ""
    description = (
        f"{_count(len(briefing_dates), 'briefing')} and {_count(len(events), 'event')} "
        f"about {subject}, {span}: {held} held, {planned} planned, "
        f"{len(events) - held - planned} postponed or cancelled.{marked}"
    )
    words = [KEY_WORDS["briefing"], *(KEY_WORDS[kind] for kind in kinds)]
    if as_of is not None:
        words.append(f"the upright line: today, {as_of.day} {as_of:%B %Y}")
    caption = "Key: " + "; ".join(words) + "."
    title = f"Timeline of {subject}"
    return _figure(ident, bottom, title, description, body, said, caption=caption)


KEY_ORDER = ("held", "planned", "held vague", "planned vague", "postponed", "cancelled")
KEY_LABELS = {
    "held": "held",
    "planned": "planned",
    "held vague": "held, month only",
    "planned vague": "planned, month only",
    "postponed": "postponed",
    "cancelled": "cancelled",
}


def _key_kind(status: str, vague: bool) -> str:
    kind = "planned" if status in PLANNED else status
    return f"{kind} vague" if vague and kind in {"held", "planned"} else kind


def _timeline_key(kinds: Sequence[str], top: float) -> tuple[list[str], float]:
    """A sample of each kind of event mark drawn, with its name, in rows that wrap at the
    chart's width (about 6.5 units a character of the 12-unit type); the new bottom."""
    body: list[str] = []
    x, y = 0.0, top + 10
    for kind in kinds:
        label = KEY_LABELS[kind]
        width = 14 + 6.5 * len(label) + 12
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + 16
        status = {"planned": "scheduled", "planned vague": "scheduled vague"}.get(kind, kind)
        if kind.endswith("vague"):
            body.append(
                f'<line class="{status}" x1="{x:.1f}" y1="{y:.1f}" x2="{x + 10:.1f}" y2="{y:.1f}"/>'
            )
        else:
            body.append(f'<circle class="{status}" cx="{x + 4:.1f}" cy="{y:.1f}" r="3.5"/>')
        body.append(f'<text class="key" x="{x + 14:.1f}" y="{y + 4:.1f}">{label}</text>')
        x += width
    return body, (y + 10 if kinds else top)


def _event_marks(
    scale: _Scale, events: Sequence[EventMark]
) -> tuple[list[str], list[str], list[str]]:
    """The marks, what their tooltips say, and the kinds of mark drawn (in the key's order)."""
    if len(events) > INDIVIDUAL_EVENTS:
        per_month = Counter((_month(e.first), _kind(e.status)) for e in events)
        said = [
            f"{_month_and_year(m)}: {_events(n, kind)}"
            for (m, kind), n in sorted(per_month.items())
        ]
        marks = _month_bars(scale, per_month, 56, 14, _events)
        drawn = {"planned" if kind == "scheduled" else kind for _, kind in per_month}
        return marks, said, [k for k in KEY_ORDER if k in drawn]
    marks, said, drawn = [], [], set()
    for event in events:
        x1, x2 = scale.x(event.first), scale.x(event.last + dt.timedelta(days=1))
        label = f"<title>{svg_text(event.label)}</title>" if event.label else ""
        if event.label:
            said.append(event.label)
        drawn.add(_key_kind(event.status, event.vague))
        if event.vague:
            # A line, solid when held and dashed when planned: not by colour or opacity alone.
            marks.append(
                f'<line class="{event.status} vague" x1="{x1:.1f}" y1="48" '
                f'x2="{x1 + max(2.0, x2 - x1):.1f}" y2="48">{label}</line>'
            )
        elif x2 - x1 < 4:
            marks.append(
                f'<circle class="{event.status}" cx="{(x1 + x2) / 2:.1f}" cy="48" r="3.5">'
                f"{label}</circle>"
            )
        else:
            marks.append(
                f'<rect class="{event.status}" x="{x1:.1f}" y="44.5" width="{x2 - x1:.1f}" '
                f'height="7" rx="3.5">{label}</rect>'
            )
    return marks, said, [k for k in KEY_ORDER if k in drawn]


def _month_bars(
    scale: _Scale,
    per_month: Counter[tuple[dt.date, str]],
    baseline: int,
    tallest_height: int,
    counted: Callable[[int, str], str],
) -> list[str]:
    """A bar for each month and class, as tall as its count (the tallest given the height),
    standing on the baseline; its title says the month and the count."""
    tallest = max(per_month.values(), default=1)
    bars = []
    for (month, kind), count in sorted(per_month.items()):
        x1, x2 = scale.x(month), scale.x(_next_month(month))
        height = max(2.0, tallest_height * count / tallest)
        bars.append(
            f'<rect class="{kind}" x="{x1:.1f}" y="{baseline - height:.1f}" '
            f'width="{max(1.0, x2 - x1 - 0.5):.1f}" height="{height:.1f}">'
            f"<title>{_month_and_year(month)}: {counted(count, kind)}</title></rect>"
        )
    return bars


def _bar_counts(
    scale: _Scale, per_month: Counter[tuple[dt.date, str]], baseline: int, tallest_height: int
) -> list[str]:
    """Each bar's count as text above it when months are wide enough for the digits (about
    7 units each); otherwise the scale in words beside the row, and the counts in the list
    under the chart."""
    tallest = max(per_month.values(), default=1)
    month_width = min((scale.x(_next_month(m)) - scale.x(m) for m, _ in per_month), default=0.0)
    if month_width < 7 * len(str(tallest)) + 1:
        return [f'<text class="count" x="0" y="40">up to {tallest}</text>']
    texts = []
    for (month, _), count in sorted(per_month.items()):
        middle = (scale.x(month) + scale.x(_next_month(month))) / 2
        top = baseline - max(2.0, tallest_height * count / tallest)
        texts.append(
            f'<text class="count" x="{middle:.1f}" y="{top - 2:.1f}" text-anchor="middle">'
            f"{count}</text>"
        )
    return texts


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _events(count: int, kind: str) -> str:
    return _count(count, f"{'planned' if kind == 'scheduled' else kind} event")


def _kind(status: str) -> str:
    return "held" if status == "held" else "scheduled" if status in PLANNED else "cancelled"


def star(
    ident: str,
    centre: str,
    others: Sequence[tuple[str, int]],
    title: str | None = None,
    through: str = "through the events the briefings report",
) -> Markdown | None:
    """Who met whom: the page's person (or country) in the middle, those they met around,
    each line as thick as the events they shared. One line says nothing the list beside it
    does not, so it takes two at least."""
    if len(others) < 2:
        return None
    cx, cy, radius = WIDTH / 2, 125.0, 92
    most = max(count for _, count in others)
    body = []
    labels = []
    said = []
    for index, (name, count) in enumerate(others):
        angle = 2 * math.pi * index / len(others) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        width = 1 + 4 * count / most
        said.append(f"{name}: {_count(count, 'event')}")
        body.append(
            f'<line class="edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke-width="{width:.1f}"><title>{svg_text(said[-1])}</title></line>'
        )
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else "start" if x > cx else "end"
        dy = 14 if math.sin(angle) > 0.3 else -8 if math.sin(angle) < -0.3 else 4
        dx = 7 if anchor == "start" else -7 if anchor == "end" else 0
        labels.append(f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
        labels.append(
            f'<text class="name" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
            f"{svg_text(_short(name))} ({count})</text>"
        )
    body += labels
    body.append(f'<circle class="node centre" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>')
    body.append(
        f'<text class="name centre" x="{cx:.1f}" y="{cy + 20:.1f}" text-anchor="middle">'
        f"{svg_text(_short(centre))}</text>"
    )
    met = ", ".join(f"{name} ({count})" for name, count in others)
    title = title or f"Who {centre} met"
    description = f"{title}, {through}: {met}."
    # Only as tall as what is drawn: one person met needs the top half alone.
    ys = [
        cy + radius * math.sin(2 * math.pi * i / len(others) - math.pi / 2)
        for i in range(len(others))
    ]
    top, bottom = min([*ys, cy]) - 24, max([*ys, cy]) + 30
    return _figure(ident, round(bottom - top), title, description, body, said, round(top))


def sides(
    ident: str,
    countries: tuple[str, str],
    people: tuple[Sequence[str], Sequence[str]],
    met: Sequence[tuple[int, int, int]],
    through: str = "through the events reported",
) -> Markdown | None:
    """The people on each side of two countries' events: one country's on the left, the
    other's on the right, a line between two who met, as thick as the events they shared."""
    if not met:
        return None
    rows = max(len(people[0]), len(people[1]))
    height = 26 + 20 * rows
    body = [
        f'<text class="name side" x="8" y="14">{svg_text(_short(countries[0]))}</text>',
        f'<text class="name side" x="{WIDTH - 8}" y="14" text-anchor="end">'
        f"{svg_text(_short(countries[1]))}</text>",
    ]
    most = max(count for _, _, count in met)
    said = []
    for left, right, count in met:
        y1, y2 = 30 + 20 * left, 30 + 20 * right
        body.append(f'<circle class="node" cx="146" cy="{y1}" r="3"/>')
        body.append(f'<circle class="node" cx="{WIDTH - 146}" cy="{y2}" r="3"/>')
        said.append(f"{people[0][left]} and {people[1][right]}: {_count(count, 'event')}")
        body.append(
            f'<line class="edge" x1="146" y1="{y1}" x2="{WIDTH - 146}" y2="{y2}" '
            f'stroke-width="{1 + 4 * count / most:.1f}"><title>{svg_text(said[-1])}</title></line>'
        )
    for column, names in enumerate(people):
        x = 8 if column == 0 else WIDTH - 8
        anchor = "start" if column == 0 else "end"
        for row, name in enumerate(names):
            body.append(
                f'<text class="name" x="{x}" y="{34 + 20 * row}" text-anchor="{anchor}">'
                f"{svg_text(_short(name, 20))}</text>"
            )
    pairs = "; ".join(
        f"{people[0][left]} and {people[1][right]} ({count})" for left, right, count in met
    )
    title = f"Who met whom between {countries[0]} and {countries[1]}"
    return _figure(ident, height, title, f"{title}, {through}: {pairs}.", body, said)


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def bars(ident: str, title: str, rows: Sequence[tuple[str, int]], unit: str) -> Markdown | None:
    """Horizontal bars, longest first: how many briefings involve each country."""
    if not rows:
        return None
    height = 16 * len(rows) + 8
    most = max(count for _, count in rows)
    body = []
    for index, (name, count) in enumerate(rows):
        y = 6 + 16 * index
        length = (WIDTH - 140) * count / most
        body.append(
            f'<text class="name" x="104" y="{y + 10}" text-anchor="end">'
            f"{svg_text(_short(name, 16))}</text>"
        )
        body.append(
            f'<rect class="bar" x="110" y="{y}" width="{max(1.0, length):.1f}" height="12">'
            f"<title>{svg_text(name)}: {count} {unit}</title></rect>"
        )
        body.append(f'<text class="count" x="{114 + length:.1f}" y="{y + 10}">{count}</text>')
    listed = ", ".join(f"{name} {count}" for name, count in rows)
    said = [f"{name}: {count} {unit}" for name, count in rows]
    return _figure(ident, height, title, f"{title}: {listed}.", body, said)
