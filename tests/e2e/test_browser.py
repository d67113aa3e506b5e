"""Browser tests: Playwright driving Debian's chromium against a live server.

Chromium comes from `apt-get install chromium` (make test / .ci/run install it when missing);
no browser is ever downloaded. Without chromium the tests skip, except under CI=true.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.e2e.live_server import serve_trainwise

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
pytestmark = pytest.mark.e2e


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("chromium not installed")




@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    yield from serve_trainwise(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")


# Content-Security-Policy violations: the DOM event (which directive blocked what) and chromium's
# console message ("Refused to ... because it violates the following Content Security Policy").
CSP_LISTENER_JS = """
document.addEventListener('securitypolicyviolation', e =>
  window.__twCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def watch_csp(page: object) -> list[str]:
    """Start collecting the CSP violations of ``page`` (every document it loads from now on);
    returns the list they are appended to. Call before the first ``goto``. Under the policy,
    ``wait_for_function`` needs a function ("() => ..."): a bare expression string is eval'd."""
    found: list[str] = []
    page.expose_function("__twCspViolation", lambda text: found.append(text))  # type: ignore[attr-defined]
    page.add_init_script(CSP_LISTENER_JS)  # type: ignore[attr-defined]
    page.on("console", lambda msg: found.append(msg.text)  # type: ignore[attr-defined]
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_search_open_exercise_follow_variation(server: str, browser: object, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    csp = watch_csp(page)
    page.goto(server + "/")
    assert "trainwise" in page.title()
    page.fill("#hero-q", "back extension")
    page.click("form.search-hero button")
    page.wait_for_url("**/exercises?q=back+extension")
    assert page.locator(".card").count() >= 7
    page.screenshot(path=str(ARTIFACTS / f"search-{width}.png"))
    # Live search (htmx) replaces the results as you type.
    page.fill("#q", "lever back extension")
    page.wait_for_function("() => document.querySelector('#results .card a').textContent.includes('Lever')")
    page.wait_for_load_state("networkidle")
    page.click("#results .card a:has-text('Lever Back Extension')")
    page.wait_for_url("**/exercises/lever-back-extension")
    assert page.locator("#steps li").count() == 7
    assert page.locator("#steps").is_visible()
    assert "Erector spinae" in page.locator("#primary-muscles").inner_text()
    assert page.locator("svg.bodymap").is_visible()
    assert page.locator("svg.bodymap .bm-primary").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"exercise-{width}.png"), full_page=True)
    page.click("#variations a:has-text('Bench Back Extension')")
    page.wait_for_url("**/exercises/back-extension-bench")
    assert page.locator("h1").inner_text() == "Bench Back Extension"
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_keyboard_reaches_the_search_box(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/exercises")
    for _ in range(12):  # skip link, brand and the site links come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.close()


def test_ticking_a_filter_chip_updates_the_results_in_place(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    csp = watch_csp(page)
    page.goto(server + "/exercises")
    before = page.locator("p.count").inner_text()
    page.check("input[name=category][value=stretching]")
    page.wait_for_function(f"() => document.querySelector('p.count').textContent !== {before!r}")
    assert "category=stretching" in page.url
    assert page.locator("a[href='/exercises/childs-pose']").count() == 1
    assert csp == [], "no Content-Security-Policy violation (htmx evaluates nothing: allowEval is off)"
    page.close()


# Every visible text node's colour against the background behind it (WCAG 2.1 AA: 4.5:1, or
# 3:1 for large text), and every form control with an accessible name.
AUDIT_JS = """
() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement; if (!n.textContent.trim() || !el) continue;
    if (el.closest('svg')) continue;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    if (r.right < 0 || r.bottom < 0) continue;  // off-screen (skip link)
    const fg = parse(s.color), bg = background(el);
    const l1 = lum(fg), l2 = lum(bg), ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) failures.push(`${ratio.toFixed(2)} < ${need}: "${n.textContent.trim().slice(0, 40)}"`);
  }
  for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const named = (input.id && document.querySelector(`label[for="${input.id}"]`)) || input.closest('label')
      || input.getAttribute('aria-label');
    if (!named) failures.push(`unlabelled ${input.outerHTML.slice(0, 60)}`);
  }
  return failures;
}
"""


@pytest.mark.parametrize("path", ["/", "/exercises?q=back+extension&level=beginner", "/exercises/lever-back-extension",
                                  "/exercises/no-such-exercise", "/progress"])
@pytest.mark.parametrize("width", [375, 1280])
def test_pages_meet_contrast_aa_have_labels_and_no_horizontal_scroll(server: str, browser: object, path: str,
                                                                     width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    csp = watch_csp(page)
    page.goto(server + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(AUDIT_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.wait_for_load_state("networkidle")
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


def test_on_a_phone_filters_fold_away_and_still_work(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    page.goto(server + "/exercises")
    assert not page.locator("input[name=level][value=advanced]").is_visible()
    assert page.locator(".card").first.is_visible()
    page.click("details.filter-panel > summary")
    page.check("input[name=level][value=advanced]")
    page.wait_for_function("() => document.querySelector('#active-count').textContent.includes('1 active')")
    page.wait_for_function("() => [...document.querySelectorAll('#results .badge')].every(b => !b.matches('.level-beginner'))")
    assert "level=advanced" in page.url
    page.close()
