"""Setting up 2-step verification: a recipient who chooses to, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from dpss.accounts.models import Role
from tests.browser.helpers import totp_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_recipient_sets_up_2_step_verification_by_typing_the_key(server, open_page, assert_accessible, make_user, js):
    page = open_page(js=js, user=make_user(Role.RECIPIENT))
    page.goto(f"{server}/accounts/2fa/totp/activate/")

    # A session that did not start with the password is asked for it first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your password again")
    assert_accessible(page, js=js)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up 2-step verification")
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert_accessible(page, js=js)

    # Someone who cannot scan the QR code types the key shown as text.
    secret = page.locator("#authenticator-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    page.get_by_role("button", name="Turn on 2-step verification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")
    assert_accessible(page, js=js)

    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on 2-step verification").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("#recovery_codes li")).to_have_count(10)
    assert_accessible(page, js=js)

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/dashboard/recipient/$"))
    expect(page.locator(".govuk-summary-list")).to_contain_text("On")

    page.goto(f"{server}/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2-step verification")
    assert_accessible(page, js=js)
