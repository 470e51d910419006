import pytest
from django.core.management import call_command
from django.urls import reverse

from dpss.accounts.models import Invitation
from recipients.models import AdviserTask, DirectPayment, FinancialCheckup, Recipient, Recovery, Representative
from recipients.services.checkups import checkups_schedule

pytestmark = pytest.mark.django_db


def test_demo_data_gives_every_demo_journey_something_to_show(client):
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run again: nothing doubles

    assert Recipient.objects.count() == 48
    assert {r.care_group for r in Recipient.objects.all()} >= {
        "older_adults",
        "physical_disability",
        "learning_disability",
        "mental_health",
        "carer",
        "child_disability",
    }
    assert {dp.payment_method for dp in DirectPayment.objects.all()} == {
        "virtual_wallet",
        "prepaid_card",
        "bank_account",
        "managed_account",
    }
    assert {dp.status for dp in DirectPayment.objects.all()} >= {"active", "awaiting_signature", "suspended", "ended"}
    assert Representative.objects.count() == 3
    # One with money building up (a supportive check-in for an adviser), one check-up due, one to review.
    ravi = DirectPayment.objects.get(recipient__council_reference="HCC0000103")
    assert ravi.surplus_flagged
    assert AdviserTask.objects.filter(direct_payment=ravi, status=AdviserTask.Status.OPEN).count() == 1
    assert FinancialCheckup.objects.filter(status=FinancialCheckup.Status.DUE).count() == 1
    assert FinancialCheckup.objects.filter(status=FinancialCheckup.Status.SUBMITTED).count() == 1
    assert Recovery.objects.filter(status=Recovery.Status.PROPOSED).count() == 1  # for a manager to decide
    assert Invitation.objects.filter(email="joan.okafor@example.com").count() == 1

    margaret = Recipient.objects.get(user__email="recipient@example.com")
    client.force_login(margaret.user)
    page = client.get(reverse("recipients:direct_payment", kwargs={"pk": margaret.pk}))
    assert page.status_code == 200
    assert "weeks</strong> of support" in page.text
    assert "financial check-up" in page.text.lower()


def test_the_demo_s_running_direct_payments_have_a_signed_agreement_and_no_check_up_for_a_past_period(client, adviser):
    """Issue 11: Margaret's and Ravi's active direct payments said "Agreement signed: Not yet", and the first
    scheduled run opened a check-up for a period long gone for every demo direct payment with no history."""
    call_command("seed_demo")
    started = DirectPayment.objects.exclude(status__in=["draft", "awaiting_signature"])
    assert started.exists() and not started.filter(agreement_signed_at__isnull=True).exists()
    assert all(dp.agreement_signed_at.date() < dp.first_payment_date for dp in started)
    client.force_login(adviser)
    for reference in ("HCC0000101", "HCC0000103"):
        person = Recipient.objects.get(council_reference=reference)
        page = " ".join(client.get(reverse("recipients:staff_record", kwargs={"pk": person.pk})).text.split())
        assert 'Agreement signed</dt> <dd class="govuk-summary-list__value">Not yet' not in page
        assert 'Agreement signed</dt> <dd class="govuk-summary-list__value">' in page

    opened_by_the_demo = FinancialCheckup.objects.count()
    assert checkups_schedule() == 0
    assert FinancialCheckup.objects.count() == opened_by_the_demo
