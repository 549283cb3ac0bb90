"""Results remembered by the identity of the immutable object they were computed from.

The watch mode keeps every unchanged file as the same parsed object from one run to the next,
so a stage can look its earlier result up by that object instead of computing it again. Plain
runs pass no memo and compute everything.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class IdentityMemo(Generic[Key, Value]):
    """Each run starts a generation; results not asked for in a run are dropped after it, so
    the memo holds only what the current corpus uses. Keys are held alive with their results,
    which keeps an id() from being reused for another object while it is remembered."""

    def __init__(self) -> None:
        self._previous: dict[int, tuple[Key, Value]] = {}
        self._current: dict[int, tuple[Key, Value]] = {}

    def get(self, key: Key, compute: Callable[[Key], Value]) -> Value:
        entry = self._current.get(id(key)) or self._previous.get(id(key))
        if entry is None or entry[0] is not key:
            entry = (key, compute(key))
        self._current[id(key)] = entry
        return entry[1]

    def new_generation(self) -> None:
        self._previous, self._current = self._current, {}


def remembered(
    memo: IdentityMemo[Key, Value] | None, key: Key, compute: Callable[[Key], Value]
) -> Value:
    return compute(key) if memo is None else memo.get(key, compute)


class InputsMemo(Generic[Value]):
    """Results by name, reused while the inputs they were computed from compare equal: for
    results that depend on several objects, some rebuilt every run (graph entries)."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, tuple[tuple[object, ...], Value]] = {}
        self._current: dict[Hashable, tuple[tuple[object, ...], Value]] = {}

    def get(
        self, name: Hashable, inputs: tuple[object, ...], compute: Callable[[], Value]
    ) -> Value:
        entry = self._previous.get(name)
        if entry is None or entry[0] != inputs:
            entry = (inputs, compute())
        self._current[name] = entry
        return entry[1]

    def new_generation(self) -> None:
        self._previous, self._current = self._current, {}


def remembered_as(
    memo: InputsMemo[Value] | None,
    name: Hashable,
    inputs: tuple[object, ...],
    compute: Callable[[], Value],
) -> Value:
    return compute() if memo is None else memo.get(name, inputs, compute)
