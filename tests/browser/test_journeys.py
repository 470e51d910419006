"""Whole journeys through the demo data (`seed_demo`), as each kind of person walks them.

Each page on the way passes axe, with JavaScript on and off. The journeys
cross the parts of the record (direct payment, check-ups, documents, signing,
staff search and record), so they also check that the parts fit together and
that the demo data a newcomer sees with `make run` works.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dpss.accounts.models import User
from recipients.models import AgreementSignature, DirectPayment, FinancialCheckup
from tests.browser.helpers import JS

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(server):
    call_command("seed_demo", stdout=io.StringIO())
    return {user.email: user for user in User.objects.all()}


def heading(page):
    return page.get_by_role("heading", level=1)


@JS
def test_a_recipient_does_her_check_up_and_reads_her_statement(server, open_page, assert_accessible, demo, js):
    page = open_page(js=js, user=demo["recipient@example.com"])
    page.goto(server + "/home/")
    page.get_by_role("link", name="Direct payment", exact=True).click()
    expect(heading(page)).to_have_text("Your direct payment")
    expect(page.get_by_text("weeks", exact=False).first).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Do the financial check-up").click()
    expect(heading(page)).to_have_text("Your financial check-up")
    assert_accessible(page, js=js)
    page.get_by_label("I confirm my online account is up to date").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check your answers before sending")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send the check-up").click()
    expect(heading(page)).to_have_text("Financial check-up sent")
    assert_accessible(page, js=js)
    assert FinancialCheckup.objects.get(direct_payment__recipient__council_reference="HCC0000101").status == "submitted"

    page.goto(server + "/direct-payment/")
    page.get_by_role("link", name="Your agreement, statements and letters").click()
    expect(heading(page)).to_have_text("Your documents")
    assert_accessible(page, js=js)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download the PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")


@JS
def test_a_parent_signs_his_daughters_agreement_but_may_only_read_for_another_person(
    server, open_page, assert_accessible, demo, js
):
    page = open_page(js=js, user=demo["representative@example.com"])
    page.goto(server + "/direct-payment/")
    expect(heading(page)).to_have_text("Whose direct payment do you want to see?")
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Lily Harris").click()
    expect(heading(page)).to_have_text("Their direct payment")
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Read and sign the agreement").click()
    expect(heading(page)).to_have_text("Their direct payment agreement")
    assert_accessible(page, js=js)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("You have signed the agreement")).to_be_visible()
    assert_accessible(page, js=js)
    signature = AgreementSignature.objects.get(direct_payment__recipient__council_reference="HCC0000106")
    assert signature.authority == AgreementSignature.Authority.PARENT
    # The bank account is not checked yet, so nothing is paid (docs/domain.md#rule-8).
    assert signature.direct_payment.status == DirectPayment.Status.AWAITING_SIGNATURE

    # Ravi's record: David may read it to help him, but may not answer or sign for him.
    page.goto(server + "/direct-payment/")
    page.get_by_role("link", name="Ravi Patel").click()
    expect(heading(page)).to_have_text("Their direct payment")
    assert_accessible(page, js=js)
    expect(page.get_by_role("link", name="Do the financial check-up")).to_have_count(0)


@JS
def test_an_adviser_finds_a_person_and_reviews_the_check_up_they_sent(server, open_page, assert_accessible, demo, js):
    page = open_page(js=js, user=demo["adviser@example.com"])
    page.goto(server + "/home/")
    page.get_by_role("link", name="Find a person").first.click()
    expect(heading(page)).to_have_text("Find a person")
    assert_accessible(page, js=js)
    page.get_by_label("Name, council reference or postcode").fill("ravi")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Ravi Patel").click()
    expect(heading(page)).to_have_text("Ravi Patel")
    expect(page.get_by_text("supportive check-in").first).to_be_visible()
    assert_accessible(page, js=js)

    page.locator("#check-ups").locator("xpath=following::table[1]").get_by_role("link").first.click()
    expect(page.get_by_text("bank-statement.pdf")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_label("Everything is in order").check()
    page.get_by_role("button", name="Finish the check-up and send the letter").click()
    expect(page.get_by_text("Check-up finished.")).to_be_visible()
    assert_accessible(page, js=js)
    checkup = FinancialCheckup.objects.get(direct_payment__recipient__council_reference="HCC0000103")
    assert checkup.status == FinancialCheckup.Status.COMPLETED
    assert checkup.letter is not None  # in Easy Read, as Ravi asked


@JS
def test_a_manager_decides_on_asking_for_unspent_money_back(server, open_page, assert_accessible, demo, js):
    page = open_page(js=js, user=demo["manager@example.com"])
    page.goto(server + "/home/")
    page.get_by_role("link", name="Check-ins", exact=True).click()
    expect(heading(page)).to_have_text("Check-ins")
    assert_accessible(page, js=js)
    page.get_by_role("link", name=re.compile("^Peter Walsh")).click()
    expect(heading(page)).to_have_text("Asking for unspent money back")
    assert_accessible(page, js=js)
    page.get_by_role("radio", name="Approve", exact=True).check()
    page.get_by_role("button", name="Save the decision").click()
    assert_accessible(page, js=js)
    recovery = DirectPayment.objects.get(recipient__council_reference="HCC0000105").recoveries.get()
    assert recovery.status == recovery.Status.APPROVED and recovery.payment is not None
