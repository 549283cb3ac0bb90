"""Stage 5: turn the corpus and its link graph into Markdown pages. Pure: no file is touched.

Contributor text is untrusted. Every value a template prints is escaped for Markdown and HTML
unless it is `Markdown` the renderer built itself (links between our own pages), so a template
cannot forget to escape.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import urllib.parse
from collections.abc import Iterable
from typing import Any

import jinja2
import yaml

from .graph import SECTION, LinkGraph, event_sort_key
from .models import (
    FUTURE_STATUSES,
    PLOVER_CATEGORY,
    Briefing,
    Corpus,
    EntityKey,
    EntityKind,
    EventRecord,
    OfficeRecord,
    Page,
    PartialDate,
)

LATEST_ON_HOME = 10


class Markdown(str):
    """Markdown the renderer produced itself; printed as is."""


_INLINE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
        "|": "\\|",
        # A trailing # would be taken for the end of an ATX heading and dropped.
        "#": "\\#",
    }
)
# Characters that start a block (heading, list, quote, admonition, table...) at a line start.
_BLOCK_STARTERS = frozenset("#-+=!?:>~|%")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


def escape_inline(text: str) -> str:
    """Escape text so Markdown shows it literally; line breaks become spaces."""
    escaped = " ".join(text.split()).translate(_INLINE_ESCAPES)
    if escaped[:1] in _BLOCK_STARTERS:
        return f"&#{ord(escaped[0])};{escaped[1:]}"
    return _ORDERED_ITEM.sub(lambda m: f"{m[1]}&#{ord(m[2])};", escaped, count=1)


def prose(text: str, indent: int = 0) -> Markdown:
    """Paragraphs (separated by blank lines) as escaped Markdown paragraphs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    pad = " " * indent
    return Markdown(f"\n\n{pad}".join(escape_inline(p) for p in paragraphs))


# Characters a URL may carry literally inside a Markdown link destination; everything else,
# including parentheses, backslashes and backticks, is percent-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


def external_link(url: str) -> Markdown:
    """A link to a checked http(s) URL that no character in it can end or alter."""
    href = urllib.parse.quote(url, safe=_URL_SAFE)
    return Markdown(f"[{escape_inline(url)}]({href})")


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape_inline(str(value))


def long_date(value: dt.date | PartialDate | None) -> str:
    if value is None:
        return "date not given"
    if isinstance(value, PartialDate):
        return value.display()
    return f"{value.day} {value.strftime('%B')} {value.year}"


def office_period(office: OfficeRecord) -> str:
    if office.since and office.until:
        return f"from {long_date(office.since)} to {long_date(office.until)}"
    if office.since:
        return f"since {long_date(office.since)}"
    if office.until:
        return f"until {long_date(office.until)}"
    return "dates not given"


def front_matter(title: str, description: str) -> Markdown:
    """YAML front matter, made by a serializer. Themes print both values into HTML unescaped
    (the description inside an attribute), so they are HTML-escaped here."""
    data = {
        "title": html.escape(" ".join(title.split()), quote=False),
        "description": html.escape(" ".join(description.split()), quote=True),
    }
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=10_000)
    return Markdown(f"---\n{dumped}---\n")


class _Site:
    """Lookups the templates need: names, links and the graph, for one corpus."""

    def __init__(self, corpus: Corpus, graph: LinkGraph, as_of: dt.date) -> None:
        self.corpus = corpus
        self.graph = graph
        self.as_of = as_of
        self.briefings = {b.id: b for b in corpus.briefings}

    def name(self, key: EntityKey) -> str:
        registry = self.corpus.registry
        match key.kind:
            case EntityKind.COUNTRY:
                return registry.countries[key.id].name
            case EntityKind.PERSON:
                return registry.people[key.id].name
            case EntityKind.ORGANISATION:
                return registry.organisations[key.id].name
            case EntityKind.EVENT:
                return registry.events[key.id].name
            case EntityKind.TOPIC:
                return registry.topics[key.id].name

    def uri(self, target: EntityKey | Briefing | str) -> str:
        if isinstance(target, EntityKey):
            return self.graph.uri_of[target]
        if isinstance(target, Briefing):
            return self.graph.briefing_uri[target.id]
        return target

    def title(self, target: EntityKey | Briefing) -> str:
        return target.record.title if isinstance(target, Briefing) else self.name(target)

    def event_date(self, event_id: str) -> PartialDate | None:
        return self.graph.event_date(event_id)

    def upcoming(self) -> list[EventRecord]:
        found = []
        for event_id in sorted(self.corpus.registry.events):
            report, date = self.graph.latest_report(event_id), self.event_date(event_id)
            if report and date and report.status in FUTURE_STATUSES and date.last_day >= self.as_of:
                found.append(self.corpus.registry.events[event_id])
        return sorted(found, key=lambda e: event_sort_key(e.id, self.graph))

    def events_by_date(self, event_ids: Iterable[str] | None = None) -> list[EventRecord]:
        ids = self.corpus.registry.events if event_ids is None else event_ids
        ordered = sorted(ids, key=lambda e: event_sort_key(e, self.graph))
        return [self.corpus.registry.events[e] for e in ordered]

    def events_newest_first(self) -> list[EventRecord]:
        """Dated events newest first, then the undated ones."""
        dated = [e for e in self.events_by_date() if self.event_date(e.id) is not None]
        undated = [e for e in self.events_by_date() if self.event_date(e.id) is None]
        return [*reversed(dated), *undated]

    def briefings_newest_first(self, ids: Iterable[str] | None = None) -> list[Briefing]:
        chosen = self.corpus.briefings if ids is None else [self.briefings[i] for i in ids]
        return sorted(chosen, key=lambda b: (b.date, b.id), reverse=True)

    def offices_attested(self, person_id: str) -> list[tuple[str, Briefing]]:
        """Offices briefings give this person, newest attestation first."""
        found = []
        for briefing in self.briefings_newest_first(
            self.graph.briefings_of.get(EntityKey(EntityKind.PERSON, person_id), ())
        ):
            for mention in briefing.record.people:
                if mention.id == person_id and mention.office:
                    found.append((mention.office, briefing))
        return found


