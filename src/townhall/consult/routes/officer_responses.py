"""Officers' pages for single responses: type in a paper or phone response, find one by its
receipt reference, withdraw one at the resident's request (with a reason, audited)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database, staff
from townhall.consult.audit import record_separately
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Consultation, User
from townhall.consult.models import Response as ResponseRow
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import changer, staff_consultation
from townhall.consult.rules.details import LIMITS, parse_date
from townhall.consult.rules.questions import AnswerValue, QuestionSpec, answer_problem, read_answer
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.rules.routing import shown_questions
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import entered_responses as service
from townhall.consult.services.routing import condition_words, routed, shown_for

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}/responses", dependencies=[Depends(require_csrf)]
)


def _not_draft(session: Session, consultation_id: int) -> Consultation:
    consultation = staff_consultation(session, consultation_id)
    if consultation.status == "draft":
        raise HTTPException(status_code=404, detail="A draft has no responses.")
    return consultation


def _entry_page(
    request: Request,
    consultation: Consultation,
    values: dict[str, str],
    answers: dict[int, AnswerValue],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "values": values,
        "answers": answers,
        "errors": errors,
        "channels": service.CHANNELS,
        "respondent_types": RESPONDENT_TYPES,
        "routing_words": {
            q.id: condition_words(q, consultation.questions) for q in consultation.questions
        },
    }
    return render(request, "officer/enter_response.html", context, status)


@router.get("/new")
def new_response(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The form for a response that came on paper or by phone (every question on one page)."""
    consultation = _not_draft(session, consultation_id)
    return _entry_page(request, consultation, {"received_on": date.today().isoformat()}, {}, {})


