"""The `townhall` command: `townhall <domain> <verb>`, one sub-command group per domain.

Each domain's commands live in a module of this package named for the domain. Commands only parse
arguments, call the domain's functions and print; heavy imports happen inside the commands so that
`townhall --help` stays fast.
"""

from __future__ import annotations

import typer

from townhall.cli import consult as consult_commands
from townhall.cli import deals as deals_commands
from townhall.cli import mandate as mandate_commands
from townhall.cli import outcomes as outcomes_commands
from townhall.cli import tax as tax_commands

app = typer.Typer(
    help="Townhall: model, consult on and account for a council's local policies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(tax_commands.app, name="tax")
app.add_typer(consult_commands.app, name="consult")
app.add_typer(outcomes_commands.app, name="outcomes")
app.add_typer(deals_commands.app, name="deals")
app.add_typer(mandate_commands.app, name="mandate")


def main() -> None:
    """Entry point of the `townhall` console script."""
    app()
