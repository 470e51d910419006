"""A form sent twice is done once (docs/adr/0011-a-form-sent-twice-is-done-once.md): one after the other here,
as the back button and the button pressed again send it; tests/ui/test_duplicate_submissions_concurrent.py
sends them at the same moment on PostgreSQL."""

from __future__ import annotations

import html
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from dpss.accounts.models import Invitation, Role
from dpss.notifications.models import OutboxMessage
from dpss.ui import tasks
from dpss.ui.models import Submission
from dpss.ui.services import REPEAT_WINDOW
from queries.models import Query, QueryEvent
from recipients.models import BalanceSnapshot, DirectPayment, DocumentVersion, Payment
from recipients.services import money_records
from tests.queries.helpers import raised_query
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory

pytestmark = pytest.mark.django_db

PAID_78 = {"kind": "paid", "amount": "78.00", "reference": "", "note": ""}


def words(response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def day(prefix: str, value: date) -> dict[str, str]:
    return {f"{prefix}_0": str(value.day), f"{prefix}_1": str(value.month), f"{prefix}_2": str(value.year)}


@pytest.fixture
def dp():
    return DirectPaymentFactory(recipient=RecipientFactory(full_name="Margaret Ellis"))


def payment_url(dp: DirectPayment) -> str:
    return reverse("recipients:staff_payment_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})


def balance_url(dp: DirectPayment) -> str:
    return reverse("recipients:staff_balance_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})


def record_url(dp: DirectPayment) -> str:
    return reverse("recipients:staff_record", kwargs={"pk": dp.recipient_id})


# --- The back button and the button pressed again -------------------------------------------------


def logged_call() -> dict[str, str]:
    """A phone call logged yesterday, as the "log a call" form sends it."""
    return {
        "channel": "phone",
        **day("received_on", timezone.localdate() - timedelta(days=1)),
        "received_time": "9:30am",
        "requester_name": "Joan Okafor",
        "requester_role": "recipient",
        "reply_by": "email",
        "requester_email": "joan@example.com",
        "subject": "Paying my PA",
        "description": "Her PA's payslip is wrong.",
        "priority": "normal",
        "consent_noted": "on",
    }


def test_a_payment_sent_again_after_the_back_button_is_recorded_once_and_the_second_send_says_so(client, adviser, dp):
    client.force_login(adviser)
    data = {**PAID_78, **day("due_date", date(2026, 3, 2))}
    first = client.post(payment_url(dp), data)
    assert first.status_code == 302 and first.url == record_url(dp)
    assert "Payment recorded: £78.00" in words(client.get(first.url))

    again = client.post(payment_url(dp), data)  # back, and "Record the payment" again

    assert again.status_code == 302 and again.url == record_url(dp)  # where the first one went
    page = words(client.get(again.url))
    assert "This payment was recorded a moment ago, so it was not recorded again." in page
    assert Payment.objects.filter(direct_payment=dp).count() == 1


def test_a_second_payment_like_the_first_is_recorded_when_a_note_tells_them_apart(client, adviser, dp):
    client.force_login(adviser)
    data = {**PAID_78, **day("due_date", date(2026, 3, 2))}
    client.post(payment_url(dp), data)
    second = client.post(payment_url(dp), {**data, "note": "The second week's wages"})
    assert second.status_code == 302
    assert Payment.objects.filter(direct_payment=dp, amount=Decimal("78.00")).count() == 2


def test_the_same_form_sent_after_the_repeat_window_is_a_new_one(client, adviser, dp):
    client.force_login(adviser)
    data = {**PAID_78, **day("due_date", date(2026, 3, 2))}
    client.post(payment_url(dp), data)
    Submission.objects.update(created_at=timezone.now() - REPEAT_WINDOW - timedelta(seconds=1))
    client.post(payment_url(dp), data)
    assert Payment.objects.filter(direct_payment=dp).count() == 2


def test_the_same_form_from_someone_else_is_theirs_to_send(client, make_user, adviser, dp):
    data = {**PAID_78, **day("due_date", date(2026, 3, 2))}
    client.force_login(adviser)
    client.post(payment_url(dp), data)
    client.force_login(make_user(Role.ADVISER))
    client.post(payment_url(dp), data)
    assert Payment.objects.filter(direct_payment=dp).count() == 2


def test_a_refused_form_sent_again_is_refused_again_on_the_form_not_called_a_repeat(client, adviser, dp):
    Payment.objects.create(
        direct_payment=dp, kind="paid", amount=Decimal("10"), due_date=date(2026, 3, 2), reference="VW-1"
    )
    client.force_login(adviser)
    data = {**PAID_78, "reference": "VW-1", **day("due_date", date(2026, 3, 2))}
    for _ in range(2):
        response = client.post(payment_url(dp), data)
        assert response.status_code == 200
        assert "A payment with the reference VW-1 is already recorded." in words(response)
    assert not Submission.objects.exists()  # the refusal rolled the claim back with it


def test_only_a_hash_of_who_sent_what_is_kept(client, adviser, dp):
    client.force_login(adviser)
    client.post(payment_url(dp), {**PAID_78, "note": "Wages for Tom Hughes", **day("due_date", date(2026, 3, 2))})
    kept = Submission.objects.get()
    assert len(kept.fingerprint) == 64 and "Tom" not in kept.fingerprint
    assert kept.result_url == record_url(dp)


def test_a_balance_sent_again_is_recorded_once(client, adviser, dp):
    client.force_login(adviser)
    data = {
        "balance": "1200.00",
        "known_liabilities": "0",
        "allowed_contingency": "0",
        **day("taken_on", date(2026, 3, 2)),
    }
    client.post(balance_url(dp), data)
    again = client.post(balance_url(dp), data)
    assert again.status_code == 302
    assert "This balance was recorded a moment ago" in words(client.get(again.url))
    assert BalanceSnapshot.objects.filter(direct_payment=dp).count() == 1


def test_a_staff_reply_sent_twice_is_one_reply_and_one_email(client, adviser):
    query = raised_query(requester_email="joan@example.com")
    client.force_login(adviser)
    url = reverse("queries:staff_reply", kwargs={"pk": query.pk})
    data = {"reply-body": "Your PA gets 5.6 weeks a year.", "reply-after": "keep"}
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302 and again.url == first.url
    assert "This reply was sent a moment ago, so it was not sent again." in words(client.get(again.url))
    assert QueryEvent.objects.filter(query=query, kind=QueryEvent.Kind.PUBLIC_REPLY).count() == 1
    assert OutboxMessage.objects.filter(template="query_reply").count() == 1


def test_a_reply_from_the_person_sent_twice_is_one_reply(client, make_user):
    user = make_user(Role.PERSONAL_ASSISTANT)
    query = raised_query(requester=user)
    client.force_login(user)
    url = reverse("queries:query_detail", kwargs={"reference": query.reference})
    first, again = client.post(url, {"body": "Thank you."}), client.post(url, {"body": "Thank you."})
    assert first.status_code == again.status_code == 302
    assert "We have this reply already" in words(client.get(again.url))
    assert QueryEvent.objects.filter(query=query, kind=QueryEvent.Kind.REQUESTER_REPLY).count() == 1


def test_a_call_logged_twice_is_one_query_with_one_acknowledgement(client, adviser):
    client.force_login(adviser)
    data = logged_call()
    first = client.post("/team/queries/log/", data)
    again = client.post("/team/queries/log/", data)
    query = Query.objects.get()
    assert first.url == again.url == reverse("queries:staff_query", kwargs={"pk": query.pk})
    assert "This query was logged a moment ago, so it was not logged again." in words(client.get(again.url))
    assert OutboxMessage.objects.filter(template="query_acknowledged").count() == 1


def test_an_invitation_sent_twice_is_one_invitation_and_one_email(client, manager):
    client.force_login(manager)
    data = {"full_name": "Sian Morgan", "email": "sian@example.com", "role": Role.ADVISER}
    first = client.post(reverse("accounts:invitation_list"), data)
    again = client.post(reverse("accounts:invitation_list"), data)
    assert first.status_code == again.status_code == 302
    assert "This invitation was sent a moment ago" in words(client.get(again.url))
    assert Invitation.objects.filter(email="sian@example.com").count() == 1
    assert OutboxMessage.objects.filter(to="sian@example.com").count() == 1


def test_a_statement_asked_for_twice_is_prepared_once(client, make_user):
    user = make_user(Role.RECIPIENT)
    dp = DirectPaymentFactory(recipient=RecipientFactory(user=user))
    client.force_login(user)
    url = reverse("recipients:documents", kwargs={"pk": dp.recipient_id})
    with mock.patch("recipients.services.documents.broker_publish"):  # stays pending, as with a busy worker
        client.post(url, {"period": "3"})
        DocumentVersion.objects.update(status=DocumentVersion.Status.READY)  # rendered in between
        again = client.post(url, {"period": "3"})
    assert again.status_code == 302
    assert "You asked for this statement a moment ago" in words(client.get(again.url))
    assert DocumentVersion.objects.filter(document__direct_payment=dp).count() == 1


# --- Natural keys: "check, then insert" lost to a concurrent insert --------------------------------


def _check_misses_once(model):
    """The check before the insert finds nothing once, as when another request inserts just after it."""
    real = model.objects.filter
    calls = []

    def filter_(*args, **kwargs):
        calls.append(1)
        return model.objects.none() if len(calls) == 1 else real(*args, **kwargs)

    return mock.patch.object(model.objects, "filter", side_effect=filter_)


def test_a_payment_reference_recorded_meanwhile_is_a_message_on_the_form_not_a_crash(client, adviser, dp):
    Payment.objects.create(
        direct_payment=dp, kind="paid", amount=Decimal("10"), due_date=date(2026, 3, 2), reference="VW-1"
    )
    client.force_login(adviser)
    with _check_misses_once(Payment):
        response = client.post(payment_url(dp), {**PAID_78, "reference": "VW-1", **day("due_date", date(2026, 3, 2))})
    assert response.status_code == 200
    assert "A payment with the reference VW-1 is already recorded." in words(response)
    assert Payment.objects.filter(direct_payment=dp).count() == 1


def test_a_balance_for_a_day_recorded_meanwhile_has_its_figures_replaced_not_a_crash(adviser, dp):
    money_records.balance_record(direct_payment=dp, taken_on=date(2026, 3, 2), balance=Decimal("100"), actor=adviser)
    with _check_misses_once(BalanceSnapshot):
        money_records.balance_record(
            direct_payment=dp, taken_on=date(2026, 3, 2), balance=Decimal("250"), actor=adviser
        )
    assert BalanceSnapshot.objects.get(direct_payment=dp).balance == Decimal("250.00")


# --- Housekeeping -------------------------------------------------------------------------------


def test_beat_forgets_forms_sent_longer_ago_than_the_window(client, adviser, dp):
    client.force_login(adviser)
    client.post(payment_url(dp), {**PAID_78, **day("due_date", date(2026, 3, 2))})
    client.post(payment_url(dp), {**PAID_78, **day("due_date", date(2026, 3, 9))})
    Submission.objects.filter(pk=Submission.objects.earliest("pk").pk).update(
        created_at=timezone.now() - REPEAT_WINDOW - timedelta(minutes=1)
    )
    assert tasks.submissions_forget() == 1
    assert Submission.objects.count() == 1
