"""Ward knowledge: community groups, notes on history and issues, and the engagement log, joined
with what the ward's residents said. Councillors see and edit their own wards; officers all."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import councillor_or_staff, database
from townhall.consult.audit import record, record_separately
from townhall.consult.forms import read_form, text_values
from townhall.consult.models import User, Ward
from townhall.consult.pages import render
from townhall.consult.rules.ward_knowledge import (
    ENGAGEMENT_KINDS,
    NOTE_TOPICS,
    SECTIONS,
    Section,
    check_record,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import ward_knowledge as service

router = APIRouter(prefix="/wards", dependencies=[Depends(require_csrf)])


def _ward(session: Session, user: User, ward_id: int) -> Ward:
    """The ward, if this user may see it (403 for a councillor's other wards, 404 if none)."""
    ward = session.get(Ward, ward_id)
    if ward is None:
        raise HTTPException(status_code=404, detail="There is no such ward.")
    if not service.may_see(user, ward.id):
        raise HTTPException(status_code=403, detail="You can see only the wards you represent.")
    return ward


def _section(name: str) -> Section:
    section = SECTIONS.get(name)
    if section is None:
        raise HTTPException(status_code=404, detail="Page not found.")
    return section


@router.get("")
def wards(
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """The wards this user may open."""
    return render(request, "knowledge/wards.html", {"wards": service.visible_wards(session, user)})


@router.get("/{ward_id}")
def ward_page(
    ward_id: int,
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """The ward: groups, history and issues, engagement log, and what residents said."""
    ward = _ward(session, user, ward_id)
    context = {
        "ward": ward,
        "groups": service.records(session, ward, "groups"),
        "notes": service.records(session, ward, "notes"),
        "engagements": service.records(session, ward, "engagements"),
        "answers": service.ward_answers(session, ward),
        "kinds": ENGAGEMENT_KINDS,
        "topics": NOTE_TOPICS,
        "represents": ward.id in {w.id for w in user.wards},
    }
    record_separately(
        request.app.state.writer, user, "view ward knowledge", f"ward {ward.id}", ward.name
    )
    return render(request, "knowledge/ward.html", context)


def _form(
    request: Request,
    ward: Ward,
    section: Section,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    item_id: int | None = None,
    status: int = 200,
) -> Response:
    context = {
        "ward": ward,
        "section": section,
        "values": values,
        "errors": errors,
        "item_id": item_id,
    }
    return render(request, "knowledge/form.html", context, status)


def _as_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


@router.get("/{ward_id}/{section_name}/new")
def new_record(
    ward_id: int,
    section_name: str,
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """Form for a new group, note or engagement."""
    return _form(request, _ward(session, user, ward_id), _section(section_name), {}, {})


@router.post("/{ward_id}/{section_name}/new")
def add_record(
    ward_id: int,
    section_name: str,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """Add the record once every field is right."""
    return _save(request, session, user, ward_id, section_name, form, None)


@router.get("/{ward_id}/{section_name}/{item_id}/edit")
def edit_record(
    ward_id: int,
    section_name: str,
    item_id: int,
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """Form to change a record, filled in."""
    ward, section = _ward(session, user, ward_id), _section(section_name)
    item = _item(session, ward, section, item_id)
    values = {field.name: _as_text(getattr(item, field.name)) for field in section.fields}
    return _form(request, ward, section, values, {}, item_id)


def _item(session: Session, ward: Ward, section: Section, item_id: int) -> service.KnowledgeRecord:
    item = service.record_of(session, ward, section.key, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"There is no such {section.singular}.")
    return item


@router.post("/{ward_id}/{section_name}/{item_id}/edit")
def update_record(
    ward_id: int,
    section_name: str,
    item_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """Save the changed record once every field is right."""
    return _save(request, session, user, ward_id, section_name, form, item_id)


def _save(
    request: Request,
    session: Session,
    user: User,
    ward_id: int,
    section_name: str,
    form: FormData,
    item_id: int | None,
) -> Response:
    ward, section = _ward(session, user, ward_id), _section(section_name)
    item = _item(session, ward, section, item_id) if item_id is not None else None
    values = text_values(form, [field.name for field in section.fields])
    cleaned, errors = check_record(section, values, date.today())
    if errors:
        return _form(request, ward, section, values, errors, item_id, 400)
    saved = service.save_record(session, ward, section.key, cleaned, user, item)
    action = f"{'change' if item else 'add'} ward {section.singular}"
    record(session, user, action, f"ward {ward.id} {section.key} {saved.id}", ward.name)
    session.commit()
    return RedirectResponse(f"/wards/{ward.id}#{section.key}", status_code=303)


@router.post("/{ward_id}/{section_name}/{item_id}/delete")
def delete_record(
    ward_id: int,
    section_name: str,
    item_id: int,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """Delete a record of the ward."""
    ward, section = _ward(session, user, ward_id), _section(section_name)
    item = _item(session, ward, section, item_id)
    session.delete(item)
    record(
        session,
        user,
        f"delete ward {section.singular}",
        f"ward {ward.id} {section.key} {item_id}",
        ward.name,
    )
    session.commit()
    return RedirectResponse(f"/wards/{ward.id}#{section.key}", status_code=303)
