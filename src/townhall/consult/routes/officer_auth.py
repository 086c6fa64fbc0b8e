"""Staff sign-in and sign-out: argon2-checked passwords, throttled per e-mail and per client; the
session lives on the server, so signing out ends it for every copy of the cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import (
    database,
    forget_user,
    lifetimes,
    now,
    remember_user,
    signed_in_user,
    staff_session_id,
)
from townhall.consult.audit import record
from townhall.consult.forms import password_value, read_form, text_values
from townhall.consult.models import User
from townhall.consult.pages import render
from townhall.consult.security.csrf import require_csrf, rotate_csrf_secret
from townhall.consult.security.throttle import RateLimiter, client_key, retry_after
from townhall.consult.services.accounts import authenticate, normalise_email
from townhall.consult.services.staff_sessions import end_session, sweep_expired

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
MAX_PASSWORD_FIELD = 200


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    """The sign-in form."""
    return render(request, "officer/sign_in.html", {"values": {}, "errors": {}})


@router.post("/sign-in")
def sign_in(
    request: Request, form: FormData = Depends(read_form), session: Session = Depends(database)
) -> Response:
    """Check the password; after too many failures the account and client wait 15 minutes."""
    values = text_values(form, ("email",))
    password = password_value(form, "password")
    email = normalise_email(values["email"])[:254]
    limiter: RateLimiter = request.app.state.limits.sign_in
    keys = (f"email:{email}", f"client:{client_key(request)}")
    if any(limiter.blocked(session, key) for key in keys):
        record(session, None, "sign-in refused (throttled)", actor=email or "(blank)")
        session.commit()
        errors = {"email": "Too many failed attempts. Wait 15 minutes and try again."}
        page = render(request, "officer/sign_in.html", {"values": values, "errors": errors}, 429)
        return retry_after(page, limiter.window_seconds)
    user = (
        authenticate(session, email, password[:MAX_PASSWORD_FIELD]) if email and password else None
    )
    if user is None:
        for key in keys:
            limiter.record(session, key)
        record(session, None, "sign-in failed", actor=email or "(blank)")
        session.commit()
        errors = {"email": "Enter a correct email address and password"}
        return render(request, "officer/sign_in.html", {"values": values, "errors": errors}, 400)
    limiter.reset(session, keys[0])
    if (earlier := staff_session_id(request)) is not None:
        end_session(session, earlier)  # signing in again replaces this browser's session
    sweep_expired(session, now(request), lifetimes(request.app.state.settings))
    request.session.clear()
    rotate_csrf_secret(request)
    response = RedirectResponse(
        "/councillor" if user.role == "councillor" else "/staff", status_code=303
    )
    remember_user(request, session, user, response)
    record(session, user, "sign in")
    session.commit()
    return response


@router.post("/sign-out")
def sign_out(
    request: Request, user: User = Depends(signed_in_user), session: Session = Depends(database)
) -> Response:
    """End the session on the server (a copy of the cookie stops working too)."""
    session_id = staff_session_id(request)
    if session_id is not None:
        end_session(session, session_id)
    record(session, user, "sign out")
    session.commit()
    request.session.clear()
    rotate_csrf_secret(request)
    response = RedirectResponse("/staff/sign-in", status_code=303)
    forget_user(request, response)
    return response
