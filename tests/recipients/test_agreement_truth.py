"""What the pages say about an agreement is what happened (issue 11, items 1 and 2; docs/domain.md#rule-8)."""

import re

import pytest
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from recipients.models import DirectPayment, DocumentVersion, Representative
from recipients.services.agreements import agreement_prepare
from recipients.services.money_records import direct_payment_verify_account
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

WAITING = "Waiting for the agreement to be signed"
SIGNED_WAITING = "Agreement signed: waiting for the account to be checked"


def url(name, recipient):
    return reverse(f"recipients:{name}", kwargs={"pk": recipient.pk})


def text_of(response) -> str:
    """The words of the page, without tags."""
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


@pytest.fixture
def lily(make_user):
    """Lily, with no sign-in of her own, and David, her parent, who may sign for her."""
    person = RecipientFactory(full_name="Lily Okafor", email="", contact_by_email=False)
    DirectPaymentFactory(recipient=person, status=DirectPayment.Status.DRAFT, outcomes="To go swimming.")
    david = make_user(Role.REPRESENTATIVE, full_name="David Okafor", email="david@example.com")
    RepresentativeFactory(user=david, recipient=person, kind=Representative.Kind.PARENT, can_act=True, can_sign=True)
    return person


@pytest.fixture
def prepared(lily, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = agreement_prepare(direct_payment=lily.direct_payments.get(), actor=manager)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.READY
    return version


def test_once_signed_both_pages_say_signed_and_what_it_waits_for_not_waiting_for_a_signature(
    client, lily, prepared, adviser
):
    david = lily.representatives.get().user
    client.force_login(david)
    assert f"Status {WAITING}" in text_of(client.get(url("direct_payment", lily)))
    client.post(url("agreement_sign", lily), {"version": prepared.pk, "declaration": "on"})

    own_page = text_of(client.get(url("direct_payment", lily)))
    assert f"Status {SIGNED_WAITING}" in own_page and WAITING not in own_page
    client.force_login(adviser)
    record = text_of(client.get(url("staff_record", lily)))
    assert f"direct payment: {SIGNED_WAITING.lower()}" in record
    assert f"Status {SIGNED_WAITING}" in record
    assert f"Status {WAITING}" not in record  # (the history still says, truly, when it began to wait)

    # docs/domain.md#rule-8: it starts once the account is checked too, and then says so.
    direct_payment_verify_account(direct_payment=lily.direct_payments.get(), actor=adviser)
    assert "Status Active" in text_of(client.get(url("staff_record", lily)))


def test_preparing_again_says_how_many_were_emailed(client, lily, adviser):
    client.force_login(adviser)
    response = client.post(url("agreement_prepare", lily))
    page = text_of(client.get(response["Location"]))
    assert "We have emailed the person who can sign it." in page
    assert OutboxMessage.objects.filter(template="agreement_ready", to="david@example.com").count() == 1


def test_when_nobody_may_sign_online_no_email_is_claimed_and_staff_are_told_what_to_do(client, lily, adviser):
    lily.representatives.update(can_sign=False)
    client.force_login(adviser)
    response = client.post(url("agreement_prepare", lily))
    page = text_of(client.get(response["Location"]))
    assert "Version 1 of the agreement is being prepared." in page
    assert "We have emailed" not in page
    assert "so no email was sent" in page and "Invite the person to see their direct payment online" in page
    assert not OutboxMessage.objects.filter(template="agreement_ready").exists()
