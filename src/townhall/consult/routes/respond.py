"""The resident's journey, first part: start, who you are, one question per page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Question
from townhall.consult.pages import render
from townhall.consult.routes.journey_pages import (
    NO_WARD,
    JourneyPage,
    journey_page,
    journey_token,
    next_after,
    open_or_refuse,
    rate_limited,
)
from townhall.consult.routes.public import published
from townhall.consult.rules.questions import SCALE_LABELS, AnswerValue, answer_problem, read_answer
from townhall.consult.rules.respondents import RESPONDENT_TYPES, respondent_type_problem
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.journeys import (
    load_journey,
    question_spec,
    save_journey,
    start_journey,
)
from townhall.consult.services.routing import shown_for

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])


@router.post("/start")
def start(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Begin (or carry on with) this session's response."""
    consultation = published(session, slug)
    if (refusal := open_or_refuse(request, consultation)) is not None:
        return refusal
    token = journey_token(request, slug)
    if token is None or load_journey(session, token, consultation.id) is None:
        if (limited := rate_limited(request, session, request.app.state.limits.starts)) is not None:
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
    journey: JourneyPage,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return journey.render(
        request,
        "resident/about.html",
        "about",
        {
            "values": values,
            "errors": errors,
            "respondent_types": RESPONDENT_TYPES,
            "no_ward": NO_WARD,
        },
        status,
    )


@router.get("/respond/about")
def about(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Who is responding and which ward they live in."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
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
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
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
    return RedirectResponse(
        next_after(journey.consultation, journey.data, "about", form), status_code=303
    )


def _question(journey: JourneyPage, position: int) -> Question | None:
    for question in journey.consultation.questions:
        if question.position == position:
            return question
    return None


def _question_page(
    request: Request,
    journey: JourneyPage,
    question: Question,
    answer: AnswerValue,
    error: str | None,
    status: int = 200,
) -> Response:
    questions = journey.consultation.questions
    earlier = [q for q in questions if q.position < question.position]
    return journey.render(
        request,
        "resident/question.html",
        f"question/{question.position}",
        {
            "question": question,
            "answer": answer,
            "error": error,
            "errors": {"answer": error} if error else {},
            # "of N" only where every resident is asked every question
            "count": None if any(q.shown_if for q in questions) else len(questions),
            "first_in_section": question.section is not None
            and (not earlier or earlier[-1].section is not question.section),
            "scale_labels": SCALE_LABELS,
        },
        status,
    )


def _not_asked(journey: JourneyPage, question: Question) -> Response | None:
    """Onwards to the next page, for a question this journey's answers are not asked."""
    if question.id in shown_for(journey.consultation.questions, journey.data.answers):
        return None
    following = next_after(journey.consultation, journey.data, f"question/{question.position}")
    return RedirectResponse(following, status_code=303)


@router.get("/respond/question/{position}")
def question_page(
    slug: str, position: int, request: Request, session: Session = Depends(database)
) -> Response:
    """One question on its own page, with the answer given before (if any)."""
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    question = _question(journey, position)
    if question is None:
        return render(
            request, "error.html", {"status": 404, "message": "There is no such question."}, 404
        )
    if (onwards := _not_asked(journey, question)) is not None:
        return onwards
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
    journey = journey_page(request, slug, session)
    if isinstance(journey, Response):
        return journey
    question = _question(journey, position)
    if question is None:
        return render(
            request, "error.html", {"status": 404, "message": "There is no such question."}, 404
        )
    if (onwards := _not_asked(journey, question)) is not None:
        return onwards
    spec = question_spec(question)
    answer = read_answer(spec, all_values(form))
    if (problem := answer_problem(spec, answer)) is not None:
        return _question_page(request, journey, question, answer, problem, 400)
    answers = journey.data.answers
    answers[question.id] = answer
    # An answer that now closes a later question drops that question's answer: it was not
    # asked, so it is neither shown, stored nor exported.
    shown = shown_for(journey.consultation.questions, answers)
    journey.data.answers = {key: value for key, value in answers.items() if key in shown}
    save_journey(session, journey.token, journey.data)
    session.commit()
    return RedirectResponse(
        next_after(journey.consultation, journey.data, f"question/{position}", form),
        status_code=303,
    )
