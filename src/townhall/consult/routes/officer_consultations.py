"""Officers' consultation pages: the list, creating and editing details, publish, close, reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database, staff
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import Consultation, User
from townhall.consult.models import Response as ResponseRow
from townhall.consult.pages import render
from townhall.consult.rules.availability import availability
from townhall.consult.rules.details import (
    LIMITS,
    consultation_details,
    parse_date,
    text_problems,
)
from townhall.consult.rules.links import link_choices
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import consultations as service

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
DETAIL_FIELDS = ("title", "slug", "summary", "proposal", "contact", "opens_on", "closes_on")


def staff_consultation(session: Session, consultation_id: int) -> Consultation:
    """A consultation by id for staff pages (any status), else 404."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        raise HTTPException(status_code=404, detail="There is no such consultation.")
    return consultation


@router.get("")
def dashboard(
    request: Request, user: User = Depends(staff), session: Session = Depends(database)
) -> Response:
    """Every consultation with its status and number of responses."""
    counts = dict(
        session.execute(
            select(ResponseRow.consultation_id, func.count()).group_by(ResponseRow.consultation_id)
        ).all()
    )
    consultations = session.scalars(
        select(Consultation).order_by(Consultation.created_at.desc())
    ).all()
    today = date.today()
    rows = [
        (c, availability(c.status, c.opens_on, c.closes_on, today), counts.get(c.id, 0))
        for c in consultations
    ]
    return render(request, "officer/dashboard.html", {"rows": rows})


