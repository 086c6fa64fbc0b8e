"""What the `townhall consult` commands share: their settings (environment first, then
`--database-url`) and their database, opened with a clear message when it cannot be."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.output import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from townhall.consult.settings import Settings


DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="Database URL (default: TOWNHALL_DATABASE_URL or sqlite:///townhall.db).",
    ),
]


def consult_settings(database_url: str | None) -> Settings:
    """The settings, or a clear error naming each wrong `TOWNHALL_*` variable (no traceback)."""
    from pydantic import ValidationError

    from townhall.consult.settings import Settings, settings_error_message

    try:
        return Settings(database_url=database_url) if database_url else Settings()
    except ValidationError as error:
        raise UserError(settings_error_message(error)) from None


def require_database_file(settings: Settings) -> None:
    """A SQLite database file must already be there: a command that only reads or sends must not
    create an empty database where a path was mistyped."""
    from sqlalchemy import make_url

    url = make_url(settings.database_url)
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if on_disk and not Path(str(url.database)).exists():
        raise UserError(
            f"there is no database file {url.database}; check --database-url, or create it with "
            "`townhall consult migrate`"
        )


@contextmanager
def existing_database(settings: Settings, doing: str) -> Iterator[Engine]:
    """An engine on the database `settings` name, which must already be there; a database error
    inside the block is a message saying what could not be done (`doing`, e.g. "read"), and the
    engine is closed after."""
    from sqlalchemy.exc import SQLAlchemyError

    from townhall.consult.database import make_engine

    require_database_file(settings)
    engine = make_engine(settings.database_url)
    require_current(engine)
    try:
        yield engine
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise UserError(
            f"cannot {doing} the consultation database {engine.url!r}: {reason} "
            "(is it running, and brought up to date with `townhall consult migrate`?)"
        ) from None
    finally:
        engine.dispose()


def migrated_factory(database_url: str | None) -> sessionmaker[Session]:
    """A writing session factory on a database at this package's schema; any other schema (none
    yet, older, newer) is a message naming the command to run (only `migrate` changes it)."""
    from townhall.consult.database import make_engine, session_factory

    settings = consult_settings(database_url)
    require_database_file(settings)
    engine = make_engine(settings.database_url)
    require_current(engine)
    return session_factory(engine, writing=True)


def require_current(engine: Engine) -> None:
    """Refuse, as a user error, a database that cannot be opened or is not at this schema."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from townhall.consult.migrate import SchemaMismatchError, require_current_schema

    try:
        require_current_schema(engine)
    except SchemaMismatchError as error:
        engine.dispose()
        raise UserError(str(error)) from None
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0]
        raise UserError(
            f"cannot open the database {engine.url!r}: {reason} (is it a Townhall database?)"
        ) from None


def no_consultation(given: str) -> str:
    """The message for a consultation named that matches none."""
    return (
        f"there is no consultation called {given!r}: give its web address name (such as "
        "birmingham-council-tax-support-2013), its web address or its number"
    )
