"""Residents' ideas through the web pages, on SQLite and PostgreSQL: proposed ideas held for
moderation, one support each, moderated comments, public status with its reason, audited."""

from __future__ import annotations

import re

from consult_client import DEMO, Service, post_form
from sqlalchemy import select

from townhall.consult.demo import SLUG
from townhall.consult.models import AuditEntry, Idea, IdeaComment, IdeaSupport, Ward
from townhall.consult.services.consultations import by_slug

IDEAS = DEMO + "/ideas"


def staff_page(service: Service) -> str:
    with service.session() as session:
        found = by_slug(session, SLUG)
        assert found is not None
        return f"/staff/consultations/{found.id}/ideas"


def propose(service: Service, title: str, ward: str = "") -> int:
    """A resident proposes an idea; its id."""
    response = post_form(
        service.client(),
        IDEAS + "/new",
        data={"title": title, "description": f"{title}, described.", "ward": ward},
    )
    assert response.headers["location"] == IDEAS + "/sent"  # type: ignore[attr-defined]
    with service.session() as session:
        return session.scalars(select(Idea.id).where(Idea.title == title)).one()


def audit_actions(service: Service) -> list[str]:
    with service.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_idea_is_listed_only_after_an_officer_approves_it(demo_service: Service) -> None:
    with demo_service.session() as session:
        aston = session.scalars(select(Ward.id).where(Ward.name == "Aston")).one()
    idea = propose(demo_service, "Sunday opening at Aston library", str(aston))
    resident = demo_service.client()
    assert "Sunday opening" not in resident.get(IDEAS).text
    assert resident.get(f"{IDEAS}/{idea}").status_code == 404
    assert "Sunday opening" not in resident.get(DEMO + "/you-said-we-did").text
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    assert "Sunday opening at Aston library" in officer.get(page).text
    post_form(officer, page, f"{page}/{idea}/moderate", {"decision": "approve"})
    listed = resident.get(IDEAS).text
    assert "Sunday opening at Aston library" in listed and "Aston" in listed
    assert "Under consideration" in resident.get(f"{IDEAS}/{idea}").text
    assert audit_actions(demo_service)[-1] == "approve idea"


