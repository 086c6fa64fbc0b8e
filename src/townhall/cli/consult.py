"""`townhall consult`: run the consultation web service, create officers, load the demonstration."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Consultations: run the web service, create officers, load the demonstration.",
    no_args_is_help=True,
)
