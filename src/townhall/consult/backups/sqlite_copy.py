"""SQLite backups through SQLite's online backup API: a consistent copy of the whole database even
while the service writes (in WAL mode the copy reads one snapshot and writers carry on)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from townhall.consult.backups.contents import table_rows
from townhall.consult.backups.errors import BackupError
from townhall.consult.migrate import database_revision

BUSY_TIMEOUT_SECONDS = 60


class SqliteCopyError(BackupError):
    """The copy could not be made or is not a sound database."""


def copy_database(source: Path, target: Path) -> tuple[str | None, dict[str, int]]:
    """Copy the database at `source` to the new file `target` in one step (one snapshot), make the
    copy a single self-contained file, check it, and return its schema revision and row counts."""
    if not source.is_file():
        raise SqliteCopyError(f"there is no database file {source}")
    try:
        reading = sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS)
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing)  # pages=-1: every page in one step, from one read snapshot
        finally:
            reading.close()
        try:
            writing.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, no -wal beside it
            _check(writing, target)
        finally:
            writing.close()
    except sqlite3.Error as error:
        raise SqliteCopyError(f"cannot back up {source}: {error}") from None
    return describe(target)


def restore_database(copy: Path, target: Path) -> None:
    """Write the checked copy into the database at `target` (made if missing), replacing its whole
    content in one transaction, through SQLite itself so other connections stay safe."""
    try:
        reading = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            _check(reading, copy)
            writing = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                reading.backup(writing)
            finally:
                writing.close()
        finally:
            reading.close()
    except sqlite3.Error as error:
        raise SqliteCopyError(f"cannot restore into {target}: {error}") from None


def describe(path: Path) -> tuple[str | None, dict[str, int]]:
    """The schema revision and row counts of the SQLite database at `path`."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return database_revision(connection), table_rows(connection)
    finally:
        engine.dispose()


def _check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise SqliteCopyError(f"{path} is not a sound SQLite database: {error}") from None
    if verdict != "ok":
        raise SqliteCopyError(f"{path} is not a sound SQLite database: {verdict}")
