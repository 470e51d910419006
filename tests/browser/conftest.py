"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

One browser for the whole run (pytest-playwright's session `browser`) and one
tab for JavaScript on and one for JavaScript off, reused by every test with
its cookies cleared: a new context or tab costs about 0.3 s on a 2-core machine.
Nothing here downloads a browser (docs/gotchas.md#gotcha-no-browser-download).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.helpers import force_sign_in

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A common laptop size; GOV.UK's layout switches to desktop at 641px.
    return {**browser_context_args, "viewport": {"width": 1024, "height": 768}, "locale": "en-GB"}


@pytest.fixture
def server(live_server, transactional_db) -> str:
    """The live server's base URL, with a clean cache (rate limits, used TOTP codes)."""
    cache.clear()
    return live_server.url


@pytest.fixture(scope="session")
def _tabs(browser, browser_context_args):
    """One browser tab per JavaScript setting, made when first needed and reused by every test."""
    tabs: dict[bool, Page] = {}

    def get(js: bool) -> Page:
        if js not in tabs:
            tabs[js] = browser.new_context(**browser_context_args, java_script_enabled=js).new_page()
        return tabs[js]

    yield get
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def open_page(_tabs, server):
    """A browser tab with no cookies, JavaScript on or off, optionally signed in as `user`."""

    def make(*, js: bool = True, user=None) -> Page:
        page = _tabs(js)
        page.context.clear_cookies()
        if user is not None:
            force_sign_in(page.context, server, user)
        return page

    return make


# --- axe ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe() -> Axe:
    # axe-playwright-python bundles an older axe-core; use the project's own.
    return Axe.from_file(AXE_SCRIPT)


def axe_report(violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe-core violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("       " + summary.replace("\n", "\n       "))
    return "\n".join(lines)


def axe_violations(axe: Axe, page: Page) -> list[dict]:
    """axe-core's violations for the page, injecting axe only if the page does not have it yet."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(f"axe.run(document, {json.dumps(options)})")["violations"]


@pytest.fixture(scope="session")
def _no_js_mirror(browser) -> Page:
    """A JavaScript-enabled tab in which to check pages that were loaded without JavaScript."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    yield context.new_page()
    context.close()


def _mirror(mirror: Page, page: Page) -> Page:
    """Show `mirror` the page as the JavaScript-free browser has it, so axe can run.

    axe needs timers, which do not run when JavaScript is off. So the DOM the
    JS-off browser got is written into a JS-enabled tab without its <script>
    elements: same markup, same styles, no GOV.UK Frontend JavaScript.
    """
    html = SCRIPT_ELEMENT.sub("", page.content())
    base = f'<base href="{page.url}">'
    html = html.replace("<head>", f"<head>{base}", 1) if "<head>" in html else base + html
    mirror.set_content(html)
    return mirror


@pytest.fixture
def assert_accessible(axe, _no_js_mirror):
    """Run axe-core on the page as it is now and fail with a readable list of violations.

    Pass js=False for a page from a context with JavaScript turned off.
    """

    def check(page: Page, *, js: bool = True) -> None:
        # Wait until the page has a main landmark, so axe never sees a half-loaded page.
        expect(page.locator("main")).to_have_count(1)
        violations = axe_violations(axe, page if js else _mirror(_no_js_mirror, page))
        where = page.url if js else f"{page.url} (JavaScript off)"
        assert not violations, f"{where}\n{axe_report(violations)}"

    return check
