"""A least-recently-used cache bounded by what its entries cost (an estimate of their bytes).

The text engine's caches (set texts, prepared paragraphs, shaped runs) hold entries of
very different sizes: a hotline number is a few glyphs, a trifold's body text thousands.
A bound in entries alone lets a process grow with the texts it has seen (a personalised
batch sets new names and addresses for every output); a bound in bytes keeps it flat,
and least-recently-used eviction keeps the texts every output shares (a format's
headline, its warning signs) while a station's address, set once, goes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """At most ``max_cost`` (the sum of ``cost(value)`` over the entries) and at most
    ``max_entries`` entries; the least recently used go first. An entry that costs more
    than the whole bound is not kept. Safe to use from several threads."""

    def __init__(self, max_cost: int, cost: Callable[[V], int],
                 max_entries: int | None = None) -> None:
        if max_cost <= 0 or (max_entries is not None and max_entries <= 0):
            raise ValueError("a cache's bounds must be positive")
        self.max_cost = max_cost
        self.max_entries = max_entries
        self._cost_of = cost
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._cost = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V) -> None:
        cost = self._cost_of(value)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._cost -= old[1]
            if cost > self.max_cost:
                return
            self._entries[key] = (value, cost)
            self._cost += cost
            while self._cost > self.max_cost or (
                    self.max_entries is not None and len(self._entries) > self.max_entries):
                _, (_, evicted) = self._entries.popitem(last=False)
                self._cost -= evicted

    @property
    def cost(self) -> int:
        """The sum of the entries' costs."""
        return self._cost

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._cost = 0
