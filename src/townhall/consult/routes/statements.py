"""Residents' side of opinion groups: vote on one statement at a time, suggest a statement, and the
public summary of how people voted (aggregates only)."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from townhall.consult.access import database
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import Consultation
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
    MIN_PUBLIC_GROUP,
    STATEMENT_MAX,
    VOTE_NAMES,
    next_statement,
    statement_problem,
    vote_value,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.security.throttle import retry_after
from townhall.consult.services import participation_statements as service
from townhall.consult.services.participation_groups import ReportCache

router = APIRouter(prefix="/consultations/{slug}", dependencies=[Depends(require_csrf)])
_CACHE_LOCK = threading.Lock()


def report_cache(request: Request) -> ReportCache:
    """The app's cache of opinion-group reports, made on first use."""
    with _CACHE_LOCK:
        cache = getattr(request.app.state, "opinion_reports", None)
        if cache is None:
            cache = ReportCache()
            request.app.state.opinion_reports = cache
    found: ReportCache = cache
    return found


def _vote_page(
    request: Request,
    session: Session,
    consultation: Consultation,
    chosen: int | None,
    errors: dict[str, str] | None = None,
) -> Response:
    """The statement `chosen` (or the next one not voted on), or the end page with every vote."""
    approved = service.statements(session, consultation, "approved")
    token = participant(request)
    mine = service.my_votes(session, consultation, token) if token else {}
    statement_id = chosen or next_statement([s.id for s in approved], set(mine))
    current = next((s for s in approved if s.id == statement_id), None)
    context = {
        "consultation": consultation,
        "statement": current,
        "position": [s.id for s in approved].index(current.id) + 1 if current else 0,
        "total": len(approved),
        "voted": len(mine),
        "my_vote": mine.get(current.id) if current else None,
        "mine": [(s, VOTE_NAMES[mine[s.id]]) for s in approved if s.id in mine],
        "errors": errors or {},
    }
    return render(request, "statements/vote.html", context, 400 if errors else 200)


@router.get("/statements")
def next_to_vote(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The next statement this participant has not voted on; when none are left, their votes."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    return _vote_page(request, session, consultation, None)


@router.get("/statements/{statement_id:int}")
def change_vote(
    slug: str, statement_id: int, request: Request, session: Session = Depends(database)
) -> Response:
    """One statement again, to change a vote."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    if service.approved_statement(session, consultation, statement_id) is None:
        raise HTTPException(status_code=404, detail="There is no such statement.")
    return _vote_page(request, session, consultation, statement_id)


@router.post("/statements/{statement_id}/vote")
async def vote(
    slug: str, statement_id: int, request: Request, session: Session = Depends(database)
) -> Response:
    """Record agree, disagree or pass (replacing this participant's earlier vote), then go on."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    statement = service.approved_statement(session, consultation, statement_id)
    if statement is None:
        raise HTTPException(status_code=404, detail="There is no such statement.")
    value = vote_value(text_values(await read_form(request), ["vote"])["vote"])
    if value is None:
        errors = {"vote": "Choose agree, disagree or pass"}
        return _vote_page(request, session, consultation, statement_id, errors)
    service.cast_vote(session, statement, ensure_participant(request, session), value)
    session.commit()
    return RedirectResponse(f"/consultations/{slug}/statements", status_code=303)


def _suggest_page(
    request: Request, consultation: Consultation, text: str, errors: dict[str, str], status: int
) -> Response:
    return render(
        request,
        "statements/suggest.html",
        {"consultation": consultation, "text": text, "errors": errors, "limit": STATEMENT_MAX},
        status,
    )


@router.get("/statements/new")
def suggest_form(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The form to suggest a statement for others to vote on."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    return _suggest_page(request, consultation, "", {}, 200)


@router.post("/statements/new")
async def suggest(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Hold a resident's statement for moderation; problems shown with the text kept."""
    consultation = published(session, slug)
    if not is_open(consultation):
        return closed_page(request, consultation)
    text = text_values(await read_form(request), ["statement"])["statement"]
    if (problem := statement_problem(text)) is not None:
        return _suggest_page(request, consultation, text, {"statement": problem}, 400)
    if too_fast(request, session):
        return retry_after(_suggest_page(request, consultation, text, {"statement": TOO_FAST}, 429))
    service.submit_resident_statement(
        session, consultation, text, ensure_participant(request, session)
    )
    session.commit()
    return RedirectResponse(f"/consultations/{slug}/statements/sent", status_code=303)


@router.get("/statements/sent")
def suggested(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """Confirmation that a statement was received and will be checked before it is shown."""
    consultation = published(session, slug)
    return render(request, "statements/sent.html", {"consultation": consultation})


@router.get("/opinion-groups")
def summary(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """How people voted, counted, and the opinion groups: aggregates only, never anyone's votes."""
    consultation = published(session, slug)
    context = {
        "consultation": consultation,
        "report": report_cache(request).report(session, consultation, fresh=False),
        "min_public_group": MIN_PUBLIC_GROUP,
        "open": is_open(consultation),
    }
    return render(request, "statements/summary.html", context)
