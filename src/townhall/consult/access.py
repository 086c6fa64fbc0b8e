"""Who may do what: the signed-in user from the session, and dependencies requiring a role.

admin: everything, including staff accounts and the audit log. officer: consultations, results and
exports. councillor: the responses from their own wards, never equality data or e-mail addresses.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.models import User

SESSION_USER = "user_id"
SESSION_FINGERPRINT = "password_fingerprint"
STAFF_ROLES = ("admin", "officer")


class SignInRequiredError(Exception):
    """The page needs a signed-in member of staff; the handler sends them to the sign-in page."""


def database(request: Request) -> Iterator[Session]:
    """A database session for this request; POSTs get a writing session (SQLite locks early)."""
    name = "writer" if request.method == "POST" else "reader"
    factory: sessionmaker[Session] = getattr(request.app.state, name)
    with factory() as session:
        yield session


def reading_database(request: Request) -> Iterator[Session]:
    """A read-only database session, for POST handlers that write in a transaction of their own."""
    factory: sessionmaker[Session] = request.app.state.reader
    with factory() as session:
        yield session


def password_fingerprint(user: User) -> str:
    """A short digest of the user's password hash: it changes whenever their password does."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[-16:]


def remember_user(request: Request, user: User) -> None:
    """Mark this session signed in as `user`, with the password they have now."""
    request.session[SESSION_USER] = user.id
    request.session[SESSION_FINGERPRINT] = password_fingerprint(user)


def signed_in_user(request: Request, session: Session = Depends(database)) -> User:
    """The active user this session signed in as, with their current password; else sign in.

    A session from before a password change or reset carries the old password's fingerprint, so
    it is treated as signed out.
    """
    user_id = request.session.get(SESSION_USER)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    fingerprint = request.session.get(SESSION_FINGERPRINT)
    if (
        user is None
        or not user.active
        or not isinstance(fingerprint, str)
        or not hmac.compare_digest(fingerprint.encode(), password_fingerprint(user).encode())
    ):
        request.session.pop(SESSION_USER, None)
        request.session.pop(SESSION_FINGERPRINT, None)
        raise SignInRequiredError
    request.state.user = user
    return user


def require_role(*roles: str) -> Callable[[User], User]:
    """A dependency that lets through only users with one of `roles` (403 for the others)."""

    def check(user: User = Depends(signed_in_user)) -> User:
        if user.role not in roles:
            raise HTTPException(status_code=403, detail="Your account cannot open this page.")
        return user

    return check


staff = require_role(*STAFF_ROLES)
admin_only = require_role("admin")
councillor_or_staff = require_role("councillor", *STAFF_ROLES)
