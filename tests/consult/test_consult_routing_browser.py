"""A routed journey with sections on a phone (320 px wide), in Debian's Chromium: the section's
title on each question, a question skipped by an earlier answer (and the officer's pages that
set them up), a changed answer dropping the
question it closed, and save and come back later in another browser; every page checked with
axe-core and for reflow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from consult_client import PASSWORD, make_service, post_form
from consult_server import running
from playwright.sync_api import expect
from sqlalchemy import func, select
from test_consult_browser import checked, fits_the_width
from test_consult_routing import PUBLIC, _build, _ids

from townhall.consult.models import Answer, Response

pytestmark = pytest.mark.browser
PHONE = {"width": 320, "height": 640}


def test_a_routed_journey_in_sections_on_a_phone(
    browser: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    service = make_service(f"sqlite:///{tmp_path / 'townhall.db'}")
    officer, base = _build(service)
    ids = _ids(service)
    post_form(officer, f"{base}/questions/{ids['q2']}/routing", data={"option-1": ids["q1:No"]})
    post_form(
        officer,
        f"{base}/questions/{ids['q4']}/routing",
        data={"option-3": [ids["q3:Strongly agree"], ids["q3:Agree"]]},
    )
    with running(service.app) as site:
        staff = browser.new_context(viewport=PHONE)
        desk = staff.new_page()
        desk.goto(site + "/staff/sign-in")
        desk.get_by_label("Email address").fill("officer@example.org")
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Sign in").click()
        desk.wait_for_url("**/staff")
        for name, path in (
            ("routing-overview", base),
            ("routing-section-form", f"{base}/sections/new"),
            ("routing-routing-form", f"{base}/questions/{ids['q4']}/routing"),
        ):
            desk.goto(site + path)
            checked(desk, screenshot_dir, name)
            assert fits_the_width(desk), name
        staff.close()
        post_form(officer, base, base + "/publish", data={"confirm": "yes"})

        page = browser.new_page(viewport=PHONE)
        page.goto(site + PUBLIC)
        page.get_by_role("button", name="Start now").click()
        page.get_by_label("A resident").check()
        page.get_by_label("I do not live in one of these wards").check()
        page.get_by_role("button", name="Continue").click()
        assert "Your garden: Question 1" in page.locator(".caption").inner_text()
        expect(page.get_by_text("About how you use the service now.")).to_be_visible()
        checked(page, screenshot_dir, "routing-question-in-section")
        assert fits_the_width(page)
        page.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Why not?").fill("Too dear for a small garden")
        page.get_by_role("button", name="Continue").click()
        assert "Charges: Question 3" in page.locator(".caption").inner_text()
        page.get_by_label("Disagree", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/respond/equality")  # question 4 is not asked after disagreeing
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/respond/check")
        expect(page.get_by_role("heading", name="Your garden")).to_be_visible()
        assert "How would you pay?" not in page.content()
        checked(page, screenshot_dir, "routing-check")
        assert fits_the_width(page)
        # Now they do use it: question 2 is closed and its answer dropped.
        page.get_by_role("link", name="Change your answer to question 1").click()
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/respond/check")
        assert "Too dear" not in page.content()
        page.get_by_role("link", name="Save and come back later").click()
        checked(page, screenshot_dir, "routing-save")
        page.get_by_role("button", name="Get a link to come back").click()
        link = page.locator(".resume-link a").get_attribute("href")
        checked(page, screenshot_dir, "routing-saved")
        assert fits_the_width(page)
        page.close()

        other_browser = browser.new_context(viewport=PHONE)  # another device: no cookies
        elsewhere = other_browser.new_page()
        elsewhere.goto(link)
        checked(elsewhere, screenshot_dir, "routing-resume")
        elsewhere.get_by_role("button", name="Carry on").click()
        elsewhere.wait_for_url("**/respond/check")
        elsewhere.get_by_role("button", name="Send response").click()
        elsewhere.wait_for_url("**/respond/receipt")
        other_browser.close()
    with service.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 1
        assert "Too dear for a small garden" not in set(session.scalars(select(Answer.text)))
    service.app.state.engine.dispose()
