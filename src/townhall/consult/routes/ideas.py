"""Residents' ideas (co-production): propose an idea for a service or a place, support and comment
on others' ideas, and the "You said, we did" page of what the council did with them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from townhall.consult.access import database
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import Consultation, Idea
from townhall.consult.pages import render
from townhall.consult.routes.participants import (
    TOO_FAST,
    closed_page,
    ensure_participant,
    is_open,
    participant,
    too_fast,
)
from townhall.consult.routes.public import published
from townhall.consult.rules.participation import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    IDEA_STATUSES,
    TITLE_MAX,
    comment_problem,
    idea_problems,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.security.throttle import retry_after
from townhall.consult.services import participation_ideas as service

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])
IDEA_FIELDS = ("title", "description", "ward")


def _approved(session: Session, consultation: Consultation, idea_id: int) -> Idea:
    idea = service.approved_idea(session, consultation, idea_id)
    if idea is None:
        raise HTTPException(status_code=404, detail="There is no such idea.")
    return idea


@router.get("/ideas")
def ideas_list(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Approved ideas with their support; while open, a link to propose one."""
    consultation = published(session, slug)
    token = participant(request)
    views = [
        service.idea_view(session, idea, token)
        for idea in service.ideas(session, consultation, "approved")
    ]
    context = {
        "consultation": consultation,
        "views": views,
        "open": is_open(consultation),
        "statuses": IDEA_STATUSES,
    }
    return render(request, "ideas/list.html", context)


def _propose_page(
    request: Request,
    session: Session,
    consultation: Consultation,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "wards": service.consultation_wards(session, consultation),
        "values": values,
        "errors": errors,
        "title_max": TITLE_MAX,
        "description_max": DESCRIPTION_MAX,
    }
    return render(request, "ideas/propose.html", context, status)


@router.get("/ideas/new")
def propose_form(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The form to propose an idea."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    return _propose_page(request, session, consultation, {}, {})


@router.post("/ideas/new")
async def propose(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Hold a resident's idea for moderation; every problem shown at once with the text kept."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    values = text_values(await read_form(request), IDEA_FIELDS)
    wards = service.consultation_wards(session, consultation)
    problems = idea_problems(values, {ward.id for ward in wards})
    if problems:
        return _propose_page(request, session, consultation, values, problems, 400)
    if too_fast(request, session):
        return retry_after(
            _propose_page(request, session, consultation, values, {"title": TOO_FAST}, 429)
        )
    ward_id = int(values["ward"]) if values["ward"] else None
    service.propose_idea(
        session,
        consultation,
        values["title"],
        values["description"],
        ward_id,
        ensure_participant(request, session),
    )
    session.commit()
    return RedirectResponse(f"/consultations/{slug}/ideas/sent", status_code=303)


@router.get("/ideas/sent")
def proposed(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Confirmation that an idea was received and will be checked before it is shown."""
    consultation = published(session, slug)
    return render(request, "ideas/sent.html", {"consultation": consultation})


def _idea_page(
    request: Request,
    session: Session,
    consultation: Consultation,
    idea: Idea,
    text: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "consultation": consultation,
        "view": service.idea_view(session, idea, participant(request)),
        "open": is_open(consultation),
        "statuses": IDEA_STATUSES,
        "text": text,
        "errors": errors or {},
        "comment_max": COMMENT_MAX,
        "sent": request.query_params.get("sent") == "comment",
    }
    return render(request, "ideas/idea.html", context, status)


@router.get("/ideas/{idea_id:int}")
def idea_page(
    slug: str, idea_id: int, request: Request, session: Session = Depends(database)
) -> Response:
    """One idea with its status, support and approved comments."""
    consultation = published(session, slug)
    return _idea_page(request, session, consultation, _approved(session, consultation, idea_id))


@router.post("/ideas/{idea_id}/support")
def support(
    slug: str, idea_id: int, request: Request, session: Session = Depends(database)
) -> Response:
    """Support an idea (once per participant; supporting again changes nothing)."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    idea = _approved(session, consultation, idea_id)
    service.support(session, idea, ensure_participant(request, session))
    session.commit()
    return RedirectResponse(f"/consultations/{slug}/ideas/{idea.id}", status_code=303)


@router.post("/ideas/{idea_id}/comments")
async def add_comment(
    slug: str, idea_id: int, request: Request, session: Session = Depends(database)
) -> Response:
    """Hold a comment for moderation; problems shown with the text kept."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    idea = _approved(session, consultation, idea_id)
    text = text_values(await read_form(request), ["comment"])["comment"]
    if (problem := comment_problem(text)) is not None:
        return _idea_page(request, session, consultation, idea, text, {"comment": problem}, 400)
    if too_fast(request, session):
        return retry_after(
            _idea_page(request, session, consultation, idea, text, {"comment": TOO_FAST}, 429)
        )
    service.comment(session, idea, text, ensure_participant(request, session))
    session.commit()
    return RedirectResponse(f"/consultations/{slug}/ideas/{idea.id}?sent=comment", status_code=303)


@router.get("/you-said-we-did")
def you_said_we_did(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Every approved idea with its public status, the council's reason and its support."""
    consultation = published(session, slug)
    views = [
        service.idea_view(session, idea, None)
        for idea in service.ideas(session, consultation, "approved")
    ]
    grouped = {
        status: [view for view in views if view.idea.status == status] for status in IDEA_STATUSES
    }
    context = {"consultation": consultation, "grouped": grouped, "statuses": IDEA_STATUSES}
    return render(request, "ideas/you_said_we_did.html", context)
