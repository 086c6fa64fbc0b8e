"""Send every receipt e-mail that is due, one claim at a time, and count what happened.

Used by the web service's background task and by `townhall consult send-receipts`. Logs name the
response, never the address. A sender that dies between sending and recording leaves its claim to
run out; the retry sends the same Message-ID (see services/receipts.py).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.database import transaction
from townhall.consult.mail.receipt import Signature, receipt_message
from townhall.consult.mail.server import SmtpServer
from townhall.consult.mail.smtp import failure, send_message
from townhall.consult.models import utc_now
from townhall.consult.services.council import Council, load_council
from townhall.consult.services.receipts import (
    MAX_ATTEMPTS,
    Claim,
    any_due,
    claim_next,
    mark_failed,
    mark_sent,
)
from townhall.consult.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class SendCounts:
    """What one run did: receipts sent, attempts that failed (and will be tried again), given up."""

    sent: int = 0
    failed: int = 0
    given_up: int = 0
    reasons: list[str] = field(default_factory=list)


def send_due_receipts(
    reader: sessionmaker[Session],
    writer: sessionmaker[Session],
    server: SmtpServer,
    sender: str,
    clock: Callable[[], datetime] = utc_now,
    stop: threading.Event | None = None,
    settings: Settings | None = None,
) -> SendCounts:
    """Send the receipts due when the run starts (each at most once in a run) until `stop` is set,
    signed by the council (from `settings` and what an administrator set) when settings are given.

    `writer` must lock (see `session_factory(..., writing=True)`); `reader` makes the idle check.
    """
    counts = SendCounts()
    claimed_by = sender_name()
    started = clock()
    with reader() as session:
        if not any_due(session, started):
            return counts
        signature = signature_of(load_council(session, settings)) if settings else None
        if signature is not None and settings is not None and settings.public_url:
            privacy = settings.public_url.rstrip("/") + "/privacy"
            signature = Signature(signature.council, signature.contact_lines, privacy)
    while stop is None or not stop.is_set():
        with transaction(writer) as session:
            claim = claim_next(session, started, clock(), sender, claimed_by)
        if claim is None:
            break
        _send_one(writer, server, sender, claim, clock, counts, signature)
    return counts


def signature_of(council: Council) -> Signature:
    """The council's name and contact details for the foot of a receipt."""
    lines = [*council.address.splitlines()]
    if council.phone:
        lines.append(f"Phone: {council.phone}")
    if council.email:
        lines.append(f"E-mail: {council.email}")
    if council.website:
        lines.append(council.website)
    name = council.name if council.named else ""
    return Signature(name, tuple(line for line in lines if line.strip()) if name else ())


def sender_name() -> str:
    """Who holds a claim: this machine, process and run (for the record; a claim is checked by
    the whole name, so two runs in one process never take each other's)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _send_one(
    writer: sessionmaker[Session],
    server: SmtpServer,
    sender: str,
    claim: Claim,
    clock: Callable[[], datetime],
    counts: SendCounts,
    signature: Signature | None,
) -> None:
    try:
        message = receipt_message(
            claim.receipt, sender, claim.recipient, claim.message_id, signature
        )
        send_message(server, message, claim.recipient)
    except Exception as error:  # every failure is counted and retried, none stops the others
        why = failure(error)
        with transaction(writer) as session:
            given_up = mark_failed(session, claim, why.reason, why.permanent, clock())
        if given_up:
            counts.given_up += 1
        else:
            counts.failed += 1
        counts.reasons.append(why.reason)
        logger.warning(
            "receipt for response %d not sent (attempt %d of %d%s): %s",
            claim.response_id,
            claim.attempt,
            MAX_ATTEMPTS,
            "; given up, address deleted" if given_up else "",
            why.reason,
        )
        return
    with transaction(writer) as session:
        mark_sent(session, claim, clock())
    counts.sent += 1
