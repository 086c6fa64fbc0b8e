"""Officers' side of co-production: moderate ideas and comments, and give each idea its public
status with the reason residents will read. Every action is audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import Consultation, Idea, IdeaComment, User
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import changer, staff_consultation
from townhall.consult.rules.participation import (
    IDEA_STATUSES,
    moderation_problems,
    status_problems,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import participation_ideas as service

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
        "pending": [
            service.idea_view(session, i, None)
            for i in service.ideas(session, consultation, "pending")
        ],
        "approved": [
            service.idea_view(session, i, None)
            for i in service.ideas(session, consultation, "approved")
        ],
        "rejected": service.ideas(session, consultation, "rejected"),
        "comments": service.pending_comments(session, consultation),
        "statuses": IDEA_STATUSES,
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "ideas/officer.html", context, status)


def _idea(session: Session, consultation: Consultation, idea_id: int) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or idea.consultation_id != consultation.id:
        raise HTTPException(status_code=404, detail="There is no such idea.")
    return idea


def _back(consultation: Consultation) -> Response:
    return RedirectResponse(f"/staff/consultations/{consultation.id}/ideas", status_code=303)


@router.get("/ideas")
def ideas_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Ideas and comments to moderate; approved ideas with a form to set their status."""
    return _page(request, session, staff_consultation(session, consultation_id))


@router.post("/ideas/{idea_id}/moderate")
async def moderate_idea(
    consultation_id: int,
    idea_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Approve or reject a proposed idea; rejecting needs a reason."""
    consultation = staff_consultation(session, consultation_id)
    idea = _idea(session, consultation, idea_id)
    field = f"reason-{idea.id}"
    values = text_values(await read_form(request), ["decision", field])
    problems = moderation_problems(values["decision"], values[field])
    if problems:
        errors = {field: " ".join(problems.values())}
        return _page(request, session, consultation, {field: values[field]}, errors, 400)
    service.moderate_idea(session, idea, values["decision"], values[field], user)
    session.commit()
    return _back(consultation)


@router.post("/ideas/{idea_id}/status")
async def set_status(
    consultation_id: int,
    idea_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Set an approved idea's public status; adopted and not adopted need a reason."""
    consultation = staff_consultation(session, consultation_id)
    idea = _idea(session, consultation, idea_id)
    if idea.moderation != "approved":
        raise HTTPException(status_code=404, detail="Approve the idea before giving it a status.")
    status_field, reason_field = f"status-{idea.id}", f"status-reason-{idea.id}"
    values = text_values(await read_form(request), [status_field, reason_field])
    problems = status_problems(values[status_field], values[reason_field])
    if problems:
        errors = {
            status_field if name == "status" else reason_field: message
            for name, message in problems.items()
        }
        return _page(request, session, consultation, values, errors, 400)
    service.set_status(session, idea, values[status_field], values[reason_field], user)
    session.commit()
    return _back(consultation)


@router.post("/comments/{comment_id}/moderate")
async def moderate_comment(
    consultation_id: int,
    comment_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Approve or reject a comment on an idea; rejecting needs a reason."""
    consultation = staff_consultation(session, consultation_id)
    found = session.get(IdeaComment, comment_id)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no such comment.")
    _idea(session, consultation, found.idea_id)  # 404 unless the comment is on this consultation
    field = f"comment-reason-{found.id}"
    values = text_values(await read_form(request), ["decision", field])
    problems = moderation_problems(values["decision"], values[field])
    if problems:
        errors = {field: " ".join(problems.values())}
        return _page(request, session, consultation, {field: values[field]}, errors, 400)
    service.moderate_comment(session, found, values["decision"], values[field], user)
    session.commit()
    return _back(consultation)
