"""In Chromium against a real server: an officer curates the themes of the demo's free-text
question and starts them again from the curated theme set, and a councillor adds a community
group and sees their ward page; accessibility checks and screenshots."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from consult_client import PASSWORD, Service, make_service
from consult_sample_answers import add_answers
from consult_server import running
from playwright.sync_api import expect
from sqlalchemy import select

from accessibility import page_problems
from townhall.consult.demo import load_demo
from townhall.consult.models import CommunityGroup, Consultation

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    """The demo with sample answers on SQLite behind a real server; an officer and a councillor."""
    database = tmp_path_factory.mktemp("themes-browser") / "townhall.db"
    service = make_service(f"sqlite:///{database}")
    with service.session() as session, session.begin():
        load_demo(session, date.today())
        add_answers(session, session.scalars(select(Consultation)).one())
    service.add_user("officer@example.org", "officer")
    service.add_user("aston@example.org", "councillor", ("Aston",))
    with running(service.app) as base_url:
        yield service, base_url
    service.app.state.engine.dispose()


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def question_themes(browser: Any, base: str) -> Any:
    """A page with an officer signed in, on the themes of the demo's free-text question."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    sign_in(page, base, "officer@example.org")
    page.get_by_role("link", name="Themes", exact=True).click()
    page.get_by_role("link", name="Is there anything else").click()
    return page


def assigned(page: Any) -> None:
    """Check the assignment's progress, as an officer would, until the answers are assigned (it
    runs after the request; a busy machine is slow, never wrong)."""
    deadline = time.monotonic() + 300
    while "Answers were last assigned" not in page.locator("body").inner_text():
        assert time.monotonic() < deadline, "the assignment did not finish"
        page.wait_for_timeout(1_000)
        page.get_by_role("link", name="Check progress").click()
        page.wait_for_load_state()


def checked(page: Any, screenshot_dir: Path, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"consult-{name}.png"), full_page=True)
    assert page_problems(page) == [], name


def test_an_officer_curates_themes(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    _, base = site
    page = question_themes(browser, base)
    page.get_by_label("How many themes to look for").fill("40")
    page.get_by_role("button", name="Find candidate themes").click()
    assert "from 2 to 30" in page.locator(".error-summary").inner_text()
    page.get_by_label("How many themes to look for").fill("5")
    page.get_by_role("button", name="Find candidate themes").click()
    expect(page.locator("section.result")).to_have_count(5)
    assert "jo.bloggs@example.com" not in page.content()
    first = page.locator("section.result").first
    first.get_by_label("New name for this theme").fill("Cost to families")
    first.get_by_role("button", name="Rename").click()
    page.get_by_role("heading", name="Cost to families").wait_for()
    page.get_by_label("Name of the theme").fill("Second homes")
    page.get_by_label("Seed terms").fill("second homes, second home")
    page.get_by_role("button", name="Add theme").click()
    page.get_by_role("button", name="Assign answers to these themes").click()
    assigned(page)
    checked(page, screenshot_dir, "themes-curated")
    page.get_by_role("link", name="Read and correct the answers").click()
    page.get_by_role("link", name="Correct").first.click()
    page.get_by_label("Second homes", exact=True).check()  # a found theme may name them too
    page.get_by_label("Mixed").check()
    checked(page, screenshot_dir, "themes-correct")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("td").filter(has_text="Corrected")).to_have_count(1)
    checked(page, screenshot_dir, "themes-answers")
    page.close()


def test_a_councillor_adds_a_community_group(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    service, base = site
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    sign_in(page, base, "aston@example.org")
    page.get_by_role("link", name="Ward knowledge").click()
    page.get_by_role("link", name="Aston").click()
    page.get_by_role("link", name="Add a community group").click()
    page.get_by_label("What they do").fill("x" * 2001)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Enter name of the group" in summary and "2000 characters or fewer" in summary
    checked(page, screenshot_dir, "knowledge-group-error")
    page.get_by_label("Name of the group").fill("Aston Tenants' Forum")
    page.get_by_label("How to contact them").fill("forum@example.org")
    page.get_by_label("What they do").fill("Monthly meetings on repairs and rents.")
    page.get_by_label("Date of last contact").fill("2026-10-01")
    page.get_by_role("button", name="Save").click()
    assert (
        "Aston Tenants' Forum" in page.locator("#groups ~ .table-scroll table").first.inner_text()
    )
    assert "responses from Aston" in page.content()
    checked(page, screenshot_dir, "knowledge-ward")
    with service.session() as session:
        assert session.scalars(select(CommunityGroup.name)).all() == ["Aston Tenants' Forum"]
    page.close()


def test_an_officer_starts_from_the_curated_theme_set(
    browser: Any, site: tuple[Service, str], screenshot_dir: Path
) -> None:
    _, base = site
    page = question_themes(browser, base)
    curated = page.get_by_label("Curated theme set")
    expect(curated).to_contain_text("cts-themes: What do you think of the proposed")
    page.get_by_role("button", name="Use this theme set").click()
    expect(page.locator("body")).to_contain_text(
        "learning from this theme set's library (24 sets of answers"
    )
    expect(
        page.get_by_role("heading", name="Cannot afford it: hardship and poverty")
    ).to_be_visible()
    checked(page, screenshot_dir, "themes-from-curated-set")
    page.get_by_role("button", name="Assign answers to these themes").click()
    expect(page.get_by_role("status")).to_contain_text("Assigning answers to these themes")
    checked(page, screenshot_dir, "themes-assigning")  # training on the library takes a while
    assigned(page)
    expect(page.get_by_role("status")).to_have_count(0)
    page.close()
