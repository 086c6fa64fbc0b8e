"""`townhall consult migrate`, `backup` and `restore`: the commands an operator runs to upgrade
the database's schema and to copy the database out and back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.consult_settings import DatabaseOption, consult_settings
from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    from townhall.consult.backups.archive import Manifest


@user_errors
def migrate(
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="List the migrations that would be applied; change nothing."
        ),
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Create or upgrade the database's tables: the one command that changes the schema."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import DBAPIError

    from townhall.consult.database import make_engine
    from townhall.consult.migrate import (
        SchemaMismatchError,
        database_revision,
        package_revision,
        pending_revisions,
        upgrade,
    )

    settings = consult_settings(database_url)
    url = make_url(settings.database_url)
    new_file = (
        url.get_backend_name() == "sqlite"
        and url.database not in (None, "", ":memory:")
        and not Path(str(url.database)).exists()
    )
    engine = make_engine(settings.database_url)
    try:
        if new_file:  # a dry run must not leave an empty file behind
            current = None
        else:
            with engine.connect() as connection:
                current = database_revision(connection)
        pending = pending_revisions(current)
        if not pending:
            console.print(f"[green]✓[/] The database is up to date (schema {current}).")
            return
        at = "has no Townhall tables yet" if current is None else f"is at schema {current}"
        plural = "s" if len(pending) != 1 else ""
        doing = "migrate would apply" if dry_run else "applying"
        console.print(f"The database {at}; {doing} {len(pending)} migration{plural}:")
        for revision in pending:
            console.print(f"  {revision.id}  {revision.title}", soft_wrap=True)
        if dry_run:
            console.print("Nothing was changed (--dry-run).")
            return
        upgrade(engine)
        console.print(f"[green]✓[/] The database is up to date (schema {package_revision()}).")
    except SchemaMismatchError as error:
        raise UserError(str(error)) from None
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0]
        raise UserError(
            f"cannot migrate the database {engine.url!r}: {reason} (check the URL and that the "
            "server is running; migrate as the role that owns the tables)"
        ) from None
    finally:
        engine.dispose()


@user_errors
def backup(
    out: Annotated[
        Path,
        typer.Option(
            help="The backup file to write, or an existing folder to write a timestamped "
            "townhall-consult-YYYYMMDDTHHMMSSZ.tar.gz into.",
        ),
    ],
    keep: Annotated[
        int | None,
        typer.Option(
            help="With a folder: then delete all but the newest KEEP timestamped backups in it.",
            min=1,
        ),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Back up the database while the service runs (SQLite online backup, or pg_dump)."""
    from townhall.consult.backups.errors import BackupError
    from townhall.consult.backups.make import make_backup
    from townhall.consult.backups.retention import prune, timestamped_name

    settings = consult_settings(database_url)
    folder = out if out.is_dir() else None
    if keep is not None and folder is None:
        raise UserError(f"--keep needs --out to be an existing folder; {out} is not one")
    if folder is None and not out.name.endswith((".tar.gz", ".tgz")):
        raise UserError(
            f"--out {out} is neither an existing folder nor a file name ending in .tar.gz "
            "(a backup is a .tar.gz archive; make the folder first for timestamped backups)"
        )
    target = folder / timestamped_name() if folder is not None else out
    try:
        manifest = make_backup(settings.database_url, target)
    except BackupError as error:
        raise UserError(str(error)) from None
    console.print(f"[green]✓[/] Backed up {_described(manifest)} to {target}", soft_wrap=True)
    if folder is not None and keep is not None:
        for removed in prune(folder, keep):
            console.print(f"  Deleted the older backup {removed.name}", soft_wrap=True)


@user_errors
def restore(
    backup_file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A file made by `townhall consult backup`.")
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a database that already holds data (everything in it is lost).",
        ),
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Restore a backup into an empty database (stop the service first)."""
    from townhall.consult.backups.errors import BackupError
    from townhall.consult.backups.restore import restore_backup
    from townhall.consult.migrate import MIGRATE_COMMAND, package_revision

    settings = consult_settings(database_url)
    try:
        manifest = restore_backup(backup_file, settings.database_url, force)
    except BackupError as error:
        raise UserError(str(error)) from None
    console.print(
        f"[green]✓[/] Restored {_described(manifest)}, made {manifest.created_at}; every table "
        "has the rows it had.",
        soft_wrap=True,
    )
    if manifest.schema_revision != package_revision():
        console.print(
            f"The database is at schema {manifest.schema_revision}, older than this Townhall's "
            f"({package_revision()}): run `{MIGRATE_COMMAND}` before serving it.",
            soft_wrap=True,
        )


def _described(manifest: Manifest) -> str:
    kind = {"sqlite": "the SQLite", "postgresql": "the PostgreSQL"}[manifest.database]
    return (
        f"{kind} database (schema {manifest.schema_revision}, {manifest.total_rows:,} rows in "
        f"{len(manifest.rows)} tables)"
    )
