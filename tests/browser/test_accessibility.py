"""axe-core finds no WCAG 2.2 AA failures on the portal's pages (docs/quality.md#axe).

Public and sign-in pages are checked with JavaScript on and off; signed-in
pages for every role.
"""

import re

import pytest
from playwright.sync_api import expect

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from tests.browser.helpers import JS, narrow_screen, page_width, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


PUBLIC_PAGES = {
    "/": "Help with your direct payment",
    "/accessibility/": None,
    "/privacy/": None,
    "/contact/": None,
    "/cookies/": None,
    "/accounts/login/": "Sign in",
    "/accounts/signup/": "Register as a personal assistant",
    "/accounts/password/reset/": "Reset your password",
    "/accounts/password/reset/done/": "Check your email",
}


def last_email_to(address: str) -> str:
    return OutboxMessage.objects.filter(to=address).latest("id").body


def visit(open_page, server, path, *, js=True, user=None):
    page = open_page(js=js, user=user)
    response = page.goto(server + path)
    return page, response


def expect_js(page, js: bool) -> None:
    """The page really ran (or did not run) GOV.UK Frontend's JavaScript."""
    body = page.locator("body")
    if js:
        expect(body).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    else:
        expect(body).not_to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))


@JS
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_and_sign_in_pages_have_no_axe_violations(server, open_page, assert_accessible, path, js):
    page, response = visit(open_page, server, path, js=js)
    assert response.status == 200
    if PUBLIC_PAGES[path]:
        expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC_PAGES[path])
    expect_js(page, js)
    assert_accessible(page, js=js)


@JS
def test_the_page_not_found_has_no_axe_violations(server, open_page, assert_accessible, js):
    page, response = visit(open_page, server, "/no-such-page/", js=js)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page, js=js)


@JS
def test_sign_in_with_a_wrong_password_has_no_axe_violations(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    page, _ = visit(open_page, server, "/accounts/login/", js=js)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The email address or password is not right")
    assert_accessible(page, js=js)


@JS
def test_pa_sign_up_with_errors_has_no_axe_violations(server, open_page, assert_accessible, js):
    page, _ = visit(open_page, server, "/accounts/signup/", js=js)
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your full name")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(page).to_have_title(re.compile(r"^Error: Register as a personal assistant"))
    assert_accessible(page, js=js)


@JS
def test_password_reset_with_errors_has_no_axe_violations(server, open_page, assert_accessible, js):
    page, _ = visit(open_page, server, "/accounts/password/reset/", js=js)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page, js=js)


def test_a_personal_assistant_registers_and_confirms_their_email(server, open_page, assert_accessible):
    page = open_page()
    page.goto(f"{server}/accounts/signup/")
    page.get_by_label("Full name").fill("Tom Hughes")
    page.get_by_label("Email address").fill("tom.hughes@example.com")
    page.get_by_label("Create a password").fill("plum-kettle-harbour-lantern")
    page.get_by_label("Type the password again").fill("plum-kettle-harbour-lantern")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", last_email_to("tom.hughes@example.com")).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page).to_have_url(re.compile(r"/dashboard/personal_assistant/$"))
    assert_accessible(page)


def test_a_forgotten_password_is_reset_from_the_emailed_link(server, open_page, assert_accessible, make_user):
    page = open_page()
    user = make_user(Role.RECIPIENT)
    page.goto(f"{server}/accounts/password/reset/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # The link is built on SITE_URL, as in every email (not on the host the request came to).
    path = re.search(r"https?://\S+?(/accounts/password/reset/key/\S+)", last_email_to(user.email)).group(1)
    page.goto(f"{server}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a password")
    assert_accessible(page)

    page.get_by_label("New password", exact=True).fill("plum-kettle-harbour-lantern")
    page.get_by_label("Type the new password again").fill("plum-kettle-harbour-lantern")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(page)


@JS
@pytest.mark.parametrize("role", Role.values)
def test_each_roles_dashboard_has_no_axe_violations(server, open_page, assert_accessible, make_user, role, js):
    page, response = visit(open_page, server, f"/dashboard/{role}/", js=js, user=make_user(role))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page, js=js)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/2fa/", "2-step verification"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your email addresses"),
        ("/accounts/logout/", "Sign out"),
    ],
)
def test_signed_in_account_pages_have_no_axe_violations(server, open_page, assert_accessible, make_user, path, heading):
    page, response = visit(open_page, server, path, user=make_user(Role.ADVISER))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_password_change_with_errors_has_no_axe_violations(server, open_page, assert_accessible, make_user):
    page, _ = visit(open_page, server, "/accounts/password/change/", user=make_user(Role.RECIPIENT))
    page.get_by_role("button", name="Save my new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your current password")
    assert_accessible(page)


@JS
def test_the_invitation_page_has_no_axe_violations_for_a_manager(server, open_page, assert_accessible, make_user, js):
    page, response = visit(open_page, server, "/team/invitations/", js=js, user=make_user(Role.MANAGER))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite people to the portal")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, js=js)


def test_sign_in_and_set_up_pages_fit_a_320px_wide_screen(server, open_page, make_user):
    """WCAG 1.4.10 reflow: at 320 CSS pixels (400% zoom) nothing scrolls sideways."""
    recipient = make_user(Role.RECIPIENT)
    page = open_page()
    with narrow_screen(page):
        widths = {}
        page.goto(f"{server}/accounts/login/")
        page.get_by_role("button", name="Sign in").click()
        widths["sign in with errors"] = page_width(page)
        page.goto(f"{server}/accounts/signup/")
        widths["register"] = page_width(page)
        sign_in(page, server, recipient.email)
        page.goto(f"{server}/accounts/2fa/totp/activate/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your password again")
        widths["password again"] = page_width(page)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Set up 2-step verification")
        widths["2-step set-up"] = page_width(page)
    assert all(width <= 320 for width in widths.values()), widths
