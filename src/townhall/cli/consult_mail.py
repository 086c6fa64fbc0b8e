"""`townhall consult send-receipts`: delete expired receipt addresses, then e-mail the receipts
that are due, for cron."""

from __future__ import annotations

from collections import Counter

import typer

from townhall.cli.consult_settings import DatabaseOption, consult_settings, existing_database
from townhall.cli.output import console, user_errors


@user_errors
def send_receipts(
    database_url: DatabaseOption = None,
) -> None:
    """Delete receipt addresses kept past TOWNHALL_RECEIPT_ADDRESS_DAYS, then send residents' receipt
    e-mails that are due, deleting each address once its receipt is sent (the web service does both
    in the background). Without a mail server it only deletes. Exits 1 if any could not be sent."""
    from townhall.consult.database import session_factory
    from townhall.consult.services.receipt_retention import (
        purge_expired_addresses,
        retention_reason,
    )
    from townhall.consult.services.receipt_sending import SendCounts, send_due_receipts

    settings = consult_settings(database_url)
    days = settings.receipt_address_days
    server = settings.smtp_server()
    counts: SendCounts | None = None
    with existing_database(settings, "use") as engine:
        writer = session_factory(engine, writing=True)
        deleted = purge_expired_addresses(writer, days)
        if server is not None and settings.mail_from is not None:
            counts = send_due_receipts(
                session_factory(engine), writer, server, settings.mail_from, settings=settings
            )
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
