"""Staff: sign-in (throttled), roles, building and publishing a consultation, the audit log."""

from __future__ import annotations

from consult_client import PASSWORD, Service, csrf_from, post_form
from sqlalchemy import select

from townhall.consult.models import AuditEntry, Consultation

DETAILS = {
    "title": "Garden waste charges",
    "slug": "garden-waste-2026",
    "summary": "We propose a charge for collecting garden waste.",
    "proposal": "Paragraph one.\n\nParagraph two.",
    "contact": "Waste services, Example Council\nEmail: waste@council.example",
    "opens_on": "2026-01-01",
    "closes_on": "2099-03-31",
}


def actions(service: Service) -> list[str]:
    with service.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_wrong_password_is_refused_and_sign_in_is_throttled(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    client = service.client()
    for _ in range(5):
        response = post_form(
            client, "/staff/sign-in", data={"email": "officer@example.org", "password": "wrong"}
        )
        assert response.status_code == 400
        assert "Enter a correct email address and password" in response.text
    # Even the right password now waits: the account has had five failures in 15 minutes.
    response = post_form(
        client, "/staff/sign-in", data={"email": "officer@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429 and "Wait 15 minutes" in response.text
    assert actions(service).count("sign-in failed") == 5


def test_staff_pages_need_sign_in_and_the_right_role(demo_service: Service) -> None:
    anonymous = demo_service.client()
    assert anonymous.get("/staff", follow_redirects=False).headers["location"] == "/staff/sign-in"
    councillor = demo_service.signed_in("aston@example.org")
    for path in (
        "/staff",
        "/staff/consultations/1",
        "/staff/consultations/1/results",
        "/staff/consultations/1/export/responses.csv",
        "/staff/consultations/1/export/equality.csv",
        "/staff/users",
        "/staff/audit",
    ):
        assert councillor.get(path).status_code == 403, path
    officer = demo_service.signed_in("officer@example.org")
    assert officer.get("/staff/consultations/1").status_code == 200
    assert officer.get("/staff/users").status_code == 403
    assert officer.get("/staff/audit").status_code == 403
    admin = demo_service.signed_in("admin@example.org")
    assert admin.get("/staff/audit").status_code == 200


def test_sign_out_ends_the_session(demo_service: Service) -> None:
    officer = demo_service.signed_in("officer@example.org")
    assert post_form(officer, "/staff", "/staff/sign-out").status_code == 303
    assert officer.get("/staff", follow_redirects=False).status_code == 303


def test_an_officer_builds_publishes_closes_and_reopens_a_consultation(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    with service.session() as session, session.begin():
        from townhall.consult.services.consultations import add_ward

        add_ward(session, "Ladywood", None)
    officer = service.signed_in("officer@example.org")
    bad = post_form(
        officer,
        "/staff/consultations/new",
        data={**DETAILS, "slug": "Not OK", "closes_on": "2025-01-01"},
    )
    assert bad.status_code == 400
    assert "lower-case letters" in bad.text and "same as or after the opening date" in bad.text
    assert 'value="Garden waste charges"' in bad.text
    created = post_form(officer, "/staff/consultations/new", data=DETAILS)
    overview = created.headers["location"]
    base = overview
    # Publishing needs questions and alternatives first.
    refused = post_form(officer, overview, f"{base}/publish", data={"confirm": "yes"})
    assert refused.status_code == 400 and "Add at least one question" in refused.text
    post_form(
        officer,
        f"{base}/alternatives/new",
        data={
            "title": "Keep it free",
            "description": "No charge.",
            "reason_not_preferred": "It costs £1m.",
        },
    )
    for question in (
        {"kind": "scale", "prompt": "Do you agree with a charge?", "required": "yes"},
        {
            "kind": "single",
            "prompt": "How often do you use it?",
            "choices": "Weekly\nMonthly\nNever",
        },
        {"kind": "ranking", "prompt": "Rank the options", "choices": "Charge\nNo charge"},
        {"kind": "multiple", "prompt": "Which apply?", "choices": "A\nB\nC"},
        {"kind": "text", "prompt": "Anything else?", "max_length": "500"},
    ):
        assert post_form(officer, f"{base}/questions/new", data=question).status_code == 303
    post_form(officer, f"{base}/wards", data={"ward": "1"})
    assert (
        post_form(
            officer, f"{base}/schemes/new", data={"scheme_name": "../etc/passwd", "label": "x"}
        ).status_code
        == 400
    )
    post_form(
        officer,
        f"{base}/schemes/new",
        data={"scheme_name": "birmingham-2013", "label": "The proposal"},
    )
    upload = post_form(
        officer,
        f"{base}/documents/upload",
        data={"title": "Full proposal"},
        files={"document": ("proposal.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    assert upload.status_code == 303
    wrong = post_form(
        officer,
        f"{base}/documents/upload",
        data={"title": "Bad"},
        files={"document": ("virus.pdf", b"MZ\x90", "application/pdf")},
    )
    assert wrong.status_code == 400 and "does not match its type" in wrong.text
    assert (
        post_form(officer, overview, f"{base}/publish", data={"confirm": "yes"}).status_code == 303
    )
    public = service.client().get("/consultations/garden-waste-2026")
    assert (
        "Keep it free" in public.text
        and "It costs £1m." in public.text
        and "Start now" in public.text
    )
    assert (
        service.client().get("/consultations/garden-waste-2026/documents/1").content
        == b"%PDF-1.4 test"
    )
    # Questions cannot change once published.
    assert (
        post_form(
            officer, f"{base}/questions/new", data={"kind": "text", "prompt": "Late?"}
        ).status_code
        == 400
    )
    assert post_form(officer, overview, f"{base}/close", data={"confirm": "yes"}).status_code == 303
    assert (
        "This consultation has closed"
        in service.client().get("/consultations/garden-waste-2026").text
    )
    no_reason = post_form(officer, f"{base}/reopen", data={"reason": "", "closes_on": "2099-04-30"})
    assert no_reason.status_code == 400 and "Enter why" in no_reason.text
    post_form(
        officer,
        f"{base}/reopen",
        data={"reason": "Leaflets were delivered late in Ladywood.", "closes_on": "2099-04-30"},
    )
    reopened = service.client().get("/consultations/garden-waste-2026").text
    assert "Leaflets were delivered late in Ladywood." in reopened and "30 April 2099" in reopened
    with service.session() as session:
        consultation = session.scalar(select(Consultation))
        assert consultation is not None and consultation.status == "published"
        assert [question.kind for question in consultation.questions] == [
            "scale",
            "single",
            "ranking",
            "multiple",
            "text",
        ]
        assert consultation.questions[0].required and consultation.questions[4].max_length == 500
    assert actions(service) == [
        "add ward",
        "sign in",
        "create consultation",
        "add alternative",
        *["add question"] * 5,
        "set wards",
        "link scheme",
        "upload document",
        "publish consultation",
        "close consultation",
        "reopen consultation",
    ]


def test_an_admin_creates_an_account_with_a_one_time_password(demo_service: Service) -> None:
    admin = demo_service.signed_in("admin@example.org")
    page = post_form(
        admin,
        "/staff/users",
        data={"email": "new@example.org", "name": "New", "role": "councillor", "ward": "1"},
    )
    assert page.status_code == 200 and "It is shown only once" in page.text
    assert page.headers["cache-control"] == "no-store"
    password = page.text.split('class="reference">', 1)[1].split("<", 1)[0]
    client = demo_service.client()
    token = csrf_from(client.get("/staff/sign-in").text)
    signed = client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "NEW@example.org ", "password": password},
        follow_redirects=False,
    )
    assert signed.headers["location"] == "/councillor"
    missing_ward = post_form(
        admin, "/staff/users", data={"email": "c2@example.org", "role": "councillor"}
    )
    assert missing_ward.status_code == 400 and "at least one ward" in missing_ward.text
