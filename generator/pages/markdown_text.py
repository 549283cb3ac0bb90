"""Markdown we build: links between our pages, and linked mentions in contributor text.

Part of the render stage. Everything here is pure and returns `Markdown`, the marker for text
that is safe to print as is.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Iterator

from ..core.escaping import escape_inline, escape_span, link_destination, protect_block_start


class Markdown(str):
    """Markdown the renderer produced itself; printed as is."""


def external_link(url: str) -> Markdown:
    """A link to a checked http(s) URL, showing the URL as written: validation made sure
    that it has one reading, the one a browser follows."""
    return Markdown(f"[{escape_inline(url)}]({link_destination(url)})")


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def relative_uri(target: str, here: str) -> str:
    """The link from page `here` to page `target`, both paths under docs/ ('a/b.md')."""
    target_dir, _, name = target.rpartition("/")
    return relative_dir(target_dir, here.rpartition("/")[0]) + name


# Every page lives one or two folders deep, so a few dozen folder pairs cover every link.
@functools.lru_cache(maxsize=1 << 12)
def relative_dir(target_dir: str, here_dir: str) -> str:
    """The way from folder `here_dir` to folder `target_dir` ('' is docs/ itself), ending in
    '/' unless it is empty: both are addresses the generator made, so no folder is '.' or
    '..' and no file system is asked."""
    target_parts = target_dir.split("/") if target_dir else []
    here_parts = here_dir.split("/") if here_dir else []
    common = 0
    while (
        common < min(len(here_parts), len(target_parts))
        and here_parts[common] == target_parts[common]
    ):
        common += 1
    return "".join(["../"] * (len(here_parts) - common) + [p + "/" for p in target_parts[common:]])


class NameTree:
    """Names as a tree of their words: the first word, then each separator and next word. At
    a word of the text, the names that can start there are found by following the text's own
    words down the tree, so a word costs the length of the longest name that starts with it,
    however many names share that first word."""

    def __init__(self) -> None:
        self.children: dict[tuple[str, str], NameTree] = {}
        self.ending: list[str] = []
        """The names whose last word is this node's, longest first."""


def _linkable(name: str) -> str | None:
    """A name as it is matched (its spaces collapsed), if it starts with a word character."""
    return " ".join(name.split()) if _WORD.match(name.strip()) else None


def name_tree(names: Iterable[str]) -> NameTree:
    """The tree of names for any number of pages, each of which links only its own: one
    tree of every entity's names costs a site far less than a tree for each briefing page
    (measured at 10,000 briefings: 0.5 s of rendering, nearly all of it these trees)."""
    return _name_tree(tuple(sorted({n for n in map(_linkable, names) if n is not None})))


@functools.lru_cache(maxsize=256)
def _name_tree(names: tuple[str, ...]) -> NameTree:
    """The tree of names (each whole-word, starting with a word character)."""
    root = NameTree()
    for name in sorted(names, key=lambda name: (-len(name), name)):
        node = root
        previous_end: int | None = None
        for word in _WORD.finditer(name):
            separator = "" if previous_end is None else name[previous_end : word.start()]
            node = node.children.setdefault((separator, word[0]), NameTree())
            previous_end = word.end()
        node.ending.append(name)
    return root


class MentionLinker:
    """Links the first mention of each entity in one section of a page to its page.

    Names are matched whole-word and longest first, so "Sergey Lavrov" wins over "Lavrov".
    Each entity is linked once per section; later mentions stay plain text.
    """

    def __init__(
        self, names: Iterable[tuple[str, str]], here: str, tree: NameTree | None = None
    ) -> None:
        """names: (name as written, target page URI); here: the page being rendered; tree:
        a `name_tree` that holds these names among others, else one is made of them."""
        self.targets: dict[str, str] = {}
        for name, uri in names:
            linkable = _linkable(name)
            if linkable is not None:
                self.targets.setdefault(linkable, uri)
        self.tree = tree if tree is not None else _name_tree(tuple(self.targets))
        self.here = here
        self.linked: set[str] = set()

    def section(self) -> MentionLinker:
        """The same names, with no mention linked yet: for the next section of the page."""
        fresh = copy.copy(self)
        fresh.linked = set()
        return fresh

    def _longest_at(self, text: str, words: list[re.Match[str]], first: int) -> int | None:
        """The end of the longest name that starts at word `first`, whole-word, if any."""
        start = words[first].start()
        node = self.tree.children.get(("", words[first][0]))
        found = None
        at = first
        while node is not None:
            # A name that ends deeper in the tree is longer than any that ends higher up.
            for name in node.ending:
                end = start + len(name)
                if (
                    name in self.targets
                    and text.startswith(name, start)
                    and not _WORD_CHAR.match(text, end)
                ):
                    found = end
                    break
            at += 1
            if at == len(words):
                break
            separator = text[words[at - 1].end() : words[at].start()]
            node = node.children.get((separator, words[at][0]))
        return found

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of whole-word name matches, left to right, longest name first."""
        end_of_last = 0
        words = list(_WORD.finditer(text))
        for index, word in enumerate(words):
            start = word.start()
            if start < end_of_last:
                continue
            end = self._longest_at(text, words, index)
            if end is not None:
                yield start, end
                end_of_last = end

    def paragraph(self, text: str) -> str:
        collapsed = " ".join(text.split())
        parts: list[str] = []
        position = 0
        for start, end in self._matches(collapsed):
            mention = collapsed[start:end]
            uri = self.targets[mention]
            if uri in self.linked:
                continue
            self.linked.add(uri)
            parts.append(escape_span(collapsed[position:start]))
            parts.append(f"[{escape_span(mention)}]({relative_uri(uri, self.here)})")
            position = end
        parts.append(escape_span(collapsed[position:]))
        return protect_block_start("".join(parts))

    def prose(self, text: str, indent: int = 0) -> Markdown:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        return Markdown(f"\n\n{' ' * indent}".join(self.paragraph(p) for p in paragraphs))
