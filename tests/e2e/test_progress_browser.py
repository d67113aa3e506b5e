"""Browser tests of the progress page: the charts really draw, and the page passes the audit.

Playwright drives Debian's chromium against a live server whose database holds the sample logs
of tests/e2e/stats_sample.py. The browser fixture, the skip rule and the contrast/label audit are
those of tests/e2e/test_browser.py. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.e2e import test_browser as shared
from tests.e2e.live_server import serve_trainwise
from tests.e2e.stats_sample import store_sample

ARTIFACTS = shared.ARTIFACTS
AUDIT_JS = shared.AUDIT_JS
browser = shared.browser
pytestmark = pytest.mark.e2e
CHARTS = ("e1rm", "volume", "sessions", "pain")

# How many pixels of a canvas are painted (not fully transparent).
PAINTED_JS = """
id => { const c = document.getElementById(id); if (!c || !c.width || !c.height) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server over a database holding the sample logs and a plan."""
    shared._require_browser()
    from trainwise.bootstrap import open_catalog
    from trainwise.config import get_settings

    db = f"sqlite:///{tmp_path_factory.mktemp('progress') / 'progress.db'}"
    catalog = open_catalog(get_settings(database_url=db))
    store_sample(catalog.engine, date.today())
    catalog.engine.dispose()
    yield from serve_trainwise(db)



@pytest.mark.parametrize("width", [375, 1280])
def test_charts_draw_and_the_page_passes_the_audit(server: str, browser: object, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + "/progress")
    assert page.title() == "Your progress — trainwise"
    page.wait_for_function("() => document.querySelectorAll('canvas[data-drawn=true]').length === 4")
    for name in CHARTS:
        assert page.evaluate(f"!!window.Chart.getChart(document.getElementById('chart-{name}'))"), name
        assert page.evaluate(PAINTED_JS, f"chart-{name}") > 500, f"chart {name} is blank"
    assert page.evaluate("window.Chart.getChart(document.getElementById('chart-e1rm')).data.datasets.length") == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"progress-{width}.png"), full_page=True)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(AUDIT_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert errors == []
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_picking_an_exercise_redraws_with_it_alone(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    page.goto(server + "/progress")
    page.select_option("#pick-exercise", "back-squat")
    page.click("form.progress-form button")
    page.wait_for_url("**/progress?weeks=12&exercise=back-squat")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-drawn=true]').length === 4")
    labels = page.evaluate("window.Chart.getChart(document.getElementById('chart-e1rm')).data.datasets"
                           ".map(d => d.label)")
    assert labels == ["Back Squat"]
    assert page.locator(".record-card").count() == 1
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_without_javascript_the_tables_carry_the_numbers(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/progress")
    page.click("summary:has-text('Back Squat: table')")
    assert page.locator("td:has-text('90 kg × 5 @ RIR 2')").is_visible()
    assert page.locator("canvas[aria-label*='Back Squat']").count() == 1
    context.close()
