"""Sliding-window limits: log-in attempts per e-mail and client, submissions per client.

Each event is a row in the database, so every server process (uvicorn worker) counts against the
same limit. Keys (addresses, e-mails) are stored only as keyed hashes. The limiter works inside the
caller's writing session, so an event commits with what the request stores; SQLite's write lock, or
a PostgreSQL advisory lock on the key until commit, makes counting and adding atomic.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session

from townhall.consult.models import RateEvent

PRUNE_EVERY = 1000  # events added in this process between sweeps of every key's old events

_IN_WINDOW = (
    select(RateEvent.at)  # in the index, so the index alone answers
    .where(
        RateEvent.scope == bindparam("scope"),
        RateEvent.key_hash == bindparam("key_hash"),
        RateEvent.at > bindparam("since"),
    )
    .limit(bindparam("limit"))
    .subquery()
)
_HOLD_KEY = text("SELECT pg_advisory_xact_lock(:id)")
_RECENT = select(func.count()).select_from(_IN_WINDOW)
_ADD = insert(RateEvent)
_SWEEP = delete(RateEvent).where(
    RateEvent.scope == bindparam("scope"), RateEvent.at <= bindparam("before")
)
_FORGET = delete(RateEvent).where(
    RateEvent.scope == bindparam("scope"), RateEvent.key_hash == bindparam("key_hash")
)


WINDOW_SECONDS = 60  # the window of every per-minute limit, so how long to wait when over one


def retry_after(response: Response, seconds: float = WINDOW_SECONDS) -> Response:
    """`response` (a 429) saying how long to wait before trying again (RFC 9110, 10.2.3)."""
    response.headers["Retry-After"] = str(int(seconds))
    return response


def client_key(request: Request) -> str:
    """Whom a per-client limit counts: the address the connection came from."""
    return request.client.host if request.client else "unknown"


def session_key(request: Request) -> str:
    """Whom a per-session limit counts: this browser's session (its form secret)."""
    secret = request.session.get("csrf_secret")
    return f"session:{secret}" if isinstance(secret, str) else f"client:{client_key(request)}"


class RateLimiter:
    """Allows at most `limit` events per key in any `window_seconds`, across processes."""

    def __init__(
        self,
        scope: str,
        limit: int,
        window_seconds: float,
        secret: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.scope = scope
        self.limit = limit
        self.window_seconds = window_seconds
        self._secret = secret.encode()
        self._clock = clock
        self._added = 0
        self._count_lock = threading.Lock()

    def allowed(self, session: Session, key: str) -> bool:
        """True (and the event counted) if `key` is under its limit; False if it must wait."""
        key_hash = self._hash(key)
        now = self._lock_key(session, key_hash)
        if self._recent(session, key_hash, now) >= self.limit:
            return False
        self._add(session, key_hash, now)
        return True

    def blocked(self, session: Session, key: str) -> bool:
        """True if `key` has used its limit, without counting an event."""
        return self._recent(session, self._hash(key), self._clock()) >= self.limit

    def record(self, session: Session, key: str) -> None:
        """Count one event (a failed log-in) against `key`."""
        key_hash = self._hash(key)
        self._add(session, key_hash, self._lock_key(session, key_hash))

    def reset(self, session: Session, key: str) -> None:
        """Forget `key`'s events (after a successful log-in)."""
        session.connection().execute(_FORGET, {"scope": self.scope, "key_hash": self._hash(key)})

    def _hash(self, key: str) -> str:
        digest = hmac.new(self._secret, f"{self.scope}\0{key}".encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def _lock_key(self, session: Session, key_hash: str) -> float:
        """Hold the key until commit (PostgreSQL; SQLite's writing session already holds the
        database), then read the clock, so events are added in time order."""
        if session.get_bind().dialect.name == "postgresql":
            lock_id = int.from_bytes(bytes.fromhex(key_hash[:16]), "big", signed=True)
            session.connection().execute(_HOLD_KEY, {"id": lock_id})
        return self._clock()

    def _recent(self, session: Session, key_hash: str, now: float) -> int:
        """Events of `key` in the window, counted up to the limit (enough to decide, and an
        index range of at most `limit` rows however busy the key)."""
        counted = session.connection().execute(
            _RECENT,
            {
                "scope": self.scope,
                "key_hash": key_hash,
                "since": now - self.window_seconds,
                "limit": self.limit,
            },
        )
        return counted.scalar_one()

    def _add(self, session: Session, key_hash: str, now: float) -> None:
        connection = session.connection()
        connection.execute(_ADD, {"scope": self.scope, "key_hash": key_hash, "at": now})
        with self._count_lock:
            self._added += 1
            sweep = self._added % PRUNE_EVERY == 0
        if sweep:
            connection.execute(_SWEEP, {"scope": self.scope, "before": now - self.window_seconds})


@dataclass(frozen=True)
class Limits:
    """Every limit the service applies, made once per process."""

    sign_in: RateLimiter  # failed attempts per e-mail and per client, 15 minutes
    starts: RateLimiter  # journeys started per client a minute (generous: addresses are shared)
    submissions: RateLimiter  # responses submitted per client a minute
    session_submissions: RateLimiter  # responses submitted per resident's session a minute
    new_participants: RateLimiter  # participation tokens made per client a minute
    contributions: RateLimiter  # statements, votes, ideas, comments per client a minute


def make_limits(
    secret: str,
    per_minute: int,
    sign_in_per_quarter_hour: int,
    clock: Callable[[], float] = time.time,
    *,
    starts_per_minute: int | None = None,
    per_session_per_minute: int | None = None,
) -> Limits:
    """The service's limits, from its settings (starts default to three times `per_minute`,
    per-session submissions to `per_minute`)."""

    def limiter(scope: str, limit: int, window: float) -> RateLimiter:
        return RateLimiter(scope, limit, window, secret, clock)

    return Limits(
        sign_in=limiter("sign-in", sign_in_per_quarter_hour, 15 * 60),
        starts=limiter("start", starts_per_minute or 3 * per_minute, WINDOW_SECONDS),
        submissions=limiter("submit", per_minute, WINDOW_SECONDS),
        session_submissions=limiter(
            "submit-session", per_session_per_minute or per_minute, WINDOW_SECONDS
        ),
        new_participants=limiter("participant", 3 * per_minute, WINDOW_SECONDS),
        contributions=limiter("contribute", per_minute, WINDOW_SECONDS),
    )
