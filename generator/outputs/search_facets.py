"""Search filters (facets) for the built site, kept out of Pagefind so the site is reproducible.

Pagefind writes its own filter index in hash-map order, so two runs over the same pages give
different bytes (Pagefind issue #638; still so in Pagefind 1.5). So Pagefind indexes text only,
and this step writes the facets itself, from the site's own data export (data/export.json,
which the generator writes from the resolved briefings). Nothing here reads Pagefind's files:
pages are named by their address in the site (`briefings/<id>/`), which the browser learns
for each search result from Pagefind's public JavaScript API (`result.data()`'s `url`).

    search-facets/index.json         {kind: [[value id, label, page count], ...], ...}
    search-facets/<kind>/<id>.json   sorted addresses of the pages with that value
    search-facets/by-page/<kind>.json  {address: [positions in index.json's list]}
    search-facets/names.json         {"groups": {kind: its label}, "names": [[a name or
                                     alias, the entity's name, its address, its kind], ...]}

The names let search offer the pages about similar names when a query finds nothing (a
misspelt "lavrof"), and label the filter groups in words. A reader's browser loads index.json
when they open the filters and one small file per value they tick
(docs/javascripts/search.js).
"""

from __future__ import annotations

import errno
import json
import os
import posixpath
import re
import stat
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from ..story.models import KINDS, EntityKind
from ..story.sitemap import EXPORT, RELATIONS_DIR

FACET_DIR = "search-facets"
MIB = 1024 * 1024
MAX_EXPORT_BYTES = 1024 * MIB
# Facet kinds in the order readers see them, with the export list that names their values.
ENTITY_FACETS = {kind.singular: kind.plural for kind in KINDS if kind.search_facet}
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
PAGE_KIND = "kind"
"""The facet of what a page is, with its values' labels in the order readers see them."""
PAIR = "pair"
PAGE_KINDS = {
    "briefing": "Briefings",
    **{kind.singular: kind.title for kind in KINDS},
    PAIR: "Pages of two countries",
}
PAIR_FOLDER = re.compile(r"[a-z0-9][a-z0-9-]{0,99}--[a-z0-9][a-z0-9-]{0,99}")
"""A page of two countries' folder in the built site: their slugs, joined by two dashes."""
MAX_PAIR_PAGES = 1_000_000


class FacetError(Exception):
    """The built site does not hold what the facets are made from."""


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise FacetError(
            f"{path}: is a symbolic link; search data is read only from the files this build "
            "wrote. Delete it and build the site again (make site)"
        )


def _read_limited(path: Path, limit: int) -> bytes:
    """A plain file's bytes, refusing a link and stopping as soon as there are more than
    `limit`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise FacetError(f"{path} does not exist: build the site first") from None
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            _refuse_link(path)
        raise FacetError(f"{path} cannot be read: {problem.strerror}") from problem
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FacetError(f"{path} is not a plain file; build the site again (make site)")
        data = handle.read(min(status.st_size, limit) + 1)  # never past the limit
    if len(data) > limit:
        raise FacetError(f"{path}: more than {limit / MIB:g} MiB; build the site again")
    return data


def read_export(site: Path) -> dict[str, Any]:
    path = site / EXPORT
    folders = PurePosixPath(EXPORT).parents[:-1]
    for place in (site, *(site / folder for folder in reversed(folders)), path):
        _refuse_link(place)
    if not path.is_file():
        raise FacetError(f"{path} does not exist: build the site first")
    try:
        loaded = json.loads(_read_limited(path, MAX_EXPORT_BYTES))
    except ValueError as problem:
        raise FacetError(f"{path} is not readable JSON: build the site again") from problem
    if not isinstance(loaded, dict):
        raise FacetError(f"{path} is not the site's data export: build the site again")
    return loaded


def read_pair_pages(site: Path) -> list[str]:
    """The addresses of the pages of two countries this build wrote (`relations/a--b/`). The
    export lists entities, not pairs, so these come from the build's own folder: a page a
    search finds is counted under a kind of page like every other."""
    folder = site / RELATIONS_DIR
    _refuse_link(folder)
    if not folder.is_dir():
        return []
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if len(found) >= MAX_PAIR_PAGES:
                raise FacetError(f"{folder}: more folders than any build writes; build again")
            if entry.is_symlink():
                _refuse_link(Path(entry.path))
            if entry.is_dir(follow_symlinks=False) and PAIR_FOLDER.fullmatch(entry.name):
                found.append(f"{RELATIONS_DIR}/{entry.name}/")
    return sorted(found)


def _site_address(export_url: str) -> str:
    """Export URLs are relative to the export file; the filters name pages by their address
    in the site, as the browser reads it from a search result's URL."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(EXPORT), export_url)) + "/"


def _facet_id(value: str) -> str:
    facet_id = value.lower()
    if not SAFE_ID.fullmatch(facet_id):
        raise FacetError(f"{EXPORT}: {value!r} cannot name a facet file")
    return facet_id


