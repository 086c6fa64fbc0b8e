"""Admins manage wards (list, add, rename, merge, remove) and the wards each councillor
represents. Wards are shared by every consultation, so only admins change them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import admin_only, database
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import User, Ward
from townhall.consult.pages import render
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import postcodes
from townhall.consult.services import wards as service

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
ACTIONS = ("code", "rename", "merge", "remove")


def _list_page(
    request: Request,
    session: Session,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    councillors = session.scalars(
        select(User).where(User.role == "councillor").order_by(User.email)
    ).all()
    context = {
        "rows": service.listed(session),
        "councillors": councillors,
        "values": values,
        "errors": errors,
    }
    return render(request, "officer/wards_admin.html", context, status)


def _ward(session: Session, ward_id: int) -> Ward:
    ward = session.get(Ward, ward_id)
    if ward is None:
        raise HTTPException(status_code=404, detail="There is no such ward.")
    return ward


@router.get("/wards")
def wards(
    request: Request, user: User = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    """Every ward, with how many consultations, responses and councillors name it."""
    return _list_page(request, session, {}, {})


@router.post("/wards")
def add(
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Add a ward (an existing one with the same name, ignoring case, is kept instead)."""
    values = text_values(form, ("name",))
    try:
        service.add(session, values["name"], user)
    except service.WardRefusedError as refused:
        return _list_page(request, session, values, {"name": str(refused)}, 400)
    session.commit()
    return RedirectResponse("/staff/wards", status_code=303)


def _ward_page(
    request: Request,
    session: Session,
    ward: Ward,
    action: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    others = [
        (str(row.ward.id), row.ward.name)
        for row in service.listed(session)
        if row.ward.id != ward.id
    ]
    context = {
        "ward": ward,
        "action": action,
        "others": others,
        "values": values,
        "errors": errors,
    }
    return render(request, "officer/ward_change.html", context, status)


@router.get("/wards/{ward_id}/{action}")
def ward_form(
    ward_id: int,
    action: str,
    request: Request,
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Set its ONS code, rename, merge into another, or remove (each on a page of its own that
    asks first)."""
    if action not in ACTIONS:
        raise HTTPException(status_code=404, detail="There is no such page.")
    ward = _ward(session, ward_id)
    return _ward_page(
        request, session, ward, action, {"name": ward.name, "code": ward.code or ""}, {}
    )


@router.post("/wards/{ward_id}/{action}")
def change_ward(
    ward_id: int,
    action: str,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Make the change, or show the page again saying why not."""
    if action not in ACTIONS:
        raise HTTPException(status_code=404, detail="There is no such page.")
    ward = _ward(session, ward_id)
    values = text_values(form, ("name", "into", "code"))
    field = {"code": "code", "rename": "name", "merge": "into", "remove": "ward"}[action]
    try:
        if action == "code":
            values["code"] = values["code"].upper()
            if problem := postcodes.ward_code_problem(values["code"]):
                raise service.WardRefusedError(problem)
            try:
                postcodes.set_ward_code(session, ward, values["code"], user)
            except postcodes.PostcodeImportError as taken:
                raise service.WardRefusedError(str(taken)) from None
        elif action == "rename":
            service.rename(session, ward, values["name"], user)
        elif action == "merge":
            if not values["into"].isdigit() or session.get(Ward, int(values["into"])) is None:
                raise service.WardRefusedError("Select the ward to merge it into")
            service.merge(session, ward, _ward(session, int(values["into"])), user)
        else:
            service.remove(session, ward, user)
    except service.WardRefusedError as refused:
        session.rollback()
        ward = _ward(session, ward_id)
        return _ward_page(request, session, ward, action, values, {field: str(refused)}, 400)
    session.commit()
    return RedirectResponse("/staff/wards", status_code=303)


@router.get("/users/{user_id}/wards")
def councillor_wards_page(
    user_id: int,
    request: Request,
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Tick the wards a councillor represents."""
    councillor = _councillor(session, user_id)
    return _councillor_page(request, session, councillor, {str(w.id) for w in councillor.wards})


def _councillor(session: Session, user_id: int) -> User:
    councillor = session.get(User, user_id)
    if councillor is None or councillor.role != "councillor":
        raise HTTPException(status_code=404, detail="There is no such councillor.")
    return councillor


def _councillor_page(
    request: Request, session: Session, councillor: User, chosen: set[str]
) -> Response:
    options = [(str(row.ward.id), row.ward.name) for row in service.listed(session)]
    return render(
        request,
        "officer/councillor_wards.html",
        {"councillor": councillor, "options": options, "chosen": chosen, "errors": {}},
    )


@router.post("/users/{user_id}/wards")
def save_councillor_wards(
    user_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Keep the ticked wards (audited with the old and new list)."""
    councillor = _councillor(session, user_id)
    ticked = {int(v) for v in all_values(form).get("ward", []) if v.isdigit()}
    service.set_councillor_wards(session, councillor, ticked, user)
    session.commit()
    return RedirectResponse("/staff/wards", status_code=303)
