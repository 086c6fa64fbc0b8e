"""Staff passwords: anyone signed in changes their own; an admin resets someone else's.

Either way every session of the account ends on the server; after a change of your own, this
browser gets a new session so you stay signed in here.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import admin_only, database, remember_user, signed_in_user
from townhall.consult.audit import record
from townhall.consult.forms import password_value, read_form
from townhall.consult.models import User
from townhall.consult.pages import render
from townhall.consult.security.csrf import require_csrf, rotate_csrf_secret
from townhall.consult.security.passwords import (
    MINIMUM_LENGTH,
    password_problem,
    verify_password,
)
from townhall.consult.services.accounts import set_password

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
# A one-off message for the page a successful change redirects to.
NOTICE = "password_notice"
# The form's fields.
CURRENT, NEW, CONFIRM = "current_password", "new_password", "confirm_password"


def _new_password_errors(form: FormData) -> dict[str, str]:
    """What is wrong with the new password and its confirmation (the account rules)."""
    new = password_value(form, NEW)
    errors = {}
    if not new:
        errors[NEW] = "Enter a new password"
    elif problem := password_problem(new):
        errors[NEW] = problem
    if new and password_value(form, CONFIRM) != new:
        errors[CONFIRM] = "Enter the same new password again to confirm it"
    return errors


def _page(
    request: Request, account: User | None, errors: dict[str, str], status_code: int = 200
) -> Response:
    """The change (account None) or reset form, or the notice left by a successful change."""
    notice = request.session.pop(NOTICE, None) if not errors else None
    context = {
        "account": account,
        "errors": errors,
        "notice": notice,
        "minimum_length": MINIMUM_LENGTH,
    }
    response = render(request, "officer/password.html", context, status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/password")
def change_page(request: Request, user: User = Depends(signed_in_user)) -> Response:
    """The form to change your own password."""
    return _page(request, None, {})


@router.post("/password")
def change(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(signed_in_user),
    session: Session = Depends(database),
) -> Response:
    """Change your own password: the current one must be right; you stay signed in here."""
    current = password_value(form, CURRENT)
    errors: dict[str, str] = {}
    if not current:
        errors[CURRENT] = "Enter your current password"
    elif not verify_password(user.password_hash, current):
        errors[CURRENT] = "Your current password is not correct"
        record(session, user, "password change failed", f"user {user.id}", "wrong current password")
        session.commit()
    errors |= _new_password_errors(form)
    if not errors and password_value(form, NEW) == current:
        errors[NEW] = "Your new password must be different from your current one"
    if errors:
        return _page(request, None, errors, 400)
    set_password(session, user, password_value(form, NEW))
    response = RedirectResponse("/staff/password", status_code=303)
    remember_user(request, session, user, response)
    record(session, user, "change password", f"user {user.id}")
    session.commit()
    rotate_csrf_secret(request)
    request.session[NOTICE] = (
        "Your password has been changed. Anywhere else you were signed in has been signed out."
    )
    return response


def _other_account(session: Session, user_id: int, admin: User) -> User:
    """The account an admin is resetting: it must exist and must not be their own."""
    account = session.get(User, user_id)
    if account is None:
        raise HTTPException(status_code=404, detail="There is no such account.")
    if account.id == admin.id:
        raise HTTPException(
            status_code=403,
            detail="Change your own password with Change password, which asks for the current one.",
        )
    return account


@router.get("/users/{user_id}/password")
def reset_page(
    request: Request,
    user_id: int,
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """The form for an admin to set a new password for someone else."""
    return _page(request, _other_account(session, user_id, user), {})


@router.post("/users/{user_id}/password")
def reset(
    request: Request,
    user_id: int,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Set the password the admin typed; the account's own sessions end."""
    account = _other_account(session, user_id, user)
    if errors := _new_password_errors(form):
        return _page(request, account, errors, 400)
    set_password(session, account, password_value(form, NEW))
    record(session, user, "reset password", f"user {account.id}", account.email)
    request.session[NOTICE] = (
        f"The password for {account.email} has been reset and they have been signed out. Tell "
        "them the new password in person or by phone, and ask them to change it straight away "
        "with Change password."
    )
    target = f"/staff/users/{account.id}/password"
    session.commit()
    return RedirectResponse(target, status_code=303)
