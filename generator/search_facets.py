"""Search filters (facets) for the built site, kept out of Pagefind so the site is reproducible.

Pagefind writes its own filter index in hash-map order, so two runs over the same pages give
different bytes (Pagefind issue #638). Its page fragments, by contrast, are stable, and a
search result's id is the name of its fragment. So Pagefind indexes text only, and this step,
run after it, writes the facets itself:

    search-facets/index.json         {kind: [[value id, label, briefing count], ...], ...}
    search-facets/<kind>/<id>.json   sorted Pagefind ids of the briefings with that value
    search-facets/by-page/<kind>.json  {Pagefind id: [positions in index.json's list]}
    search-facets/names.json         {"groups": {kind: its label}, "names": [[a name or
                                     alias, the entity's name, its address, its kind], ...]}

The names let search offer the pages about similar names when a query finds nothing (a
misspelt "lavrof"), and label the filter groups in words.

The facet values come from the site's own data export (data/export.json), which the generator
already writes from the resolved briefings. A reader's browser loads index.json when they
open the filters and one small file per value they tick (docs/javascripts/search.js).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .models import KINDS
from .sitemap import EXPORT

FACET_DIR = "search-facets"
FRAGMENT_SIGNATURE = b"pagefind_dcd"
# Facet kinds in the order readers see them, with the export list that names their values.
ENTITY_FACETS = {kind.singular: kind.plural for kind in KINDS if kind.search_facet}
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


class FacetError(Exception):
    """The built site does not hold what the facets are made from."""


def read_page_ids(pagefind_dir: Path) -> dict[str, str]:
    """Map each page's site-relative address (`briefings/x/`) to its Pagefind id."""
    page_ids: dict[str, str] = {}
    for fragment in sorted(pagefind_dir.glob("fragment/*.pf_fragment")):
        page_ids[_fragment_url(fragment).lstrip("/")] = fragment.name.removesuffix(".pf_fragment")
    if not page_ids:
        raise FacetError(f"{pagefind_dir}/fragment/ has no pages: run Pagefind first")
    return page_ids


def _fragment_url(fragment: Path) -> str:
    unreadable = FacetError(f"{fragment}: not a Pagefind page fragment; run Pagefind again")
    try:
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise unreadable
        url = json.loads(data[len(FRAGMENT_SIGNATURE) :])["url"]
    except (OSError, EOFError, ValueError, KeyError, TypeError) as problem:
        raise unreadable from problem
    if not isinstance(url, str):
        raise unreadable
    return url


def read_export(site: Path) -> dict[str, Any]:
    path = site / EXPORT
    if not path.is_file():
        raise FacetError(f"{path} does not exist: build the site first")
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        raise FacetError(f"{path} is not readable JSON: build the site again") from problem
    if not isinstance(loaded, dict):
        raise FacetError(f"{path} is not the site's data export: build the site again")
    return loaded


def _site_address(export_url: str) -> str:
    """Export URLs are relative to the export file; Pagefind's are relative to the site."""
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


def _labels(export: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (kind, entity["id"]): entity["name"]
        for kind, field in ENTITY_FACETS.items()
        for entity in export[field]
    }


def facet_files(export: Mapping[str, Any], page_ids: Mapping[str, str]) -> dict[str, str]:
    """The facet files, by path under search-facets/; a pure function of the export and the ids."""
    try:
        return _facet_files(export, page_ids)
    except (KeyError, TypeError, AttributeError) as problem:
        raise FacetError(
            f"{EXPORT} lacks what the filters are made from ({problem!r}): build the site again"
        ) from problem


def _facet_files(export: Mapping[str, Any], page_ids: Mapping[str, str]) -> dict[str, str]:
    pages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for briefing in export["briefings"]:
        address = _site_address(briefing["url"])
        if address not in page_ids:
            raise FacetError(f"Pagefind did not index {address}, so it cannot be filtered")
        for kind, value in _values_of(briefing):
            pages[kind, value].add(page_ids[address])
    labels = _labels(export)
    index: dict[str, list[tuple[str, str, int]]] = {kind: [] for kind in (*ENTITY_FACETS, "year")}
    files: dict[str, str] = {}
    for (kind, value), ids in pages.items():
        facet_id = _facet_id(value)
        index[kind].append((facet_id, labels.get((kind, value), value), len(ids)))
        files[f"{kind}/{facet_id}.json"] = _compact(sorted(ids))
    for kind, values in index.items():
        newest_first = kind == "year"
        values.sort(key=lambda v: (v[1].casefold(), v[0]), reverse=newest_first)
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
                for page_id in ids:
                    of_page[page_id].append(position[_facet_id(value)])
        files[f"by-page/{kind}.json"] = _compact(
            {page_id: sorted(of_page[page_id]) for page_id in sorted(of_page)}
        )
    return files


GROUP_LABELS = {
    **{kind.singular: kind.title for kind in KINDS if kind.search_facet},
    "year": "Year",
}


def _names(export: Mapping[str, Any]) -> dict[str, Any]:
    """Every name and alias of every entity, with where its page is, for suggestions."""
    names = []
    for kind in KINDS:
        for entity in export[kind.plural]:
            address = _site_address(entity["url"])
            for written in (entity["name"], *entity["aliases"]):
                names.append((written, entity["name"], address, kind.singular))
    return {"groups": GROUP_LABELS, "names": sorted(names)}


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
