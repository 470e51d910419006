"""Recipients' pages in Chromium: 0 axe violations, JavaScript on and off."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dpss.accounts.models import Role
from recipients.models import Payment
from recipients.services.money_records import balance_record
from tests.browser.helpers import JS
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.browser


def a_direct_payment(user):
    recipient = RecipientFactory(user=user, full_name="Margaret Ellis")
    dp = DirectPaymentFactory(recipient=recipient, outcomes="To get to my choir on Tuesdays.")
    balance_record(direct_payment=dp, taken_on=timezone.localdate(), balance=Decimal("2310.00"))
    Payment.objects.create(
        direct_payment=dp,
        kind=Payment.Kind.SCHEDULED,
        amount=Decimal("1540.00"),
        due_date=timezone.localdate() + timedelta(days=9),
    )
    return recipient


@JS
def test_a_recipient_reaches_their_direct_payment_from_the_header(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    a_direct_payment(user)
    page = open_page(js=js, user=user)
    page.goto(server + "/home/")
    page.get_by_role("link", name="Direct payment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your direct payment")
    expect(page.get_by_text("weeks", exact=False).first).to_be_visible()
    assert_accessible(page, js=js)


@JS
def test_a_representative_chooses_a_person_and_sees_their_direct_payment(
    server, open_page, assert_accessible, make_user, js
):
    carer = make_user(Role.REPRESENTATIVE)
    recipient = a_direct_payment(None)
    RepresentativeFactory(user=carer, recipient=recipient)
    page = open_page(js=js, user=carer)
    page.goto(server + "/direct-payment/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Whose direct payment do you want to see?")
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Margaret Ellis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Their direct payment")
    assert_accessible(page, js=js)


@JS
def test_the_payments_history_page_has_no_axe_violations(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    recipient = a_direct_payment(user)
    page = open_page(js=js, user=user)
    page.goto(server + f"/direct-payment/{recipient.pk}/")
    page.get_by_role("link", name="See all payments and balances").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments and balances")
    assert_accessible(page, js=js)
