"""Taking a backup: a consistent copy of the database, described and archived in one file."""

from __future__ import annotations

import tempfile
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from townhall.consult.backups.archive import PAYLOADS, Manifest, file_sha256, now_utc, write_archive
from townhall.consult.backups.errors import BackupError
from townhall.consult.backups.postgres_dump import dump_database
from townhall.consult.backups.sqlite_copy import copy_database
from townhall.consult.database import make_engine
from townhall.consult.migrate import MIGRATE_COMMAND


def database_kind(database_url: str) -> tuple[str, URL]:
    """ "sqlite" or "postgresql" and the parsed URL; any other database is refused."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise BackupError(f"{database_url!r} is not a database URL") from None
    kind = url.get_backend_name()
    if kind not in PAYLOADS:
        raise BackupError(f"backups are made of SQLite and PostgreSQL databases, not {kind}")
    if kind == "sqlite" and url.database in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database cannot be backed up: name its file")
    return kind, url


def make_backup(database_url: str, target: Path) -> Manifest:
    """Back up the database at `database_url` into the archive `target` (written atomically)."""
    kind, url = database_kind(database_url)
    if kind == "sqlite" and _same_file(target, Path(str(url.database))):
        raise BackupError(f"--out {target} is the database itself: write the backup elsewhere")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The copy is made beside the archive, on the disk meant for backups (not a small /tmp).
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".townhall-backup-") as folder:
        payload = Path(folder) / PAYLOADS[kind]
        if kind == "sqlite":
            revision, rows = copy_database(Path(str(url.database)), payload)
        else:
            engine = make_engine(database_url)
            try:
                revision, rows = dump_database(engine, payload)
            except DBAPIError as error:
                reason = str(error.orig).strip().splitlines()[0]
                raise BackupError(f"cannot read the database {url!r}: {reason}") from None
            finally:
                engine.dispose()
        if revision is None:
            raise BackupError(
                f"{url!r} has no Townhall tables, so there is nothing to back up (a new "
                f"database is made with `{MIGRATE_COMMAND}`)"
            )
        manifest = Manifest(
            database=kind,
            schema_revision=revision,
            created_at=now_utc(),
            townhall_version=version("townhall"),
            payload_sha256=file_sha256(payload),
            payload_bytes=payload.stat().st_size,
            rows=rows,
        )
        write_archive(target, manifest, payload)
    return manifest


def _same_file(target: Path, database: Path) -> bool:
    """Whether writing `target` would overwrite the database or its write-ahead files."""
    resolved = target.resolve()
    return any(resolved == Path(f"{database}{end}").resolve() for end in ("", "-wal", "-shm"))
