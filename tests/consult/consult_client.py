"""Helpers for the consultation tests: an app on a migrated database, forms posted with their
CSRF token, clients signed in as staff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from townhall.consult.app import create_app
from townhall.consult.database import make_engine
from townhall.consult.demo import SLUG
from townhall.consult.migrate import upgrade
from townhall.consult.services.accounts import create_user
from townhall.consult.settings import Settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery staple"


def csrf_from(html: str) -> str:
    """The CSRF token in a page's first form."""
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def post_form(
    client: TestClient,
    page: str,
    action: str | None = None,
    data: dict[str, object] | None = None,
    **kwargs: object,
) -> object:
    """GET `page`, then POST its form (to `action`, default the page) with the page's CSRF token."""
    token = csrf_from(client.get(page).text)
    return client.post(
        action or page, data={"csrf_token": token, **(data or {})}, follow_redirects=False, **kwargs
    )  # type: ignore[arg-type]


@dataclass
class Service:
    """The app under test and a way to open database sessions beside it."""

    app: FastAPI
    settings: Settings

    def session(self) -> Session:
        return self.app.state.writer()  # type: ignore[no-any-return]

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver")

    def add_user(self, email: str, role: str, wards: tuple[str, ...] = ()) -> None:
        with self.session() as session, session.begin():
            create_user(session, email, PASSWORD, role, "", wards)

    def signed_in(self, email: str) -> TestClient:
        client = self.client()
        response = post_form(client, "/staff/sign-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.text  # type: ignore[attr-defined]
        return client


def make_service(database_url: str, **overrides: object) -> Service:
    settings = Settings(
        database_url=database_url, secret_key="test-secret-key-" + "x" * 32, **overrides
    )  # type: ignore[arg-type]
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return Service(create_app(settings), settings)


def past(days: int) -> date:
    """A day `days` ago."""
    return date.today() - timedelta(days=days)


DEMO = f"/consultations/{SLUG}"
