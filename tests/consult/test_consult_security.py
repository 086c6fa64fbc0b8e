"""Security: forged forms, over-long and hostile answers, floods, headers, sizes, cookies."""

from __future__ import annotations

import re

import pytest
from consult_client import DEMO, Service, csrf_from, make_service, post_form
from fastapi.routing import APIRoute
from sqlalchemy import select
from test_consult_journey import answer_everything

from townhall.consult.app import ROUTERS
from townhall.consult.models import Answer, Response


def post_routes() -> list[str]:
    """Every POST path of the app, with ids filled in."""
    paths = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and "POST" in route.methods:
                paths.append(
                    re.sub(
                        r"\{[a-z_]+\}", lambda m: "x" if m.group(0) == "{slug}" else "1", route.path
                    )
                )
    return paths


def test_every_post_route_is_covered() -> None:
    assert len(post_routes()) >= 25


@pytest.mark.parametrize("token", [None, "", "forged.token.value"])
def test_a_forged_or_missing_csrf_token_is_refused_on_every_form(
    demo_service: Service, token: str | None
) -> None:
    client = demo_service.signed_in("admin@example.org")
    data = {} if token is None else {"csrf_token": token}
    for path in post_routes():
        response = client.post(path, data=data, follow_redirects=False)
        assert response.status_code == 403, path
        assert "did not come from this site" in response.text


def test_a_token_from_another_session_is_refused(demo_service: Service) -> None:
    attacker = demo_service.client()
    their_token = csrf_from(attacker.get(DEMO).text)
    victim = demo_service.client()
    victim.get(DEMO)
    response = victim.post(
        f"{DEMO}/start", data={"csrf_token": their_token}, follow_redirects=False
    )
    assert response.status_code == 403


def test_an_over_long_answer_is_refused_and_not_stored(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    response = post_form(client, f"{DEMO}/respond/question/5", data={"answer": "x" * 2001})
    assert response.status_code == 400
    assert "must be 2,000 characters or fewer" in response.text


def test_a_form_over_the_size_limit_is_refused_before_it_is_read(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    token = csrf_from(client.get(f"{DEMO}/respond/question/5").text)
    huge = "x" * (demo_service.settings.max_form_bytes + 1)
    response = client.post(f"{DEMO}/respond/question/5", data={"csrf_token": token, "answer": huge})
    assert response.status_code == 413


def test_script_in_an_answer_is_stored_as_typed_and_shown_escaped(demo_service: Service) -> None:
    client = demo_service.client()
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    answer_everything(demo_service, client, text=script)
    check = client.get(f"{DEMO}/respond/check").text
    assert script not in check
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in check
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    officer = demo_service.signed_in("officer@example.org")
    results = officer.get("/staff/consultations/1/results").text
    assert script not in results and "&lt;img src=x onerror=alert(1)&gt;" in results
    with demo_service.session() as session:
        assert session.scalar(select(Answer.text).where(Answer.text.is_not(None))) == script


def test_an_sql_looking_answer_is_stored_verbatim(demo_service: Service) -> None:
    client = demo_service.client()
    sql = "'); DROP TABLE consult_responses; -- \" OR 1=1"
    answer_everything(demo_service, client, text=sql)
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with demo_service.session() as session:
        assert session.scalar(select(Answer.text).where(Answer.text.is_not(None))) == sql
        assert len(session.scalars(select(Response)).all()) == 1


def test_a_flood_of_submissions_from_one_client_is_rate_limited(database_url: str) -> None:
    service = make_service(database_url, submissions_per_client_per_minute=3)
    from datetime import date

    from townhall.consult.demo import load_demo

    with service.session() as session, session.begin():
        load_demo(session, date.today())
    statuses = []
    for _ in range(5):
        client = service.client()  # a fresh session each time, as a script would
        answer_everything(service, client)
        statuses.append(
            post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit").status_code
        )
    assert statuses == [303, 303, 303, 429, 429]
    with service.session() as session:
        assert len(session.scalars(select(Response)).all()) == 3
    service.app.state.engine.dispose()


def test_security_headers_on_every_page(demo_service: Service) -> None:
    response = demo_service.client().get(DEMO)
    csp = response.headers["content-security-policy"]
    assert (
        "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
        and "default-src 'none'" in csp
    )
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "max-age" in response.headers["strict-transport-security"]


def test_head_gives_a_pages_status_and_headers_without_its_body(demo_service: Service) -> None:
    client = demo_service.client()
    page = client.head(DEMO)
    assert page.status_code == 200 and page.content == b""
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert int(page.headers["content-length"]) > 1000  # the length the page would have
    assert client.head("/consultations/no-such-thing").status_code == 404
    assert client.head(f"{DEMO}/respond/submit").status_code == 405  # a form's address: POST only
    assert client.head("/static/consult.css").status_code == 200


def test_the_session_cookie_is_secure_http_only_and_same_site(demo_service: Service) -> None:
    client = demo_service.client()
    cookie = client.get(DEMO).headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_errors_are_pages_not_tracebacks(demo_service: Service) -> None:
    client = demo_service.client()
    missing = client.get("/consultations/no-such-thing")
    assert missing.status_code == 404 and "There is no consultation at this address" in missing.text
    assert client.get("/staff/consultations/1", follow_redirects=False).status_code == 303
    officer = demo_service.signed_in("officer@example.org")
    bad = officer.get("/staff/consultations/abc")
    assert bad.status_code == 400 and "not in the expected form" in bad.text
    assert "Traceback" not in bad.text
