"""Ward knowledge: community groups, notes and the engagement log, joined with residents' answers;
councillors only for their own wards, officers for all; limits, CSRF and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from consult_client import Service, csrf_from, post_form
from consult_sample_answers import add_answers
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from townhall.consult.models import (
    AuditEntry,
    CommunityGroup,
    Consultation,
    Engagement,
    Ward,
    WardNote,
)
from townhall.consult.rules.ward_knowledge import SECTIONS, check_record, parse_date


def _ward_id(service: Service, name: str) -> int:
    with service.session() as session:
        ward_id = session.scalar(select(Ward.id).where(Ward.name == name))
        assert ward_id is not None
        return ward_id


def test_councillor_keeps_their_ward_knowledge(demo_service: Service) -> None:
    with demo_service.session() as session, session.begin():
        add_answers(session, session.scalars(select(Consultation)).one())
    aston = _ward_id(demo_service, "Aston")
    councillor = demo_service.signed_in("aston@example.org")
    assert "Aston" in councillor.get("/wards").text
    new_group = f"/wards/{aston}/groups/new"
    response = post_form(
        councillor,
        new_group,
        data={
            "name": "Aston Tenants' Forum",
            "contact": "forum@example.org",
            "activities": "Monthly meetings about repairs and rents.",
            "last_contact_on": "2026-10-01",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    post_form(
        councillor,
        f"/wards/{aston}/notes/new",
        data={
            "topic": "issue",
            "title": "Damp in the tower blocks",
            "body": "Raised at every surgery.",
        },
    )
    post_form(
        councillor,
        f"/wards/{aston}/engagements/new",
        data={
            "happened_on": "2026-11-02",
            "kind": "surgery",
            "heard": "Worried about the 24% contribution.",
        },
    )
    page = councillor.get(f"/wards/{aston}").text
    assert "Aston Tenants&#39; Forum" in page and "1 October 2026" in page
    assert "Damp in the tower blocks" in page and "An issue in the ward" in page
    assert "Surgery" in page and "Worried about the 24% contribution." in page
    assert "responses from Aston" in page  # residents' answers joined in
    assert "jo.bloggs@example.com" not in page and "[email]" in page  # masked
    assert "/councillor/consultations/" in page  # link to the existing ward results view

    with demo_service.session() as session:
        group = session.scalars(select(CommunityGroup)).one()
        note_id = session.scalars(select(WardNote.id)).one()
        entry_id = session.scalars(select(Engagement.id)).one()
    edit = f"/wards/{aston}/groups/{group.id}/edit"
    assert "forum@example.org" in councillor.get(edit).text
    response = post_form(
        councillor,
        edit,
        data={
            "name": "Aston Tenants Forum",
            "contact": "",
            "activities": "",
            "last_contact_on": "",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        changed = session.get(CommunityGroup, group.id)
        assert changed is not None and changed.name == "Aston Tenants Forum"
        assert changed.last_contact_on is None
    for section, item in (("groups", group.id), ("notes", note_id), ("engagements", entry_id)):
        response = post_form(
            councillor, f"/wards/{aston}", f"/wards/{aston}/{section}/{item}/delete"
        )
        assert response.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        assert session.scalars(select(CommunityGroup)).first() is None
        assert session.scalars(select(WardNote)).first() is None
        actions = list(session.scalars(select(AuditEntry.action)))
    assert {"add ward community group", "change ward community group", "add ward note"} <= set(
        actions
    )
    assert {"delete ward engagement", "view ward knowledge"} <= set(actions)


def test_councillors_only_see_their_own_wards(demo_service: Service) -> None:
    aston, ladywood = _ward_id(demo_service, "Aston"), _ward_id(demo_service, "Ladywood")
    with demo_service.session() as session, session.begin():
        session.add(CommunityGroup(ward_id=ladywood, name="Ladywood Arts", updated_by="x"))
    with demo_service.session() as session:
        group_id = session.scalars(select(CommunityGroup.id)).one()
    councillor = demo_service.signed_in("aston@example.org")
    assert "Ladywood" not in councillor.get("/wards").text
    assert councillor.get(f"/wards/{ladywood}").status_code == 403
    assert councillor.get(f"/wards/{ladywood}/groups/new").status_code == 403
    assert councillor.get(f"/wards/{ladywood}/groups/{group_id}/edit").status_code == 403
    token = csrf_from(councillor.get(f"/wards/{aston}").text)
    refused = councillor.post(
        f"/wards/{ladywood}/groups/{group_id}/delete", data={"csrf_token": token}
    )
    assert refused.status_code == 403
    # Another ward's record cannot be reached through one's own ward either.
    assert councillor.get(f"/wards/{aston}/groups/{group_id}/edit").status_code == 404
    officer = demo_service.signed_in("officer@example.org")
    assert "Ladywood" in officer.get("/wards").text
    assert "Ladywood Arts" in officer.get(f"/wards/{ladywood}").text
    assert demo_service.client().get("/wards", follow_redirects=False).status_code == 303


def test_limits_and_csrf(demo_service: Service) -> None:
    aston = _ward_id(demo_service, "Aston")
    councillor = demo_service.signed_in("aston@example.org")
    new_group = f"/wards/{aston}/groups/new"
    response = post_form(
        councillor,
        new_group,
        data={
            "name": "x" * 201,
            "contact": "y" * 301,
            "activities": "z" * 2001,
            "last_contact_on": "31/02/2026",
        },
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "Name of the group must be 200 characters or fewer" in text
    assert "How to contact them must be 300 characters or fewer" in text
    assert "What they do must be 2000 characters or fewer" in text
    assert "must be a real date" in text
    response = post_form(councillor, f"/wards/{aston}/engagements/new", data={"kind": "rally"})
    text = response.text  # type: ignore[attr-defined]
    assert "Enter date" in text and "Choose kind of engagement from the list" in text
    assert "Enter what was heard" in text
    assert councillor.post(new_group, data={"name": "No token"}).status_code == 403
    assert councillor.get(f"/wards/{aston}/secrets/new").status_code == 404
    with demo_service.session() as session:
        assert session.scalars(select(CommunityGroup)).first() is None


def test_check_record_rules() -> None:
    today = date(2026, 11, 25)
    values, problems = check_record(
        SECTIONS["engagements"],
        {"happened_on": "3 November 2026", "kind": "bulletin", "heard": "Bins."},
        today,
    )
    assert problems == {} and values["happened_on"] == date(2026, 11, 3)
    _, problems = check_record(
        SECTIONS["engagements"],
        {"happened_on": "2026-11-26", "kind": "meeting", "heard": "x"},
        today,
    )
    assert problems == {"happened_on": "Date must be today or in the past"}
    assert parse_date("03/11/2026") == date(2026, 11, 3)
    assert parse_date("2026-13-01") is None


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_every_text_field_has_a_limit(section: str) -> None:
    for field in SECTIONS[section].fields:
        too_long = {f.name: "" for f in SECTIONS[section].fields} | {
            field.name: "x" * (field.max_length + 1)
        }
        _, problems = check_record(SECTIONS[section], too_long, date.today() + timedelta(days=1))
        if field.kind in {"text", "textarea"}:
            assert field.name in problems


@given(st.text(min_size=1, max_size=260).map(str.strip).filter(bool))
def test_a_group_name_is_accepted_exactly_when_within_its_limit(name: str) -> None:
    values, problems = check_record(SECTIONS["groups"], {"name": name}, date(2026, 11, 25))
    if len(name) <= 200:
        assert problems == {} and values["name"] == name
    else:
        assert set(problems) == {"name"}
