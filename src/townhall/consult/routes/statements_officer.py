"""Officers' side of opinion groups: write statements, moderate residents' statements (audited),
and the results with the groups, their chart and table."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.audit import record
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import Consultation, Statement, User
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import changer, staff_consultation
from townhall.consult.routes.statements import report_cache
from townhall.consult.rules.participation import (
    MIN_PARTICIPANTS,
    MIN_PUBLIC_GROUP,
    MIN_VOTES,
    STATEMENT_MAX,
    moderation_problems,
    statement_problem,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import participation_statements as service

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}", dependencies=[Depends(require_csrf)]
)


def _page(
    request: Request,
    session: Session,
    consultation: Consultation,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "pending": service.statements(session, consultation, "pending"),
        "tallies": service.tallies(session, consultation),
        "rejected": service.statements(session, consultation, "rejected"),
        "values": values or {},
        "errors": errors or {},
        "limit": STATEMENT_MAX,
    }
    return render(request, "statements/officer.html", context, status)


@router.get("/statements")
def statements_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Statements to moderate, statements shown with their votes, and a form to add one."""
    return _page(request, session, staff_consultation(session, consultation_id))


@router.post("/statements")
async def add_statement(
    consultation_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Add an officer's statement (shown at once), audited."""
    consultation = staff_consultation(session, consultation_id)
    text = text_values(await read_form(request), ["text"])["text"]
    if (problem := statement_problem(text)) is not None:
        return _page(request, session, consultation, {"text": text}, {"text": problem}, 400)
    service.add_officer_statement(session, consultation, text, user)
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation.id}/statements", status_code=303)


@router.post("/statements/{statement_id}/moderate")
async def moderate(
    consultation_id: int,
    statement_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Approve or reject a statement; rejecting needs a reason. Audited."""
    consultation = staff_consultation(session, consultation_id)
    statement = session.get(Statement, statement_id)
    if statement is None or statement.consultation_id != consultation.id:
        raise HTTPException(status_code=404, detail="There is no such statement.")
    field = f"reason-{statement.id}"
    values = text_values(await read_form(request), ["decision", field])
    problems = moderation_problems(values["decision"], values[field])
    if problems:
        errors = {field: " ".join(problems.values())}
        return _page(request, session, consultation, {field: values[field]}, errors, 400)
    service.moderate_statement(session, statement, values["decision"], values[field], user)
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation.id}/statements", status_code=303)


@router.get("/opinion-groups")
def results(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Participants and votes counted; the opinion groups, consensus and divisive statements."""
    consultation = staff_consultation(session, consultation_id)
    report = report_cache(request).report(session, consultation, fresh=True)
    record(session, user, "view opinion groups", f"consultation {consultation.id}")
    session.commit()
    context = {
        "consultation": consultation,
        "report": report,
        "min_participants": MIN_PARTICIPANTS,
        "min_votes": MIN_VOTES,
        "min_public_group": MIN_PUBLIC_GROUP,
    }
    return render(request, "statements/results.html", context)
