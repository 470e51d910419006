"""The staff record and what staff do on it, in Chromium: 0 axe violations with JavaScript on and off,
error-summary links that move focus, and no sideways scrolling at 320px."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dpss.accounts.models import Role
from recipients.models import AdviserTask, DirectPayment, Document, DocumentVersion, Payment, Representative
from recipients.services.check_ins import check_in_close, recovery_propose
from recipients.services.money_records import balance_record
from tests.browser.helpers import JS, check_error_summary_links, narrow_screen, page_width
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def record(make_user):
    """A full record: a current and an ended direct payment, payments, a high balance, people acting for them."""
    today = timezone.localdate()
    person = RecipientFactory(full_name="Ravi Patel", email="ravi@example.com", communication_needs="Easy Read")
    dp = DirectPaymentFactory(recipient=person, practitioner=make_user(Role.PRACTITIONER, full_name="Priya Shah"))
    DirectPaymentFactory(
        recipient=person,
        status="ended",
        end_reason=DirectPayment.EndReason.DIFFICULTY_MANAGING,
        end_avoidable=True,
        end_date=date(2024, 5, 1),
        created_at=timezone.now() - timedelta(days=800),
    )
    Payment.objects.bulk_create(
        Payment(
            direct_payment=dp,
            kind=Payment.Kind.PAID,
            amount=Decimal("1538.00"),
            due_date=date(2025, 1, 6) + timedelta(weeks=4 * n),
            reference=f"VW-{n:05d}",
        )
        for n in range(12)
    )
    balance_record(direct_payment=dp, taken_on=today, balance=Decimal("6120.00"), allowed_contingency=Decimal("384.50"))
    document = Document.objects.create(
        recipient=person, kind=Document.Kind.AGREEMENT, title="Your direct payment agreement"
    )
    DocumentVersion.objects.create(document=document, number=1, template="x", status=DocumentVersion.Status.READY)
    RepresentativeFactory(
        recipient=person,
        user=make_user(Role.REPRESENTATIVE, full_name="Sunita Patel"),
        kind=Representative.Kind.AUTHORISED_PERSON,
        legal_basis="deputy",
        can_act=True,
        valid_from=today - timedelta(days=100),
    )
    RepresentativeFactory(
        recipient=person,
        user=make_user(Role.REPRESENTATIVE, full_name="Amit Patel"),
        valid_from=today - timedelta(days=400),
        valid_to=today - timedelta(days=40),
    )
    return person, dp


@JS
def test_the_staff_record_has_no_axe_violations(server, open_page, assert_accessible, make_user, record, js):
    person, _dp = record
    page = open_page(js=js, user=make_user(Role.ADVISER))
    page.goto(f"{server}/team/people/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ravi Patel")
    expect(page.get_by_text("which is more than 8 weeks of support")).to_be_visible()
    assert_accessible(page, js=js)


def test_staff_pages_work_at_320px_without_sideways_scrolling(server, open_page, make_user, record):
    person, dp = record
    page = open_page(user=make_user(Role.MANAGER))
    with narrow_screen(page):
        for path in (
            f"/team/people/{person.pk}/",
            f"/team/people/{person.pk}/direct-payments/{dp.pk}/end/",
            f"/team/people/{person.pk}/representatives/add/",
            "/team/check-ins/",
            f"/team/check-ins/{AdviserTask.objects.get(direct_payment=dp).pk}/",
        ):
            page.goto(server + path)
            expect(page.locator("h1")).to_be_visible()
            assert page_width(page) <= 320, path
        # On the record, a wide table scrolls in its own box, which the keyboard can reach.
        page.goto(f"{server}/team/people/{person.pk}/")
        payments = page.get_by_role("region", name="The latest 10 payments, newest first")
        assert payments.get_attribute("tabindex") == "0"
        assert payments.evaluate("el => el.scrollWidth > el.clientWidth")


@JS
def test_every_staff_form_page_has_no_axe_violations_before_and_after_an_error(
    server, open_page, assert_accessible, make_user, record, js
):
    person, dp = record
    rep = person.representatives.order_by("-valid_from").first()
    base = f"{server}/team/people/{person.pk}"
    pages = {
        f"{base}/direct-payments/{dp.pk}/payments/new/": ("Record a payment", "Record the payment"),
        f"{base}/direct-payments/{dp.pk}/balances/new/": ("Record a balance", "Record the balance"),
        f"{base}/direct-payments/{dp.pk}/check-account/": ("Check the account", "Confirm"),
        f"{base}/direct-payments/{dp.pk}/pause/": ("Pause the payments", "Pause the payments"),
        f"{base}/direct-payments/{dp.pk}/end/": ("End the direct payment", "End the direct payment"),
        f"{base}/representatives/add/": ("Add someone who acts for this person", "Add them"),
        f"{base}/representatives/{rep.pk}/change/": ("Change what they may do", None),
        f"{base}/representatives/{rep.pk}/end/": ("End their authority", "End their authority"),
        f"{base}/invite/": ("Invite them to see their direct payment online", None),
        f"{base}/direct-payments/{dp.pk}/restart/": ("Start the payments again", None),
    }
    page = open_page(js=js, user=make_user(Role.ADVISER))
    for url, (heading, submit_empty) in pages.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, js=js)
        if submit_empty:
            page.get_by_role("button", name=submit_empty).click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page, js=js)


def test_the_error_summary_takes_staff_to_each_field_of_the_end_form(server, open_page, make_user, record):
    person, dp = record
    page = open_page(user=make_user(Role.ADVISER))
    page.goto(f"{server}/team/people/{person.pk}/direct-payments/{dp.pk}/end/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_role("button", name="End the direct payment").click()
    hrefs = check_error_summary_links(page, press_enter=True)
    assert hrefs == ["#id_reason_1", "#id_end_date_0"]


def test_the_error_summary_takes_staff_to_each_field_of_the_representative_form(server, open_page, make_user, record):
    person, _dp = record
    page = open_page(user=make_user(Role.ADVISER))
    page.goto(f"{server}/team/people/{person.pk}/representatives/add/")
    page.get_by_role("button", name="Add them").click()
    hrefs = check_error_summary_links(page, press_enter=False)
    assert hrefs == ["#id_full_name", "#id_email", "#id_kind_1", "#id_permissions_1"]


def test_an_adviser_records_a_balance_and_sees_the_surplus_and_weeks(server, open_page, make_user, record):
    person, _dp = record
    page = open_page(user=make_user(Role.ADVISER))
    page.goto(f"{server}/team/people/{person.pk}/")
    page.get_by_role("link", name="Record a balance").click()
    page.get_by_label("Balance", exact=True).fill("2,307.00")
    page.get_by_label("Money already owed").fill("384.50")
    page.get_by_role("button", name="Record the balance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ravi Patel")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("about 6 weeks of support")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Surplus £1,922.50")


@JS
def test_the_check_in_pages_have_no_axe_violations(server, open_page, assert_accessible, make_user, record, js):
    _person, dp = record
    adviser, manager = make_user(Role.ADVISER), make_user(Role.MANAGER)
    task = AdviserTask.objects.get(direct_payment=dp)

    page = open_page(js=js, user=adviser)
    page.goto(f"{server}/team/check-ins/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-ins")
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Ravi Patel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in with Ravi Patel")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Record the check-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, js=js)

    check_in_close(task=task, note="Saving for a new wheelchair.", actor=adviser)
    page.goto(f"{server}/team/check-ins/{task.pk}/")
    page.get_by_role("link", name="Propose asking for unspent money back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose asking for unspent money back")
    assert_accessible(page, js=js)

    recovery = recovery_propose(check_in=task, amount=Decimal("500"), reason="Not needed this year.", actor=adviser)
    page = open_page(js=js, user=manager)
    page.goto(f"{server}/team/check-ins/")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Asking for unspent money back: waiting for a manager"
    )
    assert_accessible(page, js=js)
    page.goto(f"{server}/team/money-back/{recovery.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asking for unspent money back")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, js=js)
