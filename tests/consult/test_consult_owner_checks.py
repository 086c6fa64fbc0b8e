"""Only a consultation's owners and admins act on it: its moderation queue (statements, ideas,
comments), the themes of its written answers, its sections and routing. Another officer may read
it; each thing they try is refused with a plain 403 page, changes nothing, and is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from consult_client import Service, make_service, post_form
from sqlalchemy import func, select

from townhall.consult.demo import load_demo
from townhall.consult.models import AuditEntry, Consultation, Statement, User

REFUSED = "Only the consultation&#39;s owners and admins can change it."


def _service(tmp_path: Path) -> tuple[Service, int, int]:
    service = make_service(f"sqlite:///{tmp_path / 'townhall.db'}")  # roles, not data shapes
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    for email, role in (("owner@example.org", "officer"), ("other@example.org", "officer")):
        service.add_user(email, role)
    service.add_user("admin@example.org", "admin")
    with service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        owner = session.scalars(select(User).where(User.email == "owner@example.org")).one()
        consultation.owners = [owner]
        question = next(q for q in consultation.questions if q.kind == "text")
        return service, consultation.id, question.id


def test_other_officers_are_refused_and_audited(tmp_path: Path) -> None:
    service, consultation_id, question_id = _service(tmp_path)
    base = f"/staff/consultations/{consultation_id}"
    with service.session() as session:
        statements_before = session.scalar(select(func.count()).select_from(Statement))
    other = service.signed_in("other@example.org")
    assert other.get(f"{base}/statements").status_code == 200  # reading is allowed
    actions = [
        (f"{base}/statements", f"{base}/statements", {"text": "Bins matter."}),
        (f"{base}/statements", f"{base}/statements/1/moderate", {"decision": "approve"}),
        (f"{base}/ideas", f"{base}/ideas/1/moderate", {"decision": "approve"}),
        (f"{base}/ideas", f"{base}/ideas/1/status", {"status": "adopted"}),
        (f"{base}/ideas", f"{base}/comments/1/moderate", {"decision": "approve"}),
        (base, f"{base}/questions/{question_id}/themes/rename", {"key": "a", "label": "B"}),
        (base, f"{base}/sections/new", {"title": "A section"}),
        (base, f"{base}/questions/{question_id}/routing", {}),
    ]
    for page, action, data in actions:
        refused = post_form(other, page, action, data=data)
        assert refused.status_code == 403, action  # type: ignore[attr-defined]
        assert REFUSED in refused.text, action  # type: ignore[attr-defined]
        assert "<h1" in refused.text  # type: ignore[attr-defined]
    with service.session() as session:
        assert session.scalar(select(func.count()).select_from(Statement)) == statements_before
        refusals = list(
            session.scalars(
                select(AuditEntry.detail).where(AuditEntry.action == "refused: not an owner")
            )
        )
    assert refusals == [f"POST {action}" for _, action, _ in actions]
    # The owner and an admin are let through (to the page's own checks: a published
    # consultation takes no new sections).
    for email in ("owner@example.org", "admin@example.org"):
        client = service.signed_in(email)
        tried = post_form(client, base, f"{base}/sections/new", data={"title": "A section"})
        assert tried.status_code == 400, email  # type: ignore[attr-defined]
        assert "while the consultation is a draft" in tried.text  # type: ignore[attr-defined]
