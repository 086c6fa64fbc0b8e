"""The resident's journey: who you are, one question per page, equality, e-mail, check, submit."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database, reading_database
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Consultation, Question
from townhall.consult.pages import render
from townhall.consult.routes.public import published
from townhall.consult.rules.availability import availability
from townhall.consult.rules.equality import CONSENT_WORDING, EQUALITY_QUESTIONS, equality_problems
from townhall.consult.rules.questions import SCALE_LABELS, AnswerValue, answer_problem, read_answer
from townhall.consult.rules.respondents import (
    RESPONDENT_TYPES,
    email_problem,
    respondent_type_problem,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.security.throttle import SlidingWindowLimiter
from townhall.consult.services.journeys import (
    IncompleteError,
    JourneyData,
    JourneyGoneError,
    load_journey,
    question_spec,
    save_journey,
    start_journey,
    submit,
)
from townhall.consult.services.shapes import ShapeCache

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])
NO_WARD = "none"


def _open_or_refuse(request: Request, consultation: Consultation) -> Response | None:
    """The closed page (403) when the consultation is not taking responses today."""
    state = availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )
    if state == "open":
        return None
    return render(
        request, "resident/closed.html", {"consultation": consultation, "state": state}, 403
    )


def _journey_token(request: Request, slug: str) -> str | None:
    journeys = request.session.get("journeys", {})
    token = journeys.get(slug) if isinstance(journeys, dict) else None
    return token if isinstance(token, str) else None


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limited(request: Request, limiter_name: str) -> Response | None:
    limiter: SlidingWindowLimiter = getattr(request.app.state, limiter_name)
    if limiter.allowed(_client(request)):
        return None
    return render(request, "too_many.html", {}, 429)


class _Journey:
    """The consultation and this session's journey for it, or the page to show instead."""

    def __init__(
        self,
        request: Request,
        slug: str,
        session: Session,
        consultation: Consultation | None = None,
    ) -> None:
        self.consultation = consultation or published(session, slug)
        self.token = _journey_token(request, slug)
        self.data = load_journey(session, self.token, self.consultation.id) if self.token else None
        refusal = _open_or_refuse(request, self.consultation)
        if refusal is None and self.data is None:
            refusal = RedirectResponse(f"/consultations/{slug}", status_code=303)
        self.refusal = refusal


def _next_after(consultation: Consultation, page: str, form: FormData | None = None) -> str:
    base = f"/consultations/{consultation.slug}/respond"
    if form is not None and form.get("return_to") == "check":
        return f"{base}/check"
    order = [
        "about",
        *[f"question/{question.position}" for question in consultation.questions],
        "equality",
        "contact",
        "check",
    ]
    return f"{base}/{order[order.index(page) + 1]}"


def _previous(consultation: Consultation, page: str) -> str:
    order = [
        "start",
        "about",
        *[f"question/{question.position}" for question in consultation.questions],
        "equality",
        "contact",
        "check",
    ]
    before = order[order.index(page) - 1]
    if before == "start":
        return f"/consultations/{consultation.slug}"
    return f"/consultations/{consultation.slug}/respond/{before}"


