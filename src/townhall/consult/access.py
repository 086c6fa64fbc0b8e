"""Who may do what: the signed-in user from the session, and dependencies requiring a role.

admin: everything, including staff accounts and the audit log. officer: consultations, results and
exports. councillor: the responses from their own wards, never equality data or e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.models import User

SESSION_USER = "user_id"
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


def signed_in_user(request: Request, session: Session = Depends(database)) -> User:
    """The active user this session signed in as; otherwise off to the sign-in page."""
    user_id = request.session.get(SESSION_USER)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        request.session.pop(SESSION_USER, None)
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
