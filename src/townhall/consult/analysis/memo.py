"""A bounded memo of values worked out once a process (sentence vectors, stance cues), kept for
the most recently used keys and safe to use from several threads at once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Up to `size` keys' values, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def found(self, keys: Iterable[K]) -> dict[K, V]:
        """The values kept for any of the keys (each counts as used now)."""
        with self._lock:
            kept = {k: self._values[k] for k in keys if k in self._values}
            for k in kept:
                self._values.move_to_end(k)
        return kept

    def add(self, items: Iterable[tuple[K, V]]) -> None:
        """Keep these values, dropping the least recently used beyond `size`."""
        with self._lock:
            self._values.update(items)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        """Drop everything kept."""
        with self._lock:
            self._values.clear()
