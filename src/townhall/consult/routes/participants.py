"""Residents taking part without an account: a random participant token in the session cookie,
and limits on how fast one client can send statements, ideas and comments, or start taking part."""

from __future__ import annotations

import secrets
from datetime import date

from fastapi import HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from townhall.consult.models import Consultation
from townhall.consult.pages import render
from townhall.consult.rules.availability import Availability, availability
from townhall.consult.security.throttle import WINDOW_SECONDS, client_key

SESSION_KEY = "participant"
TOO_FAST = (
    "A lot has been sent from your internet connection in the last minute. Many people can "
    "share one (in a library, at work, on a mobile network), so this may not be anything you "
    "did. Wait a minute, then send it again: what you wrote is still here."
)
TOO_MANY_PARTICIPANTS = (
    "Many people have started taking part from your internet connection in the last minute. "
    "It may be shared (in a library, at work, on a mobile network), so this may not be anything "
    "you did. Wait a minute, then try again."
)


def participant(request: Request) -> str | None:
    """This session's participant token, if it has taken part yet."""
    token = request.session.get(SESSION_KEY)
    return token if isinstance(token, str) else None


def ensure_participant(request: Request, session: Session) -> str:
    """This session's participant token, made (random, 32 characters) on first use. A client
    making new participants faster than three times the submission limit is refused (429), so
    clearing cookies cannot cast votes by the hundred."""
    token = participant(request)
    if token is None:
        if not request.app.state.limits.new_participants.allowed(session, client_key(request)):
            raise HTTPException(
                status_code=429,
                detail=TOO_MANY_PARTICIPANTS,
                headers={"Retry-After": str(WINDOW_SECONDS)},
            )
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = token
    return token


def too_fast(request: Request, session: Session) -> bool:
    """True (and nothing counted) when this client has sent its limit of contributions this
    minute; otherwise the contribution is counted and False."""
    return not request.app.state.limits.contributions.allowed(session, client_key(request))


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
