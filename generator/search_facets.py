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

import errno
import json
import os
import posixpath
import re
import stat
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from .models import KINDS
from .sitemap import EXPORT

FACET_DIR = "search-facets"
FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""What every file Pagefind gzips starts with, once decompressed."""
ENTRY = "pagefind-entry.json"
MIB = 1024 * 1024
# Limits far above what Pagefind writes for the largest site we build (a fragment holds one
# page's text; pages are split into parts long before this), so only a planted file hits them.
MAX_FRAGMENT_BYTES = 16 * MIB
MAX_META_BYTES = 64 * MIB
MAX_ENTRY_BYTES = MIB
MAX_EXPORT_BYTES = 1024 * MIB
READ_CHUNK = 64 * 1024
PAGEFIND_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")
"""A Pagefind index or page id, as it names files: nothing that could leave its folder."""
UNSIGNED, TEXT, ARRAY = 0, 3, 4
"""CBOR's major types that Pagefind's page list is made of."""
# Facet kinds in the order readers see them, with the export list that names their values.
ENTITY_FACETS = {kind.singular: kind.plural for kind in KINDS if kind.search_facet}
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


class FacetError(Exception):
    """The built site does not hold what the facets are made from."""


def read_page_ids(pagefind_dir: Path) -> dict[str, str]:
    """Map each page's site-relative address (`briefings/x/`) to its Pagefind id.

    Only the pages Pagefind's own index names are read (pagefind-entry.json names each
    language's index metadata, which lists its pages): a fragment that reached the folder
    some other way (copied from docs/pagefind/ by MkDocs, left by an older run) is never read.
    Nothing is read through a link, and nothing decompresses past a limit."""
    _refuse_link(pagefind_dir.parent)
    _refuse_link(pagefind_dir)
    _refuse_link(pagefind_dir / "fragment")
    page_ids: dict[str, str] = {}
    for page_id in _indexed_pages(pagefind_dir):
        fragment = pagefind_dir / "fragment" / f"{page_id}.pf_fragment"
        page_ids[_fragment_url(fragment).lstrip("/")] = page_id
    if not page_ids:
        raise FacetError(f"{pagefind_dir}/fragment/ has no pages: run Pagefind first")
    return page_ids


def _indexed_pages(pagefind_dir: Path) -> list[str]:
    """The page ids that Pagefind's index lists, in every language it indexed."""
    entry_path = pagefind_dir / ENTRY
    entry = _read_limited(entry_path, MAX_ENTRY_BYTES, gzipped=False)
    try:
        languages = json.loads(entry)["languages"].values()
        hashes = [language["hash"] for language in languages]
    except (ValueError, KeyError, TypeError, AttributeError) as problem:
        raise FacetError(_not_pagefinds(entry_path, "its entry file")) from problem
    pages: list[str] = []
    for index_hash in hashes:
        if not isinstance(index_hash, str) or not PAGEFIND_NAME.fullmatch(index_hash):
            raise FacetError(_not_pagefinds(entry_path, "its entry file"))
        meta_path = pagefind_dir / f"pagefind.{index_hash}.pf_meta"
        meta = _read_limited(meta_path, MAX_META_BYTES, gzipped=True)
        try:
            if not meta.startswith(FRAGMENT_SIGNATURE):
                raise ValueError("no signature")
            listed = _MetaReader(meta[len(FRAGMENT_SIGNATURE) :]).pages()
        except (ValueError, UnicodeDecodeError) as problem:
            raise FacetError(_not_pagefinds(meta_path, "its index metadata")) from problem
        if not all(PAGEFIND_NAME.fullmatch(page) for page in listed):
            raise FacetError(_not_pagefinds(meta_path, "its index metadata"))
        pages += listed
    return pages


def _not_pagefinds(path: Path, what: str) -> str:
    return f"{path}: not {what} as Pagefind writes it; build the site again (make site)"


