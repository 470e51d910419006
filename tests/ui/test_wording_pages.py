"""The wording faults people met (issue 11, item 9), on the pages where they met them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dpss.accounts.models import Role
from recipients.models import DirectPayment
from tests.queries.helpers import text
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_a_representative_reads_their_not_your(client, make_user):
    person = DirectPaymentFactory(
        recipient=RecipientFactory(full_name="Lily Brown"), kind=DirectPayment.Kind.CHILDREN
    ).recipient
    parent = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(recipient=person, user=parent, can_see=True, can_act=True, can_sign=True)
    client.force_login(parent)
    documents = text(client.get(reverse("recipients:documents", kwargs={"pk": person.pk})))
    assert "Their documents" in documents
    assert "Their agreement, statements and letters about their direct payment" in documents
    assert "about your direct payment" not in documents
    money = text(client.get(reverse("recipients:direct_payment", kwargs={"pk": person.pk})))
    assert "Questions about your money" not in money and "Questions about the money" in money


def test_staff_see_the_kind_of_direct_payment_named_once(client, adviser):
    person = DirectPaymentFactory(kind=DirectPayment.Kind.CHILDREN).recipient
    client.force_login(adviser)
    page = text(client.get(reverse("recipients:staff_record", kwargs={"pk": person.pk})))
    assert "Children's direct payment" in page.replace("&#x27;", "'")
    assert "direct payment direct payment" not in page
