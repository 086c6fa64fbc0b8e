"""Staff sessions live on the server: a copied cookie stops working after sign-out, a password
change or reset, deactivation, and the idle and absolute timeouts (the clock is moved, never
slept), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from consult_client import PASSWORD, Service, make_service, post_form
from fastapi.testclient import TestClient
from sqlalchemy import select

from townhall.consult.access import STAFF_COOKIE
from townhall.consult.models import StaffSession, User
from townhall.consult.services.staff_sessions import digest

NEW_PASSWORD = "a brand new passphrase here"


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 12, 7, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def staffed(database_url: str, clock: Clock) -> Iterator[Service]:
    """The app on its own clock, with an officer and an admin (default timeouts: 30 minutes
    idle, 8 hours at most)."""
    made = make_service(database_url, clock)
    made.add_user("officer@example.org", "officer")
    made.add_user("admin@example.org", "admin")
    yield made
    made.app.state.engine.dispose()


def copy_of(service: Service, client: TestClient) -> TestClient:
    """Another browser holding a copy of `client`'s cookies (a stolen or copied cookie)."""
    other = service.client()
    for name, value in client.cookies.items():
        other.cookies.set(name, value)
    return other


def shows_sign_in(client: TestClient, page: str = "/staff") -> bool:
    response = client.get(page, follow_redirects=False)
    return response.status_code == 303 and response.headers["location"] == "/staff/sign-in"


def sessions(service: Service) -> list[StaffSession]:
    with service.session() as session:
        return list(session.scalars(select(StaffSession)))


def test_the_cookie_holds_only_a_random_id_and_the_table_only_its_digest(
    staffed: Service,
) -> None:
    officer = staffed.signed_in("officer@example.org")
    session_id = officer.cookies[STAFF_COOKIE]
    assert len(session_id) == 43  # 32 random bytes, URL-safe base64
    [stored] = sessions(staffed)
    assert stored.id_digest == digest(session_id) and session_id not in stored.id_digest
    # The signed form cookie names no user: who is signed in is known only to the server.
    payload = officer.cookies["townhall_session"].split(".")[0]
    decoded = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(decoded) == {"csrf_secret"}
    assert shows_sign_in(staffed.client())  # no cookie, no page


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(staffed: Service) -> None:
    officer = staffed.signed_in("officer@example.org")
    copied = copy_of(staffed, officer)
    assert copied.get("/staff", follow_redirects=False).status_code == 200
    out = post_form(officer, "/staff", "/staff/sign-out")
    assert out.headers["location"] == "/staff/sign-in"  # type: ignore[attr-defined]
    assert STAFF_COOKIE not in officer.cookies
    assert shows_sign_in(copied)
    assert sessions(staffed) == []


def test_a_password_change_ends_every_other_copy_and_keeps_this_browser(staffed: Service) -> None:
    officer = staffed.signed_in("officer@example.org")
    elsewhere = staffed.signed_in("officer@example.org")
    copied = copy_of(staffed, officer)
    before = officer.cookies[STAFF_COOKIE]
    changed = post_form(
        officer,
        "/staff/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 303  # type: ignore[attr-defined]
    assert officer.cookies[STAFF_COOKIE] != before  # a new session id for this browser
    assert officer.get("/staff", follow_redirects=False).status_code == 200
    assert shows_sign_in(copied) and shows_sign_in(elsewhere)
    assert len(sessions(staffed)) == 1


def test_an_admins_reset_and_a_deactivation_end_the_accounts_sessions(staffed: Service) -> None:
    with staffed.session() as session:
        officer_id = session.scalar(select(User.id).where(User.email == "officer@example.org"))
    admin = staffed.signed_in("admin@example.org")
    officer = staffed.signed_in("officer@example.org")
    copied = copy_of(staffed, officer)
    reset = post_form(
        admin,
        f"/staff/users/{officer_id}/password",
        data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert reset.status_code == 303  # type: ignore[attr-defined]
    assert shows_sign_in(officer) and shows_sign_in(copied)
    assert admin.get("/staff/users").status_code == 200  # the admin's own session goes on

    officer = staffed.client()
    signed = post_form(
        officer, "/staff/sign-in", data={"email": "officer@example.org", "password": NEW_PASSWORD}
    )
    assert signed.status_code == 303  # type: ignore[attr-defined]
    post_form(admin, "/staff/users", f"/staff/users/{officer_id}/deactivate")
    assert shows_sign_in(officer)
    assert officer_id not in [row.user_id for row in sessions(staffed)]


def test_an_idle_session_ends_after_30_minutes_and_use_keeps_it_alive(
    staffed: Service, clock: Clock
) -> None:
    officer = staffed.signed_in("officer@example.org")
    copied = copy_of(staffed, officer)
    clock.advance(minutes=29)
    assert officer.get("/staff", follow_redirects=False).status_code == 200  # used: idle resets
    clock.advance(minutes=29)
    assert copied.get("/staff", follow_redirects=False).status_code == 200  # 29 idle since use
    clock.advance(minutes=30)  # 30 minutes since the last use
    assert shows_sign_in(officer) and shows_sign_in(copied)


def test_a_session_ends_after_8_hours_however_busy(staffed: Service, clock: Clock) -> None:
    officer = staffed.signed_in("officer@example.org")
    copied = copy_of(staffed, officer)
    for _ in range(7 * 3 + 2):  # used every 20 minutes for 7 h 40 min
        clock.advance(minutes=20)
        assert officer.get("/staff", follow_redirects=False).status_code == 200
    clock.advance(minutes=20)  # 8 hours after signing in
    assert shows_sign_in(officer) and shows_sign_in(copied)
    # Signing in again sweeps the ended session out of the table.
    staffed.signed_in("officer@example.org")
    assert len(sessions(staffed)) == 1


def test_timeouts_come_from_the_settings(database_url: str, clock: Clock) -> None:
    service = make_service(database_url, clock, staff_idle_minutes=5, staff_session_hours=1)
    try:
        service.add_user("officer@example.org", "officer")
        officer = service.signed_in("officer@example.org")
        clock.advance(minutes=5)
        assert shows_sign_in(officer)
        officer = service.signed_in("officer@example.org")
        for _ in range(14):
            clock.advance(minutes=4)
            assert officer.get("/staff", follow_redirects=False).status_code == 200
        clock.advance(minutes=4)  # 60 minutes after signing in
        assert shows_sign_in(officer)
    finally:
        service.app.state.engine.dispose()
