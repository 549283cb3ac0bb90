"""A built site's search data, written by hand as Pagefind 1.x writes it: the entry file, one
language's index metadata (gzipped CBOR listing the pages) and a page fragment per page
(gzipped JSON). Enough for the search filters, without running MkDocs and Pagefind."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
INDEX_HASH = "en_0123456789"
PAGES = {"en_1111111": "/briefings/a/", "en_2222222": "/briefings/b/"}
"""Pagefind id -> the page's address, for the two briefings of EXPORT."""
EXPORT: dict[str, Any] = {
    "briefings": [
        {
            "url": f"../briefings/{slug}/",
            "date": date,
            "countries": ["IN"],
            "people": [],
            "organisations": [],
            "topics": [],
        }
        for slug, date in (("a", "2024-03-01"), ("b", "2025-01-02"))
    ],
    "countries": [{"id": "IN", "name": "India", "url": "../countries/india/", "aliases": []}],
    "people": [],
    "organisations": [],
    "events": [],
    "topics": [],
}


def cbor(value: int | str | list[Any]) -> bytes:
    """CBOR (RFC 8949) of unsigned integers, text and arrays: what Pagefind's page list uses."""
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    return _head(4, len(value)) + b"".join(cbor(item) for item in value)


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(number)


def fragment(url: str) -> bytes:
    body = json.dumps({"url": url, "content": "A page.", "word_count": 2}).encode()
    return gzip.compress(SIGNATURE + body)


def write_pagefind(folder: Path, pages: dict[str, str]) -> None:
    """Pagefind's bundle for these pages (id -> address) in folder."""
    (folder / "fragment").mkdir(parents=True)
    entry = {"version": "1.5.2", "languages": {"en": {"hash": INDEX_HASH, "page_count": 2}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    listed = [[page_id, 2] for page_id in pages]
    meta = cbor(["1.5.2", listed, [], [], []])  # version, pages, word index, filters, sorts
    (folder / f"pagefind.{INDEX_HASH}.pf_meta").write_bytes(gzip.compress(SIGNATURE + meta))
    for page_id, url in pages.items():
        (folder / "fragment" / f"{page_id}.pf_fragment").write_bytes(fragment(url))


def write_search_site(site: Path) -> None:
    """A site folder with the data export and Pagefind's bundle for its two briefings."""
    (site / "data").mkdir(parents=True)
    (site / "data" / "export.json").write_text(json.dumps(EXPORT), encoding="utf-8")
    write_pagefind(site / "pagefind", PAGES)
