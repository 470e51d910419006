"""Documents, statements and signing the agreement in Chromium: 0 axe violations, JavaScript on and off."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dpss.accounts.models import Role
from recipients.models import AgreementSignature, DirectPayment, Document, DocumentVersion
from recipients.services.agreements import agreement_prepare
from recipients.services.money_records import balance_record
from recipients.services.statements import statement_request
from tests.browser.helpers import JS, narrow_screen, page_width
from tests.recipients.factories import DirectPaymentFactory, DocumentVersionFactory, RecipientFactory

pytestmark = pytest.mark.browser


def waiting_for_signature(user, *, prepared_by=None):
    """Margaret's direct payment, set up, with its agreement ready to sign (the worker runs eagerly in tests)."""
    recipient = RecipientFactory(user=user, full_name="Margaret Ellis")
    dp = DirectPaymentFactory(
        recipient=recipient, status=DirectPayment.Status.DRAFT, outcomes="To get to my choir on Tuesdays."
    )
    agreement_prepare(direct_payment=dp, actor=prepared_by)
    assert DocumentVersion.objects.get(document__recipient=recipient).status == DocumentVersion.Status.READY
    return recipient


@JS
def test_the_person_finds_signs_and_downloads_their_agreement(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    recipient = waiting_for_signature(user)
    page = open_page(js=js, user=user)
    page.goto(f"{server}/direct-payment/{recipient.pk}/")
    expect(page.get_by_role("heading", name="Things to do")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Read and sign your agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your direct payment agreement")
    assert_accessible(page, js=js)

    page.get_by_role("button", name="Sign the agreement").click()  # without ticking the box
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, js=js)
    page.locator(".govuk-error-summary a").first.click()
    expect(page.locator("#id_declaration")).to_be_focused()

    page.locator("#id_declaration").check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_text("Thank you. You have signed the agreement.")).to_be_visible()
    assert_accessible(page, js=js)
    assert AgreementSignature.objects.filter(signer=user).count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the full agreement, version 1").click()
    assert download.value.suggested_filename == "your-direct-payment-agreement-version-1.pdf"


@JS
def test_the_documents_page_with_every_state_and_a_statement_error(server, open_page, assert_accessible, make_user, js):
    user = make_user(Role.RECIPIENT)
    recipient = waiting_for_signature(user)
    dp = recipient.direct_payments.get()
    balance_record(direct_payment=dp, taken_on=timezone.localdate(), balance=Decimal("2310.00"))
    agreement_prepare(direct_payment=dp, actor=None)  # version 2: version 1 goes under "Earlier versions"
    DocumentVersionFactory(document__recipient=recipient, status=DocumentVersion.Status.PENDING, file=None)
    DocumentVersionFactory(document__recipient=recipient, status=DocumentVersion.Status.FAILED, file=None)
    page = open_page(js=js, user=user)

    page.goto(f"{server}/direct-payment/{recipient.pk}/")
    page.get_by_role("link", name="Your agreement, statements and letters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your documents")
    expect(page.get_by_text("This usually takes about a minute.")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_label("Dates I choose").check()
    page.get_by_role("button", name="Get a statement").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Enter the start date").click()
    expect(page.locator("#id_period_start_0")).to_be_focused()

    page.get_by_label("The last 12 months").check()
    page.get_by_role("button", name="Get a statement").click()
    expect(page.get_by_text("We are preparing the statement.")).to_be_visible()
    assert Document.objects.filter(recipient=recipient, period_start__isnull=False).count() == 1


def test_the_documents_and_agreement_pages_fit_a_320_pixel_screen(server, open_page, make_user):
    user = make_user(Role.RECIPIENT)
    recipient = waiting_for_signature(user)
    statement_request(
        direct_payment=recipient.direct_payments.get(),
        period_start=timezone.localdate().replace(day=1),
        period_end=timezone.localdate(),
        actor=user,
    )
    page = open_page(user=user)
    with narrow_screen(page):
        for path in ("documents/", "agreement/", ""):
            page.goto(f"{server}/direct-payment/{recipient.pk}/{path}")
            expect(page.locator("main")).to_have_count(1)
            assert page.evaluate("document.documentElement.clientWidth") == 320
            assert page_width(page) <= 320, path


@JS
def test_a_representative_who_may_only_see_reads_the_agreement(server, open_page, assert_accessible, make_user, js):
    from tests.recipients.factories import RepresentativeFactory

    carer = make_user(Role.REPRESENTATIVE)
    recipient = waiting_for_signature(None)
    RepresentativeFactory(user=carer, recipient=recipient)
    page = open_page(js=js, user=carer)
    page.goto(f"{server}/direct-payment/{recipient.pk}/agreement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Their direct payment agreement")
    expect(page.get_by_role("button", name="Sign the agreement")).to_have_count(0)
    assert_accessible(page, js=js)


@JS
def test_an_adviser_prepares_the_agreement_from_the_documents_page(server, open_page, assert_accessible, make_user, js):
    adviser = make_user(Role.ADVISER)
    recipient = RecipientFactory(full_name="Joan Okafor")
    DirectPaymentFactory(recipient=recipient, status=DirectPayment.Status.DRAFT, outcomes="To keep my garden.")
    page = open_page(js=js, user=adviser)
    page.goto(f"{server}/direct-payment/{recipient.pk}/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Their documents")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Prepare the agreement").click()
    expect(page.get_by_text("Version 1 of the agreement is being prepared.")).to_be_visible()
    assert_accessible(page, js=js)
