"""Receipt e-mails waiting to be sent: claiming one, then recording it sent or failed.

Claiming counts an attempt and sets the receipt's retry time `CLAIM_FOR` ahead, in a short writing
transaction: on PostgreSQL the row is read `FOR UPDATE SKIP LOCKED`, on SQLite the writing session
holds the write lock, so two senders (two server processes, or one and the cron command) never
claim the same receipt. The e-mail is sent outside any transaction, so sending never holds up
residents' submissions. A receipt is only claimed again once its claim has run out, which is
longer than sending can take, so each is sent once unless its sender dies mid-send.

When a sender does die, or the server accepts a message but the reply is lost, the receipt is
sent again: at least once, never exactly once (that would need the mail server's help). Every
attempt carries the Message-ID fixed at the first claim, so the copies are one message to any
server or mail client that removes duplicates. A claim names its sender; only that sender may
record the outcome, and only while its claim has not been taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from townhall.consult.mail.receipt import Receipt, new_message_id
from townhall.consult.models import Consultation, Response

MAX_ATTEMPTS = 5
CLAIM_FOR = timedelta(minutes=10)
# How long to wait after the first, second, ... failed attempt before the next.
RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


@dataclass(frozen=True)
class Claim:
    """A receipt this sender may send: to whom, what it says, and which attempt this is."""

    response_id: int
    attempt: int
    recipient: str
    receipt: Receipt
    message_id: str
    claimed_by: str


def _due(now: datetime) -> ColumnElement[bool]:
    """Receipts with an address whose retry time (if any) has come."""
    return and_(
        Response.receipt_email.is_not(None),
        or_(Response.receipt_retry_at.is_(None), Response.receipt_retry_at <= now),
    )


def any_due(session: Session, now: datetime) -> bool:
    """Whether a receipt is waiting; a plain read, so idle checks never take the write lock."""
    return session.scalar(select(Response.id).where(_due(now)).limit(1)) is not None


def receipt_emailed(session: Session, reference: str) -> bool:
    """Whether the response's receipt is being or has been e-mailed (a yes or no, never the
    address), so the receipt page can say so."""
    return bool(
        session.scalar(
            select(
                or_(Response.receipt_email.is_not(None), Response.receipt_sent_at.is_not(None))
            ).where(Response.reference == reference)
        )
    )


def claim_next(
    session: Session, due_by: datetime, now: datetime, sender: str, claimed_by: str
) -> Claim | None:
    """Claim the oldest receipt due by `due_by` for `claimed_by`, or None; `session` must be a
    writing one. Its Message-ID is made (from `sender`'s domain) at the first claim and kept."""
    row = session.execute(
        select(
            Response.id,
            Response.receipt_email,
            Response.receipt_attempts,
            Response.receipt_message_id,
            Response.reference,
            Response.submitted_at,
            Consultation.title,
            Consultation.contact,
        )
        .join(Consultation, Consultation.id == Response.consultation_id)
        .where(_due(due_by))
        .order_by(Response.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Response)
    ).first()
    if row is None:
        return None
    attempt = row.receipt_attempts + 1
    message_id = row.receipt_message_id or new_message_id(sender)
    session.execute(
        update(Response)
        .where(Response.id == row.id)
        .values(
            receipt_attempts=attempt,
            receipt_retry_at=now + CLAIM_FOR,
            receipt_claimed_by=claimed_by,
            receipt_message_id=message_id,
        )
    )
    return Claim(
        response_id=row.id,
        attempt=attempt,
        recipient=str(row.receipt_email),
        receipt=Receipt(
            title=row.title,
            reference=row.reference,
            submitted_at=row.submitted_at,
            contact=row.contact,
        ),
        message_id=message_id,
        claimed_by=claimed_by,
    )


def _still_claimed(claim: Claim) -> ColumnElement[bool]:
    """The claim has not run out and been taken by another sender since."""
    return and_(
        Response.id == claim.response_id,
        Response.receipt_attempts == claim.attempt,
        Response.receipt_claimed_by == claim.claimed_by,
    )


def mark_sent(session: Session, claim: Claim, now: datetime) -> None:
    """The receipt went: forget the address at once, and note when it was sent."""
    session.execute(
        update(Response)
        .where(_still_claimed(claim))
        .values(
            receipt_email=None,
            receipt_sent_at=now,
            receipt_retry_at=None,
            receipt_failure=None,
            receipt_claimed_by=None,
        )
    )


def mark_failed(
    session: Session, claim: Claim, reason: str, permanent: bool, now: datetime
) -> bool:
    """Record why the attempt failed; give up (forgetting the address) after the last attempt
    or when trying again cannot help. True if it was given up."""
    give_up = permanent or claim.attempt >= MAX_ATTEMPTS
    retry = None if give_up else now + RETRY_AFTER[min(claim.attempt, len(RETRY_AFTER)) - 1]
    values: dict[str, object] = {
        "receipt_retry_at": retry,
        "receipt_failure": reason[:200],
        "receipt_claimed_by": None,
    }
    if give_up:
        values["receipt_email"] = None
    session.execute(update(Response).where(_still_claimed(claim)).values(**values))
    return give_up
