"""Residents taking part without an account: a random participant token in the session cookie,
and a limit on how fast one client can send statements, ideas and comments."""

from __future__ import annotations

import secrets
import threading
from datetime import date

from fastapi import Request
from fastapi.responses import Response

from townhall.consult.models import Consultation
from townhall.consult.pages import render
from townhall.consult.rules.availability import Availability, availability
from townhall.consult.security.throttle import SlidingWindowLimiter

SESSION_KEY = "participant"
_LOCK = threading.Lock()


def participant(request: Request) -> str | None:
    """This session's participant token, if it has taken part yet."""
    token = request.session.get(SESSION_KEY)
    return token if isinstance(token, str) else None


def ensure_participant(request: Request) -> str:
    """This session's participant token, made (random, 32 characters) on first use."""
    token = participant(request)
    if token is None:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = token
    return token


def _limiter(request: Request) -> SlidingWindowLimiter:
    """The app's limiter for residents' written contributions, made on first use."""
    state = request.app.state
    with _LOCK:
        limiter = getattr(state, "participation_limiter", None)
        if limiter is None:
            limiter = SlidingWindowLimiter(state.settings.submissions_per_client_per_minute, 60)
            state.participation_limiter = limiter
    return limiter


def too_fast(request: Request) -> bool:
    """True (and nothing counted) when this client has sent its limit of contributions this
    minute; otherwise the contribution is counted and False."""
    client = request.client.host if request.client else "unknown"
    return not _limiter(request).allowed(client)


TOO_FAST = (
    "You have sent a lot in a short time. Wait a minute, then send it again: "
    "what you wrote is still here."
)


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
