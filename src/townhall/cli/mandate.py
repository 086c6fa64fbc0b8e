"""`townhall mandate`: who is accountable for which local service in a place."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Who is accountable for which local service in a place.", no_args_is_help=True
)
