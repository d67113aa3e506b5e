"""Browser tests of the today screen: a tap logs a set in place, the rest timer runs, the page
passes the contrast/label/no-scroll audit on a phone and a desktop.

Playwright drives Debian's chromium against a live server whose database holds a plan with a
session today. The browser fixture, the skip rule and the audit are those of test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.e2e import test_browser as shared
from tests.e2e.live_server import serve_trainwise

ARTIFACTS = shared.ARTIFACTS
browser = shared.browser
pytestmark = pytest.mark.e2e
PROFILE = {"id": "today-browser", "level": "beginner", "goal": "lower_back_strength", "days_per_week": 7,
           "session_minutes": 40, "equipment": ["dumbbells", "bench", "exercise_ball"],
           "equipment_specs": {"dumbbells_kg": [4, 6, 8, 10, 12]}, "conditions": [{"code": "chronic_lbp"}]}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server over a database holding a plan that starts today (a session every day)."""
    shared._require_browser()
    from trainwise.bootstrap import open_catalog
    from trainwise.config import get_settings
    from trainwise.domain.profile import profile_from_dict
    from trainwise.services.plans import create_plan, save_plan
    from trainwise.storage.plans import SqlPlanStore
    from trainwise.storage.users import local_user_id

    db = f"sqlite:///{tmp_path_factory.mktemp('today') / 'today.db'}"
    catalog = open_catalog(get_settings(database_url=db))
    profile = profile_from_dict(PROFILE)
    save_plan(SqlPlanStore(catalog.engine), local_user_id(catalog.engine), profile,
              create_plan(catalog, profile, start=date.today()))
    catalog.engine.dispose()
    yield from serve_trainwise(db)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_tap_logs_the_set_in_place_and_starts_the_rest_timer(server: str, browser: object, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/today")
    assert page.title() == "Today's workout — trainwise"
    before = page.locator("li.set.logged").count()
    url = page.url
    page.locator("li.set:not(.logged) button.log-set").first.click()
    page.wait_for_function(f"() => document.querySelectorAll('li.set.logged').length === {before + 1}")
    assert page.url == url, "htmx swapped the exercise in place: no page load"
    assert page.locator("#rest-timer").is_visible()
    assert page.locator("#progress-count").inner_text().startswith(f"{before + 1} of")
    page.click("#rest-skip")
    assert not page.locator("#rest-timer").is_visible()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(shared.AUDIT_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"today-{width}.png"), full_page=True)
    assert errors == []
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_without_javascript_a_set_is_logged_by_a_plain_form_post(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/today")
    before = page.locator("li.set.logged").count()
    page.locator("li.set:not(.logged) button.log-set").first.click()
    page.wait_for_load_state()
    assert page.locator("li.set.logged").count() == before + 1
    context.close()


def test_a_tap_that_cannot_be_saved_says_so(server: str, browser: object) -> None:
    """Offline in the gym: the tap is not silently lost; a notice says nothing was saved, and the
    next tap that works clears it."""
    context = browser.new_context(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/today")
    before = page.locator("li.set.logged").count()
    context.set_offline(True)
    page.locator("li.set:not(.logged) button.log-set").first.click()
    page.wait_for_selector("#htmx-problem:not([hidden])")
    assert "Nothing was saved" in page.inner_text("#htmx-problem")
    assert page.locator("li.set.logged").count() == before
    context.set_offline(False)
    page.locator("li.set:not(.logged) button.log-set").first.click()
    page.wait_for_function(f"() => document.querySelectorAll('li.set.logged').length === {before + 1}")
    assert page.locator("#htmx-problem").is_hidden()
    context.close()
