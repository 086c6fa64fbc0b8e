"""Officers' moderation queue: every consultation with how many residents' statements, ideas
and comments wait for checking, linking to the pages where they are approved or rejected."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.models import User
from townhall.consult.pages import render
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.participation_queue import waiting

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])


@router.get("/moderation")
def moderation(
    request: Request, user: User = Depends(staff), session: Session = Depends(database)
) -> Response:
    """Every consultation, those with most waiting first."""
    return render(request, "statements/moderation.html", {"rows": waiting(session)})
