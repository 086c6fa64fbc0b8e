"""Residents taking part without an account: a random participant token in the session cookie,
and limits on how fast one client can send statements, ideas and comments, or start taking part."""

from __future__ import annotations

import secrets
import threading
from datetime import date

from fastapi import HTTPException, Request
from fastapi.responses import Response

from townhall.consult.models import Consultation
from townhall.consult.pages import render
from townhall.consult.rules.availability import Availability, availability
from townhall.consult.security.throttle import SlidingWindowLimiter

SESSION_KEY = "participant"
TOO_FAST = (
    "You have sent a lot in a short time. Wait a minute, then send it again: "
    "what you wrote is still here."
)
TOO_MANY_PARTICIPANTS = (
    "Too many people have started taking part from this computer in the last minute. "
    "Wait a minute, then try again."
)
_LOCK = threading.Lock()


def participant(request: Request) -> str | None:
    """This session's participant token, if it has taken part yet."""
    token = request.session.get(SESSION_KEY)
    return token if isinstance(token, str) else None


def ensure_participant(request: Request) -> str:
    """This session's participant token, made (random, 32 characters) on first use. A client
    making new participants faster than three times the submission limit is refused (429), so
    clearing cookies cannot cast votes by the hundred."""
    token = participant(request)
    if token is None:
        if not _limiter(request, "new_participants", 3).allowed(_client(request)):
            raise HTTPException(status_code=429, detail=TOO_MANY_PARTICIPANTS)
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = token
    return token


def too_fast(request: Request) -> bool:
    """True (and nothing counted) when this client has sent its limit of contributions this
    minute; otherwise the contribution is counted and False."""
    return not _limiter(request, "contributions").allowed(_client(request))


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limiter(request: Request, name: str, times: int = 1) -> SlidingWindowLimiter:
    """The app's limiter `name` (`times` the submissions-per-minute setting), made on first use."""
    state = request.app.state
    with _LOCK:
        limiters = getattr(state, "participation_limiters", None)
        if limiters is None:
            limiters = {}
            state.participation_limiters = limiters
        if name not in limiters:
            per_minute = times * state.settings.submissions_per_client_per_minute
            limiters[name] = SlidingWindowLimiter(per_minute, 60)
        limiter: SlidingWindowLimiter = limiters[name]
    return limiter


def state_of(consultation: Consultation) -> Availability:
    """Whether the consultation is open today (or draft, not yet open, closed)."""
    return availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )


def is_open(consultation: Consultation) -> bool:
    """Residents can vote, propose, support and comment only while the consultation is open."""
    return state_of(consultation) == "open"


def closed_page(request: Request, consultation: Consultation) -> Response:
    """The page (403) saying the consultation is not open, so nothing was taken."""
    return render(
        request,
        "resident/closed.html",
        {"consultation": consultation, "state": state_of(consultation)},
        403,
    )
