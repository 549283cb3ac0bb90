"""Did-you-mean: the valid spellings closest to a word, at a cost that does not grow with
how many there are.

`difflib.get_close_matches` compares the word with every choice: over a registry of 100,000
entries that is seconds for each unknown id. Here the choices are sorted once, forwards and
by their reversed text; a word is compared only with the choices whose length leaves a
ratio of `cutoff` possible, and, when those are many, only with its neighbours in both
orders (a typo keeps either the start or the end of the word). With few choices the answer
is exactly difflib's.
"""

from __future__ import annotations

import bisect
import difflib
import functools
from collections.abc import Iterable

EXACT_LIMIT = 400
"""Up to this many choices of a possible length, every one is compared, as difflib does."""
NEIGHBOURS = 16
"""Past that, how many neighbours on each side of the word, in each order, are compared."""


class Spellings:
    """A fixed set of valid spellings, indexed once for any number of look-ups."""

    def __init__(self, choices: Iterable[str]) -> None:
        self._choices = sorted(set(choices), key=lambda s: (len(s), s))
        self._lengths = [len(choice) for choice in self._choices]

    @functools.cached_property
    def _forwards(self) -> list[str]:
        return sorted(self._choices)

    @functools.cached_property
    def _backwards(self) -> list[str]:
        return sorted(choice[::-1] for choice in self._choices)

    def _candidates(self, word: str, cutoff: float) -> list[str]:
        """The choices whose length allows a ratio of `cutoff` (difflib's real_quick_ratio),
        or, when they are too many, the nearest of them in sorted and reversed order."""
        size = len(word)
        # 2 * min(a, b) / (a + b) >= cutoff bounds the other length from both sides.
        shortest = size * cutoff / (2 - cutoff) if cutoff < 2 else size
        longest = size * (2 - cutoff) / cutoff if cutoff > 0 else float("inf")
        low = bisect.bisect_left(self._lengths, shortest - 1e-9)
        high = bisect.bisect_right(self._lengths, longest + 1e-9)
        if high - low <= EXACT_LIMIT:
            return self._choices[low:high]
        near = _neighbours(self._forwards, word)
        near += [found[::-1] for found in _neighbours(self._backwards, word[::-1])]
        return [c for c in dict.fromkeys(near) if shortest - 1e-9 <= len(c) <= longest + 1e-9]

    def close(self, word: str, *, limit: int = 3, cutoff: float = 0.6) -> list[str]:
        """Like difflib.get_close_matches(word, choices, limit, cutoff): best first, and among
        equals the later in sorted order first."""
        return difflib.get_close_matches(word, self._candidates(word, cutoff), limit, cutoff)


def _neighbours(ordered: list[str], word: str) -> list[str]:
    at = bisect.bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


@functools.lru_cache(maxsize=64)
def spellings_of(choices: tuple[str, ...]) -> Spellings:
    """The index of a set of choices, kept for the next look-up among the same choices (a
    run asks about one set of source files for every briefing that names a missing one)."""
    return Spellings(choices)
