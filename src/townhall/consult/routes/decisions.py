""" "We asked, you said, we did" for residents: what a consultation asked, its headline results
and what the council decided, with what changed because of the responses."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from townhall.consult.access import database
from townhall.consult.pages import render
from townhall.consult.routes.public import published
from townhall.consult.rules.availability import availability
from townhall.consult.services.results import closed_results, response_count

router = APIRouter()


@router.get("/consultations/{slug}/outcome")
def outcome(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The decision beside the headline results (or when to expect it, until it is recorded)."""
    consultation = published(session, slug)
    state = availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )
    shown = state == "closed" or bool(consultation.outcome)
    context = {
        "consultation": consultation,
        "state": state,
        "responses": response_count(session, consultation) if shown else 0,
        "results": closed_results(session, consultation) if shown else [],
    }
    return render(request, "resident/outcome.html", context)
