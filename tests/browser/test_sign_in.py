"""Signing in for real: staff with a code from their app, by keyboard alone,
and error summaries that take people to the field that needs fixing."""

import re

import pytest
from playwright.sync_api import Page, expect

from dpss.accounts.models import Role
from tests.browser.helpers import MFA_HEADING, check_error_summary_links, totp_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_an_adviser_signs_in_with_their_password_and_a_code_from_their_app(
    server, open_page, assert_accessible, make_user
):
    adviser = make_user(Role.ADVISER)
    page = open_page()
    page.goto(f"{server}/accounts/login/")
    page.get_by_label("Email address").fill(adviser.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(MFA_HEADING)
    assert_accessible(page)

    page.get_by_label("Code").fill("000000" if totp_code() != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)

    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/dashboard/adviser/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page)


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page: Page, element_id: str, *, limit: int = 25) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return
    raise AssertionError(f"#{element_id} never received focus after {limit} presses of Tab")


def assert_focus_visible(page: Page) -> None:
    """GOV.UK's focus state: a yellow outline or background, never nothing."""
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor]; })()"
    )
    outline_style, outline_width, box_shadow, _background = style
    assert (outline_style != "none" and outline_width != "0px") or box_shadow != "none", style


def test_a_staff_member_can_sign_in_with_the_keyboard_alone(server, open_page, make_user):
    adviser = make_user(Role.ADVISER)
    page = open_page()
    page.goto(f"{server}/accounts/login/")

    tab_to(page, "id_login")
    assert_focus_visible(page)
    page.keyboard.type(adviser.email)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_password"
    assert_focus_visible(page)
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(MFA_HEADING)
    tab_to(page, "id_code")
    page.keyboard.type(totp_code())
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/dashboard/adviser/$"))
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_the_sign_in_error_summary_takes_people_to_each_field(server, open_page):
    page = open_page()
    page.goto(f"{server}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    hrefs = check_error_summary_links(page, press_enter=False)
    assert hrefs == ["#id_login", "#id_password"]


def test_the_invitation_error_summary_takes_people_to_each_field_including_the_radios(server, open_page, make_user):
    page = open_page(user=make_user(Role.MANAGER))
    page.goto(f"{server}/team/invitations/")
    page.get_by_role("button", name="Send invitation").click()
    hrefs = check_error_summary_links(page, press_enter=True)
    assert hrefs == ["#id_full_name", "#id_email", "#id_role_1"]
