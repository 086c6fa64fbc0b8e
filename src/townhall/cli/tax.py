"""`townhall tax`: council tax and Council Tax Support schemes, caseloads and households."""

from __future__ import annotations

import typer

app = typer.Typer(help="Council Tax Support: schemes, caseloads, households.", no_args_is_help=True)
