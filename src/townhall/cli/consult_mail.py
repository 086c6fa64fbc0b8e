"""`townhall consult send-receipts`: delete expired receipt addresses, then e-mail the receipts
that are due, for cron."""

from __future__ import annotations

from collections import Counter

import typer

from townhall.cli.consult_settings import DatabaseOption, consult_settings, require_database_file
from townhall.cli.output import UserError, console, user_errors


@user_errors
def send_receipts(
    database_url: DatabaseOption = None,
) -> None:
    """Delete receipt addresses kept past TOWNHALL_RECEIPT_ADDRESS_DAYS, then send residents' receipt
    e-mails that are due, deleting each address once its receipt is sent (the web service does both
    in the background). Without a mail server it only deletes. Exits 1 if any could not be sent."""
    from sqlalchemy.exc import SQLAlchemyError

    from townhall.consult.database import make_engine, session_factory
    from townhall.consult.services.receipt_retention import (
        purge_expired_addresses,
        retention_reason,
    )
    from townhall.consult.services.receipt_sending import SendCounts, send_due_receipts

    settings = consult_settings(database_url)
    require_database_file(settings)
    days = settings.receipt_address_days
    server = settings.smtp_server()
    engine = make_engine(settings.database_url)
    counts: SendCounts | None = None
    try:
        writer = session_factory(engine, writing=True)
        deleted = purge_expired_addresses(writer, days)
        if server is not None and settings.mail_from is not None:
            counts = send_due_receipts(session_factory(engine), writer, server, settings.mail_from)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise UserError(
            f"cannot use the consultation database {engine.url!r}: {reason} "
            "(is it running, and brought up to date with `townhall consult migrate`?)"
        ) from None
    finally:
        engine.dispose()
    plural = "es" if deleted != 1 else ""
    console.print(f"Deleted {deleted} receipt address{plural} {retention_reason(days)}.")
    if counts is None:
        console.print(
            "Sent no receipts: no mail server is set "
            "(set TOWNHALL_SMTP_URL and TOWNHALL_MAIL_FROM to send them)."
        )
        return
    console.print(
        f"Sent {counts.sent} receipt{'s' if counts.sent != 1 else ''}; "
        f"{counts.failed} failed and will be tried again; "
        f"{counts.given_up} given up (their addresses deleted)."
    )
    for reason, times in sorted(Counter(counts.reasons).items()):
        console.print(f"  {reason}: {times}", soft_wrap=True)
    if counts.failed or counts.given_up:
        raise typer.Exit(1)
