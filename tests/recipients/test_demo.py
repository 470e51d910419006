import pytest
from django.core.management import call_command
from django.urls import reverse

from recipients.models import DirectPayment, Recipient, Representative

pytestmark = pytest.mark.django_db


def test_demo_data_gives_the_demo_recipient_and_carer_something_to_see(client):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Recipient.objects.count() == 3
    assert DirectPayment.objects.filter(status=DirectPayment.Status.ACTIVE).count() == 3
    assert Representative.objects.count() == 1
    assert {dp.payment_method for dp in DirectPayment.objects.all()} >= {
        "virtual_wallet",
        "prepaid_card",
        "bank_account",
    }

    margaret = Recipient.objects.get(user__email="recipient@example.com")
    client.force_login(margaret.user)
    page = client.get(reverse("recipients:direct_payment", kwargs={"pk": margaret.pk}))
    assert page.status_code == 200
    assert "weeks</strong> of support" in page.text
