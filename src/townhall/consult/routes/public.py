"""Public pages: open consultations, a consultation's start page, its documents."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from townhall.consult.access import database
from townhall.consult.models import Consultation, Document
from townhall.consult.pages import render
from townhall.consult.rules.availability import availability
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.consultations import by_slug
from townhall.consult.services.versions import content

router = APIRouter(dependencies=[Depends(require_csrf)])


def not_published() -> HTTPException:
    """The 404 for an address with no consultation residents may see."""
    return HTTPException(status_code=404, detail="There is no consultation at this address.")


def published(session: Session, slug: str) -> Consultation:
    """A consultation residents may see (published or closed, never a draft), else 404."""
    consultation = by_slug(session, slug)
    if consultation is None or consultation.status == "draft":
        raise not_published()
    return consultation


@router.get("/")
def home(request: Request, session: Session = Depends(database)) -> Response:
    """Consultations open now, and those closed."""
    consultations = session.scalars(
        select(Consultation)
        .where(Consultation.status != "draft")
        .order_by(Consultation.closes_on.desc())
    ).all()
    today = date.today()
    listed = [
        (
            consultation,
            availability(consultation.status, consultation.opens_on, consultation.closes_on, today),
        )
        for consultation in consultations
    ]
    return render(request, "resident/home.html", {"listed": listed})


@router.get("/consultations/{slug}")
def start_page(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The proposal, its alternatives and why they were not preferred, documents, dates."""
    consultation = published(session, slug)
    state = availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )
    return render(request, "resident/start.html", {"consultation": consultation, "state": state})


@router.get("/consultations/{slug}/versions/{number}")
def version_page(
    slug: str, number: int, request: Request, session: Session = Depends(database)
) -> Response:
    """An earlier (or the current) version of what residents were shown, as it was."""
    consultation = published(session, slug)
    version = next((v for v in consultation.versions if v.number == number), None)
    if version is None:
        raise HTTPException(status_code=404, detail="There is no such version.")
    return render(
        request,
        "resident/version.html",
        {
            "consultation": consultation,
            "version": version,
            "shown": content(version),
            "latest": consultation.versions[-1].number,
        },
    )


@router.get("/consultations/{slug}/documents/{document_id}")
def document(slug: str, document_id: int, session: Session = Depends(database)) -> Response:
    """A consultation document, always downloaded (never shown inline from our origin)."""
    consultation = published(session, slug)
    found = session.scalar(
        select(Document)
        .options(undefer(Document.content))
        .where(Document.id == document_id, Document.consultation_id == consultation.id)
    )
    if found is None:
        raise HTTPException(status_code=404, detail="There is no such document.")
    return Response(
        content=found.content,
        media_type=found.content_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )
