"""The consultation service's settings for a command: environment first, then `--database-url`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.output import UserError

if TYPE_CHECKING:
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
        raise UserError(f"there is no database file {url.database}; check --database-url")
