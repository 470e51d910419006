"""What DPSS staff do on a record: each a form page; success goes back to the record with a confirmation."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from recipients.models import AdviserTask, BalanceSnapshot, DirectPayment, Payment
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(strip_tags(response.text)).split())


def day(prefix: str, value: date) -> dict[str, str]:
    return {f"{prefix}_0": str(value.day), f"{prefix}_1": str(value.month), f"{prefix}_2": str(value.year)}


@pytest.fixture
def dp():
    return DirectPaymentFactory(
        recipient=RecipientFactory(full_name="Margaret Ellis"),
        personal_budget_weekly=Decimal("420.00"),
        contribution_weekly=Decimal("35.00"),
    )


def action_url(name: str, dp) -> str:
    return reverse(f"recipients:{name}", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})


def record_url(dp) -> str:
    return reverse("recipients:staff_record", kwargs={"pk": dp.recipient_id})


def post_and_follow(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[:2000]
    assert response["Location"].endswith(
        reverse("recipients:staff_record", kwargs={"pk": response.wsgi_request.resolver_match.kwargs["pk"]})
    )
    return text_of(client.get(response["Location"]))


def test_recording_a_payment_returns_to_the_record_with_a_confirmation(client, adviser, dp):
    client.force_login(adviser)
    url = action_url("staff_payment_new", dp)
    assert "Record a payment" in client.get(url).text
    text = post_and_follow(
        client, url, {"kind": "paid", "amount": "£1,540.00", "reference": "VW-123", **day("due_date", date(2026, 3, 2))}
    )
    assert "Payment recorded: £1,540.00, paid, due on 2 March 2026." in text
    payment = Payment.objects.get(direct_payment=dp)
    assert payment.amount == Decimal("1540.00") and payment.paid_date == date(2026, 3, 2)
    assert payment.recorded_by == adviser


def test_a_payment_with_a_reference_already_used_is_refused_on_the_form(client, adviser, dp):
    client.force_login(adviser)
    data = {"kind": "paid", "amount": "10", "reference": "VW-1", **day("due_date", date(2026, 3, 2))}
    client.post(action_url("staff_payment_new", dp), data)
    # Another amount, so not the same form sent again (tests/test_duplicate_submissions.py has that).
    response = client.post(action_url("staff_payment_new", dp), {**data, "amount": "12"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_reference"' in response.text and "already recorded" in response.text


def test_money_paid_back_cannot_be_recorded_as_a_payment(client, adviser, dp):
    client.force_login(adviser)
    response = client.post(
        action_url("staff_payment_new", dp), {"kind": "recovered", "amount": "10", **day("due_date", date(2026, 3, 2))}
    )
    assert "Choose one of the kinds" in response.text
    assert not Payment.objects.exists()


def test_a_scheduled_payment_must_be_more_than_nothing_but_an_adjustment_may_be_negative(client, adviser, dp):
    client.force_login(adviser)
    url = action_url("staff_payment_new", dp)
    refused = client.post(url, {"kind": "scheduled", "amount": "-5", **day("due_date", date(2026, 3, 2))})
    assert "A scheduled or paid amount must be more than £0" in refused.text
    text = post_and_follow(client, url, {"kind": "adjusted", "amount": "-25.00", **day("due_date", date(2026, 3, 2))})
    assert "Payment recorded: −£25.00" in text or "Payment recorded: -£25.00" in text


def test_recording_a_balance_shows_the_surplus_and_weeks_of_support(client, adviser, dp):
    client.force_login(adviser)
    text = post_and_follow(
        client,
        action_url("staff_balance_new", dp),
        {
            "balance": "1,925.00",
            "known_liabilities": "200",
            "allowed_contingency": "",
            **day("taken_on", date(2026, 1, 5)),
        },
    )
    assert "Balance recorded for 5 January 2026: £1,925.00, about 5 weeks of support. Surplus £1,725.00." in text
    assert "check-in" not in text.split("Success")[1].split("Person's record")[0]
    assert not AdviserTask.objects.exists()


def test_a_balance_above_the_threshold_says_an_adviser_will_offer_a_check_in(client, adviser, dp):
    client.force_login(adviser)
    text = post_and_follow(
        client, action_url("staff_balance_new", dp), {"balance": "5000", **day("taken_on", date(2026, 1, 5))}
    )
    assert "more than 8 weeks of support, so an adviser will offer the person a supportive check-in" in text
    assert AdviserTask.objects.filter(direct_payment=dp, status=AdviserTask.Status.OPEN).count() == 1
    assert BalanceSnapshot.objects.get(direct_payment=dp).recorded_by == adviser


def test_checking_the_account_starts_a_signed_direct_payment(client, adviser, dp):
    dp.status = DirectPayment.Status.AWAITING_SIGNATURE
    dp.agreement_signed_at = timezone.now()
    dp.account_verified = False
    dp.save()
    client.force_login(adviser)
    url = action_url("staff_verify_account", dp)
    refused = client.post(url, {})
    assert "Confirm that you have checked the account" in refused.text
    assert 'href="#id_confirmed"' in refused.text
    text = post_and_follow(client, url, {"confirmed": "on"})
    assert "so the direct payment is now active" in text
    dp.refresh_from_db()
    assert dp.account_verified and dp.status == DirectPayment.Status.ACTIVE


def test_pausing_needs_a_reason_and_restarting_clears_it(client, adviser, dp):
    client.force_login(adviser)
    refused = client.post(action_url("staff_pause", dp), {"reason": "   "})
    assert "Enter why the payments are being paused" in refused.text
    text = post_and_follow(client, action_url("staff_pause", dp), {"reason": "In hospital for a few weeks"})
    assert "Payments are paused." in text and "Why it is paused: In hospital for a few weeks" in text
    assert (
        reverse("recipients:staff_restart", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
        in client.get(record_url(dp)).text
    )
    text = post_and_follow(client, action_url("staff_restart", dp), {})
    assert "Payments have started again." in text
    dp.refresh_from_db()
    assert dp.status == DirectPayment.Status.ACTIVE and dp.suspension_reason == ""


def test_restarting_a_payment_that_is_not_paused_is_explained(client, adviser, dp):
    client.force_login(adviser)
    response = client.post(action_url("staff_restart", dp), {})
    assert response.status_code == 200
    assert "Only a paused direct payment can be started again." in text_of(response)


def test_ending_needs_a_coded_reason_and_the_avoidable_flag_defaults_from_it(client, adviser, dp):
    client.force_login(adviser)
    url = action_url("staff_end", dp)
    refused = client.post(url, {"avoidable": "default", **day("end_date", date(2026, 3, 31))})
    assert "Choose why the direct payment is ending" in refused.text
    assert 'href="#id_reason_1"' in refused.text  # the first radio, so focus moves
    text = post_and_follow(
        client,
        url,
        {
            "reason": DirectPayment.EndReason.COULD_NOT_RECRUIT,
            "avoidable": "default",
            **day("end_date", date(2026, 3, 31)),
        },
    )
    assert "The direct payment ends on 31 March 2026 (counted as avoidable)." in text
    dp.refresh_from_db()
    assert dp.status == DirectPayment.Status.ENDED and dp.end_avoidable is True


def test_staff_may_change_the_avoidable_flag_from_the_default(client, adviser, dp):
    client.force_login(adviser)
    text = post_and_follow(
        client,
        action_url("staff_end", dp),
        {"reason": DirectPayment.EndReason.COULD_NOT_RECRUIT, "avoidable": "no", **day("end_date", date(2026, 3, 31))},
    )
    assert "(not counted as avoidable)" in text
    dp.refresh_from_db()
    assert dp.end_avoidable is False and dp.end_reason == DirectPayment.EndReason.COULD_NOT_RECRUIT


def test_an_end_date_that_is_not_a_real_date_is_explained(client, adviser, dp):
    client.force_login(adviser)
    response = client.post(
        action_url("staff_end", dp),
        {
            "reason": DirectPayment.EndReason.DIED,
            "avoidable": "default",
            **{"end_date_0": "31", "end_date_1": "2", "end_date_2": "2026"},
        },
    )
    assert "Enter the date it ends as a real date" in response.text
    assert 'href="#id_end_date_0"' in response.text


def test_a_direct_payment_of_another_person_is_not_found(client, adviser, dp):
    other = DirectPaymentFactory()
    client.force_login(adviser)
    wrong = reverse("recipients:staff_pause", kwargs={"pk": dp.recipient_id, "dp_pk": other.pk})
    assert client.get(wrong).status_code == 404


def test_people_without_the_manage_permission_cannot_post(client, make_user, dp):
    practitioner = make_user(Role.PRACTITIONER)
    dp.practitioner = practitioner
    dp.save()
    client.force_login(practitioner)
    response = client.post(action_url("staff_pause", dp), {"reason": "No"})
    assert response.status_code == 403
    dp.refresh_from_db()
    assert dp.status == DirectPayment.Status.ACTIVE


# --- Hostile input -------------------------------------------------------------------------

NASTY = ["a" * 10_240, "nul\x00byte", "<script>alert(1)</script>", "9" * 5000, "-1e999", "NaN", "", "′ OR 1=1 --"]


def every_form(dp, representative_pk: int):
    pk = dp.recipient_id
    representative = {"pk": pk, "rep_pk": representative_pk}
    forms = {
        action_url("staff_payment_new", dp): [
            "kind",
            "amount",
            "due_date_0",
            "due_date_1",
            "due_date_2",
            "paid_date_0",
            "reference",
            "note",
        ],
        action_url("staff_balance_new", dp): [
            "taken_on_0",
            "taken_on_1",
            "taken_on_2",
            "balance",
            "known_liabilities",
            "allowed_contingency",
        ],
        action_url("staff_verify_account", dp): ["confirmed"],
        action_url("staff_pause", dp): ["reason"],
        action_url("staff_end", dp): ["reason", "avoidable", "end_date_0", "end_date_1", "end_date_2"],
        reverse("recipients:staff_representative_add", kwargs={"pk": pk}): [
            "full_name",
            "email",
            "kind",
            "legal_basis",
            "permissions",
            "valid_from_0",
            "valid_from_1",
            "valid_from_2",
            "valid_to_0",
        ],
        reverse("recipients:staff_recipient_invite", kwargs={"pk": pk}): ["full_name", "email"],
        reverse("recipients:staff_representative_change", kwargs=representative): ["permissions"],
        reverse("recipients:staff_representative_end", kwargs=representative): [
            "last_day_0",
            "last_day_1",
            "last_day_2",
        ],
    }
    return forms


@pytest.mark.parametrize(
    "value", NASTY, ids=["10kB", "nul", "html", "5000-digits", "huge-exponent", "nan", "empty", "sqlish"]
)
def test_every_staff_form_answers_bad_input_with_a_message_not_an_error(client, adviser, make_user, dp, value):
    carer = RepresentativeFactory(recipient=dp.recipient, user=make_user(Role.REPRESENTATIVE), can_act=True)
    client.force_login(adviser)
    for url, fields in every_form(dp, carer.pk).items():
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code in (200, 302), f"{url}: {response.status_code}"
        if response.status_code == 200:
            assert "There is a problem" in response.text, url
    assert not Payment.objects.exists()
    assert not BalanceSnapshot.objects.exists()
    carer.refresh_from_db()
    assert carer.can_act and carer.valid_to is None  # the authority is unchanged


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.one_of(st.text(max_size=40), st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    day_part=st.text(max_size=12),
    note=st.text(max_size=400),
)
def test_generated_payments_never_crash_the_form(client, adviser, dp, amount, day_part, note):
    client.force_login(adviser)
    response = client.post(
        action_url("staff_payment_new", dp),
        {
            "kind": "adjusted",
            "amount": amount,
            "due_date_0": day_part,
            "due_date_1": "3",
            "due_date_2": "2026",
            "note": note,
        },
    )
    assert response.status_code in (200, 302)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    balance=st.decimals(min_value=-(10**7) + 1, max_value=10**7 - 1, places=2, allow_nan=False),
    owed=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
)
def test_generated_balances_are_kept_to_the_penny_with_a_surplus_never_below_zero(client, adviser, dp, balance, owed):
    client.force_login(adviser)
    taken_on = date(2026, 1, 5)
    response = client.post(
        action_url("staff_balance_new", dp),
        {"balance": str(balance), "known_liabilities": str(owed), **day("taken_on", taken_on)},
    )
    assert response.status_code == 302
    snapshot = BalanceSnapshot.objects.get(direct_payment=dp, taken_on=taken_on)
    assert snapshot.balance == balance and snapshot.surplus >= 0
    assert snapshot.surplus == max(balance - owed, Decimal("0"))


def test_a_balance_too_big_to_be_real_is_queried_not_stored(client, adviser, dp):
    client.force_login(adviser)
    response = client.post(
        action_url("staff_balance_new", dp), {"balance": "385000000", **day("taken_on", date(2026, 1, 5))}
    )
    assert "Check the balance: it must be between -£10,000,000 and £10,000,000" in response.text
    assert 'href="#id_balance"' in response.text
    assert not BalanceSnapshot.objects.exists()


def test_a_future_representative_end_date_is_shown_as_the_last_day(client, adviser, make_user, dp):
    today = timezone.localdate()
    rep = RepresentativeFactory(
        recipient=dp.recipient, user=make_user(Role.REPRESENTATIVE), valid_from=today - timedelta(days=5)
    )
    client.force_login(adviser)
    text = post_and_follow(
        client,
        reverse("recipients:staff_representative_end", kwargs={"pk": dp.recipient_id, "rep_pk": rep.pk}),
        day("last_day", today + timedelta(days=3)),
    )
    assert "until the end of" in text
