"""A resident reads the city deal register in Chromium: the register, a deal, the comparison.

Requests from the browser are answered by the app through TestClient (Playwright's routing), so no
port or server process is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from test_deals_pages import deals_app

from accessibility import page_problems
from townhall.consult.pages import STATIC

ORIGIN = "http://townhall.test"


@pytest.mark.browser
def test_resident_reads_a_deal_and_the_comparison(browser: Any, screenshot_dir: Path) -> None:
    app = deals_app()
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    client = TestClient(app)

    def answer(route: Any) -> None:
        response = client.get(route.request.url.removeprefix(ORIGIN))
        route.fulfill(
            status=response.status_code,
            headers={"content-type": response.headers.get("content-type", "text/plain")},
            body=response.content,
        )

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.route(f"{ORIGIN}/**", answer)
    page.goto(f"{ORIGIN}/deals")
    assert page.locator("h1").inner_text() == "City deals"
    assert page_problems(page) == []
    page.get_by_role("link", name="Leeds City Region City Deal").click()
    page.wait_for_url("**/deals/leeds")
    expect(page.get_by_role("cell", name="2 of 3")).to_be_visible()
    assert page_problems(page) == []
    page.screenshot(path=str(screenshot_dir / "deals-leeds.png"), full_page=True)
    page.goto(f"{ORIGIN}/deals/compare")
    chart = page.locator("img[src='/deals/compare.svg']")
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page_problems(page) == []
    page.screenshot(path=str(screenshot_dir / "deals-compare.png"), full_page=False)
