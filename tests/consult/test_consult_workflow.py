"""The officer's workflow: preview (signed in, and a shared link that expires), confirmation
before publish, close and delete, reorder, clone, owners, and an optional sign-off."""

from __future__ import annotations

import time

from consult_client import Service, post_form
from sqlalchemy import select

from townhall.consult.models import AuditEntry, Consultation

DETAILS = {
    "title": "Garden waste charges",
    "slug": "garden-waste-2027",
    "summary": "We propose a charge for collecting garden waste.",
    "proposal": "Charge £45 a year for the garden waste collection.",
    "contact": "Waste services, Example Council",
    "opens_on": "2026-01-01",
    "closes_on": "2099-03-31",
}
BASE = "/staff/consultations/1"


def _draft(service: Service) -> object:
    service.add_user("officer@example.org", "officer")
    service.add_user("other@example.org", "officer")
    service.add_user("admin@example.org", "admin")
    officer = service.signed_in("officer@example.org")
    post_form(officer, "/staff/consultations/new", data=DETAILS)
    for title in ("Stop it", "Keep it free"):
        post_form(
            officer,
            BASE + "/alternatives/new",
            data={"title": title, "description": "D.", "reason_not_preferred": "R."},
        )
    for prompt in ("First?", "Second?"):
        post_form(
            officer,
            BASE + "/questions/new",
            data={"kind": "single", "prompt": prompt, "choices": "Yes\nNo", "speaks_to": ""},
        )
    return officer


def test_preview_confirmations_reorder_and_delete(service: Service) -> None:
    officer = _draft(service)
    preview = officer.get(BASE + "/preview").text  # type: ignore[attr-defined]
    assert "Preview of a draft" in preview and "First?" in preview and "Keep it free" in preview
    assert service.client().get(BASE + "/preview", follow_redirects=False).status_code == 303
    shared = post_form(officer, BASE + "/preview", BASE + "/preview-link").text  # type: ignore[attr-defined]
    link = shared.split("<code>")[1].split("</code>")[0].replace("https://testserver", "")
    assert "First?" in service.client().get(link).text  # anyone with the link, signed out
    assert service.client().get(link[:-3] + "xyz").status_code == 404  # a changed link fails
    service.app.state.settings = service.settings.model_copy(update={"preview_link_days": 1})
    real_time = time.time
    try:  # two days on, the link has expired
        time.time = lambda: real_time() + 2 * 24 * 3600  # type: ignore[assignment]
        assert "has expired" in service.client().get(link).text
    finally:
        time.time = real_time  # type: ignore[assignment]

    # Publish, close and delete ask first: one click changes nothing.
    asked = post_form(officer, BASE, BASE + "/publish")
    assert asked.status_code == 200 and "Publish this consultation?" in asked.text  # type: ignore[attr-defined]
    assert "No wards are chosen" in asked.text  # type: ignore[attr-defined]
    confirm = officer.get(BASE + "/confirm/delete").text  # type: ignore[attr-defined]
    assert "Delete this draft?" in confirm and "cannot be undone" in confirm

    # Reorder: the second question moves up; alternatives likewise.
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        second = consultation.questions[1].id
        keep = consultation.alternatives[1].id
    post_form(officer, BASE, f"{BASE}/questions/{second}/move", data={"direction": "up"})
    post_form(officer, BASE, f"{BASE}/alternatives/{keep}/move", data={"direction": "up"})
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        assert [(q.position, q.prompt) for q in consultation.questions] == [
            (1, "Second?"),
            (2, "First?"),
        ]
        assert [a.title for a in consultation.alternatives] == ["Keep it free", "Stop it"]

    # Options are edited and reordered in the draft's question form.
    post_form(
        officer,
        f"{BASE}/questions/{second}/edit",
        data={"kind": "single", "prompt": "Second, reworded?", "choices": "No\nYes\nNot sure"},
    )
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        labels = [c.label for c in consultation.questions[0].choices]
        assert consultation.questions[0].prompt == "Second, reworded?"
        assert labels == ["No", "Yes", "Not sure"]

    deleted = post_form(
        officer, BASE + "/confirm/delete", BASE + "/delete", data={"confirm": "yes"}
    )
    assert deleted.headers["location"] == "/staff"  # type: ignore[attr-defined]
    with service.session() as session:
        assert session.get(Consultation, 1) is None
        assert "delete draft" in session.scalars(select(AuditEntry.action)).all()


