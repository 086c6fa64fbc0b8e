"""PostgreSQL backups with the server's own tools: `pg_dump --format=custom` from one exported
snapshot (the same one the manifest's row counts are read from), and `pg_restore` in a single
transaction, so a failed restore leaves the database as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from townhall.consult.backups.contents import table_rows
from townhall.consult.backups.errors import BackupError
from townhall.consult.migrate import database_revision


class PostgresToolError(BackupError):
    """pg_dump or pg_restore is missing or failed; the message holds what it said."""


def dump_database(engine: Engine, target: Path) -> tuple[str | None, dict[str, int]]:
    """Dump the database to `target` (custom format) and return the schema revision and row
    counts of the very snapshot dumped, read while pg_dump works."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = str(connection.scalar(text("SELECT pg_export_snapshot()")))
            revision = database_revision(connection)
            rows = table_rows(connection)
            _run(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                engine.url,
            )
    return revision, rows


def restore_dump(dump: Path, url: URL, replace: bool) -> None:
    """Restore `dump` into the database in one transaction; objects belong to the user restoring
    (grants to the service's role come from that user's default privileges, see docs/deploy.md).
    `replace` first drops the objects the dump holds, for a database that has them already."""
    options = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"]
    if replace:
        options += ["--clean", "--if-exists"]
    _run("pg_restore", [*options, str(dump)], url)


def _run(tool: str, arguments: list[str], url: URL) -> None:
    """Run a PostgreSQL client tool against `url`; the password goes in the environment, never on
    the command line where other users could see it."""
    program = shutil.which(tool)
    if program is None:
        raise PostgresToolError(
            f"{tool} was not found: install the PostgreSQL client tools of the server's version "
            "(on Debian, apt-get install postgresql-client)"
        )
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    finished = subprocess.run(  # noqa: S603 (a found program, arguments made here, no shell)
        [program, "--no-password", f"--dbname={target}", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        said = " ".join(finished.stderr.split())[:2000] or f"exit status {finished.returncode}"
        raise PostgresToolError(f"{tool} failed: {said}")
