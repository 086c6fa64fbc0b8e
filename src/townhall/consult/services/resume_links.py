"""Save and come back later: a link that carries a resident's journey to later, or to another
device.

Only the SHA-256 digest of the link's random token is stored, so reading the database (or a
backup) gives no usable link. A link works once, until it expires (`TOWNHALL_RESUME_LINK_DAYS`
after it was made, or the consultation's close if that is sooner), and goes with its journey when
the response is sent (the foreign key cascades). Equality answers are never in a journey, so never
in what a link restores; the receipt address is taken out of the journey when a link is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from townhall.consult.models import ResumeLink, in_utc

TOKEN_BYTES = 32
LONGEST_TOKEN = 100  # a token is 43 characters; anything much longer is not one of ours


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_expiry(now: datetime, days: int, closes_at: datetime) -> datetime:
    """When a link made `now` stops working: `days` later, or at the close if sooner."""
    return min(now + timedelta(days=days), closes_at.astimezone(UTC))


def make_link(
    session: Session, journey_token: str, consultation_id: int, expires_at: datetime
) -> str:
    """A new link's token for the journey (an earlier link of the journey stops working)."""
    session.execute(delete(ResumeLink).where(ResumeLink.journey_token == journey_token))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        ResumeLink(
            token_digest=token_digest(token),
            journey_token=journey_token,
            consultation_id=consultation_id,
            expires_at=expires_at,
        )
    )
    return token


def use_link(session: Session, token: str, consultation_id: int, now: datetime) -> str | None:
    """The journey a link carries, used up (it works once); None for a link that is unknown,
    for another consultation, used already or expired."""
    if len(token) > LONGEST_TOKEN:
        return None
    link = session.get(ResumeLink, token_digest(token))
    if link is None or link.consultation_id != consultation_id:
        return None
    session.delete(link)
    return link.journey_token if now < in_utc(link.expires_at) else None
