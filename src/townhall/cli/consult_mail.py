"""`townhall consult send-receipts`: e-mail the receipts that are due, for cron."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer

from townhall.cli.consult_settings import consult_settings, require_database_file
from townhall.cli.output import UserError, console, user_errors


@user_errors
def send_receipts(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="Database URL (default: TOWNHALL_DATABASE_URL or sqlite:///townhall.db).",
        ),
    ] = None,
) -> None:
    """Send residents' receipt e-mails that are due, deleting each address once its receipt is sent
    (the web service does this too, every few seconds). Exits 1 if any could not be sent."""
    from sqlalchemy.exc import SQLAlchemyError

    from townhall.consult.database import make_engine, session_factory
    from townhall.consult.services.receipt_sending import send_due_receipts

    settings = consult_settings(database_url)
    server = settings.smtp_server()
    if server is None or settings.mail_from is None:
        raise UserError(
            "no mail server is set: set TOWNHALL_SMTP_URL and TOWNHALL_MAIL_FROM to send receipts"
        )
    require_database_file(settings)
    engine = make_engine(settings.database_url)
    try:
        counts = send_due_receipts(
            session_factory(engine),
            session_factory(engine, writing=True),
            server,
            settings.mail_from,
        )
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise UserError(
            f"cannot use the consultation database {engine.url!r}: {reason} "
            "(is it running, and brought up to date with `townhall consult migrate`?)"
        ) from None
    finally:
        engine.dispose()
    console.print(
        f"Sent {counts.sent} receipt{'s' if counts.sent != 1 else ''}; "
        f"{counts.failed} failed and will be tried again; "
        f"{counts.given_up} given up (their addresses deleted)."
    )
    for reason, times in sorted(Counter(counts.reasons).items()):
        console.print(f"  {reason}: {times}", soft_wrap=True)
    if counts.failed or counts.given_up:
        raise typer.Exit(1)
