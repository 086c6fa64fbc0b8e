"""Previews of a draft as residents will see it: for signed-in staff, and by a shared link that
works for `preview_link_days` (signed, so it cannot be made up or changed to another draft)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.audit import record
from townhall.consult.models import Consultation, User, utc_now
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import staff_consultation
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.versions import snapshot

router = APIRouter(dependencies=[Depends(require_csrf)])


def _preview(
    request: Request, consultation: Consultation, shared: bool, link: str = ""
) -> Response:
    return render(
        request,
        "resident/version.html",
        {
            "consultation": consultation,
            "version": None,
            "shown": snapshot(consultation),
            "preview": True,
            "shared": shared,
            "link": link,
            "days": request.app.state.settings.preview_link_days,
        },
    )


@router.get("/staff/consultations/{consultation_id}/preview")
def staff_preview(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The consultation as residents will see it: proposal, alternatives, every question."""
    return _preview(request, staff_consultation(session, consultation_id), shared=False)


@router.post("/staff/consultations/{consultation_id}/preview-link")
def share_preview(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """A link anyone can open for `preview_link_days`, to check the draft before publishing."""
    consultation = staff_consultation(session, consultation_id)
    serializer: URLSafeTimedSerializer = request.app.state.preview_serializer
    token = serializer.dumps({"consultation": consultation.id})
    days: int = request.app.state.settings.preview_link_days
    expires = utc_now() + timedelta(days=days)
    record(
        session,
        user,
        "share preview",
        f"consultation {consultation.id}",
        f"link works until {expires:%Y-%m-%d %H:%M} UTC",
    )
    session.commit()
    link = f"{request.base_url}preview/{token}"
    return _preview(request, consultation, shared=False, link=link)


@router.get("/preview/{token}")
def shared_preview(token: str, request: Request, session: Session = Depends(database)) -> Response:
    """A shared preview; once published it sends readers to the public page."""
    serializer: URLSafeTimedSerializer = request.app.state.preview_serializer
    days: int = request.app.state.settings.preview_link_days
    try:
        data = serializer.loads(token, max_age=days * 24 * 3600)
    except BadSignature:
        raise HTTPException(
            status_code=404,
            detail="This preview link has expired or is not right. Ask the council for a new one.",
        ) from None
    consultation = session.get(Consultation, data.get("consultation"))
    if consultation is None:
        raise HTTPException(status_code=404, detail="This draft no longer exists.")
    if consultation.status != "draft":
        return RedirectResponse(f"/consultations/{consultation.slug}", status_code=303)
    return _preview(request, consultation, shared=True)
