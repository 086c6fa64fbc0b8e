"""Staff passwords on the command line: reading one safely, and `townhall consult set-password`."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from townhall.cli.consult_settings import DatabaseOption, migrated_factory
from townhall.cli.output import UserError, console, user_errors


def read_password(prompt_for: str) -> str:
    """A password from stdin when piped, otherwise prompted twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return str(
        typer.prompt(f"Password for {prompt_for}", hide_input=True, confirmation_prompt=True)
    )


def _existing_account(session: Any, email: str) -> Any:
    """The staff account with this e-mail address; a clear error when there is none."""
    from townhall.consult.services.accounts import user_by_email

    user = user_by_email(session, email)
    if user is None:
        raise UserError(f"there is no staff account with the e-mail address {email!r}")
    return user


@user_errors
def set_password(
    email: Annotated[str, typer.Option(help="The e-mail address of an existing account.")],
    database_url: DatabaseOption = None,
) -> None:
    """Set a staff member's password (prompted twice, or read from stdin); their sessions end."""
    from townhall.consult.audit import record
    from townhall.consult.services.accounts import set_password as set_account_password

    factory = migrated_factory(database_url)
    with factory() as session:
        _existing_account(session, email)  # before asking for a password
    password = read_password(email)
    with factory() as session, session.begin():
        user = _existing_account(session, email)
        set_account_password(session, user, password)
        record(session, None, "reset password", f"user {user.id}", user.email, actor="command line")
        active = user.active
    console.print(
        f"[green]✓[/] Set the password for {email}; every session of the account has ended."
    )
    if not active:
        console.print("  The account is deactivated, so it still cannot sign in.")
