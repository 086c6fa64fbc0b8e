"""The database engine and sessions: SQLite in WAL mode by default, PostgreSQL by URL."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

# Execution option marking sessions that will write (SQLite then takes the write lock up front).
IMMEDIATE = "townhall_immediate"
_HOLDS_LOCK = "townhall_holds_write_lock"


def make_engine(database_url: str) -> Engine:
    """An engine for `database_url`; SQLite connections get WAL, foreign keys and a busy wait."""
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        writer = _WriterQueue()
        event.listen(engine, "begin", writer.begin)
        event.listen(engine, "commit", writer.end)
        event.listen(engine, "rollback", writer.end)
        event.listen(engine, "checkin", writer.checkin)
        return engine
    return create_engine(database_url, pool_size=20, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the one writer; NORMAL sync is safe in WAL mode; deleted rows
    (journeys, pending equality answers, receipt addresses) are overwritten with zeros."""
    connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def scrub_write_ahead_log(engine: Engine, wait_ms: int = 500) -> bool:
    """On SQLite, copy the write-ahead log into the database and cut it to nothing, so older
    versions of pages (a journey before it was deleted, say) are no longer in the -wal file.

    True when it completed (always on PostgreSQL, which has nothing to do here); False when a
    reader still used the log after `wait_ms` (the next run tries again).
    """
    if engine.dialect.name != "sqlite":
        return True
    raw = engine.raw_connection()
    cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        busy, _frames, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:  # locked: as busy, for the next run
        busy = 1
    finally:
        cursor.execute("PRAGMA busy_timeout=30000")  # the connection goes back to the pool
        cursor.close()
        raw.close()
    return bool(busy == 0)


class _WriterQueue:
    """SQLite has one writer at a time: writing transactions of this process queue on a lock.

    Without it, waiting writers poll SQLite's busy handler, which sleeps in growing steps (up to
    100 ms) and adds long tails under load. BEGIN IMMEDIATE takes SQLite's own write lock up
    front, so a read-then-write transaction cannot go stale.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def begin(self, connection: Connection) -> None:
        if connection.get_execution_options().get(IMMEDIATE, False):
            if not self._lock.acquire(timeout=30):
                raise TimeoutError("the database stayed busy for 30 seconds")
            connection.info[_HOLDS_LOCK] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                self.end(connection)
                raise
        else:
            connection.exec_driver_sql("BEGIN")

    def end(self, connection: Connection) -> None:
        if connection.info.pop(_HOLDS_LOCK, False):
            self._lock.release()

    def checkin(self, _dbapi_connection: Any, record: Any) -> None:
        """A connection back in the pool never keeps the lock (say, after an invalidation)."""
        if record.info.pop(_HOLDS_LOCK, False):
            self._lock.release()


def session_factory(engine: Engine, writing: bool = False) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit; `writing` ones lock SQLite early."""
    bind = engine.execution_options(**{IMMEDIATE: True}) if writing else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session
