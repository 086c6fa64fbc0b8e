"""Security of the statement and idea forms: CSRF on every form, over-long text refused and kept,
script escaped wherever a statement is shown, a flood of submissions rate-limited, roles enforced."""

from __future__ import annotations

from datetime import date

import pytest
from consult_client import DEMO, Service, make_service, post_form
from sqlalchemy import func, select

from townhall.consult.demo import SLUG, load_demo
from townhall.consult.models import Idea, Statement, StatementVote
from townhall.consult.services.consultations import by_slug

SCRIPT = '<script>alert("x")</script> should be shown as text'


def consultation_id(service: Service) -> int:
    with service.session() as session:
        found = by_slug(session, SLUG)
        assert found is not None
        return found.id


def approved_statement(service: Service, text: str) -> int:
    with service.session() as session, session.begin():
        statement = Statement(
            consultation_id=by_slug(session, SLUG).id,  # type: ignore[union-attr]
            text=text,
            origin="resident",
            moderation="approved",
        )
        session.add(statement)
        session.flush()
        return statement.id


def approved_idea(service: Service) -> int:
    with service.session() as session, session.begin():
        idea = Idea(
            consultation_id=by_slug(session, SLUG).id,  # type: ignore[union-attr]
            title="Sunday opening",
            description="Open the library on Sundays",
            author_token="someone",
            moderation="approved",
            status="under_consideration",
        )
        session.add(idea)
        session.flush()
        return idea.id


def test_every_form_refuses_a_post_without_its_csrf_token(demo_service: Service) -> None:
    statement = approved_statement(demo_service, "A statement")
    idea = approved_idea(demo_service)
    cid = consultation_id(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    resident = demo_service.client()
    resident.get(DEMO + "/statements")  # a session, but no token sent
    resident_forms = [
        (f"{DEMO}/statements/{statement}/vote", {"vote": "agree"}),
        (f"{DEMO}/statements/new", {"statement": "Hello"}),
        (f"{DEMO}/ideas/new", {"title": "T", "description": "D"}),
        (f"{DEMO}/ideas/{idea}/support", {}),
        (f"{DEMO}/ideas/{idea}/comments", {"comment": "C"}),
    ]
    staff = f"/staff/consultations/{cid}"
    officer_forms = [
        (f"{staff}/statements", {"text": "Officer statement"}),
        (f"{staff}/statements/{statement}/moderate", {"decision": "approve"}),
        (f"{staff}/ideas/{idea}/moderate", {"decision": "approve"}),
        (f"{staff}/ideas/{idea}/status", {f"status-{idea}": "under_consideration"}),
        (f"{staff}/comments/1/moderate", {"decision": "approve"}),
    ]
    for client, forms in ((resident, resident_forms), (officer, officer_forms)):
        for action, data in forms:
            for token in (None, "forged"):
                sent = data if token is None else {**data, "csrf_token": token}
                response = client.post(action, data=sent, follow_redirects=False)
                assert response.status_code == 403, action
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(Statement)) == 1


@pytest.mark.parametrize(
    ("page", "action", "field", "limit"),
    [
        ("/statements/new", None, "statement", 280),
        ("/ideas/new", None, "description", 2000),
        ("/ideas/new", None, "title", 120),
        ("/ideas/{idea}", "/ideas/{idea}/comments", "comment", 1000),
    ],
)
def test_over_long_text_is_refused_and_kept_on_the_page(
    demo_service: Service, page: str, action: str | None, field: str, limit: int
) -> None:
    idea = approved_idea(demo_service)
    resident = demo_service.client()
    text = "Too long & still kept. " + "x" * limit
    data = {"title": "Title", "description": "Description", field: text}
    response = post_form(
        resident,
        DEMO + page.format(idea=idea),
        DEMO + action.format(idea=idea) if action else None,
        data,
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.text  # type: ignore[attr-defined]
    assert "There is a problem" in body
    assert f"characters or fewer (it has {len(text):,})" in body
    assert "Too long &amp; still kept. " + "x" * limit in body
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(Idea)) == 1
        assert session.scalar(select(func.count()).select_from(Statement)) == 0


