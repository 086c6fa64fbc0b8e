"""The verification ledger: an append-only, hash-chained record of who submitted which data, which
payment was computed from it, and who signed it off.

Each entry's hash covers its kind, actor, role, time, payload and the previous entry's hash, so
changing any stored entry breaks the chain from there on. Submitted files are kept by their SHA-256,
so `verify` can recompute every recorded payment from the very bytes it was computed from.
SQLite by default; PostgreSQL (or any SQLAlchemy URL) by `database_url`.

Appends are serialised so the chain cannot fork: on SQLite every transaction begins IMMEDIATE (the
write lock is taken before the head is read); on PostgreSQL an append first takes a
transaction-level advisory lock, held until it commits. A unique index on `previous_hash` refuses a
second entry after the same head whatever the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError

Role = Literal["commissioner", "provider", "verifier"]
Kind = Literal["submission", "computation", "sign_off"]
ALLOWED_ROLES: dict[str, set[str]] = {
    "submission": {"provider", "commissioner"},
    "computation": {"commissioner", "verifier"},
    "sign_off": {"verifier"},
}
GENESIS = "0" * 64
# The key of PostgreSQL's advisory lock for appends: any fixed 64-bit number; this one is the first
# eight bytes of SHA-256("townhall.outcomes.ledger"), so it will not collide with another use.
_APPEND_LOCK = int.from_bytes(
    hashlib.sha256(b"townhall.outcomes.ledger").digest()[:8], "big", signed=True
)
_SQLITE_BUSY_SECONDS = 60

metadata = MetaData()
entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Index("ledger_entries_one_after_each", "previous_hash", unique=True),
)
blobs = Table(
    "ledger_blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)


class LedgerError(Exception):
    """A request the ledger refuses (a role that may not do this, an unknown entry)."""


@dataclass(frozen=True)
class Entry:
    """One ledger entry as stored."""

    id: int
    kind: str
    actor: str
    role: str
    created_at: str
    payload: dict[str, Any]
    previous_hash: str
    entry_hash: str


def canonical(data: Any) -> bytes:
    """JSON with sorted keys and no spaces: the same data always hashes the same."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(
    kind: str, actor: str, role: str, created_at: str, payload: dict[str, Any], previous_hash: str
) -> str:
    """SHA-256 of an entry's content and the previous entry's hash."""
    body = {
        "kind": kind,
        "actor": actor,
        "role": role,
        "created_at": created_at,
        "payload": payload,
        "previous": previous_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


class Ledger:
    """The ledger in a database; entries are only ever added.

    `create=False` opens only an existing ledger: a missing SQLite file or a database without the
    ledger's tables is refused rather than silently made empty (for verify, head and export)."""

    def __init__(self, database_url: str, create: bool = True) -> None:
        try:
            url = make_url(database_url)
        except ArgumentError:
            raise LedgerError(f"{database_url!r} is not a database URL") from None
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.is_postgresql = url.get_backend_name() == "postgresql"
        where = url.database if self.is_sqlite else url.render_as_string(hide_password=True)
        self.where = where or database_url
        if self.is_sqlite and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
            if path.is_dir():
                raise LedgerError(f"{path} is a folder, not a ledger database")
            if not create and not path.exists():
                raise LedgerError(f"there is no ledger at {path} (the file does not exist)")
        connect_args = {"timeout": _SQLITE_BUSY_SECONDS} if self.is_sqlite else {}
        self.engine: Engine = create_engine(database_url, connect_args=connect_args)
        if self.is_sqlite:
            _begin_immediately(self.engine)
        try:
            if create:
                metadata.create_all(self.engine)
                _guard_against_forks(self.engine)
            elif not inspect(self.engine).has_table(entries.name):
                raise LedgerError(f"{self.where} is a database but not an outcomes ledger")
        except (DatabaseError, OperationalError) as error:
            self.engine.dispose()
            raise LedgerError(
                f"{self.where} is not a ledger database that can be opened: {error.orig}"
            ) from None
        except LedgerError:
            self.engine.dispose()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction that holds the ledger's write lock until it commits: one writer at a time."""
        with self.engine.begin() as connection:
            if self.is_postgresql:  # SQLite's BEGIN IMMEDIATE already holds the write lock
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK}
                )
            yield connection

    def store(self, content: bytes) -> str:
        """Keep a file's bytes under their SHA-256 (once) and return the hash."""
        digest = hashlib.sha256(content).hexdigest()
        with self._writing() as connection:
            if (
                connection.execute(select(blobs.c.sha256).where(blobs.c.sha256 == digest)).first()
                is None
            ):
                connection.execute(insert(blobs).values(sha256=digest, content=content))
        return digest

    def content(self, digest: str) -> bytes:
        """The stored bytes for a hash; refuses bytes that no longer match their hash."""
        with self._transaction() as connection:
            row = connection.execute(
                select(blobs.c.content).where(blobs.c.sha256 == digest)
            ).first()
        if row is None:
            raise LedgerError(f"no stored file with SHA-256 {digest}")
        content = bytes(row[0])
        if hashlib.sha256(content).hexdigest() != digest:
            raise LedgerError(f"the stored file {digest[:12]}… has been altered")
        return content

    def append(self, kind: Kind, actor: str, role: Role, payload: dict[str, Any]) -> Entry:
        """Add an entry after the last one, if the role may make it."""
        if role not in ALLOWED_ROLES[kind]:
            raise LedgerError(
                f"a {role} may not record a {kind.replace('_', ' ')}: only {', '.join(sorted(ALLOWED_ROLES[kind]))}"
            )
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._writing() as connection:
            last = connection.execute(
                select(entries.c.entry_hash).order_by(entries.c.id.desc()).limit(1)
            ).first()
            previous = last[0] if last else GENESIS
            digest = entry_hash(kind, actor, role, created_at, payload, previous)
            result = connection.execute(
                insert(entries).values(
                    kind=kind,
                    actor=actor,
                    role=role,
                    created_at=created_at,
                    payload=canonical(payload).decode(),
                    previous_hash=previous,
                    entry_hash=digest,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return Entry(int(key[0]), kind, actor, role, created_at, payload, previous, digest)

    def entries(self) -> list[Entry]:
        """Every entry in the order it was added."""
        with self._transaction() as connection:
            rows = connection.execute(select(entries).order_by(entries.c.id)).all()
        return [
            Entry(
                row.id,
                row.kind,
                row.actor,
                row.role,
                row.created_at,
                json.loads(row.payload),
                row.previous_hash,
                row.entry_hash,
            )
            for row in rows
        ]

    def entry(self, entry_id: int) -> Entry:
        """One entry by id."""
        for item in self.entries():
            if item.id == entry_id:
                return item
        raise LedgerError(f"no ledger entry {entry_id}")


def _guard_against_forks(engine: Engine) -> None:
    """Add the unique index on `previous_hash` to a ledger made before it existed. A ledger that
    has already forked cannot take it; `verify` names the forked entry instead."""
    for index in entries.indexes:
        try:
            index.create(engine, checkfirst=True)
        except IntegrityError:
            continue


def _begin_immediately(engine: Engine) -> None:
    """Make every SQLite transaction take the write lock at BEGIN, so that reading the head and
    adding after it cannot interleave with another writer (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
