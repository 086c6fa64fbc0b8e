"""Helpers for the consultation tests: an app on a migrated database, forms posted with their
CSRF token, clients signed in as staff."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.app import create_app
from townhall.consult.database import make_engine
from townhall.consult.demo import SLUG
from townhall.consult.migrate import upgrade
from townhall.consult.models import User, Ward, utc_now
from townhall.consult.security.passwords import hash_password
from townhall.consult.settings import Settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The argon2 hash of `PASSWORD`."""
    return hash_password(PASSWORD)


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
        """A staff account with `PASSWORD` (hashed once per test run: argon2 is slow on purpose)."""
        with self.session() as session, session.begin():
            ward_rows = list(session.scalars(select(Ward).where(Ward.name.in_(wards))))
            session.add(
                User(
                    email=email,
                    name=email,
                    password_hash=password_hash(),
                    role=role,
                    wards=ward_rows,
                )
            )

    def signed_in(self, email: str) -> TestClient:
        client = self.client()
        response = post_form(client, "/staff/sign-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.text  # type: ignore[attr-defined]
        return client


def make_service(
    database_url: str, clock: Callable[[], datetime] = utc_now, **overrides: object
) -> Service:
    settings = Settings(
        database_url=database_url, secret_key="test-secret-key-" + "x" * 32, **overrides
    )  # type: ignore[arg-type]
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return Service(create_app(settings, clock), settings)


def past(days: int) -> date:
    """A day `days` ago."""
    return date.today() - timedelta(days=days)


DEMO = f"/consultations/{SLUG}"
