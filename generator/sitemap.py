"""One map of the site: every kind of page, its address and its template, in one place.

The graph gives each page its address through these functions; the writer allows exactly
these folders and files; the feeds, the export and the search filters name their files from
here. Addresses are paths under docs/ (`people/sergey-lavrov.md`); MkDocs turns each into a
directory URL (`people/sergey-lavrov/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import KIND, KINDS, EntityKind

BRIEFINGS_DIR = "briefings"
RELATIONS_DIR = "relations"
FEEDS_DIR = "feeds"
DATA_DIR = "data"

MAIN_FEED = f"{FEEDS_DIR}/briefings.xml"
CALENDAR = f"{FEEDS_DIR}/events.ics"
EXPORT = f"{DATA_DIR}/export.json"
EXPORT_SCHEMA = f"{DATA_DIR}/export.schema.json"


def briefing_uri(briefing_id: str) -> str:
    return f"{BRIEFINGS_DIR}/{briefing_id}.md"


def is_briefing_uri(uri: str) -> bool:
    """Whether a page address is a briefing's own page (not a page of briefings by year)."""
    folder, _, name = uri.partition("/")
    return folder == BRIEFINGS_DIR and "/" not in name and name != "index.md"


def entity_uri(kind: EntityKind, slug: str) -> str:
    """An entity's page: its id, or for a country the slug of its display name."""
    return f"{KIND[kind].plural}/{slug}.md"


def pair_uri(first_slug: str, second_slug: str) -> str:
    """The page of two countries, named by their slugs in order."""
    low, high = sorted((first_slug, second_slug))
    return f"{RELATIONS_DIR}/{low}--{high}.md"


YEARS_DIR = "years"
"""Where a section's year pages go (`briefings/years/2025.md`); no id may take this name."""


def year_uri(list_uri: str, year: int) -> str:
    """The page of one year of a long list (see long_lists.py): a section index's years go in
    its `years/` folder (`briefings/index.md` -> `briefings/years/2025.md`), an entity's page's
    or two countries' page's in a folder of its name (`countries/india.md` ->
    `countries/india/2025.md`, `relations/india--russia.md` ->
    `relations/india--russia/2025.md`)."""
    folder, name = list_uri.rsplit("/", 1)
    stem = name.removesuffix(".md")
    return f"{folder}/{YEARS_DIR if stem == 'index' else stem}/{year}.md"


def year_part_uri(list_uri: str, year: int, number: int) -> str:
    """Part `number` of a long year: the first is the year's page, the others go in a folder
    of its name (`countries/india/2025.md` -> `countries/india/2025/2.md`), inside the folder
    of the list's own year pages, where no other page goes."""
    first = year_uri(list_uri, year)
    return first if number == 1 else f"{first.removesuffix('.md')}/{number}.md"


PARTS_DIR = "more"
"""Where a long section index continues (`people/more/2.md`); no id may take this name."""


def index_part_uri(kind: EntityKind, number: int) -> str:
    """Part `number` of a section's index of entities: the first is the index itself."""
    plural = KIND[kind].plural
    return f"{plural}/index.md" if number == 1 else f"{plural}/{PARTS_DIR}/{number}.md"


def country_feed_uri(country_slug: str) -> str:
    return f"{FEEDS_DIR}/countries/{country_slug}.xml"


@dataclass(frozen=True)
class OverviewPage:
    """A page of its own, not one of a kind: a section index or an overview."""

    uri: str
    template: str
    title: str
    description: str


OVERVIEW_PAGES: tuple[OverviewPage, ...] = (
    OverviewPage(
        "index.md",
        "home.md.j2",
        "Policy Briefings",
        "Structured briefings on international affairs, each based on one news article.",
    ),
    OverviewPage(
        f"{BRIEFINGS_DIR}/index.md",
        "briefings_index.md.j2",
        "Briefings",
        "Every briefing, newest first.",
    ),
    *(
        OverviewPage(
            f"{kind.plural}/index.md", f"{kind.plural}_index.md.j2", kind.title, kind.summary
        )
        for kind in KINDS
    ),
    OverviewPage("timeline.md", "timeline.md.j2", "Timeline", "Every event, newest first."),
    OverviewPage("upcoming.md", "upcoming.md.j2", "Upcoming", "Scheduled and anticipated events."),
)

BRIEFING_TEMPLATE = "briefing.md.j2"
YEAR_TEMPLATE = "year.md.j2"
RELATION_TEMPLATE = "relation.md.j2"

# The places under docs/ that belong to the generator, derived from the addresses above;
# .gitignore lists the same, and mkdocs.yml leaves them out of the nav (tests check both).
PAGE_DIRS: tuple[str, ...] = tuple(
    sorted({BRIEFINGS_DIR, RELATIONS_DIR, *(kind.plural for kind in KINDS)})
)
FILE_DIRS: dict[str, tuple[str, ...]] = {FEEDS_DIR: (".xml", ".ics"), DATA_DIR: (".json",)}
"""Machine-readable outputs, which MkDocs copies into the site as they are, by suffix."""
GENERATED_DIRS: tuple[str, ...] = (*PAGE_DIRS, *FILE_DIRS)
GENERATED_FILES: tuple[str, ...] = tuple(page.uri for page in OVERVIEW_PAGES if "/" not in page.uri)
