"""Save and come back later: a resident asks for a link mid-journey (shown on screen, and e-mailed
when receipts can be and they give an address, which is never kept), and the link brings their
answers back once, on any device, while the consultation is open."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database
from townhall.consult.forms import read_form, text_values
from townhall.consult.mail.resume import resume_message
from townhall.consult.mail.smtp import failure, send_message
from townhall.consult.pages import render
from townhall.consult.routes.journey_pages import (
    JourneyPage,
    asks_email,
    carry_on_page,
    journey_page,
    open_or_refuse,
    rate_limited,
)
from townhall.consult.routes.public import published
from townhall.consult.rules.closing import moment_words
from townhall.consult.rules.respondents import email_problem
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.consultations import closing_now
from townhall.consult.services.journeys import load_journey, save_journey
from townhall.consult.services.resume_links import link_expiry, make_link, use_link
from townhall.consult.settings import Settings

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])
logger = logging.getLogger(__name__)


def _save_page(
    request: Request,
    journey: JourneyPage,
    email: str,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return journey.render(
        request,
        "resident/save.html",
        "check",
        {
            "email": email,
            "errors": errors,
            "asks_email": asks_email(request),
            "back": carry_on_page(journey.consultation, journey.data),
        },
        status,
    )


@router.get("/respond/save")
def save_page(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """What saving does, and (when receipts can be e-mailed) an optional address for the link."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    return _save_page(request, journey, "", {})


@router.post("/respond/save")
def save(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Make the link (an earlier one stops working) and show it; e-mail it if asked and possible.

    The receipt address typed earlier is taken out of the saved journey, so no address waits
    with saved answers; the resident is asked for it again. The address for the link is used
    to send it and never stored.
    """
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    settings: Settings = request.app.state.settings
    email = text_values(form, ("email",))["email"] if asks_email(request) else ""
    if problem := email_problem(email):
        return _save_page(request, journey, email, {"email": problem}, 400)
    if email and (limited := rate_limited(request, session, request.app.state.limits.starts)):
        return limited
    now = datetime.now(UTC)
    expires_at = link_expiry(now, settings.resume_link_days, closing_now(journey.consultation).at)
    token = make_link(session, journey.token, journey.consultation.id, expires_at)
    journey.data.email, journey.data.seen_contact = "", False
    save_journey(session, journey.token, journey.data)
    session.commit()
    link = str(request.base_url).rstrip("/") + f"/consultations/{slug}/resume/{token}"
    expires = moment_words(expires_at)
    emailed = None
    if email:
        emailed = _email_link(settings, journey.consultation.title, link, expires, email)
    response = journey.render(
        request,
        "resident/saved.html",
        "check",
        {
            "link": link,
            "expires": expires,
            "emailed": emailed,
            "carry_on": carry_on_page(journey.consultation, journey.data),
        },
    )
    response.headers["Cache-Control"] = "no-store"  # the page holds the link
    return response


def _email_link(settings: Settings, title: str, link: str, expires: str, email: str) -> bool:
    """Send the link now (nothing is queued, so the address is never stored); False on failure."""
    server = settings.smtp_server()
    if server is None or settings.mail_from is None:
        return False
    try:
        message = resume_message(title, link, expires, settings.mail_from, email)
        send_message(server, message, email)
    except Exception as error:  # the link is on the page either way; say it was not sent
        logger.warning("resume link not e-mailed: %s", failure(error).reason)
        return False
    return True


@router.get("/resume/{token}")
def resume_page(
    slug: str, token: str, request: Request, session: Session = Depends(database)
) -> Response:
    """A button to carry on: opening the link changes nothing, so a mail scanner that follows
    it does not use it up."""
    consultation = published(session, slug)
    if (refusal := open_or_refuse(request, consultation)) is not None:
        return refusal
    response = render(
        request, "resident/resume.html", {"consultation": consultation, "token": token}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/resume/{token}")
def resume(
    slug: str, token: str, request: Request, session: Session = Depends(database)
) -> Response:
    """Use the link up and carry on where the resident left off, in this browser."""
    consultation = published(session, slug)
    if (refusal := open_or_refuse(request, consultation)) is not None:
        return refusal
    journey_token = use_link(session, token, consultation.id, datetime.now(UTC))
    data = load_journey(session, journey_token, consultation.id) if journey_token else None
    session.commit()
    if journey_token is None or data is None:
        return render(
            request,
            "resident/resume_gone.html",
            {"consultation": consultation},
            404,
        )
    journeys = request.session.get("journeys")
    journeys = dict(journeys) if isinstance(journeys, dict) else {}
    journeys[slug] = journey_token
    request.session["journeys"] = journeys
    return RedirectResponse(carry_on_page(consultation, data), status_code=303)
