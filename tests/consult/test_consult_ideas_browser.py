"""The participation journey in Debian's Chromium against a real server: a resident votes on
statements (changing one vote), suggests a statement and proposes an idea; an officer approves
them, sets the idea's status and sees the opinion groups; "You said, we did" shows the idea.
Accessibility checks and screenshots of each page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from consult_client import DEMO, PASSWORD, Service, make_service
from consult_server import running
from playwright.sync_api import expect
from sqlalchemy import select

from accessibility import page_problems
from townhall.consult.demo import load_demo
from townhall.consult.models import Idea, Statement, StatementVote

pytestmark = pytest.mark.browser
STATEMENTS = ("Pensioners should share the cut", "Charge second homes more", "Keep the exceptions")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str, int]]:
    """The demo on SQLite behind a real server, three statements with 12 earlier voters in two
    camps, and an officer."""
    database = tmp_path_factory.mktemp("participation") / "townhall.db"
    service = make_service(f"sqlite:///{database}")
    with service.session() as session, session.begin():
        consultation = load_demo(session, date.today())
        rows = [
            Statement(
                consultation_id=consultation.id, text=t, origin="officer", moderation="approved"
            )
            for t in STATEMENTS
        ]
        session.add_all(rows)
        session.flush()
        for person in range(12):
            camp = 1 if person < 6 else -1
            for row, value in zip(rows, (camp, -camp, 1), strict=True):
                session.add(
                    StatementVote(statement_id=row.id, participant=f"earlier-{person}", value=value)
                )
        consultation_id = consultation.id
    service.add_user("officer@example.org", "officer")
    with running(service.app) as base_url:
        yield service, base_url, consultation_id
    service.app.state.engine.dispose()


def checked(page: Any, screenshot_dir: Path, name: str) -> None:
    """Save a screenshot and fail on any accessibility problem found on the page."""
    page.screenshot(path=str(screenshot_dir / f"consult-participation-{name}.png"), full_page=True)
    assert page_problems(page) == [], name


def test_a_resident_takes_part_and_the_council_says_what_it_did(
    browser: Any, site: tuple[Service, str, int], screenshot_dir: Path
) -> None:
    service, base, consultation_id = site
    resident = browser.new_page(viewport={"width": 1000, "height": 900})
    resident.goto(base + DEMO + "/statements")
    assert "statement 1 of 3" in resident.content()
    checked(resident, screenshot_dir, "vote")
    for choice in ("Agree", "Disagree", "Pass or unsure"):
        resident.get_by_role("button", name=choice, exact=True).click()
        resident.wait_for_load_state()
    expect(
        resident.get_by_role("heading", name="You have voted on every statement")
    ).to_be_visible()
    resident.get_by_role("link", name="Change your vote on statement 1").click()
    expect(resident.locator("body")).to_contain_text('You voted "agree"')
    resident.get_by_role("button", name="Disagree", exact=True).click()
    resident.wait_for_load_state()
    votes = resident.locator("table tbody tr")
    assert votes.nth(0).inner_text().split("\t")[1].strip() == "Disagree"
    checked(resident, screenshot_dir, "votes-done")

    resident.get_by_role("link", name="Suggest a statement for others to vote on").click()
    resident.get_by_label("Suggest a statement").fill("The council should publish the costs")
    resident.get_by_role("button", name="Send for checking").click()
    expect(resident.get_by_role("heading", name="Statement sent")).to_be_visible()

    resident.goto(base + DEMO + "/ideas")
    resident.get_by_role("link", name="Propose an idea").click()
    resident.get_by_role("button", name="Send for checking").click()
    expect(resident.locator(".error-summary")).to_be_visible()
    checked(resident, screenshot_dir, "idea-errors")
    resident.get_by_label("Title").fill("Advice sessions at Aston library")
    resident.get_by_label("Describe your idea").fill(
        "A weekly drop-in where people can get help working out the new Council Tax Support."
    )
    resident.get_by_label("Ward (optional)").select_option(label="Aston")
    resident.get_by_role("button", name="Send for checking").click()
    expect(resident.get_by_role("heading", name="Idea sent")).to_be_visible()
    assert "Advice sessions" not in resident.goto(base + DEMO + "/ideas").text()  # type: ignore[union-attr]

    officer = browser.new_page(viewport={"width": 1100, "height": 900})
    officer.goto(base + "/staff/sign-in")
    officer.get_by_label("Email address").fill("officer@example.org")
    officer.get_by_label("Password").fill(PASSWORD)
    officer.get_by_role("button", name="Sign in").click()
    officer.wait_for_load_state()
    officer.goto(f"{base}/staff/consultations/{consultation_id}/statements")
    checked(officer, screenshot_dir, "officer-statements")
    officer.get_by_role(
        "button", name="Approve statement: The council should publish the costs"
    ).click()
    officer.goto(f"{base}/staff/consultations/{consultation_id}/ideas")
    checked(officer, screenshot_dir, "officer-ideas")
    officer.get_by_role("button", name="Approve idea: Advice sessions at Aston library").click()
    with service.session() as session:
        idea = session.scalars(select(Idea)).one()
    section = officer.locator(f"#published-{idea.id}").locator("xpath=..")
    section.get_by_label("Adopted", exact=True).check()
    section.get_by_role("button", name="Save status of Advice sessions at Aston library").click()
    expect(officer.locator(".error-summary")).to_be_visible()
    expect(officer.locator(".error-summary")).to_contain_text(
        "Enter the reason the idea was adopted"
    )
    reason = "Drop-in advice at Aston library every Tuesday from April."
    officer.get_by_label("Reason residents will read").fill(reason)
    officer.get_by_label("Adopted", exact=True).check()
    officer.get_by_role("button", name="Save status of Advice sessions at Aston library").click()
    expect(officer.locator("body")).to_contain_text("now adopted")
    officer.goto(f"{base}/staff/consultations/{consultation_id}/opinion-groups")
    assert re.search(r"People were placed in [2-5] groups", officer.content())
    checked(officer, screenshot_dir, "officer-groups")

    resident.goto(base + DEMO + "/ideas")
    resident.get_by_role("link", name="Advice sessions at Aston library").click()
    resident.get_by_role("button", name="Support this idea").click()
    expect(resident.locator("body")).to_contain_text("1 person supports this idea")
    checked(resident, screenshot_dir, "idea")
    resident.goto(base + DEMO + "/you-said-we-did")
    adopted = resident.locator("h2#adopted + .table-scroll table")
    assert "Advice sessions at Aston library" in adopted.inner_text()
    assert reason in adopted.inner_text()
    assert adopted.locator("td.numeric").inner_text() == "1"
    checked(resident, screenshot_dir, "you-said-we-did")
    resident.goto(base + DEMO + "/statements")
    assert "The council should publish the costs" in resident.content()  # approved, so now shown
    resident.goto(base + DEMO + "/opinion-groups")
    checked(resident, screenshot_dir, "public-summary")