def test_owners_sign_off_and_clone(service: Service) -> None:
    officer = _draft(service)
    other = service.signed_in("other@example.org")
    # Another officer can read and copy it, not change it.
    assert other.get(BASE).status_code == 200
    refused = post_form(other, BASE + "/alternatives/new", data={"title": "X"})
    assert refused.status_code == 403  # type: ignore[attr-defined]
    for action in ("/statements", "/ideas/1/status", "/questions/1/themes/candidates"):
        assert post_form(other, BASE, BASE + action).status_code == 403, action  # type: ignore[attr-defined]
    # Publishing can wait for an admin's sign-off; any change to the draft needs it again.
    post_form(officer, BASE, BASE + "/sign-off-required", data={"required": "yes"})
    waiting = post_form(officer, BASE, BASE + "/publish", data={"confirm": "yes"})
    assert "An admin must sign the consultation off" in waiting.text  # type: ignore[attr-defined]
    admin = service.signed_in("admin@example.org")
    assert post_form(admin, BASE, BASE + "/sign-off").status_code == 303  # type: ignore[attr-defined]
    post_form(
        officer,
        BASE + "/alternatives/new",
        data={"title": "Third", "description": "D.", "reason_not_preferred": "R."},
    )
    again = post_form(officer, BASE, BASE + "/publish", data={"confirm": "yes"})
    assert "An admin must sign the consultation off" in again.text  # type: ignore[attr-defined]
    assert post_form(officer, BASE, BASE + "/sign-off").status_code == 400  # type: ignore[attr-defined]
    post_form(admin, BASE, BASE + "/sign-off")
    published = post_form(officer, BASE, BASE + "/publish", data={"confirm": "yes"})
    assert published.status_code == 303  # type: ignore[attr-defined]
    # Owners: the creator adds the other officer, who can then change it.
    with service.session() as session:
        ids = {u.email: u.id for u in session.scalars(select(Consultation)).one().owners}
        from townhall.consult.models import User

        other_id = session.scalars(select(User.id).where(User.email == "other@example.org")).one()
    none = post_form(officer, BASE + "/owners", data={})
    assert "Select at least one owner" in none.text  # type: ignore[attr-defined]
    post_form(
        officer,
        BASE + "/owners",
        data={"owner": [str(ids["officer@example.org"]), str(other_id)]},
    )
    outcome = post_form(
        other, BASE + "/outcome", data={"outcome": "We did it.", "outcome_changes": "Nothing."}
    )
    assert outcome.status_code == 303  # type: ignore[attr-defined]
    # A copy is a new draft owned by whoever copied it, with its links remapped.
    copied = post_form(other, BASE, BASE + "/clone")
    location = copied.headers["location"]  # type: ignore[attr-defined]
    with service.session() as session:
        copy = session.get(Consultation, int(location.rsplit("/", 1)[1]))
        assert copy is not None
        assert (copy.status, copy.slug, copy.title) == (
            "draft",
            "garden-waste-2027-copy",
            "Copy of Garden waste charges",
        )
        assert [o.email for o in copy.owners] == ["other@example.org"]
        assert [a.title for a in copy.alternatives] == ["Stop it", "Keep it free", "Third"]
        assert [q.prompt for q in copy.questions] == ["First?", "Second?"]
        assert copy.versions == [] and copy.outcome == ""
