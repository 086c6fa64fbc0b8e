"""Opinion statements through the web pages, on SQLite and PostgreSQL: one vote each (replaced on
change), moderation before showing, audit, opinion groups on planted votes, the public summary."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from consult_client import DEMO, Service, post_form
from sqlalchemy import func, select

from townhall.consult.demo import SLUG
from townhall.consult.models import AuditEntry, Base, Statement, StatementVote
from townhall.consult.services.consultations import by_slug
from townhall.consult.services.participation_demo import RESIDENT_STATEMENT, load_participation_demo
from townhall.consult.services.participation_demo import STATEMENTS as DEMO_STATEMENTS

STATEMENTS = DEMO + "/statements"


def consultation_id(service: Service) -> int:
    with service.session() as session:
        found = by_slug(session, SLUG)
        assert found is not None
        return found.id


def add_statements(service: Service, texts: list[str]) -> int:
    """Officer statements added through the officer page; the consultation's id."""
    officer = service.signed_in("officer@example.org")
    cid = consultation_id(service)
    for text in texts:
        response = post_form(officer, f"/staff/consultations/{cid}/statements", data={"text": text})
        assert response.status_code == 303  # type: ignore[attr-defined]
    return cid


def audit_actions(service: Service) -> list[str]:
    with service.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_migrations_make_exactly_the_tables_the_models_describe(service: Service) -> None:
    with service.app.state.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "consult_alembic_version"}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_a_resident_votes_one_statement_at_a_time_and_a_new_vote_replaces_the_old(
    demo_service: Service,
) -> None:
    add_statements(demo_service, ["Pensioners should share the cut", "Keep the exceptions"])
    resident = demo_service.client()
    page = resident.get(STATEMENTS).text
    assert "statement 1 of 2" in page and "Pensioners should share the cut" in page
    with demo_service.session() as session:
        first, second = session.scalars(select(Statement.id).order_by(Statement.id)).all()
    vote = f"{STATEMENTS}/{first}/vote"
    assert post_form(resident, STATEMENTS, vote, {"vote": "agree"}).status_code == 303  # type: ignore[attr-defined]
    page = resident.get(STATEMENTS).text
    assert "statement 2 of 2" in page and "Keep the exceptions" in page
    post_form(resident, STATEMENTS, f"{STATEMENTS}/{second}/vote", {"vote": "pass"})
    assert "You have voted on every statement" in resident.get(STATEMENTS).text
    # Change the first vote: it is replaced, not added.
    post_form(resident, f"{STATEMENTS}/{first}", vote, {"vote": "disagree"})
    with demo_service.session() as session:
        votes = session.execute(
            select(StatementVote.statement_id, StatementVote.value).order_by(StatementVote.id)
        ).all()
    assert [tuple(v) for v in votes] == [(first, -1), (second, 0)]
    mine = resident.get(STATEMENTS).text
    assert "Disagree" in mine and "Pass" in mine
    # A second resident's vote is counted apart.
    other = demo_service.client()
    post_form(other, STATEMENTS, vote, {"vote": "agree"})
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(StatementVote)) == 3
        participants = session.scalar(select(func.count(func.distinct(StatementVote.participant))))
    assert participants == 2


def test_a_vote_that_is_not_agree_disagree_or_pass_records_nothing(demo_service: Service) -> None:
    add_statements(demo_service, ["One", "Two"])
    resident = demo_service.client()
    with demo_service.session() as session:
        first = session.scalars(select(Statement.id).order_by(Statement.id)).first()
    response = post_form(resident, STATEMENTS, f"{STATEMENTS}/{first}/vote", {"vote": "maybe"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Choose agree, disagree or pass" in response.text  # type: ignore[attr-defined]
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(StatementVote)) == 0
    assert resident.get(f"{STATEMENTS}/999999").status_code == 404


def test_a_residents_statement_is_shown_only_after_an_officer_approves_it(
    demo_service: Service,
) -> None:
    cid = add_statements(demo_service, ["Officer statement"])
    resident = demo_service.client()
    response = post_form(resident, STATEMENTS + "/new", data={"statement": "Open libraries later"})
    assert response.headers["location"].endswith("/statements/sent")  # type: ignore[attr-defined]
    voter = demo_service.client()
    post_form(voter, STATEMENTS, f"{STATEMENTS}/1/vote", {"vote": "agree"})
    assert "Open libraries later" not in voter.get(STATEMENTS).text
    assert "Open libraries later" not in demo_service.client().get(DEMO + "/opinion-groups").text
    with demo_service.session() as session:
        pending = session.scalars(select(Statement).where(Statement.moderation == "pending")).one()
    officer = demo_service.signed_in("officer@example.org")
    page = f"/staff/consultations/{cid}/statements"
    assert "Open libraries later" in officer.get(page).text
    moderate = f"{page}/{pending.id}/moderate"
    refused = post_form(officer, page, moderate, {"decision": "reject"})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Enter the reason for rejecting it" in refused.text  # type: ignore[attr-defined]
    post_form(officer, page, moderate, {"decision": "approve"})
    assert "Open libraries later" in voter.get(STATEMENTS).text
    assert audit_actions(demo_service)[-1] == "approve statement"


def test_a_rejected_statement_keeps_its_reason_and_is_never_shown(demo_service: Service) -> None:
    cid = add_statements(demo_service, ["Officer statement"])
    post_form(demo_service.client(), STATEMENTS + "/new", data={"statement": "Ban Mr Smith"})
    with demo_service.session() as session:
        pending = session.scalars(select(Statement).where(Statement.moderation == "pending")).one()
    officer = demo_service.signed_in("officer@example.org")
    page = f"/staff/consultations/{cid}/statements"
    post_form(
        officer,
        page,
        f"{page}/{pending.id}/moderate",
        {"decision": "reject", f"reason-{pending.id}": "Names a person"},
    )
    with demo_service.session() as session:
        rejected = session.get(Statement, pending.id)
        assert rejected is not None
        assert (rejected.moderation, rejected.reason) == ("rejected", "Names a person")
        assert rejected.moderated_by == "officer@example.org"
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "reject statement"
    assert "Names a person" in entry.detail
    assert "Ban Mr Smith" not in demo_service.client().get(STATEMENTS).text


def test_the_participation_demo_adds_statements_and_ideas_to_vote_and_read(
    demo_service: Service,
) -> None:
    with demo_service.session() as session, session.begin():
        found = by_slug(session, SLUG)
        assert found is not None
        load_participation_demo(session, found)
    resident = demo_service.client()
    assert f"statement 1 of {len(DEMO_STATEMENTS)}" in resident.get(STATEMENTS).text
    assert RESIDENT_STATEMENT not in resident.get(STATEMENTS).text  # awaiting moderation
    said = resident.get(DEMO + "/you-said-we-did").text
    assert "Help with the first bill (example idea)" in said
    assert "Pay weekly instead of monthly (example idea)" in said