def test_a_rejected_idea_keeps_its_reason_and_is_never_shown(demo_service: Service) -> None:
    idea = propose(demo_service, "Rude idea")
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    refused = post_form(officer, page, f"{page}/{idea}/moderate", {"decision": "reject"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    post_form(
        officer,
        page,
        f"{page}/{idea}/moderate",
        {"decision": "reject", f"reason-{idea}": "Abusive"},
    )
    with demo_service.session() as session:
        found = session.get(Idea, idea)
        assert found is not None and (found.moderation, found.moderation_reason) == (
            "rejected",
            "Abusive",
        )
    assert "Rude idea" not in demo_service.client().get(IDEAS).text
    assert audit_actions(demo_service)[-1] == "reject idea"


def test_each_participant_supports_an_idea_once(demo_service: Service) -> None:
    idea = propose(demo_service, "More bins")
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    post_form(officer, page, f"{page}/{idea}/moderate", {"decision": "approve"})
    first, second = demo_service.client(), demo_service.client()
    for client in (first, first, second):
        response = post_form(client, f"{IDEAS}/{idea}", f"{IDEAS}/{idea}/support")
        assert response.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        supports = session.scalars(select(IdeaSupport).where(IdeaSupport.idea_id == idea)).all()
        assert len(supports) == 2 and len({s.participant for s in supports}) == 2
    assert "You support this idea" in first.get(f"{IDEAS}/{idea}").text
    assert "2 people support this idea" in demo_service.client().get(f"{IDEAS}/{idea}").text


def test_a_comment_is_shown_only_after_an_officer_approves_it(demo_service: Service) -> None:
    idea = propose(demo_service, "Street trees")
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    post_form(officer, page, f"{page}/{idea}/moderate", {"decision": "approve"})
    resident = demo_service.client()
    sent = post_form(
        resident, f"{IDEAS}/{idea}", f"{IDEAS}/{idea}/comments", {"comment": "Yes, oaks"}
    )
    assert sent.headers["location"].endswith("?sent=comment")  # type: ignore[attr-defined]
    assert (
        "will be shown once the council has checked it"
        in resident.get(
            sent.headers["location"]  # type: ignore[attr-defined]
        ).text
    )
    assert "Yes, oaks" not in resident.get(f"{IDEAS}/{idea}").text
    with demo_service.session() as session:
        comment = session.scalars(select(IdeaComment.id)).one()
    assert "Yes, oaks" in officer.get(page).text
    post_form(
        officer,
        page,
        page.removesuffix("/ideas") + f"/comments/{comment}/moderate",
        {"decision": "approve"},
    )
    assert "Yes, oaks" in resident.get(f"{IDEAS}/{idea}").text
    assert audit_actions(demo_service)[-1] == "approve comment"


def test_adopted_needs_a_reason_and_you_said_we_did_shows_it(demo_service: Service) -> None:
    idea = propose(demo_service, "Free swimming for carers")
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    post_form(officer, page, f"{page}/{idea}/moderate", {"decision": "approve"})
    post_form(demo_service.client(), f"{IDEAS}/{idea}", f"{IDEAS}/{idea}/support")
    status = f"{page}/{idea}/status"
    refused = post_form(officer, page, status, {f"status-{idea}": "adopted"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Enter the reason the idea was adopted" in refused.text  # type: ignore[attr-defined]
    with demo_service.session() as session:
        assert session.get(Idea, idea).status == "under_consideration"  # type: ignore[union-attr]
    reason = "Carers swim free at every council pool from April."
    done = post_form(
        officer, page, status, {f"status-{idea}": "adopted", f"status-reason-{idea}": reason}
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    said = demo_service.client().get(DEMO + "/you-said-we-did").text
    adopted = said.split('id="adopted"')[1].split('id="not_adopted"')[0]
    assert "Free swimming for carers" in adopted and reason in adopted
    assert '<td class="numeric">1</td>' in adopted  # one supporter
    assert audit_actions(demo_service)[-1] == "set idea status"
    with demo_service.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and reason in entry.detail


def test_a_status_cannot_be_given_to_an_idea_not_yet_approved(demo_service: Service) -> None:
    idea = propose(demo_service, "Pending idea")
    officer = demo_service.signed_in("officer@example.org")
    page = staff_page(demo_service)
    response = post_form(
        officer,
        page,
        f"{page}/{idea}/status",
        {f"status-{idea}": "not_adopted", f"status-reason-{idea}": "No"},
    )
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_every_problem_with_a_proposed_idea_is_shown_at_once(demo_service: Service) -> None:
    response = post_form(
        demo_service.client(),
        IDEAS + "/new",
        data={"title": "", "description": "", "ward": "12345"},
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.text  # type: ignore[attr-defined]
    for message in (
        "Enter a title",
        "Enter a description",
        "Select a ward from the list, or leave it blank",
    ):
        assert body.count(message) == 2  # in the summary and beside the field


def test_the_moderation_queue_counts_what_waits_for_each_consultation(
    demo_service: Service,
) -> None:
    propose(demo_service, "Waiting idea")
    post_form(demo_service.client(), DEMO + "/statements/new", data={"statement": "Waiting"})
    officer = demo_service.signed_in("officer@example.org")
    assert '<a href="/staff/moderation">Statements and ideas</a>' in officer.get("/staff").text
    queue = officer.get("/staff/moderation").text
    row = queue.split("<tbody>")[1].split("</tbody>")[0]
    counts = re.findall(r'<td class="numeric">(\d+)</td>', row)
    assert "Council Tax Support from April 2013" in row and counts == ["1", "1", "0"]
    assert f'href="{staff_page(demo_service)}"' in row
    assert demo_service.signed_in("aston@example.org").get("/staff/moderation").status_code == 403