def test_script_in_a_statement_is_shown_as_text_everywhere(demo_service: Service) -> None:
    approved_statement(demo_service, SCRIPT)
    cid = consultation_id(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    pages = [
        demo_service.client().get(DEMO + "/statements").text,
        demo_service.client().get(DEMO + "/opinion-groups").text,
        officer.get(f"/staff/consultations/{cid}/statements").text,
        officer.get(f"/staff/consultations/{cid}/opinion-groups").text,
    ]
    for body in pages:
        assert "<script>" not in body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; should be shown as text" in body


def test_a_flood_of_statements_is_rate_limited_with_the_text_kept(database_url: str) -> None:
    service = make_service(database_url, submissions_per_client_per_minute=3)
    try:
        with service.session() as session, session.begin():
            load_demo(session, date.today())
        resident = service.client()
        statuses = [
            post_form(resident, DEMO + "/statements/new", data={"statement": f"Flood {n}"})
            for n in range(5)
        ]
        assert [s.status_code for s in statuses] == [303, 303, 303, 429, 429]  # type: ignore[attr-defined]
        assert "Wait a minute" in statuses[3].text  # type: ignore[attr-defined]
        assert "Flood 3</textarea>" in statuses[3].text  # type: ignore[attr-defined]
        # Ideas and comments share the limit: this client must wait for those too.
        idea = post_form(
            resident, DEMO + "/ideas/new", data={"title": "Idea", "description": "Kept"}
        )
        assert idea.status_code == 429  # type: ignore[attr-defined]
        with service.session() as session:
            assert session.scalar(select(func.count()).select_from(Statement)) == 3
            assert session.scalar(select(func.count()).select_from(Idea)) == 0
    finally:
        service.app.state.engine.dispose()


def test_officer_pages_need_an_officer(demo_service: Service) -> None:
    cid = consultation_id(demo_service)
    pages = [
        f"/staff/consultations/{cid}/{name}" for name in ("statements", "opinion-groups", "ideas")
    ]
    resident = demo_service.client()
    councillor = demo_service.signed_in("aston@example.org")
    for page in pages:
        response = resident.get(page, follow_redirects=False)
        assert response.headers["location"] == "/staff/sign-in"
        assert councillor.get(page).status_code == 403


def test_a_draft_consultation_has_no_public_participation_pages(service: Service) -> None:
    with service.session() as session, session.begin():
        load_demo(session, date.today()).status = "draft"
    client = service.client()
    for page in ("/statements", "/statements/new", "/opinion-groups", "/ideas", "/you-said-we-did"):
        assert client.get(DEMO + page).status_code == 404, page


def test_a_closed_consultation_takes_no_votes_or_ideas(service: Service) -> None:
    with service.session() as session, session.begin():
        load_demo(session, date.today()).status = "closed"
    statement = approved_statement(service, "A statement")
    client = service.client()
    assert client.get(DEMO + "/statements").status_code == 403
    summary = client.get(DEMO + "/opinion-groups")
    assert summary.status_code == 200  # results stay public after closing
    response = post_form(
        client, "/staff/sign-in", DEMO + f"/statements/{statement}/vote", {"vote": "agree"}
    )
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "This consultation has closed" in response.text  # type: ignore[attr-defined]
    assert client.get(DEMO + "/ideas/new").status_code == 403
    assert client.get(DEMO + "/you-said-we-did").status_code == 200


def test_a_client_cannot_make_new_participants_without_limit(database_url: str) -> None:
    service = make_service(database_url, submissions_per_client_per_minute=1)
    try:
        with service.session() as session, session.begin():
            load_demo(session, date.today())
        statement = approved_statement(service, "A statement")
        vote = f"{DEMO}/statements/{statement}/vote"
        voters = [service.client() for _ in range(4)]
        statuses = [
            post_form(voter, DEMO + "/statements", vote, {"vote": "agree"}).status_code  # type: ignore[attr-defined]
            for voter in voters
        ]
        assert statuses == [303, 303, 303, 429]  # three new participants a minute at this limit
        again = post_form(voters[0], f"{DEMO}/statements/{statement}", vote, {"vote": "disagree"})
        assert again.status_code == 303  # type: ignore[attr-defined]
        with service.session() as session:
            assert session.scalar(select(func.count()).select_from(StatementVote)) == 3
    finally:
        service.app.state.engine.dispose()