def _details_page(
    request: Request,
    consultation: Consultation | None,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return render(
        request,
        "officer/details.html",
        {"consultation": consultation, "values": values, "errors": errors, "limits": LIMITS},
        status,
    )


@router.get("/consultations/new")
def new_consultation(request: Request, user: User = Depends(staff)) -> Response:
    """The form for a new consultation's details."""
    return _details_page(request, None, {}, {})


@router.post("/consultations/new")
def create(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Create a draft, or show the form again with every problem and what was typed."""
    values = text_values(form, DETAIL_FIELDS)
    details, errors = consultation_details(values)
    if details is not None and service.slug_taken(session, details.slug):
        errors = {"slug": "Another consultation already uses this web address name"}
    if details is None or errors:
        return _details_page(request, None, values, errors, 400)
    consultation = service.create_consultation(session, details, user)
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation.id}", status_code=303)


def overview_page(
    request: Request,
    consultation: Consultation,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The consultation's overview, with any errors from an action on it."""
    state = availability(
        consultation.status, consultation.opens_on, consultation.closes_on, date.today()
    )
    link_names = dict(link_choices((a.id, a.title) for a in consultation.alternatives))
    link_names[""] = "not linked"
    context = {
        "consultation": consultation,
        "state": state,
        "errors": {},
        "link_names": link_names,
        "closed": service.is_closed(consultation),
        **(extra or {}),
    }
    return render(request, "officer/overview.html", context, status)


@router.get("/consultations/{consultation_id}")
def overview(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Everything in the consultation, with links to change each part."""
    return overview_page(request, staff_consultation(session, consultation_id))


@router.get("/consultations/{consultation_id}/edit")
def edit(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The details form, filled in."""
    consultation = staff_consultation(session, consultation_id)
    values = {name: str(getattr(consultation, name)) for name in DETAIL_FIELDS}
    if service.is_closed(consultation):
        return overview_page(
            request,
            consultation,
            {"errors": {"status": "A closed consultation cannot be changed; reopen it first"}},
            400,
        )
    return _details_page(request, consultation, values, {})


@router.post("/consultations/{consultation_id}/edit")
def save_edit(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Save changed details (a draft), or publish them as a correction with what changed and why
    (a published consultation); a closed one is refused."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(form, (*DETAIL_FIELDS, "correction"))
    details, errors = consultation_details(values)
    errors |= text_problems(values, (), ("correction",))
    if details is not None and service.slug_taken(session, details.slug, consultation.id):
        errors = {"slug": "Another consultation already uses this web address name"}
    if details is not None and not errors:
        try:
            service.update_consultation(session, consultation, details, user, values["correction"])
        except service.ChangeRefusedError as refused:
            session.rollback()
            consultation = staff_consultation(session, consultation_id)
            errors = {"slug" if "web address" in str(refused) else "correction": str(refused)}
    if details is None or errors:
        return _details_page(request, consultation, values, errors, 400)
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation.id}", status_code=303)


@router.get("/consultations/{consultation_id}/outcome")
def outcome_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """ "We asked, you said, we did": what the council decided, shown on the public page."""
    consultation = staff_consultation(session, consultation_id)
    return render(
        request,
        "officer/outcome.html",
        {
            "consultation": consultation,
            "values": {"outcome": consultation.outcome},
            "errors": {},
            "limits": LIMITS,
        },
    )


@router.post("/consultations/{consultation_id}/outcome")
def save_outcome(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Keep the outcome (audited with the old and new text)."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(form, ("outcome",))
    errors = text_problems(values, ("outcome",))
    if not errors:
        try:
            service.set_outcome(session, consultation, values["outcome"], user)
        except service.ChangeRefusedError as refused:
            errors = {"outcome": str(refused)}
    if errors:
        session.rollback()
        return render(
            request,
            "officer/outcome.html",
            {"consultation": consultation, "values": values, "errors": errors, "limits": LIMITS},
            400,
        )
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation.id}#outcome", status_code=303)


@router.post("/consultations/{consultation_id}/publish")
def publish(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Publish a draft (residents can respond between its dates)."""
    return change_or_refuse(
        request, session, consultation_id, lambda c: service.publish(session, c, user)
    )


@router.post("/consultations/{consultation_id}/close")
def close(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Close a published consultation now."""
    return change_or_refuse(
        request, session, consultation_id, lambda c: service.close(session, c, user)
    )


def change_or_refuse(
    request: Request,
    session: Session,
    consultation_id: int,
    change: Callable[[Consultation], None],
) -> Response:
    """Make an officer's change and go back to the overview, or show it with the refusal."""
    consultation = staff_consultation(session, consultation_id)
    try:
        change(consultation)
    except service.ChangeRefusedError as refused:
        session.rollback()
        errors = (
            refused.missing
            if isinstance(refused, service.PublishRefusedError)
            else {"status": str(refused)}
        )
        return overview_page(
            request, staff_consultation(session, consultation_id), {"errors": errors}, 400
        )
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation_id}", status_code=303)


@router.get("/consultations/{consultation_id}/reopen")
def reopen_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Reopening needs a reason (published with the consultation) and a new closing date."""
    consultation = staff_consultation(session, consultation_id)
    return render(
        request, "officer/reopen.html", {"consultation": consultation, "values": {}, "errors": {}}
    )


@router.post("/consultations/{consultation_id}/reopen")
def reopen(
    consultation_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Reopen with the reason given."""
    consultation = staff_consultation(session, consultation_id)
    values = text_values(form, ("reason", "closes_on"))
    errors = {}
    if not values["reason"]:
        errors["reason"] = "Enter why the consultation is being reopened"
    elif len(values["reason"]) > LIMITS["reason"]:
        errors["reason"] = f"The reason must be {LIMITS['reason']:,} characters or fewer"
    closes_on = parse_date(values["closes_on"])
    if closes_on is None:
        errors["closes_on"] = "Enter the new closing date as a real date"
    if not errors and closes_on is not None:
        try:
            service.reopen(session, consultation, values["reason"], closes_on, date.today(), user)
        except service.ChangeRefusedError as refused:
            errors["closes_on" if "date" in str(refused) else "reason"] = str(refused)
    if errors:
        session.rollback()
        return render(
            request,
            "officer/reopen.html",
            {"consultation": consultation, "values": values, "errors": errors},
            400,
        )
    session.commit()
    return RedirectResponse(f"/staff/consultations/{consultation_id}", status_code=303)