class _MetaReader:
    """Just enough CBOR (RFC 8949) to read the list of pages that opens Pagefind's index
    metadata: `[version, [[page id, word count], ...], ...]`. Unsigned integers, text and
    arrays of a given length, nothing else; a count larger than the bytes left is refused
    before anything is made for it, so a planted file cannot make it allocate."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def pages(self) -> list[str]:
        if self._head(ARRAY) < 2:
            raise ValueError("too short")
        self._text()  # Pagefind's version
        pages = []
        for _ in range(self._head(ARRAY)):
            if self._head(ARRAY) != 2:
                raise ValueError("a page is not [id, word count]")
            pages.append(self._text())
            self._head(UNSIGNED)
        return pages

    def _head(self, major: int) -> int:
        """The number in the next item's head, which must be of this major type."""
        if self.at >= len(self.data):
            raise ValueError("ends early")
        initial = self.data[self.at]
        self.at += 1
        info = initial & 0x1F
        if initial >> 5 != major or info > 27:  # 28-31: reserved or of no given length
            raise ValueError(f"unexpected item {initial:#x}")
        if info < 24:
            value = info
        else:
            size = 1 << (info - 24)
            if self.at + size > len(self.data):
                raise ValueError("ends early")
            value = int.from_bytes(self.data[self.at : self.at + size], "big")
            self.at += size
        if major in (ARRAY, TEXT) and value > len(self.data) - self.at:
            raise ValueError("a length past the end")  # every item takes at least a byte
        return value

    def _text(self) -> str:
        size = self._head(TEXT)
        text = self.data[self.at : self.at + size].decode("utf-8")
        self.at += size
        return text


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise FacetError(
            f"{path}: is a symbolic link; search data is read only from the files this build "
            "wrote. Delete it and build the site again (make site)"
        )


def _read_limited(path: Path, limit: int, *, gzipped: bool) -> bytes:
    """A plain file's bytes (gunzipped if `gzipped`), refusing a link and stopping as soon
    as there are more than `limit`: a small gzip file can stand for gigabytes."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise FacetError(f"{path} does not exist: run Pagefind first (make site)") from None
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            _refuse_link(path)
        raise FacetError(f"{path} cannot be read: {problem.strerror}") from problem
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FacetError(f"{path} is not a plain file; build the site again (make site)")
        if gzipped:
            return _gunzip(handle, limit, path)
        data = handle.read(min(status.st_size, limit) + 1)  # never past the limit
    if len(data) > limit:
        raise _too_large(path, limit, "")
    return data


def _too_large(path: Path, limit: int, how: str) -> FacetError:
    return FacetError(
        f"{path}: more than {limit / MIB:g} MiB{how}, far more than Pagefind writes for any "
        "page of this site; build the site again (make site)"
    )


def _gunzip(handle: BinaryIO, limit: int, path: Path) -> bytes:
    """Decompress one gzip member chunk by chunk, stopping as soon as it is past `limit`."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    parts: list[bytes] = []
    size = 0
    try:
        while not inflater.eof:
            compressed = inflater.unconsumed_tail or handle.read(READ_CHUNK)
            if not compressed:
                raise FacetError(_not_pagefinds(path, "a file"))  # cut short
            # At most one byte past the limit per call (a max_length of 0 would mean none).
            part = inflater.decompress(compressed, limit + 1 - size)
            size += len(part)
            if size > limit:
                raise _too_large(path, limit, " when decompressed")
            parts.append(part)
    except zlib.error as problem:
        raise FacetError(_not_pagefinds(path, "a file")) from problem
    return b"".join(parts)


def _fragment_url(fragment: Path) -> str:
    unreadable = FacetError(f"{fragment}: not a Pagefind page fragment; run Pagefind again")
    data = _read_limited(fragment, MAX_FRAGMENT_BYTES, gzipped=True)
    try:
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise unreadable
        url = json.loads(data[len(FRAGMENT_SIGNATURE) :])["url"]
    except (ValueError, KeyError, TypeError) as problem:
        raise unreadable from problem
    if not isinstance(url, str):
        raise unreadable
    return url


def read_export(site: Path) -> dict[str, Any]:
    path = site / EXPORT
    folders = PurePosixPath(EXPORT).parents[:-1]
    for place in (site, *(site / folder for folder in reversed(folders)), path):
        _refuse_link(place)
    if not path.is_file():
        raise FacetError(f"{path} does not exist: build the site first")
    try:
        loaded = json.loads(_read_limited(path, MAX_EXPORT_BYTES, gzipped=False))
    except ValueError as problem:
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