def _values_of(briefing: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for kind, field in ENTITY_FACETS.items():
        for entry in briefing[field]:
            yield kind, entry["id"] if isinstance(entry, dict) else entry
    yield "year", briefing["date"][:4]


def _event_values(event: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """What an event's registry entry and reports give it: its countries, participants,
    organisations and the years of its dates. Events carry no topics."""
    yield from (("country", code) for code in event["countries"])
    yield from (("person", person) for person in event["participants"])
    yield from (("organisation", organisation) for organisation in event["organisations"])
    yield from (("year", year) for year in sorted({day[:4] for day in event["dates"]}))


def _page_values(
    export: Mapping[str, Any], pairs: Iterable[str] = ()
) -> Iterable[tuple[str, str, str]]:
    """(address, facet kind, value) of every page a filter can select: briefings by what they
    list, events by what they involve, an entity's page by its own value and country, and a
    page of two countries by both."""
    code_of = {_site_address(c["url"]).split("/")[-2]: c["id"] for c in export["countries"]}
    for address in pairs:
        yield address, PAGE_KIND, PAIR
        for slug in address.split("/")[-2].split("--"):
            if slug in code_of:
                yield address, "country", code_of[slug]
    for briefing in export["briefings"]:
        address = _site_address(briefing["url"])
        yield address, PAGE_KIND, "briefing"
        for facet, value in _values_of(briefing):
            yield address, facet, value
    for kind in KINDS:
        for entity in export[kind.plural]:
            address = _site_address(entity["url"])
            yield address, PAGE_KIND, kind.singular
            if kind.entity is EntityKind.EVENT:
                values: Iterable[tuple[str, str]] = _event_values(entity)
            else:
                own = [(kind.singular, entity["id"])] if kind.search_facet else []
                country = entity.get("country")
                values = own + ([("country", country)] if country else [])
            for facet, value in values:
                yield address, facet, value


def _labels(export: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    return {
        **{
            (kind, entity["id"]): entity["name"]
            for kind, field in ENTITY_FACETS.items()
            for entity in export[field]
        },
        **{(PAGE_KIND, kind): label for kind, label in PAGE_KINDS.items()},
    }


def facet_files(export: Mapping[str, Any], pairs: Iterable[str] = ()) -> dict[str, str]:
    """The facet files, by path under search-facets/; a pure function of the export and the
    addresses of the pages of two countries (`read_pair_pages`)."""
    try:
        return _facet_files(export, pairs)
    except (KeyError, TypeError, AttributeError) as problem:
        raise FacetError(
            f"{EXPORT} lacks what the filters are made from ({problem!r}): build the site again"
        ) from problem


def _facet_files(export: Mapping[str, Any], pairs: Iterable[str]) -> dict[str, str]:
    pages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for address, kind, value in _page_values(export, pairs):
        pages[kind, value].add(address)
    labels = _labels(export)
    index: dict[str, list[tuple[str, str, int]]] = {
        kind: [] for kind in (PAGE_KIND, *ENTITY_FACETS, "year")
    }
    files: dict[str, str] = {}
    for (kind, value), ids in pages.items():
        facet_id = _facet_id(value)
        index[kind].append((facet_id, labels.get((kind, value), value), len(ids)))
        files[f"{kind}/{facet_id}.json"] = _compact(sorted(ids))
    order = {label: at for at, label in enumerate(PAGE_KINDS.values())}
    for kind, values in index.items():
        if kind == PAGE_KIND:
            values.sort(key=lambda v: order[v[1]])
        else:
            values.sort(key=lambda v: (v[1].casefold(), v[0]), reverse=kind == "year")
    files["index.json"] = _compact({k: v for k, v in index.items() if v})
    files.update(_values_by_page(index, pages))
    files["names.json"] = _compact(_names(export))
    return dict(sorted(files.items()))


def _values_by_page(
    index: Mapping[str, list[tuple[str, str, int]]], pages: Mapping[tuple[str, str], set[str]]
) -> dict[str, str]:
    """For each kind, each page's values as positions in index.json's list: the browser
    counts them over a query's results, so the counts beside the filters follow the query."""
    files = {}
    for kind, values in index.items():
        if not values:
            continue
        position = {facet_id: i for i, (facet_id, _, _) in enumerate(values)}
        of_page: dict[str, list[int]] = defaultdict(list)
        for (found_kind, value), ids in pages.items():
            if found_kind == kind:
                for address in ids:
                    of_page[address].append(position[_facet_id(value)])
        files[f"by-page/{kind}.json"] = _compact(
            {address: sorted(of_page[address]) for address in sorted(of_page)}
        )
    return files


GROUP_LABELS = {
    PAGE_KIND: "Kind of page",
    **{kind.singular: kind.title for kind in KINDS if kind.search_facet},
    "year": "Year",
}
GROUP_SCOPES = {
    "country": (
        "briefings, events, and the pages of the country, of its people and of it with "
        "another country"
    ),
    "person": "briefings, events, and the person's page",
    "organisation": "briefings, events, and the organisation's page",
    "topic": "briefings and the topic's page; events have no topics",
    "year": "briefings and events",
}
"""Which pages each group's values select, said beside the group: a reader who ticks a topic
learns that events drop out because they have no topics, not because none matched."""


def _names(export: Mapping[str, Any]) -> dict[str, Any]:
    """Every name and alias of every entity, with where its page is, for suggestions."""
    names = []
    for kind in KINDS:
        for entity in export[kind.plural]:
            address = _site_address(entity["url"])
            for written in (entity["name"], *entity["aliases"]):
                names.append((written, entity["name"], address, kind.singular))
    return {"groups": GROUP_LABELS, "scopes": GROUP_SCOPES, "names": sorted(names)}


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
