"""Sliding-window limits: log-in attempts per e-mail and client, submissions per client.

Kept in the memory of the one server process (`townhall consult serve` runs one); behind several
processes each keeps its own count, so the limit per client is per process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Allows at most `limit` events per key in any `window_seconds`."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window_seconds:
            events.popleft()
        return events

    def allowed(self, key: str) -> bool:
        """True (and the event counted) if `key` is under its limit; False if it must wait."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 100_000:
                self._forget_idle(now)
            return True

    def blocked(self, key: str) -> bool:
        """True if `key` has used its limit, without counting an event."""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def record(self, key: str) -> None:
        """Count one event (a failed log-in) against `key`."""
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def reset(self, key: str) -> None:
        """Forget `key`'s events (after a successful log-in)."""
        with self._lock:
            self._events.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        """Drop keys with no recent events, so memory stays bounded under a flood of clients."""
        for key in [
            k
            for k, events in self._events.items()
            if not events or events[-1] <= now - self.window_seconds
        ]:
            del self._events[key]
