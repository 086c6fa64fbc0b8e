"""Rate limits shared through the database: counted once across processes, keys never stored."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.database import make_engine, session_factory
from townhall.consult.migrate import upgrade
from townhall.consult.models import RateEvent
from townhall.consult.security import throttle
from townhall.consult.security.throttle import RateLimiter


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def writer(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield session_factory(engine, writing=True)
    engine.dispose()


def allowed(factory: sessionmaker[Session], limiter: RateLimiter, key: str) -> bool:
    with factory() as session, session.begin():
        return limiter.allowed(session, key)


def test_a_key_gets_its_limit_in_any_window_and_more_once_it_slides(
    writer: sessionmaker[Session],
) -> None:
    clock = Clock()
    limiter = RateLimiter("submit", 3, 60, "secret", clock)
    assert [allowed(writer, limiter, "203.0.113.9") for _ in range(4)] == [True] * 3 + [False]
    assert allowed(writer, limiter, "198.51.100.7")  # another client has its own count
    clock.now += 30
    assert not allowed(writer, limiter, "203.0.113.9")
    clock.now += 30.001  # the first three are now more than 60 s old
    assert allowed(writer, limiter, "203.0.113.9")


def test_two_processes_count_against_the_same_limit(database_url: str) -> None:
    """Two engines, as two uvicorn workers would have, share one count per client."""
    clock = Clock()
    engines = [make_engine(database_url) for _ in range(2)]
    upgrade(engines[0])
    workers = [
        (session_factory(engine, writing=True), RateLimiter("submit", 4, 60, "secret", clock))
        for engine in engines
    ]
    results = [allowed(*workers[i % 2], "203.0.113.9") for i in range(6)]
    assert results == [True] * 4 + [False] * 2
    for engine in engines:
        engine.dispose()


def test_clients_and_emails_are_stored_only_as_keyed_hashes(
    writer: sessionmaker[Session],
) -> None:
    limiter = RateLimiter("sign-in", 5, 900, "secret", Clock())
    with writer() as session, session.begin():
        limiter.record(session, "email:councillor@example.gov.uk")
    with writer() as session:
        stored = session.scalars(select(RateEvent.key_hash)).all()
    assert len(stored) == 1 and "example" not in stored[0] and len(stored[0]) == 32
    other_secret = RateLimiter("sign-in", 5, 900, "another secret", Clock())
    assert other_secret._hash("email:councillor@example.gov.uk") != stored[0]


def test_blocked_counts_nothing_and_reset_forgets_a_key(writer: sessionmaker[Session]) -> None:
    limiter = RateLimiter("sign-in", 2, 900, "secret", Clock())
    with writer() as session, session.begin():
        assert not limiter.blocked(session, "client:203.0.113.9")
        assert not limiter.blocked(session, "client:203.0.113.9")
        limiter.record(session, "client:203.0.113.9")
        limiter.record(session, "client:203.0.113.9")
        assert limiter.blocked(session, "client:203.0.113.9")
        limiter.reset(session, "client:203.0.113.9")
        assert not limiter.blocked(session, "client:203.0.113.9")


def test_concurrent_requests_never_get_past_the_limit(writer: sessionmaker[Session]) -> None:
    limiter = RateLimiter("submit", 25, 60, "secret", Clock())
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _i: allowed(writer, limiter, "203.0.113.9"), range(60)))
    assert results.count(True) == 25


def test_old_events_are_swept_away(
    writer: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle, "PRUNE_EVERY", 5)
    clock = Clock()
    limiter = RateLimiter("submit", 100, 60, "secret", clock)
    for client in range(4):
        assert allowed(writer, limiter, f"198.51.100.{client}")
    clock.now += 61
    assert allowed(writer, limiter, "198.51.100.200")  # the fifth event sweeps the old four
    with writer() as session:
        assert session.scalar(select(func.count()).select_from(RateEvent)) == 1