def _environment(site: _Site) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def link(context: jinja2.runtime.Context, target: Any, text: str | None = None) -> Markdown:
        here = posixpath.dirname(context["page_uri"]) or "."
        href = posixpath.relpath(site.uri(target), here)
        label = escape_inline(text if text is not None else site.title(target))
        return Markdown(f"[{label}]({href})")

    @jinja2.pass_context
    def link_list(context: jinja2.runtime.Context, keys: Iterable[EntityKey]) -> Markdown:
        links = [link(context, key) for key in keys]
        return Markdown(", ".join(links) if links else "none")

    environment.globals.update(
        link=link,
        link_list=link_list,
        site=site,
        prose=prose,
        long_date=long_date,
        external_link=external_link,
        office_period=office_period,
        latest_count=LATEST_ON_HOME,
        EntityKey=EntityKey,
        keys=lambda kind, ids: [EntityKey(kind, i) for i in ids],
        Kind=EntityKind,
        plover=PLOVER_CATEGORY,
        section=SECTION,
    )
    return environment


def _render(
    environment: jinja2.Environment,
    template: str,
    uri: str,
    title: str,
    description: str,
    **context: Any,
) -> Page:
    text = environment.get_template(template).render(
        page_uri=uri, front_matter=front_matter(title, description), title=title, **context
    )
    return Page(uri, re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n")


def _entity_pages(environment: jinja2.Environment, site: _Site) -> Iterable[Page]:
    templates: dict[EntityKind, str] = {
        EntityKind.COUNTRY: "country.md.j2",
        EntityKind.PERSON: "person.md.j2",
        EntityKind.ORGANISATION: "organisation.md.j2",
        EntityKind.EVENT: "event.md.j2",
        EntityKind.TOPIC: "topic.md.j2",
    }
    for key, uri in sorted(site.graph.uri_of.items()):
        name = site.name(key)
        yield _render(
            environment,
            templates[key.kind],
            uri,
            name,
            f"{name}: briefings and events on Policy Briefings.",
            key=key,
        )


def _index_pages(environment: jinja2.Environment, site: _Site) -> Iterable[Page]:
    sections: list[tuple[str, str, str, str]] = [
        (
            "index.md",
            "home.md.j2",
            "Policy Briefings",
            "Structured briefings on international affairs, each based on one news article.",
        ),
        (
            "briefings/index.md",
            "briefings_index.md.j2",
            "Briefings",
            "Every briefing, newest first.",
        ),
        ("countries/index.md", "countries_index.md.j2", "Countries", "Countries in the briefings."),
        ("people/index.md", "people_index.md.j2", "People", "People named in the briefings."),
        (
            "organisations/index.md",
            "organisations_index.md.j2",
            "Organisations",
            "Organisations named in the briefings.",
        ),
        (
            "events/index.md",
            "events_index.md.j2",
            "Events",
            "Talks, visits, summits and sessions the briefings report.",
        ),
        ("topics/index.md", "topics_index.md.j2", "Topics", "Topics the briefings cover."),
        ("timeline.md", "timeline.md.j2", "Timeline", "Events in date order."),
    ]
    for uri, template, title, description in sections:
        yield _render(environment, template, uri, title, description)


def render_site(corpus: Corpus, graph: LinkGraph, as_of: dt.date) -> list[Page]:
    """Every generated page, in a stable order. `as_of` decides which events are upcoming."""
    site = _Site(corpus, graph, as_of)
    environment = _environment(site)
    pages: list[Page] = []
    for briefing in site.briefings_newest_first():
        pages.append(
            _render(
                environment,
                "briefing.md.j2",
                graph.briefing_uri[briefing.id],
                briefing.record.title,
                briefing.record.bottom_line,
                briefing=briefing,
            )
        )
    pages.extend(_entity_pages(environment, site))
    pages.extend(_index_pages(environment, site))
    return sorted(pages, key=lambda page: page.uri)
