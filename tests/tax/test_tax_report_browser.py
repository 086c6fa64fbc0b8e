"""The comparison report in a real browser (Debian's Chromium): it opens offline and reads right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from accessibility import page_problems
from townhall.tax.impact.compare import compare
from townhall.tax.impact.compare_report import build_report
from townhall.tax.rules.scheme import load_bundled_scheme
from townhall.tax.synthetic import synthetic_caseload

pytestmark = pytest.mark.browser


def test_report_opens_offline_and_shows_summary_charts_and_tables(
    browser: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    caseload = synthetic_caseload("birmingham-2013", size=5000)
    comparison = compare(
        load_bundled_scheme("ctb-2012"),
        [load_bundled_scheme("birmingham-2013"), load_bundled_scheme("transition-grant-2013")],
        caseload,
        gap_yearly=400_000,
    )
    path = build_report(comparison, "Council Tax Support options").write(tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    assert page.title() == "Council Tax Support options"
    assert page.locator("h1").inner_text() == "Council Tax Support options"
    summary = page.locator("h2:text-is('Summary') + ul").inner_text()
    assert "working-age claimants pay more, on average" in summary
    assert page.locator("figure svg").count() >= 3
    for label in page.locator("figure [role=img]").all():
        assert (
            len(label.get_attribute("aria-label") or "") > 40
        )  # every chart has a text alternative
    expect(
        page.get_by_role("heading", name="Transition grant criteria", exact=True)
    ).to_be_visible()
    assert page.locator("td", has_text="pass").count() >= 3
    assert all(url.startswith("file://") or url.startswith("data:") for url in requests)
    expect(page.get_by_role("heading", name="Who keeps the saving", exact=True)).to_be_visible()
    assert "keeps £" in page.locator("h2:text-is('Who keeps the saving') + ul").inner_text()
    expect(page.get_by_role("heading", name="Assumptions", exact=True)).to_be_visible()
    assert page_problems(page) == []
    page.screenshot(path=str(screenshot_dir / "compare-report.png"), full_page=True)
    page.close()


def test_report_at_320_px_keeps_tables_in_their_own_scroll_and_warns_of_another_council(
    browser: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    caseload = synthetic_caseload("birmingham-2013", size=2000)
    comparison = compare(
        load_bundled_scheme("ctb-2012"),
        [load_bundled_scheme("birmingham-2013"), load_bundled_scheme("oxford-2026")],
        caseload,
        gap_yearly=400_000,
    )
    path = build_report(comparison, "Council Tax Support options").write(tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(path.as_uri())
    warning = page.locator(".warning", has_text="Oxford City Council")
    assert warning.is_visible() and "a different council and year" in warning.inner_text()
    # The page never scrolls sideways: wide tables scroll inside their own focusable region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("heading", name="Transition grant criteria", exact=True).count() == 1
    assert page_problems(page) == []
    page.screenshot(path=str(screenshot_dir / "compare-report-320.png"), full_page=True)
    page.close()
