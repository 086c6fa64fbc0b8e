"""The public, read-only city deal pages, through FastAPI's TestClient.

The router is served by a small app with what `render` needs (templates, a session, the CSRF
serializer), so the pages are tested whatever else the consultation service is doing.
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
from townhall.consult.routes.deals import router


def deals_app() -> FastAPI:
    app = FastAPI()
    app.state.templates = make_templates()
    app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    app.include_router(router)
    app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(deals_app())


def test_register_lists_both_waves_with_links(client: TestClient) -> None:
    page = client.get("/deals")
    assert page.status_code == 200
    assert (
        "Wave one: the eight core cities" in page.text
        and "Wave two: twenty more localities" in page.text
    )
    assert len(re.findall(r'<td><a href="/deals/[a-z-]+">', page.text)) == 28
    assert "Signed 18 September 2012" in page.text
    assert 'method="post"' not in page.text.lower()


def test_deal_page_cites_every_fact_and_shows_scorecard_and_milestones(client: TestClient) -> None:
    page = client.get("/deals/sheffield")
    assert page.status_code == 200
    assert "£72,000,000" in page.text and "4,000" in page.text
    assert (
        'href="https://www.brewsterpartners.co.uk/news/city-deal-will-deliver-skills-training-to-thousands"'
        in page.text
    )
    assert (
        'href="#source-brewster-skills"' in page.text and 'id="source-brewster-skills"' in page.text
    )
    assert "The Sheffield City Region Combined Authority was formed on 1 April 2014" in page.text
    assert "not reported" in page.text
    assert "Not appraised" in page.text


def test_a_scored_deal_shows_its_score_note_and_source(client: TestClient) -> None:
    page = client.get("/deals/bristol")
    assert page.status_code == 200
    assert page.text.count("0 of 3") == 3
    assert "Low carbon: 0 of 9 points on the 3 of 3 criteria appraised." in page.text
    assert 'href="https://inlogov.com/tag/martin-stott/page/2/"' in page.text


def test_compare_page_and_its_chart(client: TestClient) -> None:
    page = client.get("/deals/compare")
    assert page.status_code == 200
    assert '<img src="/deals/compare.svg" alt="' in page.text
    assert (
        "Leeds City Region City Deal</a>: objectives not appraised; low carbon 2 of 3 points (1 of 3 criteria)"
        in page.text
    )
    image = client.get("/deals/compare.svg")
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert image.text.startswith("<svg") and "<script" not in image.text


def test_unknown_deal_is_not_found(client: TestClient) -> None:
    page = client.get("/deals/atlantis")
    assert page.status_code == 404


def test_in_the_real_service_with_its_security_headers(tmp_path: Path) -> None:
    from townhall.consult.app import create_app
    from townhall.consult.settings import Settings

    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'townhall.db'}",
            secret_key="test-only-key-of-some-length-0123456789",
            cookie_secure=False,
        )
    )
    app.include_router(router)
    service = TestClient(app)
    page = service.get("/deals/newcastle")
    assert page.status_code == 200 and "Climate action" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert service.get("/deals/compare.svg").status_code == 200
    assert service.post("/deals/newcastle").status_code == 405
