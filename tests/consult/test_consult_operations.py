"""What an operator watches: health checks that reveal nothing, one log line a request that never
holds answers, e-mail addresses or tokens, and an error page with the reference the log holds."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest
from consult_client import DEMO, Service, make_service, post_form
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from test_consult_journey import answer_everything

from townhall.consult.demo import load_demo
from townhall.consult.log_format import JsonFormatter, UtcFormatter
from townhall.consult.models import Response

EMAIL = "jo.quartermaine@example.com"
ANSWER = "Quartermaine household cannot pay the extra"


@pytest.fixture
def sqlite_service(tmp_path: Path) -> Service:
    """The service with the demonstration, on SQLite (the database does not matter here), able
    to e-mail receipts so residents are asked for an address."""
    service = make_service(
        f"sqlite:///{tmp_path / 'townhall.db'}",
        smtp_url="smtp://mail.example.gov.uk:25",
        mail_from="consultation@example.gov.uk",
    )
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    return service


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "townhall.access"]


def test_health_checks_say_only_up_or_ready(
    sqlite_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="townhall")
    client = TestClient(sqlite_service.app)  # plain HTTP, as a load balancer asks
    for _ in range(30):  # never rate-limited
        alive = client.get("/healthz")
        assert alive.status_code == 200 and alive.text == "ok\n"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.text == "ready\n"
    assert client.head("/readyz").status_code == 200
    for answer in (alive, ready):
        assert "set-cookie" not in answer.headers and answer.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert access_lines(caplog) == []  # passing checks are not logged

    with sqlite_service.session() as session, session.begin():
        session.execute(text("UPDATE consult_alembic_version SET version_num = '0007'"))
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503 and not_ready.text == "not ready\n"  # no details out
    assert client.get("/healthz").status_code == 200  # the process is still up
    warnings = [r.getMessage() for r in caplog.records if r.name == "townhall.health"]
    assert warnings and "schema revision 0007, older" in warnings[0]  # the reason is logged
    assert [(r.path, r.status) for r in access_lines(caplog)] == [("/readyz", 503)]  # type: ignore[attr-defined]
    sqlite_service.app.state.engine.dispose()


def test_a_request_log_holds_no_answers_addresses_cookies_or_tokens(
    sqlite_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="townhall")
    client = sqlite_service.client()
    answer_everything(sqlite_service, client, ANSWER)
    assert post_form(client, f"{DEMO}/respond/contact", data={"email": EMAIL}).status_code == 303
    sent = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    receipt = client.get(f"{DEMO}/respond/receipt?from=Quartermaine")
    with sqlite_service.session() as session:
        stored = session.scalar(select(Response))
        assert stored is not None and stored.receipt_email == EMAIL
    assert stored.reference in receipt.text

    secrets_seen = [EMAIL, ANSWER, "Quartermaine", stored.reference, stored.journey_token]
    secrets_seen += list(client.cookies.values())
    lines = access_lines(caplog)
    assert len(lines) >= 20
    plain, structured = UtcFormatter(), JsonFormatter()
    for record in caplog.records:
        for line in (plain.format(record), structured.format(record)):
            for secret in secrets_seen:
                assert secret not in line, f"{secret!r} was logged: {line}"
    templates = {(r.method, r.path, r.status) for r in lines}  # type: ignore[attr-defined]
    assert ("POST", "/consultations/{slug}/respond/question/{position}", 303) in templates
    assert ("GET", "/consultations/{slug}/respond/receipt", 200) in templates
    entry = json.loads(structured.format(lines[-1]))
    assert set(entry) == {
        "time",
        "level",
        "logger",
        "message",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert entry["time"].endswith("Z") and entry["duration_ms"] >= 0
    assert plain.format(lines[-1]).endswith(f"INFO townhall.access: {entry['message']}")
    sqlite_service.app.state.engine.dispose()


def test_an_unhandled_error_shows_the_reference_the_log_holds(
    sqlite_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="townhall")

    def broken(token: str) -> None:
        raise RuntimeError(f"the mail server refused {EMAIL}")

    sqlite_service.app.add_api_route("/broken/{token}", broken)
    client = sqlite_service.client()
    page = client.get("/broken/secret-token-123")
    assert page.status_code == 500
    assert "Sorry, there is a problem" in page.text and "Traceback" not in page.text
    assert EMAIL not in page.text and "RuntimeError" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    errors = [r for r in caplog.records if r.name == "townhall.errors"]
    assert len(errors) == 1 and errors[0].exc_info is not None
    reference = errors[0].reference  # type: ignore[attr-defined]
    assert f"give the reference <strong>{reference}</strong>" in page.text
    assert "GET /broken/{token}" in errors[0].getMessage()
    logged = json.loads(JsonFormatter().format(errors[0]))
    assert logged["reference"] == reference and "RuntimeError" in logged["traceback"]
    (access,) = [r for r in access_lines(caplog) if r.status == 500]  # type: ignore[attr-defined]
    assert access.reference == reference and access.path == "/broken/{token}"  # type: ignore[attr-defined]
    sqlite_service.app.state.engine.dispose()


def test_each_line_has_the_route_template_never_the_concrete_path(
    sqlite_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="townhall")
    client = sqlite_service.client()
    client.get("/static/consult.css")
    client.get("/no/such/page/jo@example.com")
    client.head(DEMO)
    logged = [(r.method, r.path, r.status) for r in access_lines(caplog)]  # type: ignore[attr-defined]
    assert logged == [
        ("GET", "/static/{path}", 200),
        ("GET", "(no route)", 404),
        ("HEAD", "/consultations/{slug}", 200),
    ]
    sqlite_service.app.state.engine.dispose()
