"""Published means fixed: changes are corrections that keep every earlier version, tell residents
what changed and why, audit old and new text and mark which version each response saw; a closed
consultation is read-only but for "We asked, you said, we did"."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import timedelta

from consult_client import Service, post_form
from sqlalchemy import select

from townhall.consult.models import AuditEntry, Consultation, Response, utc_now

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


def _published(service: Service) -> object:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    assert post_form(officer, "/staff/consultations/new", data=DETAILS).headers["location"] == BASE  # type: ignore[attr-defined]
    post_form(
        officer,
        BASE + "/alternatives/new",
        data={"title": "Stop it", "description": "No collection.", "reason_not_preferred": "No."},
    )
    post_form(
        officer,
        BASE + "/questions/new",
        data={"kind": "single", "prompt": "Which is best?", "choices": "Charge\nStop"},
    )
    assert post_form(officer, BASE, BASE + "/publish", data={"confirm": "yes"}).status_code == 303  # type: ignore[attr-defined]
    return officer


def _respond(service: Service, minutes_ago: int) -> None:
    with service.session() as session, session.begin():
        token = secrets.token_hex(8)
        session.add(
            Response(
                consultation_id=1,
                journey_token=token,
                reference=token[:10],
                respondent_type="resident",
                submitted_at=utc_now() - timedelta(minutes=minutes_ago),
            )
        )


def test_a_published_consultation_changes_only_by_correction(service: Service) -> None:
    officer = _published(service)
    _respond(service, 10)  # before the correction: version 1
    edit = BASE + "/edit"
    corrected = DETAILS | {"proposal": "Charge £40 a year for the garden waste collection."}
    page = officer.get(edit).text  # type: ignore[attr-defined]
    assert "Correct the details" in page and "What changed and why" in page
    refused = post_form(officer, edit, data=corrected)
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Enter what changed and why" in refused.text  # type: ignore[attr-defined]
    moved = post_form(officer, edit, data=DETAILS | {"slug": "elsewhere", "correction": "Moved."})
    assert "The web address cannot change" in moved.text  # type: ignore[attr-defined]
    same = post_form(officer, edit, data=DETAILS | {"correction": "Nothing."})
    assert "Nothing was changed" in same.text  # type: ignore[attr-defined]
    why = "The charge was misprinted: it is £40, as in the cabinet report."
    done = post_form(officer, edit, data=corrected | {"correction": why})
    assert done.status_code == 303  # type: ignore[attr-defined]

    public = service.client().get("/consultations/garden-waste-2027").text
    assert "Corrected on " in public and why in public and "changed: the proposal" in public
    assert "£40 a year" in public and "£45 a year" not in public
    earlier = service.client().get("/consultations/garden-waste-2027/versions/1").text
    assert "£45 a year" in earlier and "This is an earlier version" in earlier
    with service.session() as session:
        detail = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "correct consultation")
        ).one()
    assert detail == (
        f"Version 2, the proposal. Why: {why}\n"
        "Old: Charge £45 a year for the garden waste collection.\n"
        "New: Charge £40 a year for the garden waste collection."
    )

    # Questions: wording can be corrected; options cannot be added once answers may refer to them.
    with service.session() as session:
        question_id = session.scalars(select(Consultation)).one().questions[0].id
    reword = f"{BASE}/questions/{question_id}/edit"
    more = post_form(
        officer,
        reword,
        data={"kind": "single", "prompt": "Which is best?", "choices": "Charge\nStop\nOther"},
    )
    assert "the same number of options" in more.text  # type: ignore[attr-defined]
    post_form(
        officer,
        reword,
        data={
            "kind": "single",
            "prompt": "Which do you prefer?",
            "choices": "Charge £40 a year\nStop",
            "correction": "Clearer wording.",
        },
    )
    added = post_form(
        officer,
        BASE + "/alternatives/new",
        data={"title": "Another", "description": "D.", "reason_not_preferred": "R."},
    )
    assert "only add an alternative while the consultation is a draft" in added.text  # type: ignore[attr-defined]
    _respond(service, 0)  # after both corrections: version 3

    export = officer.get(BASE + "/export/responses.csv").text  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [row["version_seen"] for row in rows] == ["1", "3"]
    results = officer.get(BASE + "/results").text  # type: ignore[attr-defined]
    assert "Responses by the version they saw" in results and "Clearer wording." in results
    public = service.client().get("/consultations/garden-waste-2027").text
    assert "changed: question 1" in public


def test_a_closed_consultation_is_read_only_but_for_its_outcome(service: Service) -> None:
    officer = _published(service)
    assert post_form(officer, BASE, BASE + "/close", data={"confirm": "yes"}).status_code == 303  # type: ignore[attr-defined]
    assert officer.get(BASE + "/edit").status_code == 400  # type: ignore[attr-defined]
    refused = post_form(
        officer,
        BASE,
        BASE + "/edit",
        data=DETAILS | {"proposal": "Free.", "correction": "Changed our mind."},
    )
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "once the consultation has closed" in refused.text  # type: ignore[attr-defined]
    wards = post_form(officer, BASE, BASE + "/wards", data={})
    assert wards.status_code == 400  # type: ignore[attr-defined]
    outcome = "We asked about charging. 60% agreed. Cabinet agreed a £40 charge on 1 March."
    changes = "The charge is £40, not £45, because many said £45 was too much."
    saved = post_form(
        officer, BASE + "/outcome", data={"outcome": outcome, "outcome_changes": changes}
    )
    assert saved.status_code == 303  # type: ignore[attr-defined]
    public = service.client().get("/consultations/garden-waste-2027").text
    assert "We asked, you said, we did" in public and "Cabinet agreed a £40 charge" in public
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert consultation.proposal == DETAILS["proposal"]
        assert [v.number for v in consultation.versions] == [1]
