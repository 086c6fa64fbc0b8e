"""Apply the packaged Alembic migrations programmatically (no alembic.ini needed), list the ones a
database still needs, and refuse to run the service on a database at another schema.

`townhall consult migrate` is the one place that changes the schema: the service and the other
commands check the database's revision against this package's and name that command when they
differ, so an upgrade happens when an operator chooses, after a backup, never as a side effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "consult_alembic_version"
MIGRATE_COMMAND = "townhall consult migrate"


class SchemaMismatchError(Exception):
    """The database's schema is not the one this version of Townhall was written for."""


@dataclass(frozen=True)
class Revision:
    """One migration: its id and the first line of its docstring."""

    id: str
    title: str


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at the migrations inside the installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@cache
def _scripts() -> ScriptDirectory:
    """The package's migrations, read once a process (a readiness check asks often)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def package_revision() -> str:
    """The newest migration this package holds (the schema it was written for)."""
    head = _scripts().get_current_head()
    assert head is not None, "the package holds no migrations"
    return head


def database_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when it has no Townhall schema yet."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def pending_revisions(current: str | None) -> list[Revision]:
    """The migrations that would take a database at `current` to the package's, oldest first.

    Raises `SchemaMismatchError` when `current` is not one this package knows (a newer schema).
    """
    scripts = _scripts()
    if current is not None and current not in {
        script.revision for script in scripts.walk_revisions()
    }:
        raise SchemaMismatchError(newer_schema_message(current))
    steps = list(scripts.iterate_revisions(package_revision(), current))
    return [Revision(script.revision, script.doc.strip()) for script in reversed(steps)]


def newer_schema_message(current: str) -> str:
    """What to say about a database migrated by a newer Townhall than this one."""
    return (
        f"the database is at schema revision {current}, which this version of Townhall (schema "
        f"{package_revision()}) does not know: it was upgraded by a newer Townhall. Run that "
        "version, or restore a backup made before the upgrade with `townhall consult restore`"
    )


def schema_problem(connection: Connection) -> str | None:
    """Why the service must not run on this database (None when its schema is the package's)."""
    current = database_revision(connection)
    head = package_revision()
    if current == head:
        return None
    if current is None:
        return (
            "the database has no Townhall tables yet: create them with "
            f"`{MIGRATE_COMMAND}` (add --dry-run to see what it will do)"
        )
    try:
        pending = pending_revisions(current)
    except SchemaMismatchError as error:
        return str(error)
    return (
        f"the database is at schema revision {current}, older than this version of Townhall "
        f"({head}; {len(pending)} migration{'s' if len(pending) != 1 else ''} to apply): back it "
        f"up with `townhall consult backup`, then run `{MIGRATE_COMMAND}` (add --dry-run to see "
        "what it will do)"
    )


def require_current_schema(engine: Engine) -> None:
    """Raise `SchemaMismatchError` unless the database is at this package's schema revision."""
    with engine.connect() as connection:
        problem = schema_problem(connection)
    if problem is not None:
        raise SchemaMismatchError(problem)


def upgrade(engine: Engine) -> None:
    """Bring the database up to the newest migration (safe to run on an up-to-date database).

    Refuses (`SchemaMismatchError`) a database at a newer schema than this package's.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        pending_revisions(database_revision(connection))  # a newer schema is refused, untouched
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
