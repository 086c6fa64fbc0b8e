"""Who may do what: the signed-in user from their server-side session, and dependencies
requiring a role.

admin: everything, including staff accounts and the audit log. officer: consultations, results and
exports. councillor: the responses from their own wards, never equality data or e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.database import transaction
from townhall.consult.models import User
from townhall.consult.services.staff_sessions import (
    Lifetimes,
    live_session,
    needs_touch,
    start_session,
    touch,
)
from townhall.consult.settings import Settings

STAFF_COOKIE = "townhall_staff"
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


def now(request: Request) -> datetime:
    """The app's clock (tests move it to expire sessions without sleeping)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def lifetimes(settings: Settings) -> Lifetimes:
    """The idle and absolute timeouts of staff sessions, from the settings."""
    return Lifetimes(
        idle=timedelta(minutes=settings.staff_idle_minutes),
        absolute=timedelta(hours=settings.staff_session_hours),
    )


def staff_session_id(request: Request) -> str | None:
    """The session id this browser's cookie carries, if any."""
    return request.cookies.get(STAFF_COOKIE) or None


def remember_user(request: Request, session: Session, user: User, response: Response) -> None:
    """Start a new server-side session for `user` and give this browser its id (the caller
    commits); the cookie carries nothing else."""
    settings: Settings = request.app.state.settings
    session_id = start_session(session, user.id, now(request))
    response.set_cookie(
        STAFF_COOKIE,
        session_id,
        max_age=settings.staff_session_hours * 3600,
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )


def forget_user(request: Request, response: Response) -> None:
    """Tell the browser to drop its staff cookie."""
    settings: Settings = request.app.state.settings
    response.delete_cookie(
        STAFF_COOKIE, path="/", secure=settings.cookie_secure, httponly=True, samesite="lax"
    )


def signed_in_user(request: Request, session: Session = Depends(database)) -> User:
    """The active user whose live session this browser holds; else sign in.

    A session ends on the server (sign-out, a new password, deactivation, a timeout), so a
    copied cookie stops working at the same moment as the original.
    """
    session_id = staff_session_id(request)
    moment = now(request)
    found = (
        live_session(session, session_id, moment, lifetimes(request.app.state.settings))
        if session_id
        else None
    )
    user = session.get(User, found.user_id) if found is not None else None
    if found is None or user is None or not user.active:
        raise SignInRequiredError
    if needs_touch(found, moment):
        if request.method == "POST":  # this session writes, and commits with the request
            touch(session, found.id_digest, moment)
        else:
            with transaction(request.app.state.writer) as writing:
                touch(writing, found.id_digest, moment)
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
