"""How long a practitioner sees a person after their direct payment ends (issue 10, finding 12;
docs/domain.md#rule-14-access): 90 days after the end date, for the ending's paperwork, then not at all."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from recipients.models import DirectPayment, Recipient
from recipients.models.record import PRACTITIONER_ACCESS_AFTER_ENDING
from recipients.services.money_records import direct_payment_end
from tests.recipients.factories import DirectPaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.PRACTITIONER)


def ended(practitioner, days_ago: int | None, **kwargs) -> DirectPayment:
    """A direct payment `practitioner` looked after, ended `days_ago` days ago (None: no end date recorded)."""
    end_date = None if days_ago is None else timezone.localdate() - timedelta(days=days_ago)
    return DirectPaymentFactory(
        practitioner=practitioner,
        status=DirectPayment.Status.ENDED,
        end_date=end_date,
        end_reason=DirectPayment.EndReason.MOVED_AWAY,
        **kwargs,
    )


def test_the_policy_is_90_days():
    assert timedelta(days=90) == PRACTITIONER_ACCESS_AFTER_ENDING


def test_a_practitioner_sees_a_person_whose_direct_payment_ended_10_days_ago_but_not_120(practitioner):
    recent = ended(practitioner, 10).recipient
    ended(practitioner, 120)
    assert list(Recipient.objects.visible_to(practitioner)) == [recent]


def test_access_lasts_up_to_and_including_the_90th_day_after_the_end_date(practitioner):
    last_day = ended(practitioner, 90).recipient
    ended(practitioner, 91)
    in_future = ended(practitioner, -14).recipient  # an ending recorded ahead of its date
    assert set(Recipient.objects.visible_to(practitioner)) == {last_day, in_future}


def test_an_ended_direct_payment_without_an_end_date_gives_no_access(practitioner):
    ended(practitioner, None)
    assert not Recipient.objects.visible_to(practitioner).exists()


def test_every_direct_payment_not_yet_ended_keeps_the_person_on_the_caseload(practitioner):
    people = {
        DirectPaymentFactory(practitioner=practitioner, status=status).recipient
        for status in DirectPayment.Status.values
        if status != DirectPayment.Status.ENDED
    }
    assert set(Recipient.objects.visible_to(practitioner)) == people


def test_only_the_practitioner_of_a_payment_still_running_sees_a_person_after_an_old_ending(practitioner, make_user):
    colleague = make_user(Role.PRACTITIONER)
    person = ended(practitioner, 200).recipient
    DirectPaymentFactory(recipient=person, practitioner=colleague, status=DirectPayment.Status.ACTIVE)
    assert not Recipient.objects.visible_to(practitioner).exists()
    assert list(Recipient.objects.visible_to(colleague)) == [person]
    # A new direct payment the first practitioner looks after brings the person back to their caseload.
    DirectPaymentFactory(recipient=person, practitioner=practitioner, status=DirectPayment.Status.DRAFT)
    assert list(Recipient.objects.visible_to(practitioner)) == [person]


def test_the_record_closes_to_the_practitioner_90_days_after_the_ending(client, practitioner, adviser):
    dp = DirectPaymentFactory(practitioner=practitioner, status=DirectPayment.Status.ACTIVE)
    end_date = timezone.localdate() - timedelta(days=120)
    dp.first_payment_date = None  # the factory may have set a first payment after the end date
    direct_payment_end(direct_payment=dp, end_date=end_date, reason=DirectPayment.EndReason.MOVED_AWAY, actor=adviser)
    client.force_login(practitioner)
    record = reverse("recipients:staff_record", kwargs={"pk": dp.recipient_id})
    assert client.get(record).status_code == 404
    dp.end_date = timezone.localdate() - timedelta(days=10)
    dp.save(update_fields=["end_date"])
    assert client.get(record).status_code == 200
