"""One build cache: results the watch mode keeps from one run to the next.

The incremental build owns a `BuildCache` and starts each run with `new_run()`. Every stage
asks it for a named memo and looks results up there; one-off runs pass `NO_CACHE`, whose memos
compute everything and keep nothing, so no stage asks whether there is a cache.

Two kinds of memo:
- by identity (`identity`): the load stage keeps every file whose content is unchanged as
  the same parsed object from one run to the next (by path and content hash, see
  `load.FileCache`), so a result computed from one is found again by that object;
- by inputs (`inputs`): a result by name, reused while the objects it was made from compare
  equal, for results that depend on several objects, some rebuilt every run.

A memo drops what a run did not ask for, so it holds only what the current corpus uses. It
does so lazily, at its first use in a run: a memo that a run does not use at all (the calendar
in a run that does not render it) keeps what it had.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class _Generations:
    """Entries of this run and the last one; a run's first use retires older ones."""

    def __init__(self, cache: BuildCache) -> None:
        self._cache = cache
        self._run = cache.run
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}

    def _start(self) -> None:
        if self._run != self._cache.run:
            self._previous, self._current = self._current, {}
            self._run = self._cache.run


class IdentityMemo(_Generations, Generic[Key, Value]):
    """Results by the identity of the immutable object they were computed from. Keys are held
    alive with their results, which keeps an id() from being reused for another object."""

    def get(self, key: Key, compute: Callable[[Key], Value]) -> Value:
        self._start()
        entry = self._current.get(id(key)) or self._previous.get(id(key))
        if entry is None or entry[0] is not key:
            entry = (key, compute(key))
        self._current[id(key)] = entry
        value: Value = entry[1]
        return value


class InputsMemo(_Generations, Generic[Value]):
    """Results by name, reused while the inputs they were computed from compare equal."""

    def get(
        self, name: Hashable, inputs: tuple[object, ...], compute: Callable[[], Value]
    ) -> Value:
        self._start()
        entry = self._previous.get(name) if name not in self._current else self._current[name]
        if entry is None or entry[0] != inputs:
            entry = (inputs, compute())
        self._current[name] = entry
        value: Value = entry[1]
        return value


class _NoIdentityMemo(IdentityMemo[Key, Value]):
    def get(self, key: Key, compute: Callable[[Key], Value]) -> Value:
        return compute(key)


class _NoInputsMemo(InputsMemo[Value]):
    def get(
        self, name: Hashable, inputs: tuple[object, ...], compute: Callable[[], Value]
    ) -> Value:
        return compute()


class BuildCache:
    """Named memos for every stage, and the run they are in."""

    def __init__(self) -> None:
        self.run = 0
        self._memos: dict[str, _Generations] = {}

    def new_run(self) -> None:
        self.run += 1

    def identity(self, name: str) -> IdentityMemo[Any, Any]:
        memo = self._memos.get(name)
        if memo is None:
            memo = self._memos[name] = IdentityMemo(self)
        assert isinstance(memo, IdentityMemo)
        return memo

    def inputs(self, name: str) -> InputsMemo[Any]:
        memo = self._memos.get(name)
        if memo is None:
            memo = self._memos[name] = InputsMemo(self)
        assert isinstance(memo, InputsMemo)
        return memo


class _NoCache(BuildCache):
    """For one-off runs: every memo computes, and nothing is kept."""

    def identity(self, name: str) -> IdentityMemo[Any, Any]:
        return _NoIdentityMemo(self)

    def inputs(self, name: str) -> InputsMemo[Any]:
        return _NoInputsMemo(self)


NO_CACHE: BuildCache = _NoCache()
