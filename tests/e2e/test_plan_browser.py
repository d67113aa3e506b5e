"""Browser tests of the plan pages: Playwright driving Debian's chromium against a live server.

The server and browser fixtures, the skip rule and the contrast/label audit are those of
tests/e2e/test_browser.py. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e import test_browser as shared

ARTIFACTS = shared.ARTIFACTS
AUDIT_JS = shared.AUDIT_JS
server = shared.server
browser = shared.browser
pytestmark = pytest.mark.e2e
PLAN_URL = re.compile(r".*/plans/[A-Za-z0-9_-]+$")


def _no_horizontal_scroll(page: object, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]


def _audit(page: object) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # type: ignore[attr-defined]
    assert page.evaluate(AUDIT_JS) == []  # type: ignore[attr-defined]


def test_fill_the_wizard_on_a_phone_and_open_an_exercise(server: str, browser: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    page.goto(server + "/plans/new")
    assert "Make a training plan" in page.title()
    _no_horizontal_scroll(page, 375)
    _audit(page)
    page.check("input[name=goal][value=strength]")
    page.check("input[name=available_days][value=sat]")
    page.select_option("#field-days_per_week", "3")
    page.select_option("#field-session_minutes", "30")
    page.select_option("#field-weeks", "4")
    page.check("input[name=equipment][value=dumbbells]")
    page.check("input[name=equipment][value=mat]")
    page.fill("#field-dumbbells_kg", "4, 6, 8, 10")
    page.check("input[name=conditions][value=chronic_lbp]")
    page.fill("#field-provocative_movements", "bending forward")
    page.fill("#field-age", "45")
    page.screenshot(path=str(ARTIFACTS / "plan-wizard-375.png"), full_page=True)
    page.click("button:has-text('Make my plan')")
    page.wait_for_url(PLAN_URL)
    assert page.locator("h1").inner_text() == "Your strength plan"
    assert page.locator(".week-tabs a").count() == 4
    assert page.locator(".safety").is_visible()
    assert page.locator(".session").count() == 3
    assert page.locator(".week-strip .day.rest").count() == 4
    assert page.locator(".monitoring").is_visible()  # chronic low back pain: pain monitoring
    _no_horizontal_scroll(page, 375)
    page.screenshot(path=str(ARTIFACTS / "plan-375.png"), full_page=True)
    _audit(page)
    _no_horizontal_scroll(page, 375)
    link = page.locator(".session .exercises h4 a").first
    href = link.get_attribute("href")
    assert href and href.startswith("/exercises/")
    link.click()
    page.wait_for_url("**" + href)
    assert page.locator("#steps li").count() >= 3
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_defaults_make_a_plan_at_once_and_weeks_switch_in_place(server: str, browser: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    page.goto(server + "/")
    page.click("a:has-text('Make my training plan')")
    page.wait_for_url("**/plans/new")
    _audit(page)
    page.click("button:has-text('Make my plan')")
    page.wait_for_url(PLAN_URL)
    assert page.locator(".week-tabs a").count() == 8
    assert page.locator(".week-tabs a[aria-current=page]").inner_text().endswith("1")
    _no_horizontal_scroll(page, 1280)
    page.screenshot(path=str(ARTIFACTS / "plan-1280.png"), full_page=True)
    _audit(page)
    # htmx swaps the week panel and updates the address; without JavaScript the link loads the page.
    page.click(".week-tabs a:has-text('2')")
    page.wait_for_url(re.compile(r".*\?week=2$"))
    page.wait_for_function("() => document.querySelector('.week-tabs a[aria-current=page]').textContent.trim().endsWith('2')")
    assert page.locator("#week-h").inner_text().startswith("Week 2")
    page.goto(page.url.split("?")[0] + "/print")
    _no_horizontal_scroll(page, 1280)
    assert page.locator(".print-week").count() == 8
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_a_bad_answer_comes_back_with_its_message_on_a_phone(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    page.goto(server + "/plans/new")
    page.uncheck("input[name=available_days][value=fri]")
    page.check("input[name=goal][value=mobility]")
    page.click("button:has-text('Make my plan')")
    page.wait_for_selector(".error-summary")
    assert "do not fit in the 2 available days" in page.locator("#err-days_per_week").inner_text()
    assert page.locator("input[name=goal][value=mobility]").is_checked()
    assert not page.locator("input[name=available_days][value=fri]").is_checked()
    _no_horizontal_scroll(page, 375)
    _audit(page)
    assert csp == [], "no Content-Security-Policy violation"
    page.close()
