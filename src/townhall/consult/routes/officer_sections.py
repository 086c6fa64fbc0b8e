"""Officers group questions into sections and route questions on earlier answers."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database, staff
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Consultation, Question, Section, User
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import (
    Changing,
    changing,
    question_of,
    staff_consultation,
)
from townhall.consult.routes.officer_consultations import change_or_refuse
from townhall.consult.rules.details import LIMITS, text_problems
from townhall.consult.rules.routing import ROUTING_KINDS
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import routing, sections
from townhall.consult.services.refusals import ChangeRefusedError

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}", dependencies=[Depends(require_csrf)]
)
SECTION_FIELDS = ("title", "intro")


def _section_page(
    request: Request,
    consultation: Consultation,
    values: dict[str, str],
    errors: dict[str, str],
    section: Section | None = None,
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "values": values,
        "errors": errors,
        "limits": LIMITS,
        "section": section,
    }
    return render(request, "officer/section.html", context, status)


def _section(consultation: Consultation, section_id: int) -> Section:
    try:
        return sections.section_by_id(consultation, section_id)
    except ChangeRefusedError:
        raise HTTPException(status_code=404, detail="There is no such section.") from None


@router.get("/sections/new")
def new_section(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form for a section: its title and an optional introduction."""
    return _section_page(request, staff_consultation(session, consultation_id), {}, {})


@router.post("/sections/new")
def add_section(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Add the section at the end (drafts only)."""
    values = text_values(form, SECTION_FIELDS)
    errors = text_problems(values, ("title",), ("intro",))
    if not errors and (
        refused := change.refusal(
            lambda c: sections.add_section(
                change.session, c, values["title"], values["intro"], change.user
            )
        )
    ):
        errors = {"title": str(refused)}
    if errors:
        return _section_page(request, change.consultation, values, errors, status=400)
    return _to_sections(change.consultation)


def _to_sections(consultation: Consultation) -> Response:
    return RedirectResponse(f"/staff/consultations/{consultation.id}#sections", status_code=303)


@router.get("/sections/{section_id}/edit")
def edit_section_page(
    consultation_id: int,
    section_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The section's form, filled in (a correction once published)."""
    consultation = staff_consultation(session, consultation_id)
    section = _section(consultation, section_id)
    values = {"title": section.title, "intro": section.intro}
    return _section_page(request, consultation, values, {}, section)


@router.post("/sections/{section_id}/edit")
def edit_section(
    section_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Save the section's wording (as a correction with its reason once published)."""
    _section(change.consultation, section_id)
    values = text_values(form, (*SECTION_FIELDS, "correction"))
    errors = text_problems(values, ("title",), ("intro", "correction"))
    if not errors and (
        refused := change.refusal(
            lambda c: sections.edit_section(
                change.session,
                c,
                section_id,
                values["title"],
                values["intro"],
                change.user,
                values["correction"],
            )
        )
    ):
        draft = change.consultation.status == "draft"
        errors = {"title" if draft else "correction": str(refused)}
    if errors:
        section = _section(change.consultation, section_id)
        return _section_page(request, change.consultation, values, errors, section, 400)
    return _to_sections(change.consultation)


@router.post("/sections/{section_id}/remove")
def remove_section(
    section_id: int, request: Request, change: Changing = Depends(changing)
) -> Response:
    """Remove a section (drafts only); its questions join the section before it."""
    return change_or_refuse(
        request,
        change,
        lambda c: sections.remove_section(change.session, c, section_id, change.user),
    )


def _routing_page(
    request: Request,
    consultation: Consultation,
    question: Question,
    chosen: set[str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    earlier = [
        q
        for q in consultation.questions
        if q.position < question.position and q.kind in ROUTING_KINDS
    ]
    context = {
        "consultation": consultation,
        "question": question,
        "earlier": earlier,
        "chosen": chosen,
        "errors": errors,
        "now": routing.condition_words(question, consultation.questions),
    }
    return render(request, "officer/routing.html", context, status)


@router.get("/questions/{question_id}/routing")
def routing_page(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """When the question is asked: always, or only for chosen answers to one earlier question."""
    consultation = staff_consultation(session, consultation_id)
    question = question_of(consultation, question_id)
    chosen = {str(choice.id) for choice in question.shown_if}
    return _routing_page(request, consultation, question, chosen, {})


@router.post("/questions/{question_id}/routing")
def save_routing(
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Keep the routing (none ticked: always asked), audited with the old and the new."""
    question_of(change.consultation, question_id)
    given = all_values(form)
    ticked = [
        value for name, values in given.items() if name.startswith("option-") for value in values
    ]
    choice_ids = [int(value) for value in ticked if value.isdigit()]
    refused = change.refusal(
        lambda c: routing.set_condition(
            change.session, c, question_of(c, question_id), choice_ids, change.user
        )
    )
    question = question_of(change.consultation, question_id)
    if refused:
        errors = {"routing": str(refused)}
        return _routing_page(request, change.consultation, question, set(ticked), errors, 400)
    return RedirectResponse(
        f"/staff/consultations/{change.consultation.id}#question-{question.position}",
        status_code=303,
    )
