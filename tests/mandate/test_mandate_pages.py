"""The public, read-only accountability map pages, through FastAPI's TestClient.

The pages are served by a small app that has what `render` needs (templates, a session and the
CSRF serializer) so that they are tested whatever else the consultation service is doing; a last
test mounts the router in the real service when it can be built.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from starlette.middleware.sessions import SessionMiddleware

from townhall.consult.pages import make_templates
from townhall.consult.routes.mandate import router


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.state.templates = make_templates()
    app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    app.include_router(router)
    app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    return TestClient(app)


def test_places_page_links_to_birmingham(client: TestClient) -> None:
    page = client.get("/mandate")
    assert page.status_code == 200
    assert 'href="/mandate/birmingham"' in page.text and "25 November 2026" in page.text


def test_map_page_has_diagram_text_alternative_and_sources(client: TestClient) -> None:
    page = client.get("/mandate/birmingham")
    assert page.status_code == 200
    assert '<img src="/mandate/birmingham/map.svg" alt="' in page.text
    assert (
        "Planning appeals: decided by The Planning Inspectorate (appointed nationally)."
        in page.text
    )
    assert "30.9% is under directly elected local control" in page.text
    assert (
        'href="https://www.gov.uk/government/consultations/west-midlands-police-and-crime-commissioner-functions-transfer"'
        in page.text
    )
    assert 'method="post"' not in page.text.lower()


def test_diagram_is_an_svg_image_without_scripts(client: TestClient) -> None:
    image = client.get("/mandate/birmingham/map.svg")
    assert image.status_code == 200
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert image.text.startswith("<svg") and "<script" not in image.text
    assert "Mayor of the West Midlands (directly elected)" in image.text


def test_who_decides_planning_appeals(client: TestClient) -> None:
    page = client.get("/mandate/birmingham/who", params={"service": "planning-appeals"})
    assert page.status_code == 200
    assert "Who decides planning appeals in Birmingham?" in page.text
    assert "The Planning Inspectorate" in page.text and "appointed nationally" in page.text
    assert re.search(r'<option value="planning-appeals" selected>', page.text)


def test_the_question_alone_then_a_bad_answer_shows_the_error_summary(client: TestClient) -> None:
    question = client.get("/mandate/birmingham/who")
    assert question.status_code == 200 and "There is a problem" not in question.text
    wrong = client.get("/mandate/birmingham/who", params={"service": "<bins>"})
    assert wrong.status_code == 400
    assert "There is a problem" in wrong.text and "Select a service from the list" in wrong.text
    assert "<bins>" not in wrong.text


def test_unknown_place_is_not_found(client: TestClient) -> None:
    assert client.get("/mandate/atlantis").status_code == 404
    assert client.get("/mandate/atlantis/who", params={"service": "schools"}).status_code == 404
    assert client.post("/mandate/birmingham").status_code == 405


def test_in_the_real_service_when_it_builds(tmp_path: Path) -> None:
    try:
        from townhall.consult.app import create_app
        from townhall.consult.settings import Settings
    except ImportError as error:
        pytest.skip(f"the consultation service does not build yet: {error}")
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'townhall.db'}",
            secret_key="test-only-key-of-some-length-0123456789",
            cookie_secure=False,
        )
    )
    app.include_router(router)
    page = TestClient(app).get("/mandate/birmingham/who", params={"service": "policing"})
    assert page.status_code == 200
    assert "West Midlands Police and Crime Commissioner" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
