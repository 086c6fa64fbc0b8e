"""The resident's journey, second part: equality monitoring, e-mail for a receipt, check your
answers, submit (stored once however often it is sent) and the receipt."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from townhall.consult.access import database
from townhall.consult.forms import read_form, text_values
from townhall.consult.pages import render
from townhall.consult.routes.journey_pages import (
    NO_WARD,
    JourneyPage,
    asks_email,
    held_equality,
    hold_equality,
    journey_page,
    journey_token,
    next_after,
    open_or_refuse,
    previous_page,
    too_many,
)
from townhall.consult.routes.public import not_published, published
from townhall.consult.rules.equality import CONSENT_WORDING, EQUALITY_QUESTIONS, equality_problems
from townhall.consult.rules.respondents import RESPONDENT_TYPES, email_problem
from townhall.consult.security.csrf import require_csrf
from townhall.consult.security.throttle import RateLimiter, client_key
from townhall.consult.services.journeys import (
    IncompleteError,
    JourneyData,
    JourneyGoneError,
    TooFastError,
    save_journey,
    submit,
)
from townhall.consult.services.receipts import receipt_emailed
from townhall.consult.services.routing import shown_for
from townhall.consult.services.sections import grouped
from townhall.consult.services.shapes import ShapeCache

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])


def _equality_page(
    request: Request,
    journey: JourneyPage,
    values: dict[str, str],
    consent: bool,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return journey.render(
        request,
        "resident/equality.html",
        "equality",
        {
            "questions": EQUALITY_QUESTIONS,
            "values": values,
            "consent": consent,
            "consent_wording": CONSENT_WORDING,
            "errors": errors,
        },
        status,
    )


@router.get("/respond/equality")
def equality(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Optional equality monitoring questions, with the consent wording."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    held = held_equality(request, slug)
    return _equality_page(request, journey, held, bool(held), {})


@router.post("/respond/equality")
def save_equality(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Keep the equality answers only with consent, and only in the session; all may be left
    blank."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    values = text_values(form, EQUALITY_QUESTIONS)
    consent = form.get("consent") == "yes"
    if errors := equality_problems(values, consent):
        return _equality_page(request, journey, values, consent, errors, 400)
    hold_equality(
        request, slug, {name: value for name, value in values.items() if value} if consent else {}
    )
    journey.data.seen_equality = True
    save_journey(session, journey.token, journey.data)
    session.commit()
    following = next_after(
        journey.consultation, journey.data, "equality", form, asks_email(request)
    )
    return RedirectResponse(following, status_code=303)


def _contact_page(
    request: Request, journey: JourneyPage, email: str, errors: dict[str, str], status: int = 200
) -> Response:
    return journey.render(
        request,
        "resident/contact.html",
        "contact",
        {
            "email": email,
            "errors": errors,
            "keep_days": request.app.state.settings.receipt_address_days,
        },
        status,
    )


def _contact_journey(request: Request, slug: str, session: Session) -> JourneyPage | Response:
    """The journey, on the e-mail page; the check page instead when no receipt can be e-mailed."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response) or asks_email(request):
        return journey
    return RedirectResponse(f"/consultations/{slug}/respond/check", status_code=303)


@router.get("/respond/contact")
def contact(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """An optional e-mail address, used only to send the receipt (not asked if it cannot be)."""
    journey = _contact_journey(request, slug, session)
    if isinstance(journey, Response):
        return journey
    return _contact_page(request, journey, journey.data.email, {})


@router.post("/respond/contact")
def save_contact(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Keep the e-mail address (or none); one sent when no receipt can be e-mailed is ignored."""
    journey = _contact_journey(request, slug, session)
    if isinstance(journey, Response):
        return journey
    email = text_values(form, ("email",))["email"]
    if problem := email_problem(email):
        return _contact_page(request, journey, email, {"email": problem}, 400)
    journey.data.email, journey.data.seen_contact = email, True
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(
        next_after(journey.consultation, journey.data, "contact"), status_code=303
    )


def _check_page(
    request: Request,
    journey: JourneyPage,
    data: JourneyData,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    consultation = journey.consultation
    ward_names = {str(ward.id): ward.name for ward in consultation.wards}
    shown = shown_for(consultation.questions, data.answers)
    context: dict[str, Any] = {
        "consultation": consultation,
        "data": data,
        "groups": grouped(q for q in consultation.questions if q.id in shown),
        "errors": errors,
        "respondent_types": RESPONDENT_TYPES,
        "ward_name": ward_names.get(
            data.ward, "Not in these wards, or prefer not to say" if data.ward == NO_WARD else ""
        ),
        "choice_labels": {
            choice.id: choice.label
            for question in consultation.questions
            for choice in question.choices
        },
        "equality_questions": EQUALITY_QUESTIONS,
        "equality": held_equality(request, consultation.slug),
        "asks_email": asks_email(request),
        "back": previous_page(consultation, data, "check", asks_email(request)),
    }
    return render(request, "resident/check.html", context, status)


@router.get("/respond/check")
def check(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Every answer with a link to change it, then the submit button."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    return _check_page(request, journey, journey.data, {})


@router.post("/respond/submit")
async def submit_response(slug: str, request: Request) -> Response:
    """Store the response once and show its receipt; a repeat submit shows the same receipt.

    All the database work runs in one trip to the thread pool (a sync route with a session
    dependency would take three), which matters at hundreds of submissions a second.
    """
    return await run_in_threadpool(_submit_response, slug, request)


def _submit_response(slug: str, request: Request) -> Response:
    with request.app.state.reader() as session:
        return _submit_with(slug, request, session)


def _submit_with(slug: str, request: Request, session: Session) -> Response:
    shapes: ShapeCache = request.app.state.shapes
    standing = shapes.standing(session, slug)
    if standing is None or standing.status == "draft":
        raise not_published()
    if (refusal := open_or_refuse(request, standing)) is not None:
        return refusal
    token = journey_token(request, slug)
    if token is None:
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    shape = shapes.shape(session, standing)
    session.close()  # end the read transaction; `submit` writes in one of its own
    limit: RateLimiter = request.app.state.limits.submissions
    client = client_key(request)
    try:
        reference = submit(
            request.app.state.writer,
            shape,
            token,
            keep_email=asks_email(request),
            admit=lambda writing: limit.allowed(writing, client),
            equality=held_equality(request, slug),
        )
    except TooFastError:
        return too_many(request)
    except JourneyGoneError:
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    except IncompleteError as error:
        journey = journey_page(request, slug, session)
        if isinstance(journey, Response):
            return journey
        return _check_page(request, journey, error.data, error.problems, 400)
    receipts = request.session.get("receipts")
    receipts = dict(receipts) if isinstance(receipts, dict) else {}
    receipts[slug] = reference
    request.session["receipts"] = receipts
    hold_equality(request, slug, {})
    journeys = request.session.get("journeys")
    if isinstance(journeys, dict) and slug in journeys:
        request.session["journeys"] = {key: value for key, value in journeys.items() if key != slug}
    return RedirectResponse(f"/consultations/{slug}/respond/receipt", status_code=303)


@router.get("/respond/receipt")
def receipt(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The receipt reference of the response this session submitted, and whether a copy is
    being e-mailed (asked only when receipts can be e-mailed)."""
    consultation = published(session, slug)
    receipts = request.session.get("receipts", {})
    reference = receipts.get(slug) if isinstance(receipts, dict) else None
    if not isinstance(reference, str):
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    emailed = asks_email(request) and receipt_emailed(session, reference)
    return render(
        request,
        "resident/receipt.html",
        {"consultation": consultation, "reference": reference, "emailed": emailed},
    )
