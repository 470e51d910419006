"""Signing in from browser tests: through the form, or with a ready-made session."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

MFA_HEADING = "Enter the 6-digit code from your authenticator app"


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The code an authenticator app would show now.

    allauth allows no clock drift, so a code made in the last moment of its
    30-second window could be refused: wait for the next window (rarely, < 1 s).
    """
    left = 30 - time.time() % 30
    if left < 1:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page: Page, server: str, email: str, *, password: str = TEST_PASSWORD, totp: bool = False) -> None:
    """Sign in through the form, as a person would, answering the 2-step challenge if asked."""
    page.goto(f"{server}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp:
        expect(page.get_by_role("heading", level=1)).to_have_text(MFA_HEADING)
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))


def force_sign_in(context: BrowserContext, server: str, user) -> None:
    """Give the browser a signed-in session without the form (Django's force_login)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": server}])


# Most browser tests run each page with JavaScript on and off.
JS = pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])

NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 320 CSS pixels, i.e. 1280 at 400% zoom
USUAL = {"width": 1024, "height": 768}  # the size browser_context_args gives every tab


@contextmanager
def narrow_screen(page: Page) -> Iterator[Page]:
    """The tab at 320 CSS pixels wide for the block, then back to its usual size (tabs are reused)."""
    page.set_viewport_size(NARROW)
    try:
        yield page
    finally:
        page.set_viewport_size(USUAL)


def page_width(page: Page) -> int:
    """How wide the page is drawn, in CSS pixels: more than the screen means scrolling sideways."""
    expect(page.locator("main")).to_have_count(1)
    return page.evaluate("document.documentElement.scrollWidth")


def check_error_summary_links(page: Page, *, press_enter: bool) -> list[str]:
    """Every link in the error summary names an input that exists and moves focus to it."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # GOV.UK Frontend moves focus to the summary when the page loads.
    expect(summary).to_be_focused()
    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "the error summary has no links"
    for i, href in enumerate(hrefs):
        assert href.startswith("#"), href
        target = page.locator(f"[id='{href[1:]}']")
        expect(target).to_have_count(1)
        link = links.nth(i)
        if press_enter:
            link.focus()
            page.keyboard.press("Enter")
        else:
            link.click()
        expect(target).to_be_focused()
    return hrefs