@router.post("/new")
def enter_response(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Check every answer in one pass (none is required: a paper form may leave any blank)."""
    consultation = _not_draft(session, consultation_id)
    values = text_values(form, ("channel", "received_on", "respondent_type", "ward"))
    errors: dict[str, str] = {}
    if values["channel"] not in service.CHANNELS:
        errors["channel"] = "Select how the response came: on paper or by phone"
    received_on = parse_date(values["received_on"])
    if received_on is None:
        errors["received_on"] = "Enter the date the council received it as a real date"
    elif received_on > date.today():
        errors["received_on"] = "The date received must be today or earlier"
    if values["respondent_type"] not in RESPONDENT_TYPES:
        errors["respondent_type"] = (
            "Select whether they responded as a resident, a business or an organisation"
        )
    ward_ids = {str(ward.id) for ward in consultation.wards}
    if values["ward"] and values["ward"] not in ward_ids:
        errors["ward"] = "Select a ward from the list, or leave it blank"
    given = all_values(form)
    answers: dict[int, AnswerValue] = {}
    for question in consultation.questions:
        spec = QuestionSpec(
            question.kind,
            False,
            question.max_length,
            tuple(c.id for c in question.choices),
            next((c.id for c in question.choices if c.is_other), None),
        )
        fields = {
            "answer": given.get(f"answer-{question.id}", []),
            "other": given.get(f"other-{question.id}", []),
        } | {f"rank-{c.id}": given.get(f"rank-{c.id}", []) for c in question.choices}
        answers[question.id] = answer = read_answer(spec, fields)
        if problem := answer_problem(spec, answer):
            errors[f"answer-{question.id}"] = f"Question {question.position}: {problem}"
    shown = shown_for(consultation.questions, answers)
    for question in consultation.questions:
        if question.id not in shown and not answers[question.id].is_empty():
            errors.setdefault(
                f"answer-{question.id}",
                f"Question {question.position} is not asked with these answers "
                f"({condition_words(question, consultation.questions)}): leave it blank, "
                "or check the earlier answer",
            )
    if errors or received_on is None:
        return _entry_page(request, consultation, values, answers, errors, 400)
    reference = service.enter_response(
        session,
        consultation,
        service.EnteredResponse(
            values["channel"],
            received_on,
            values["respondent_type"],
            int(values["ward"]) if values["ward"] else None,
            answers,
        ),
        user,
    )
    session.commit()
    return RedirectResponse(
        f"/staff/consultations/{consultation_id}/responses/{reference}?entered=1", status_code=303
    )


@router.get("/find")
def find(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Find a response by its receipt reference."""
    consultation = _not_draft(session, consultation_id)
    typed = request.query_params.get("reference", "").strip()[:40]
    errors = {}
    if "reference" in request.query_params:
        found = service.find_response(session, consultation, typed)
        if found is not None:
            return RedirectResponse(
                f"/staff/consultations/{consultation_id}/responses/{found.reference}",
                status_code=303,
            )
        errors["reference"] = (
            "Enter a receipt reference of this consultation, 8 letters and numbers such as "
            "7KQM-29XD"
            if typed
            else "Enter the receipt reference"
        )
    return render(
        request,
        "officer/find_response.html",
        {"consultation": consultation, "values": {"reference": typed}, "errors": errors},
        400 if errors else 200,
    )


def _response(session: Session, consultation: Consultation, reference: str) -> ResponseRow:
    found = service.find_response(session, consultation, reference)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no response with that reference.")
    return found


@router.get("/{reference}")
def show(
    consultation_id: int,
    reference: str,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """One response: how it came, who typed it in, its answers (the viewing is audited)."""
    consultation = _not_draft(session, consultation_id)
    response = _response(session, consultation, reference)
    record_separately(
        request.app.state.writer,
        user,
        "view response",
        f"consultation {consultation.id}",
        response.reference,
    )
    return _show_page(request, consultation, response, {})


def _show_page(
    request: Request,
    consultation: Consultation,
    response: ResponseRow,
    errors: dict[str, str],
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    labels = {c.id: c.label for q in consultation.questions for c in q.choices}
    given: dict[int, list[str]] = {}
    for answer in response.answers:
        text = (
            answer.text
            if answer.text is not None
            else (f"{answer.rank}. " if answer.rank else "") + labels.get(answer.choice_id or 0, "")
        )
        given.setdefault(answer.question_id, []).append(text or "")
    ward = next((w.name for w in consultation.wards if w.id == response.ward_id), "")
    chosen: dict[int, set[int]] = {}
    for answer in response.answers:
        if answer.choice_id is not None:
            chosen.setdefault(answer.question_id, set()).add(answer.choice_id)
    asked = shown_questions(routed(consultation.questions), chosen)
    for question in consultation.questions:
        if question.id not in asked:
            given[question.id] = ["Not asked (routed past by an earlier answer)"]
    context = {
        "consultation": consultation,
        "response": response,
        "given": given,
        "ward": ward,
        "channel": service.CHANNEL_NAMES.get(response.channel, response.channel),
        "respondent_type": RESPONDENT_TYPES.get(response.respondent_type, ""),
        "entered": request.query_params.get("entered") == "1",
        "errors": errors,
        "values": values or {},
    }
    return render(request, "officer/response.html", context, status)


@router.post("/{reference}/withdraw")
def withdraw(
    consultation_id: int,
    reference: str,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Withdraw the response at the resident's request: the reason and a ticked confirmation
    are both needed; the audit log keeps the reference, who and why."""
    consultation = _not_draft(session, consultation_id)
    response = _response(session, consultation, reference)
    values = text_values(form, ("reason", "confirm"))
    errors = {}
    if not values["reason"]:
        errors["reason"] = "Enter why the response is being withdrawn"
    elif len(values["reason"]) > LIMITS["reason"]:
        errors["reason"] = (
            f"Why it is being withdrawn must be {LIMITS['reason']:,} characters or fewer"
        )
    if values["confirm"] != "yes":
        errors["confirm"] = "Tick to confirm the resident asked for their response to be withdrawn"
    if errors:
        return _show_page(request, consultation, response, errors, values, 400)
    service.withdraw_response(session, consultation, response, values["reason"], user)
    session.commit()
    return RedirectResponse(
        f"/staff/consultations/{consultation_id}/responses/find?withdrawn={response.reference}",
        status_code=303,
    )
