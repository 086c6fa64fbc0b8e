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
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Consultation, User
from townhall.consult.models import Response as ResponseRow
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import Changing, changing, staff_consultation
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
from townhall.consult.services.routing import condition_words
from townhall.consult.services.sections import grouped

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
DETAIL_FIELDS = ("title", "slug", "summary", "proposal", "contact", "opens_on", "closes_on")


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
        "question_groups": grouped(consultation.questions),
        "routing_words": {
            q.id: condition_words(q, consultation.questions) for q in consultation.questions
        },
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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Save changed details (a draft), or publish them as a correction with what changed and why
    (a published consultation); a closed one is refused."""
    values = text_values(form, (*DETAIL_FIELDS, "correction"))
    details, errors = consultation_details(values)
    errors |= text_problems(values, (), ("correction",))
    if details is not None and service.slug_taken(
        change.session, details.slug, change.consultation.id
    ):
        errors = {"slug": "Another consultation already uses this web address name"}
    if (
        details is not None
        and not errors
        and (
            refused := change.refusal(
                lambda c: service.update_consultation(
                    change.session, c, details, change.user, values["correction"]
                )
            )
        )
    ):
        errors = {"slug" if "web address" in str(refused) else "correction": str(refused)}
    if details is None or errors:
        return _details_page(request, change.consultation, values, errors, 400)
    return _overview(change.consultation)


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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Keep the outcome (audited with the old and new text)."""
    values = text_values(form, ("outcome",))
    errors = text_problems(values, ("outcome",))
    if not errors and (
        refused := change.refusal(
            lambda c: service.set_outcome(change.session, c, values["outcome"], change.user)
        )
    ):
        errors = {"outcome": str(refused)}
    if errors:
        context = {
            "consultation": change.consultation,
            "values": values,
            "errors": errors,
            "limits": LIMITS,
        }
        return render(request, "officer/outcome.html", context, 400)
    return _overview(change.consultation, "#outcome")


CONFIRMATIONS = {
    "publish": (
        "Publish this consultation?",
        "Residents can respond between its dates. After publishing, the details, alternatives and "
        "questions change only by a correction that residents are told about.",
        "Publish",
        "button",
    ),
    "close": (
        "Close this consultation now?",
        "Residents can no longer respond, and every page will say it closed early, with the date "
        "and time. Reopening needs a reason, which is published.",
        "Close now",
        "button button-warning",
    ),
    "delete": (
        "Delete this draft?",
        "The draft and everything in it (alternatives, questions, documents) is deleted. This "
        "cannot be undone.",
        "Delete the draft",
        "button button-warning",
    ),
}


