"""One map of the site: every kind of page, its address and its template, in one place.

The graph gives each page its address through these functions; the writer allows exactly
these folders and files; the feeds, the export and the search filters name their files from
here. Addresses are paths under docs/ (`people/sergey-lavrov.md`); MkDocs turns each into a
directory URL (`people/sergey-lavrov/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import KIND, KINDS, EntityKind

SITE_NAME = "Policy Briefings"
"""The site's name, as readers see it: the home page's heading, page descriptions, feed and
calendar titles. mkdocs.yml's `site_name` says the same (a test keeps them equal)."""
ID_DOMAIN = "policy-briefings.invalid"
"""The domain of the feeds' entry ids and the calendar's event ids: ids readers' applications
keep, so it stays the same if the site is renamed."""

BRIEFINGS_DIR = "briefings"
RELATIONS_DIR = "relations"
FEEDS_DIR = "feeds"
DATA_DIR = "data"

MAIN_FEED = f"{FEEDS_DIR}/briefings.xml"
CALENDAR = f"{FEEDS_DIR}/events.ics"
EXPORT = f"{DATA_DIR}/export.json"
EXPORT_SCHEMA = f"{DATA_DIR}/export.schema.json"
ABOUT = "about.md"
"""The hand-written page on how briefings are made (docs/about.md)."""


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


HOME = OverviewPage(
    "index.md",
    "home.md.j2",
    SITE_NAME,
    "Structured briefings on international affairs, each based on one news article.",
)
BRIEFINGS_INDEX_PAGE = OverviewPage(
    f"{BRIEFINGS_DIR}/index.md",
    "briefings_index.md.j2",
    "Briefings",
    "Every briefing, newest first.",
)
SECTION_INDEXES: dict[EntityKind, OverviewPage] = {
    kind.entity: OverviewPage(
        index_part_uri(kind.entity, 1), f"{kind.plural}_index.md.j2", kind.title, kind.summary
    )
    for kind in KINDS
}
"""Each kind's section index (its first part, see long_lists.py), in the kinds' order."""
TIMELINE = OverviewPage("timeline.md", "timeline.md.j2", "Timeline", "Every event, newest first.")
UPCOMING = OverviewPage(
    "upcoming.md", "upcoming.md.j2", "Upcoming", "Scheduled and anticipated events."
)
OVERVIEW_PAGES: tuple[OverviewPage, ...] = (
    HOME,
    BRIEFINGS_INDEX_PAGE,
    *SECTION_INDEXES.values(),
    TIMELINE,
    UPCOMING,
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


# What a file system can hold. The checker refuses a contributor's name that would make an
# address no checkout or build could write, so `check` never passes what `generate` fails on.
MAX_NAME_BYTES = 255
"""The longest file or folder name ext4, APFS and most others take (NTFS: 255 UTF-16 units,
which an ASCII address never exceeds in bytes either)."""
MAX_PATH_BYTES = 1024
"""The longest address under docs/ (macOS's PATH_MAX; Linux takes 4096), leaving room for
the checkout's own folder and site/'s `index.html`."""
WINDOWS_DEVICE_NAMES = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"{port}{number}" for port in ("com", "lpt") for number in "123456789¹²³"),
    }
)
"""Names Windows keeps for devices, whatever the letter case and with any extension
(`nul.md`, `con.tar.gz`): a file of that name cannot be checked out there."""


MAX_COUNTRY_SLUG_BYTES = (MAX_NAME_BYTES - len(pair_uri("", "").rsplit("/", 1)[1])) // 2
"""The longest a country's address may be (125 bytes): it appears twice in the name of the
page of two countries (`india--russia.md`), which must fit MAX_NAME_BYTES whatever the pair."""


def is_windows_device_name(name: str) -> bool:
    """Whether Windows reads this file or folder name as a device (its part before the first
    dot, with trailing spaces dropped, is one of WINDOWS_DEVICE_NAMES)."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_DEVICE_NAMES


def entity_uris(kind: EntityKind, slug: str) -> tuple[str, ...]:
    """Every address an entity's slug (its id, or a country's name) takes part in: its page,
    the folder of its year pages, and for a country its feed and its page with another
    country. The partner is the country itself, the longest that can be assumed: a country's
    slug appears twice in the name of a page of two."""
    page = entity_uri(kind, slug)
    uris = [page, year_uri(page, 2000)]
    if kind is EntityKind.COUNTRY:
        uris += [country_feed_uri(slug), pair_uri(slug, slug)]
    return tuple(uris)


def unwritable_name(uri: str) -> str | None:
    """The first part of an address no file system in use can hold, or None: a name over
    MAX_NAME_BYTES, a Windows device name, or the whole address over MAX_PATH_BYTES."""
    if len(uri.encode("utf-8")) > MAX_PATH_BYTES:
        return uri
    for name in uri.split("/"):
        if len(name.encode("utf-8")) > MAX_NAME_BYTES or is_windows_device_name(name):
            return name
    return None
