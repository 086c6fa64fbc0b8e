"""`townhall outcomes`: outcomes contracts: payments, the verification ledger, gaming checks."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Outcomes contracts: payments by results, the verification ledger, gaming checks.",
    no_args_is_help=True,
)
