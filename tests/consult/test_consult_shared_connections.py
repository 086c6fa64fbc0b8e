"""Messages that do not blame: many residents share one address (a library, a mobile network),
so limits count submissions per session and per address generously, the rate-limit page says when
to try again, and a lost cookie says cookies are needed and how to carry on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from consult_client import DEMO, Service, csrf_from, make_service, post_form
from test_consult_journey import answer_everything

from townhall.consult.demo import load_demo


@pytest.fixture
def demo_with(tmp_path: Path) -> Iterator[Callable[..., Service]]:
    """Makes the demonstration on SQLite with the given settings (the limits do not depend on
    the database; test_consult_limits.py counts them on both)."""
    made: list[Service] = []

    def make(**overrides: object) -> Service:
        service = make_service(f"sqlite:///{tmp_path / 't.db'}", **overrides)
        with service.session() as session, session.begin():
            load_demo(session, date.today())
        made.append(service)
        return service

    yield make
    for service in made:
        service.app.state.engine.dispose()


def test_more_residents_behind_one_address_than_the_old_limit_can_all_start(
    demo_with: Callable[..., Service],
) -> None:
    sqlite_demo = demo_with()
    statuses = {
        post_form(sqlite_demo.client(), DEMO, f"{DEMO}/start").status_code for _ in range(31)
    }  # one more than the old limit of 30 starts a minute
    assert statuses == {303}


def test_too_many_starts_say_the_connection_may_be_shared_and_when_to_retry(
    demo_with: Callable[..., Service],
) -> None:
    sqlite_demo = demo_with(starts_per_client_per_minute=2)
    statuses = [post_form(sqlite_demo.client(), DEMO, f"{DEMO}/start") for _ in range(3)]
    refused = statuses[-1]
    assert [s.status_code for s in statuses] == [303, 303, 429]  # type: ignore[attr-defined]
    assert refused.headers["retry-after"] == "60"  # type: ignore[attr-defined]
    page = refused.text  # type: ignore[attr-defined]
    assert "Many people can share one connection" in page and "Try again after" in page
    assert "started from your internet connection" in page
    assert "You have sent too many" not in page and f'href="{DEMO}"' in page


def test_one_session_sending_again_is_held_back_without_using_up_the_address(
    demo_with: Callable[..., Service],
) -> None:
    sqlite_demo = demo_with(submissions_per_session_per_minute=1)
    client = sqlite_demo.client()
    answer_everything(sqlite_demo, client)
    assert post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit").status_code == 303
    answer_everything(sqlite_demo, client)
    again = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert again.status_code == 429 and again.headers["retry-after"] == "60"  # type: ignore[attr-defined]
    assert "your answers are kept and have not been sent" in again.text  # type: ignore[attr-defined]
    neighbour = sqlite_demo.client()  # someone else at the same library
    answer_everything(sqlite_demo, neighbour)
    sent = post_form(neighbour, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert sent.status_code == 303


def test_a_lost_cookie_says_cookies_are_needed_and_links_back(
    demo_with: Callable[..., Service],
) -> None:
    sqlite_demo = demo_with()
    client = sqlite_demo.client()
    token = csrf_from(client.get(DEMO).text)
    client.cookies.clear()
    refused = client.post(f"{DEMO}/start", data={"csrf_token": token}, follow_redirects=False)
    assert refused.status_code == 403
    assert "Cookies are needed to continue" in refused.text
    assert "did not come from this site" not in refused.text
    assert f'<a href="{DEMO}">Go back to the page and start again</a>' in refused.text
    staff = sqlite_demo.client()
    token = csrf_from(staff.get("/staff/sign-in").text)
    staff.cookies.clear()
    lost = staff.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "a@example.org", "password": "x"},
        headers={"referer": "https://testserver/staff/sign-in"},
    )
    assert lost.status_code == 403 and 'href="/staff/sign-in"' in lost.text


def test_every_limit_page_says_when_to_try_again(demo_with: Callable[..., Service]) -> None:
    service = demo_with(submissions_per_client_per_minute=1)
    client = service.client()
    suggest = f"{DEMO}/statements/new"
    statuses = [
        post_form(client, suggest, data={"statement": f"Idea number {n} for the council"})
        for n in range(3)
    ]
    held = statuses[-1]
    assert held.status_code == 429 and held.headers["retry-after"] == "60"  # type: ignore[attr-defined]
    assert "may not be anything you did" in held.text  # type: ignore[attr-defined]