def _confirm_page(
    request: Request,
    consultation: Consultation,
    action: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    title, explanation, button, style = CONFIRMATIONS[action]
    warnings = []
    if action == "publish" and not consultation.wards:
        warnings.append(
            "No wards are chosen, so residents cannot say which ward they live in and "
            "councillors will see no ward results. Choose wards first, or publish without them."
        )
    return render(
        request,
        "officer/confirm.html",
        {
            "consultation": consultation,
            "action": action,
            "heading": title,
            "explanation": explanation,
            "button": button,
            "style": style,
            "warnings": warnings,
            "errors": errors or {},
        },
        status,
    )


@router.get("/consultations/{consultation_id}/confirm/{action}")
def confirm(
    consultation_id: int,
    action: str,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Ask before publishing, closing or deleting (nothing happens on one click)."""
    if action not in CONFIRMATIONS:
        raise HTTPException(status_code=404, detail="There is no such page.")
    return _confirm_page(request, staff_consultation(session, consultation_id), action)


def _confirmed(form: FormData) -> bool:
    return form.get("confirm") == "yes"


@router.post("/consultations/{consultation_id}/publish")
def publish(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Publish a draft once confirmed (residents can respond between its dates)."""
    if not _confirmed(form):
        return _confirm_page(request, change.consultation, "publish")
    return change_or_refuse(
        request, change, lambda c: service.publish(change.session, c, change.user)
    )


@router.post("/consultations/{consultation_id}/close")
def close(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Close a published consultation now, once confirmed."""
    if not _confirmed(form):
        return _confirm_page(request, change.consultation, "close")
    return change_or_refuse(
        request, change, lambda c: service.close(change.session, c, change.user)
    )


@router.post("/consultations/{consultation_id}/delete")
def delete(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Delete a draft, once confirmed."""
    if not _confirmed(form):
        return _confirm_page(request, change.consultation, "delete")
    if refused := change.refusal(lambda c: service.delete_draft(change.session, c, change.user)):
        return overview_page(
            request, change.consultation, {"errors": {"status": str(refused)}}, 400
        )
    return RedirectResponse("/staff", status_code=303)


@router.post("/consultations/{consultation_id}/clone")
def clone(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """A new draft copied from this consultation, owned by whoever copied it."""
    copy = service.clone(session, staff_consultation(session, consultation_id), user)
    session.commit()
    return RedirectResponse(f"/staff/consultations/{copy.id}", status_code=303)


@router.post("/consultations/{consultation_id}/sign-off-required")
def sign_off_required(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Whether publishing waits for an admin's sign-off."""
    required = form.get("required") == "yes"
    return change_or_refuse(
        request,
        change,
        lambda c: service.require_sign_off(change.session, c, required, change.user),
    )


@router.post("/consultations/{consultation_id}/sign-off")
def sign_off(request: Request, change: Changing = Depends(changing)) -> Response:
    """An admin signs the draft off as it stands."""
    return change_or_refuse(
        request, change, lambda c: service.sign_off(change.session, c, change.user)
    )


@router.get("/consultations/{consultation_id}/owners")
def owners_page(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Tick the officers and admins who may change this consultation."""
    consultation = staff_consultation(session, consultation_id)
    return _owners_page(request, session, consultation, {o.id for o in consultation.owners}, {})


def _owners_page(
    request: Request,
    session: Session,
    consultation: Consultation,
    chosen: set[int],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    staff_users = session.scalars(
        select(User).where(User.role.in_(("admin", "officer")), User.active).order_by(User.email)
    ).all()
    return render(
        request,
        "officer/owners.html",
        {
            "consultation": consultation,
            "options": [(str(u.id), f"{u.name} ({u.email}, {u.role})") for u in staff_users],
            "chosen": {str(i) for i in chosen},
            "errors": errors,
        },
        status,
    )


@router.post("/consultations/{consultation_id}/owners")
def save_owners(
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Keep the ticked owners (at least one)."""
    ticked = {int(v) for v in all_values(form).get("owner", []) if v.isdigit()}
    if refused := change.refusal(
        lambda c: service.set_owners(change.session, c, ticked, change.user)
    ):
        errors = {"owner": str(refused)}
        return _owners_page(request, change.session, change.consultation, ticked, errors, 400)
    return _overview(change.consultation)


def _overview(consultation: Consultation, anchor: str = "") -> Response:
    """Back to the consultation's page after a change."""
    return RedirectResponse(f"/staff/consultations/{consultation.id}{anchor}", status_code=303)


def change_or_refuse(
    request: Request, change: Changing, make: Callable[[Consultation], object]
) -> Response:
    """Make an officer's change and go back to the overview, or show it with the refusal."""
    if refused := change.refusal(make):
        errors = (
            refused.missing
            if isinstance(refused, service.PublishRefusedError)
            else {"status": str(refused)}
        )
        return overview_page(request, change.consultation, {"errors": errors}, 400)
    return _overview(change.consultation)


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
    request: Request,
    form: FormData = Depends(read_form),
    change: Changing = Depends(changing),
) -> Response:
    """Reopen with the reason given."""
    values = text_values(form, ("reason", "closes_on"))
    errors = {}
    if not values["reason"]:
        errors["reason"] = "Enter why the consultation is being reopened"
    elif len(values["reason"]) > LIMITS["reason"]:
        errors["reason"] = f"The reason must be {LIMITS['reason']:,} characters or fewer"
    closes_on = parse_date(values["closes_on"])
    if closes_on is None:
        errors["closes_on"] = "Enter the new closing date as a real date"
    if (
        not errors
        and closes_on is not None
        and (
            refused := change.refusal(
                lambda c: service.reopen(
                    change.session, c, values["reason"], closes_on, date.today(), change.user
                )
            )
        )
    ):
        errors["closes_on" if "date" in str(refused) else "reason"] = str(refused)
    if errors:
        context = {"consultation": change.consultation, "values": values, "errors": errors}
        return render(request, "officer/reopen.html", context, 400)
    return _overview(change.consultation)
