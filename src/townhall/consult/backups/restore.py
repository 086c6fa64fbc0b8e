"""Restoring a backup: only into the kind of database it came from, never over data unless told,
never a newer schema than this Townhall's, and checked table by table after."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from townhall.consult.backups.archive import Manifest, extracted_payload, read_manifest
from townhall.consult.backups.contents import table_rows, tables_with_data
from townhall.consult.backups.errors import BackupError
from townhall.consult.backups.make import database_kind
from townhall.consult.backups.postgres_dump import restore_dump
from townhall.consult.backups.sqlite_copy import describe, restore_database
from townhall.consult.database import make_engine
from townhall.consult.migrate import SchemaMismatchError, pending_revisions

NAMED_TABLES = 5  # tables named in a refusal; the rest are counted


def restore_backup(archive: Path, database_url: str, force: bool = False) -> Manifest:
    """Bring the backup `archive` back into the database at `database_url`.

    Refused: a backup of another kind of database, one of a newer schema than this package's, and
    a database that holds data (unless `force`, which replaces it).
    """
    manifest = read_manifest(archive)
    kind, url = database_kind(database_url)
    if kind != manifest.database:
        raise BackupError(
            f"{archive} is a backup of a {_NAMES[manifest.database]} database; restore it into "
            f"a {_NAMES[manifest.database]} database (--database-url), not {_NAMES[kind]}"
        )
    try:
        pending_revisions(manifest.schema_revision)
    except SchemaMismatchError:
        raise BackupError(
            f"{archive} was made by a newer Townhall (schema revision "
            f"{manifest.schema_revision}) than this one: restore it with that version"
        ) from None
    existing = _existing_rows(kind, url, database_url)
    _refuse_overwriting(existing, manifest, url, force)
    with extracted_payload(archive) as (_manifest, payload):
        if kind == "sqlite":
            restore_database(payload, Path(str(url.database)))
        else:
            restore_dump(payload, url, replace=bool(existing))
    _check_restored(_existing_rows(kind, url, database_url), manifest, url)
    return manifest


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _existing_rows(kind: str, url: URL, database_url: str) -> dict[str, int]:
    """The target's tables and their row counts (none for a SQLite file not yet made)."""
    if kind == "sqlite":
        path = Path(str(url.database))
        if not path.exists():
            return {}
        try:
            return describe(path)[1]
        except DBAPIError as error:
            raise BackupError(
                f"{path} is not a database that can be restored into: {error.orig}"
            ) from None
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return table_rows(connection)
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0]
        raise BackupError(f"cannot open the database {url!r}: {reason}") from None
    finally:
        engine.dispose()


def _refuse_overwriting(
    existing: dict[str, int], manifest: Manifest, url: URL, force: bool
) -> None:
    holding = tables_with_data(existing)
    if holding and not force:
        named = ", ".join(holding[:NAMED_TABLES])
        more = f" and {len(holding) - NAMED_TABLES} more" if len(holding) > NAMED_TABLES else ""
        raise BackupError(
            f"the database {url!r} already holds data (in {named}{more}); nothing was changed. "
            "Restore into an empty database, or add --force to replace everything in it with "
            "the backup"
        )
    foreign = sorted(set(existing) - set(manifest.rows))
    if foreign and manifest.database == "postgresql":
        raise BackupError(
            f"the database {url!r} has tables the backup does not ({', '.join(foreign[:NAMED_TABLES])}); "
            "nothing was changed. Restore into a new, empty database"
        )


def _check_restored(found: dict[str, int], manifest: Manifest, url: URL) -> None:
    """Every table of the backup is back with as many rows as when it was made."""
    wrong = [
        f"{name} ({found.get(name, 0)} rows of {count})"
        for name, count in manifest.rows.items()
        if found.get(name) != count
    ]
    if wrong:
        raise BackupError(f"the restore into {url!r} does not match the backup: {', '.join(wrong)}")
