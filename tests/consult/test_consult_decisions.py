"""The start page and "We asked, you said, we did": the call to action on a phone's first
screen, the decision date, a demonstration whose dates agree, and the decision beside the
headline results, linked from the consultation and the home page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from consult_client import DEMO, PASSWORD, Service, make_service, post_form
from consult_server import running
from test_consult_journey import answer_everything

from accessibility import page_problems
from townhall.consult.demo import load_demo
from townhall.consult.pages import long_date

OUTCOME = "/staff/consultations/1/outcome"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Service]:
    """The demonstration on SQLite (nothing here depends on the database) and an officer."""
    service = make_service(f"sqlite:///{tmp_path / 't.db'}")
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    service.add_user("officer@example.org", "officer")
    service.add_user("admin@example.org", "admin")
    yield service
    service.app.state.engine.dispose()


def test_the_demonstration_is_a_labelled_replay_whose_dates_agree(demo: Service) -> None:
    page = demo.client().get(DEMO).text
    closes, decides = date.today() + timedelta(days=90), date.today() + timedelta(days=150)
    assert "Replay of 2012" in page and "a replay of the consultation Birmingham" in page
    assert f"We want your views on our proposal by {long_date(closes)}" in page
    assert f"Closes on {long_date(closes)} at 11:59pm" in page
    assert f"The council expects to decide by {long_date(decides)}" in page
    assert "At 2012/13 council tax that is £178 a year" in page and "This year" not in page
    assert page.index('id="start-now"') < page.index("What the council proposes")


def test_the_outcome_is_recorded_checked_and_shown_beside_the_results(demo: Service) -> None:
    resident = demo.client()
    answer_everything(demo, resident)
    post_form(resident, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    officer = demo.signed_in("officer@example.org")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    refused = post_form(officer, OUTCOME, data={"outcome": "", "decided_on": tomorrow})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    for message in (
        "Enter what the council decided",
        "Enter what changed because of what residents said",
        "The date of the decision must be today or in the past",
    ):
        assert message in refused.text, message  # type: ignore[attr-defined]
    outcome = {
        "outcome": "Cabinet agreed a minimum contribution of 20%.",
        "outcome_changes": "20%, not 24%, because many said 24% was too much.",
        "decided_on": date.today().isoformat(),
    }
    assert post_form(officer, OUTCOME, data=outcome).status_code == 303  # type: ignore[attr-defined]
    public = demo.client()
    start = public.get(DEMO).text
    assert f'href="{DEMO}/outcome"' in start and "20%, not 24%" in start
    assert f'href="{DEMO}/outcome"' in public.get("/").text
    page = public.get(f"{DEMO}/outcome").text
    assert "We asked" in page and "You said" in page and "We did" in page
    assert "1 response was received" in page and "Cabinet agreed a minimum contribution" in page
    assert "What changed because of what you said" in page
    assert "None of these groups" in page  # the headline results, question by question
    assert f"Decided on {long_date(date.today())}" in page


@pytest.mark.browser
def test_start_is_on_a_phones_first_screen_and_the_new_pages_pass_axe(
    browser: Any, demo: Service
) -> None:
    with running(demo.app) as base:
        phone = browser.new_page(viewport={"width": 320, "height": 568})
        phone.goto(base + DEMO)
        box = phone.locator("#start-now").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 568, box
        assert phone.evaluate("() => window.scrollY") == 0
        assert page_problems(phone) == []
        phone.get_by_role("button", name="Start now").click()
        phone.wait_for_url("**/respond/about")
        addresses = ("/privacy", "/accessibility", "/cookies", f"{DEMO}/outcome", "/staff/sign-in")
        for address in ("", *addresses, "/staff/council", "/staff/council/pages/privacy"):
            if address:
                phone.goto(base + address)
            assert page_problems(phone) == [], address or "about you"
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 320, (address, width)
            if address == "/staff/sign-in":  # the council's own pages are for an admin
                phone.get_by_label("Email address").fill("admin@example.org")
                phone.get_by_label("Password").fill(PASSWORD)
                phone.get_by_role("button", name="Sign in").click()
                phone.wait_for_url("**/staff")
        phone.close()
