"""Financial check-up pages in Chromium: whole journeys, 0 axe violations, JavaScript on and off, 320px wide."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dpss.accounts.models import Role
from recipients.models import DirectPayment, FinancialCheckup
from recipients.services.money_records import balance_record
from tests.browser.helpers import JS, check_error_summary_links, narrow_screen, page_width
from tests.recipients.factories import (
    TINY_PDF,
    CheckupEvidenceFactory,
    DirectPaymentFactory,
    FinancialCheckupFactory,
    RecipientFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.browser


def a_checkup(user=None, *, method=DirectPayment.PaymentMethod.BANK_ACCOUNT, **kwargs):
    recipient = RecipientFactory(user=user, full_name="Joan Price", email="joan@example.com")
    dp = DirectPaymentFactory(recipient=recipient, payment_method=method)
    balance_record(direct_payment=dp, taken_on=timezone.localdate(), balance=Decimal("2310.00"))
    return FinancialCheckupFactory(direct_payment=dp, **kwargs)


def checkup_path(checkup) -> str:
    return f"/direct-payment/{checkup.direct_payment.recipient_id}/check-up/{checkup.pk}/"


@JS
def test_a_person_sends_statements_from_the_task_on_their_page(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    checkup = a_checkup(user)
    page = open_page(js=js, user=user)
    page.goto(f"{server}/direct-payment/{checkup.direct_payment.recipient_id}/")
    expect(page.get_by_text("Your financial check-up: please do this by")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Do the financial check-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your financial check-up")
    assert_accessible(page, js=js)

    page.get_by_label("Add statements or receipts").set_input_files(
        [{"name": "March statement.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}]
    )
    page.get_by_label("Money in from").fill("1,540.00")
    page.get_by_label("Money out from").fill("£1320.45")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    expect(page.get_by_text("March statement.pdf")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send the check-up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Financial check-up sent")
    assert_accessible(page, js=js)
    page.get_by_role("link", name="See what you sent").click()
    expect(page.get_by_text("£1,320.45")).to_be_visible()
    assert_accessible(page, js=js)


@JS
def test_a_refused_file_is_explained_and_the_error_links_lead_to_the_fields(
    server, open_page, assert_accessible, make_user, js
):
    user = make_user(Role.RECIPIENT)
    checkup = a_checkup(user)
    page = open_page(js=js, user=user)
    page.goto(server + checkup_path(checkup))
    page.get_by_label("Add statements or receipts").set_input_files(
        [{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": b"<html>not a pdf</html>"}]
    )
    page.get_by_label("Money in from").fill("1540")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“statement.pdf” is not a PDF, JPEG or PNG file")
    expect(page.get_by_label("Money in from")).to_have_value("1540")
    assert_accessible(page, js=js)
    if js:
        assert check_error_summary_links(page, press_enter=False) == ["#id_files", "#id_money_out"]


@JS
def test_the_online_account_check_up_and_its_error_have_no_axe_violations(
    server, open_page, assert_accessible, make_user, js
):
    user = make_user(Role.RECIPIENT)
    checkup = a_checkup(user, method=DirectPayment.PaymentMethod.VIRTUAL_WALLET)
    page = open_page(js=js, user=user)
    page.goto(server + checkup_path(checkup))
    expect(page.get_by_label("I confirm my online account is up to date")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick the box to confirm")
    assert_accessible(page, js=js)
    if js:
        check_error_summary_links(page, press_enter=True)
    page.get_by_label("I confirm my online account is up to date").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send the check-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financial check-up sent")


@JS
def test_an_adviser_finds_a_sent_check_up_and_finishes_it(server, open_page, assert_accessible, make_user, js):
    adviser = make_user(Role.ADVISER)
    checkup = a_checkup(
        status=FinancialCheckup.Status.SUBMITTED,
        submitted_at=timezone.now(),
        money_in=Decimal("1540.00"),
        money_out=Decimal("1320.45"),
    )
    CheckupEvidenceFactory(checkup=checkup, original_name="March statement.pdf")
    page = open_page(js=js, user=adviser)
    page.goto(f"{server}/dashboard/adviser/")
    page.get_by_role("link", name="Financial check-ups to look at").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financial check-ups")
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Joan Price").click()
    expect(page.get_by_text("March statement.pdf")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Finish the check-up and send the letter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the outcome is")
    assert_accessible(page, js=js)
    if js:
        check_error_summary_links(page, press_enter=False)
    page.get_by_label("We would like a chat about some spending").check()
    page.get_by_label("Note for the person").fill("I would like to hear how the new agency is working out.")
    page.get_by_role("button", name="Finish the check-up and send the letter").click()
    expect(page.get_by_text("Check-up finished.")).to_be_visible()
    assert_accessible(page, js=js)


@JS
def test_the_start_page_has_no_axe_violations(server, open_page, assert_accessible, make_user, js):
    checkup = a_checkup(status=FinancialCheckup.Status.COMPLETED)
    page = open_page(js=js, user=make_user(Role.MANAGER))
    page.goto(f"{server}/team/people/{checkup.direct_payment.recipient_id}/check-ups/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a financial check-up")
    assert_accessible(page, js=js)
    page.get_by_label("Year").first.fill("")
    page.get_by_role("button", name="Start the check-up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, js=js)
    if js:
        check_error_summary_links(page, press_enter=False)


def test_check_up_pages_fit_a_320px_wide_screen(server, open_page, make_user):
    """WCAG 1.4.10 reflow: at 320 CSS pixels (400% zoom) nothing scrolls sideways."""
    user = make_user(Role.RECIPIENT)
    checkup = a_checkup(user, period_start=timezone.localdate() - timedelta(weeks=9))
    CheckupEvidenceFactory(checkup=checkup, original_name="A statement with a rather long file name 2026.pdf")
    adviser = make_user(Role.ADVISER)
    page = open_page(user=user)
    with narrow_screen(page):
        widths = {}
        page.goto(server + checkup_path(checkup))
        widths["check-up"] = page_width(page)
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        widths["check-up with errors"] = page_width(page)
        page.goto(server + checkup_path(checkup) + "check-your-answers/")
        widths["check your answers"] = page_width(page)
        page = open_page(user=adviser)
        page.goto(f"{server}/team/check-ups/{checkup.pk}/")
        widths["review"] = page_width(page)
        page.goto(f"{server}/team/check-ups/?show=waiting")
        expect(page.get_by_role("table")).to_be_visible()
        widths["list"] = page_width(page)
    assert all(width <= 320 for width in widths.values()), widths


def test_a_representative_who_may_act_does_the_check_up_for_the_person(server, open_page, assert_accessible, make_user):
    carer = make_user(Role.REPRESENTATIVE)
    checkup = a_checkup(method=DirectPayment.PaymentMethod.PREPAID_CARD)
    RepresentativeFactory(user=carer, recipient=checkup.direct_payment.recipient, can_act=True)
    page = open_page(user=carer)
    page.goto(f"{server}/direct-payment/")
    page.get_by_role("link", name="Joan Price").click()
    expect(page.get_by_text("Financial check-up: please do this by")).to_be_visible()
    page.get_by_role("link", name="Do the financial check-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financial check-up")
    assert_accessible(page)
    page.get_by_label("I confirm my online account is up to date").check()
    page.get_by_label("Anything you would like to tell us (optional)").fill("Joan asked me to do this for her.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send the check-up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financial check-up sent")
    checkup.refresh_from_db()
    assert checkup.submitted_by == carer
