"""Journeys people take, in Debian's Chromium against a real uvicorn server: a resident responds
(with a mistake, corrected) and uses the calculator, an officer creates and publishes, a councillor
sees their ward; with accessibility checks and screenshots of the main pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from consult_client import DEMO, PASSWORD, Service, make_service, post_form
from consult_server import running
from playwright.sync_api import expect
from sqlalchemy import func, select
from test_consult_journey import answer_everything

from accessibility import page_problems, tab_reaches
from townhall.consult.demo import load_demo
from townhall.consult.models import Response

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    """The demo on SQLite behind a real server, with an officer and an Aston councillor."""
    database = tmp_path_factory.mktemp("browser") / "townhall.db"
    service = make_service(f"sqlite:///{database}")
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    service.add_user("officer@example.org", "officer")
    service.add_user("aston@example.org", "councillor", ("Aston",))
    with running(service.app) as base_url:
        yield service, base_url
    service.app.state.engine.dispose()


def checked(page: Any, screenshot_dir: Path, name: str) -> None:
    """Save a screenshot and fail on any accessibility problem found on the page."""
    page.screenshot(path=str(screenshot_dir / f"consult-{name}.png"), full_page=True)
    assert page_problems(page) == [], name


def test_a_resident_responds_correcting_a_mistake(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    service, base = site
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(base + DEMO)
    assert "Why it was not preferred" in page.content()
    checked(page, screenshot_dir, "start")
    assert tab_reaches(page, "button:has-text('Start now')")
    page.keyboard.press("Enter")  # start with the keyboard alone
    page.wait_for_url("**/respond/about")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_be_visible()
    checked(page, screenshot_dir, "about-error")
    page.get_by_label("A resident").check()
    page.get_by_label("Aston", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Disagree", exact=True).check()
    checked(page, screenshot_dir, "question-scale")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Households with a dependent child under six").check()
    page.get_by_role("button", name="Continue").click()
    # The mistake: the same rank twice.
    for index, rank in enumerate(["1", "1", "3", "4", "5"]):
        page.locator("input[name^=rank-]").nth(index).fill(rank)
    page.get_by_role("button", name="Continue").click()
    assert "Use each number only once" in page.locator(".error-summary").inner_text()
    assert page.locator("input[name^=rank-]").nth(2).input_value() == "3"  # nothing typed is lost
    checked(page, screenshot_dir, "question-ranking-error")
    page.locator(".error-summary a").click()  # the summary link moves focus to the field
    page.locator("input[name^=rank-]").nth(1).fill("2")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Is there anything else").fill(
        "We would struggle to pay <b>£3.43</b> a week."
    )
    page.get_by_role("button", name="Continue").click()
    checked(page, screenshot_dir, "equality")
    page.get_by_role("button", name="Continue").click()  # no mail server: no e-mail page
    assert "Check your answers" in page.locator("h1").inner_text()
    assert "<b>£3.43</b>" in page.locator("main").inner_text()  # shown as text, not markup
    checked(page, screenshot_dir, "check-answers")
    page.get_by_role("button", name="Send response").click()
    assert "Response sent" in page.locator("h1").inner_text()
    reference = page.locator(".reference").inner_text()
    checked(page, screenshot_dir, "receipt")
    page.go_back()  # back to check your answers and send again: still one response
    page.reload()
    with service.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Response).where(Response.reference == reference)
            )
            == 1
        )
    page.close()


def fits_the_width(page: Any) -> bool:
    """True if the page needs no scrolling sideways (WCAG 1.4.10 reflow, at 320 px), measured once
    the page a click led to has loaded (before that the document may have no root element)."""
    page.wait_for_load_state()
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("width", [1000, 320])
def test_a_resident_uses_the_calculator(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path, width: int
) -> None:
    _, base = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + DEMO)
    page.get_by_role("link", name="Work out what your household would pay").click()
    assert fits_the_width(page)
    checked(page, screenshot_dir, f"calculator-{width}")
    # First with mistakes: no band, and a Universal Credit amount having said "no" to it.
    page.get_by_label("Your age").fill("40")
    page.locator("#has_partner-1").check()
    page.get_by_label("Your partner's age").fill("38")
    page.locator("#universal_credit-2").check()
    page.get_by_label("Universal Credit paid, £ a month").fill("250")
    page.locator("#passported-1").check()
    page.locator("#other_adult_1_age").fill("19")
    page.locator("#other_adult_1_benefit").select_option(
        label="Income Support, income-based JSA or income-related ESA"
    )
    page.locator("#other_adult_1_student").check()
    page.get_by_role("button", name="Work out what I would pay").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Select your council tax band" in summary
    assert "Select yes if you get Universal Credit" in summary
    expect(page.locator("#universal_credit-error")).to_be_visible()  # beside the field too
    # Nothing typed is lost.
    assert page.get_by_label("Universal Credit paid, £ a month").input_value() == "250"
    assert page.locator("#other_adult_1_student").is_checked()
    assert page.locator("#other_adult_1_benefit").input_value() == "income_support_jsa_esa"
    assert fits_the_width(page)
    checked(page, screenshot_dir, f"calculator-errors-{width}")
    page.locator(".error-summary a", has_text="Universal Credit").click()
    assert page.evaluate("() => document.activeElement.id") == "universal_credit-1"
    page.get_by_label("Universal Credit paid, £ a month").fill("")
    page.get_by_label("Band A").check()
    page.get_by_role("button", name="Work out what I would pay").click()
    page.wait_for_load_state()
    # A Band A couple on a passporting benefit (a student on benefits living with them makes no
    # difference) under the proposal: £203.03 a year, £3.90 a week, of which the city's own part is £178.19.
    tables = page.locator("table").all_inner_texts()
    assert "£203.03" in tables[0] and "£3.90" in tables[0]
    assert "£178.19" in tables[1] and "£3.43" in tables[1]
    assert fits_the_width(page)
    checked(page, screenshot_dir, f"calculator-result-{width}")
    page.close()


def test_an_officer_creates_and_publishes_a_consultation(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    service, base = site
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(base + "/staff/sign-in")
    checked(page, screenshot_dir, "sign-in")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Create a consultation").click()
    page.get_by_label("Title").fill("Library opening hours")
    page.get_by_label("Web address name").fill("library-hours")
    page.get_by_label("Summary").fill("We propose shorter opening hours on Mondays.")
    page.get_by_label("The proposal").fill("Close at 1pm on Mondays.")
    page.get_by_label("Contact details").fill(
        "Libraries, Example Council\nEmail: libraries@council.example"
    )
    page.get_by_label("Opening date").fill("2026-01-01")
    page.get_by_label("Closing date").fill("2099-01-31")
    checked(page, screenshot_dir, "officer-details")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("link", name="Add an alternative").click()
    page.get_by_label("Name of the alternative").fill("Close a branch")
    page.get_by_label("What it would mean").fill("Close one library.")
    page.get_by_label("Why the council does not prefer it").fill(
        "It would leave an area with no library."
    )
    page.get_by_role("button", name="Add alternative").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Agree or disagree scale").check()
    page.get_by_label("Question", exact=True).fill("Do you agree with shorter Monday hours?")
    page.get_by_label("Residents must answer this question").check()
    checked(page, screenshot_dir, "officer-question")
    page.get_by_role("button", name="Add question").click()
    page.get_by_role("link", name="Preview it as residents will see it").click()
    expect(page.locator("body")).to_contain_text("Preview of a draft")
    assert "shorter Monday hours" in page.content()
    checked(page, screenshot_dir, "officer-preview")
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Publish").click()  # asks first, and warns: no wards chosen
    expect(page.locator("body")).to_contain_text("No wards are chosen")
    checked(page, screenshot_dir, "officer-confirm-publish")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".tag").first).to_have_text("open")
    checked(page, screenshot_dir, "officer-overview")
    page.goto(base + "/consultations/library-hours")
    assert (
        "Close a branch" in page.content()
        and page.get_by_role("button", name="Start now").is_visible()
    )
    resident = service.client()  # one response, so the results have a chart whatever ran before
    answer_everything(service, resident)
    post_form(resident, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    page.goto(base + "/staff/consultations/1/results")  # the demonstration's results
    assert page.locator("img.chart").count() >= 1
    assert page.evaluate("() => [...document.images].every((image) => image.naturalWidth > 0)")
    checked(page, screenshot_dir, "officer-results")
    page.close()


def test_a_councillor_sees_their_ward(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    _, base = site
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill("aston@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "Consultation responses from your wards" in page.locator("h1").inner_text()
    page.get_by_role(
        "link", name="Replay of 2012: Council Tax Support from April 2013, have your say"
    ).click()
    assert page.locator("h1").inner_text() == "Aston"
    assert "out of" in page.locator(".lead").inner_text()
    checked(page, screenshot_dir, "councillor-ward")
    page.close()
