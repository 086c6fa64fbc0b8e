"""A resident's journey through the accountability map in Chromium: the map, then "who decides?".

Requests from the browser are answered by the app through TestClient (Playwright's routing), so no
port or server process is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from playwright.sync_api import expect
from starlette.middleware.sessions import SessionMiddleware

from accessibility import page_problems
from townhall.consult.pages import STATIC, make_templates
from townhall.consult.published_registers import load_published_registers
from townhall.consult.routes.mandate import router
from townhall.deals.register import bundled_register

ORIGIN = "http://townhall.test"


def served_client() -> TestClient:
    app = FastAPI()
    app.state.templates = make_templates()
    app.state.registers = load_published_registers(bundled_register(), [])
    app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    return TestClient(app)


@pytest.mark.browser
def test_resident_finds_who_decides_planning_appeals(browser: Any, screenshot_dir: Path) -> None:
    client = served_client()

    def answer(route: Any) -> None:
        response = client.get(route.request.url.removeprefix(ORIGIN))
        route.fulfill(
            status=response.status_code,
            headers={"content-type": response.headers.get("content-type", "text/plain")},
            body=response.content,
        )

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.route(f"{ORIGIN}/**", answer)
    page.goto(f"{ORIGIN}/mandate/birmingham")
    assert page.locator("h1").inner_text() == "Who answers for local services in Birmingham"
    diagram = page.locator("img[src='/mandate/birmingham/map.svg']")
    assert diagram.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page_problems(page) == []
    diagram.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "mandate-map.png"), full_page=False)
    page.select_option("#service", "planning-appeals")
    page.get_by_role("button", name="Find out").first.click()
    page.wait_for_url("**/mandate/birmingham/who?service=planning-appeals")
    assert "Who decides planning appeals in Birmingham?" in page.locator("h1").inner_text()
    expect(page.get_by_role("cell", name="The Planning Inspectorate")).to_be_visible()
    assert page_problems(page) == []
    page.screenshot(path=str(screenshot_dir / "mandate-who.png"), full_page=True)
    page.close()
