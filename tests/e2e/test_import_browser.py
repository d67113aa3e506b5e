"""Browser test of the Import page: paste a page, edit a field, accept; htmx swaps just that
card (a refused form comes back in place with the edit kept); the review passes the
contrast/label/no-scroll audit on a phone and a desktop with no CSP violation.

Playwright drives Debian's chromium against a live `trainwise serve --local`; the browser
fixture, the skip rule and the audit are those of test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e import test_browser as shared
from tests.e2e.live_server import serve_trainwise
from tests.e2e.test_import_web import SISSY

ARTIFACTS = shared.ARTIFACTS
browser = shared.browser
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    shared._require_browser()
    yield from serve_trainwise(f"sqlite:///{tmp_path_factory.mktemp('import') / 'import.db'}")


@pytest.mark.parametrize("width", [375, 1280])
def test_paste_review_edit_and_accept(server: str, browser: object, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = "Sissy Squat" if width > 1000 else "Sissy Squat on a Phone"
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/import")
    page.fill("#text", SISSY.replace("Sissy Squat", name))
    page.click("button[type=submit]")
    page.wait_for_selector(".import-item")
    assert page.title() == "Review the import — trainwise"
    assert page.input_value("#i0-name") == name
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(shared.AUDIT_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"import-{width}.png"), full_page=False)
    url = page.url

    page.fill("#i0-primary_muscles", "quadriceps, wings")
    page.fill("#i0-summary", "My edited summary of the sissy squat.")
    page.click(".import-item button[type=submit]")
    page.wait_for_selector(".import-item .error-summary")
    assert "wings" in page.inner_text(".import-item .error-summary")
    assert page.input_value("#i0-summary") == "My edited summary of the sissy squat.", "the edit is kept"
    assert page.url == url, "the refusal came back in place"

    page.fill("#i0-primary_muscles", "quadriceps")
    page.click(".import-item button[type=submit]")
    page.wait_for_selector(".import-item.done")
    assert "added to the library" in page.inner_text(".import-item.done")
    assert page.url == url, "htmx swapped the card: no page load"
    page.click(".import-item.done a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    assert "My edited summary of the sissy squat." in page.content()
    assert errors == []
    assert csp == [], "no Content-Security-Policy violation: " + " | ".join(c[:200] for c in csp[:3])
    page.close()