@router.post("/start")
def start(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Begin (or carry on with) this session's response."""
    consultation = published(session, slug)
    if (refusal := _open_or_refuse(request, consultation)) is not None:
        return refusal
    token = _journey_token(request, slug)
    if token is None or load_journey(session, token, consultation.id) is None:
        if (limited := _limited(request, "start_limiter")) is not None:
            return limited
        token = start_journey(session, consultation)
        session.commit()
        journeys = request.session.get("journeys")
        journeys = dict(journeys) if isinstance(journeys, dict) else {}
        journeys[slug] = token
        request.session["journeys"] = journeys
    return RedirectResponse(f"/consultations/{slug}/respond/about", status_code=303)


def _about_page(
    request: Request,
    journey: _Journey,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return render(
        request,
        "resident/about.html",
        {
            "consultation": journey.consultation,
            "values": values,
            "errors": errors,
            "respondent_types": RESPONDENT_TYPES,
            "no_ward": NO_WARD,
            "back": _previous(journey.consultation, "about"),
            "return_to": request.query_params.get("return_to", ""),
        },
        status,
    )


@router.get("/respond/about")
def about(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Who is responding and which ward they live in."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None:
        return journey.refusal or Response(status_code=500)
    return _about_page(
        request,
        journey,
        {"respondent_type": journey.data.respondent_type, "ward": journey.data.ward},
        {},
    )


@router.post("/respond/about")
def save_about(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Keep who is responding and their ward; show errors with what was chosen."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None or journey.token is None:
        return journey.refusal or Response(status_code=500)
    values = text_values(form, ("respondent_type", "ward"))
    errors = {}
    if problem := respondent_type_problem(values["respondent_type"]):
        errors["respondent_type"] = problem
    ward_ids = {str(ward.id) for ward in journey.consultation.wards}
    if values["ward"] not in ward_ids | {NO_WARD}:
        errors["ward"] = (
            "Select the ward you live in, or that you do not live in one of these wards"
        )
    if errors:
        return _about_page(request, journey, values, errors, 400)
    journey.data.respondent_type, journey.data.ward = values["respondent_type"], values["ward"]
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(_next_after(journey.consultation, "about", form), status_code=303)


def _question(journey: _Journey, position: int) -> Question | None:
    for question in journey.consultation.questions:
        if question.position == position:
            return question
    return None


def _question_page(
    request: Request,
    journey: _Journey,
    question: Question,
    answer: AnswerValue,
    error: str | None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "resident/question.html",
        {
            "consultation": journey.consultation,
            "question": question,
            "answer": answer,
            "error": error,
            "errors": {"answer": error} if error else {},
            "count": len(journey.consultation.questions),
            "back": _previous(journey.consultation, f"question/{question.position}"),
            "return_to": request.query_params.get("return_to", ""),
            "scale_labels": SCALE_LABELS,
        },
        status,
    )


@router.get("/respond/question/{position}")
def question_page(
    slug: str, position: int, request: Request, session: Session = Depends(database)
) -> Response:
    """One question on its own page, with the answer given before (if any)."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None:
        return journey.refusal or Response(status_code=500)
    question = _question(journey, position)
    if question is None:
        return render(
            request, "error.html", {"status": 404, "message": "There is no such question."}, 404
        )
    return _question_page(
        request, journey, question, journey.data.answers.get(question.id, AnswerValue()), None
    )


@router.post("/respond/question/{position}")
def save_answer(
    slug: str,
    position: int,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Check the answer; on a problem show it again with the error, keeping what was typed."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None or journey.token is None:
        return journey.refusal or Response(status_code=500)
    question = _question(journey, position)
    if question is None:
        return render(
            request, "error.html", {"status": 404, "message": "There is no such question."}, 404
        )
    spec = question_spec(question)
    answer = read_answer(spec, all_values(form))
    if (problem := answer_problem(spec, answer)) is not None:
        return _question_page(request, journey, question, answer, problem, 400)
    journey.data.answers[question.id] = answer
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(
        _next_after(journey.consultation, f"question/{position}", form), status_code=303
    )


def _equality_page(
    request: Request,
    journey: _Journey,
    values: dict[str, str],
    consent: bool,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return render(
        request,
        "resident/equality.html",
        {
            "consultation": journey.consultation,
            "questions": EQUALITY_QUESTIONS,
            "values": values,
            "consent": consent,
            "consent_wording": CONSENT_WORDING,
            "errors": errors,
            "back": _previous(journey.consultation, "equality"),
            "return_to": request.query_params.get("return_to", ""),
        },
        status,
    )


@router.get("/respond/equality")
def equality(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Optional equality monitoring questions, with the consent wording."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None:
        return journey.refusal or Response(status_code=500)
    return _equality_page(request, journey, journey.data.equality, journey.data.consent, {})


@router.post("/respond/equality")
def save_equality(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Keep the equality answers only with consent; all may be left blank."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None or journey.token is None:
        return journey.refusal or Response(status_code=500)
    values = text_values(form, EQUALITY_QUESTIONS)
    consent = form.get("consent") == "yes"
    if errors := equality_problems(values, consent):
        return _equality_page(request, journey, values, consent, errors, 400)
    journey.data.equality = (
        {name: value for name, value in values.items() if value} if consent else {}
    )
    journey.data.consent = consent and bool(journey.data.equality)
    journey.data.seen_equality = True
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(_next_after(journey.consultation, "equality", form), status_code=303)


def _contact_page(
    request: Request, journey: _Journey, email: str, errors: dict[str, str], status: int = 200
) -> Response:
    return render(
        request,
        "resident/contact.html",
        {
            "consultation": journey.consultation,
            "email": email,
            "errors": errors,
            "back": _previous(journey.consultation, "contact"),
            "return_to": request.query_params.get("return_to", ""),
        },
        status,
    )


@router.get("/respond/contact")
def contact(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """An optional e-mail address, used only to send the receipt."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None:
        return journey.refusal or Response(status_code=500)
    return _contact_page(request, journey, journey.data.email, {})


@router.post("/respond/contact")
def save_contact(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """Keep the e-mail address (or none)."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None or journey.token is None:
        return journey.refusal or Response(status_code=500)
    email = text_values(form, ("email",))["email"]
    if problem := email_problem(email):
        return _contact_page(request, journey, email, {"email": problem}, 400)
    journey.data.email, journey.data.seen_contact = email, True
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(_next_after(journey.consultation, "contact"), status_code=303)


def _check_page(
    request: Request,
    journey: _Journey,
    data: JourneyData,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    consultation = journey.consultation
    ward_names = {str(ward.id): ward.name for ward in consultation.wards}
    context: dict[str, Any] = {
        "consultation": consultation,
        "data": data,
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
        "back": _previous(consultation, "check"),
    }
    return render(request, "resident/check.html", context, status)


@router.get("/respond/check")
def check(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Every answer with a link to change it, then the submit button."""
    journey = _Journey(request, slug, session)
    if journey.refusal is not None or journey.data is None:
        return journey.refusal or Response(status_code=500)
    return _check_page(request, journey, journey.data, {})


@router.post("/respond/submit")
def submit_response(
    slug: str, request: Request, session: Session = Depends(reading_database)
) -> Response:
    """Store the response once and show its receipt; a repeat submit shows the same receipt."""
    shapes: ShapeCache = request.app.state.shapes
    consultation = shapes.consultation(session, slug)
    if consultation is None or consultation.status == "draft":
        consultation = published(session, slug)  # the not-found page
    if (refusal := _open_or_refuse(request, consultation)) is not None:
        return refusal
    token = _journey_token(request, slug)
    if token is None:
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    if (limited := _limited(request, "submission_limiter")) is not None:
        return limited
    shape = shapes.shape(session, consultation)
    session.close()  # end the read transaction; `submit` writes in one of its own
    try:
        reference = submit(request.app.state.writer, shape, token, date.today())
    except JourneyGoneError:
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    except IncompleteError as error:
        journey = _Journey(request, slug, session)
        return _check_page(request, journey, error.data, error.problems, 400)
    receipts = request.session.get("receipts")
    receipts = dict(receipts) if isinstance(receipts, dict) else {}
    receipts[slug] = reference
    request.session["receipts"] = receipts
    journeys = request.session.get("journeys")
    if isinstance(journeys, dict) and slug in journeys:
        request.session["journeys"] = {key: value for key, value in journeys.items() if key != slug}
    return RedirectResponse(f"/consultations/{slug}/respond/receipt", status_code=303)


@router.get("/respond/receipt")
def receipt(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The receipt reference of the response this session submitted."""
    consultation = published(session, slug)
    receipts = request.session.get("receipts", {})
    reference = receipts.get(slug) if isinstance(receipts, dict) else None
    if not isinstance(reference, str):
        return RedirectResponse(f"/consultations/{slug}", status_code=303)
    return render(
        request, "resident/receipt.html", {"consultation": consultation, "reference": reference}
    )
