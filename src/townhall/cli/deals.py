"""`townhall deals`: the city deal register; appraisal against objectives and a low-carbon lens."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="City deals: the register, appraisal against objectives and a low-carbon lens.",
    no_args_is_help=True,
)
