"""Staff sessions kept on the server, so signing out, a new password or a timeout ends them.

A session's id is 32 random bytes held only in the browser's cookie; the table keeps its SHA-256
digest, so someone who reads the table (or a backup of it) cannot sign in with what they read.
A session ends when its row is deleted (sign-out, a password change or reset, deactivation) or
when it has been idle for `idle` or alive for `absolute`, whichever comes first.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from townhall.consult.models import StaffSession, in_utc

# Last seen is written at most this often a session, so browsing is not a write a page.
TOUCH_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Lifetimes:
    """How long a session may sit unused (`idle`) and how long it may last at all (`absolute`)."""

    idle: timedelta
    absolute: timedelta


def digest(session_id: str) -> str:
    """What the table keeps of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def expired(created_at: datetime, last_seen_at: datetime, now: datetime, life: Lifetimes) -> bool:
    """Whether a session created and last seen then has run out at `now`."""
    return now - in_utc(last_seen_at) >= life.idle or now - in_utc(created_at) >= life.absolute


def start_session(session: Session, user_id: int, now: datetime) -> str:
    """A new session for `user_id`; the id returned goes in the cookie and nowhere else."""
    session_id = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            id_digest=digest(session_id), user_id=user_id, created_at=now, last_seen_at=now
        )
    )
    return session_id


def live_session(
    session: Session, session_id: str, now: datetime, life: Lifetimes
) -> StaffSession | None:
    """The session with this id if it exists and has not run out."""
    found = session.get(StaffSession, digest(session_id))
    if found is None or expired(found.created_at, found.last_seen_at, now, life):
        return None
    return found


def needs_touch(found: StaffSession, now: datetime) -> bool:
    """Whether `last_seen_at` is old enough to be worth writing again."""
    return now - in_utc(found.last_seen_at) >= TOUCH_AFTER


def touch(session: Session, id_digest: str, now: datetime) -> None:
    """Note that the session was used at `now` (the caller commits)."""
    session.execute(
        update(StaffSession).where(StaffSession.id_digest == id_digest).values(last_seen_at=now)
    )


def end_session(session: Session, session_id: str) -> None:
    """End one session (sign-out); nothing happens if it has already gone."""
    session.execute(delete(StaffSession).where(StaffSession.id_digest == digest(session_id)))


def end_user_sessions(session: Session, user_id: int) -> int:
    """End every session of `user_id` (a new password, deactivation); how many ended."""
    result = session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def sweep_expired(session: Session, now: datetime, life: Lifetimes) -> int:
    """Delete every session that has run out, so none lingers in the table; how many went."""
    result = session.execute(
        delete(StaffSession).where(
            or_(
                StaffSession.last_seen_at <= now - life.idle,
                StaffSession.created_at <= now - life.absolute,
            )
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
