"""Admin pages: staff accounts (with a one-time generated password) and the audit log."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import admin_only, database
from townhall.consult.audit import record
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import ROLES, AuditEntry, User, Ward
from townhall.consult.pages import render
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.accounts import create_user
from townhall.consult.services.consultations import all_wards
from townhall.consult.services.staff_sessions import end_user_sessions
from townhall.problems import InvalidInputError

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
AUDIT_PAGE = 200


@router.get("/users")
def users(
    request: Request, user: User = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    """Every staff account and a form for a new one."""
    accounts = session.scalars(select(User).order_by(User.email)).all()
    context: dict[str, object] = {
        "accounts": accounts,
        "roles": ROLES,
        "wards": all_wards(session),
        "values": {},
        "errors": {},
        "new_password": None,
    }
    return render(request, "officer/users.html", context)


@router.post("/users")
def add_user(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Create an account with a generated password, shown once to the admin to pass on."""
    values = text_values(form, ("email", "name", "role"))
    ward_ids = {int(value) for value in all_values(form).get("ward", []) if value.isdigit()}
    ward_names = tuple(
        ward.name for ward in session.scalars(select(Ward).where(Ward.id.in_(ward_ids)))
    )
    password = secrets.token_urlsafe(12)
    errors: dict[str, str] = {}
    try:
        created = create_user(
            session, values["email"], password, values["role"], values["name"][:120], ward_names
        )
    except InvalidInputError as error:
        session.rollback()
        errors = {problem.field: f"Enter {problem.expected}" for problem in error.problems}
    accounts = session.scalars(select(User).order_by(User.email)).all()
    context: dict[str, object] = {
        "accounts": accounts,
        "roles": ROLES,
        "wards": all_wards(session),
        "values": values,
        "errors": errors,
        "new_password": None,
    }
    if errors:
        return render(request, "officer/users.html", context, 400)
    record(
        session, user, "create account", f"user {created.id}", f"{created.email} as {created.role}"
    )
    session.commit()
    context["accounts"] = session.scalars(select(User).order_by(User.email)).all()
    context["values"] = {}
    context["new_password"] = (created.email, password)
    response = render(request, "officer/users.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/users/{user_id}/deactivate")
def deactivate(
    user_id: int, user: User = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    """Stop an account signing in and end its sessions (its audit entries stay)."""
    account = session.get(User, user_id)
    if account is None:
        raise HTTPException(status_code=404, detail="There is no such account.")
    if account.id == user.id:
        raise HTTPException(status_code=403, detail="You cannot deactivate your own account.")
    account.active = False
    end_user_sessions(session, account.id)
    record(session, user, "deactivate account", f"user {account.id}", account.email)
    session.commit()
    return RedirectResponse("/staff/users", status_code=303)


@router.get("/audit")
def audit_log(
    request: Request, user: User = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    """The latest audit entries, newest first."""
    entries = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)
    ).all()
    return render(request, "officer/audit.html", {"entries": entries})
