from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from dpss.accounts.models import Role
from recipients.models import BalanceSnapshot, DirectPayment, Recipient, Representative
from recipients.services.money_records import balance_record, direct_payment_end, surplus_needs_a_conversation
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_a_balance_shows_its_surplus_and_weeks_of_support():
    dp = DirectPaymentFactory(personal_budget_weekly=Decimal("420.00"), contribution_weekly=Decimal("35.00"))
    snapshot = balance_record(
        direct_payment=dp,
        taken_on=date(2027, 1, 4),
        balance=Decimal("5000.00"),
        known_liabilities=Decimal("800.00"),
        allowed_contingency=Decimal("385.00"),
    )
    assert snapshot.surplus == Decimal("3815.00")
    assert snapshot.weeks_of_support == Decimal("12.9")  # 5000 / 385, rounded down


def test_recording_the_same_day_again_replaces_the_figures():
    dp = DirectPaymentFactory()
    balance_record(direct_payment=dp, taken_on=date(2027, 1, 4), balance=Decimal("100"))
    balance_record(direct_payment=dp, taken_on=date(2027, 1, 4), balance=Decimal("250"))
    assert BalanceSnapshot.objects.get(direct_payment=dp).balance == Decimal("250.00")


def test_a_surplus_above_the_threshold_asks_for_a_conversation():
    dp = DirectPaymentFactory(personal_budget_weekly=Decimal("100.00"), contribution_weekly=Decimal("0"))
    under = balance_record(direct_payment=dp, taken_on=date(2027, 1, 4), balance=Decimal("800.00"))
    over = balance_record(direct_payment=dp, taken_on=date(2027, 2, 1), balance=Decimal("800.01"))
    assert not surplus_needs_a_conversation(snapshot=under)
    assert surplus_needs_a_conversation(snapshot=over)


def test_ending_needs_a_coded_reason_and_records_whether_it_was_avoidable():
    dp = DirectPaymentFactory()
    with pytest.raises(ValidationError, match="Choose why"):
        direct_payment_end(direct_payment=dp, end_date=date(2027, 3, 1), reason="")
    direct_payment_end(direct_payment=dp, end_date=date(2027, 3, 1), reason=DirectPayment.EndReason.COULD_NOT_RECRUIT)
    dp.refresh_from_db()
    assert dp.status == DirectPayment.Status.ENDED
    assert dp.end_avoidable is True

    other = DirectPaymentFactory()
    direct_payment_end(direct_payment=other, end_date=date(2027, 3, 1), reason=DirectPayment.EndReason.DIED)
    assert other.end_avoidable is False


def test_the_database_refuses_an_ended_payment_without_a_reason():
    dp = DirectPaymentFactory()
    dp.status = DirectPayment.Status.ENDED
    with pytest.raises(IntegrityError):
        dp.save()


def test_the_council_amount_is_net_of_the_contribution_unless_gross():
    dp = DirectPaymentFactory(personal_budget_weekly=Decimal("300"), contribution_weekly=Decimal("45.50"))
    assert dp.council_amount_weekly == Decimal("254.50")
    dp.basis = DirectPayment.Basis.GROSS
    assert dp.council_amount_weekly == Decimal("300")


def test_an_authorised_person_needs_a_legal_basis():
    representative = RepresentativeFactory.build(kind=Representative.Kind.AUTHORISED_PERSON, legal_basis="")
    with pytest.raises(ValidationError, match="legal basis"):
        representative.clean()


class TestWhoSeesARecord:
    def test_a_recipient_sees_only_themselves(self, make_user):
        a_user, b_user = make_user(Role.RECIPIENT), make_user(Role.RECIPIENT)
        a, b = RecipientFactory(user=a_user), RecipientFactory(user=b_user)
        assert list(Recipient.objects.visible_to(a_user)) == [a]
        assert b not in Recipient.objects.visible_to(a_user)

    def test_a_representative_sees_only_while_their_authority_is_in_force(self, make_user):
        carer = make_user(Role.REPRESENTATIVE)
        today = timezone.localdate()
        current = RepresentativeFactory(user=carer, valid_from=today - timedelta(days=30)).recipient
        RepresentativeFactory(user=carer, valid_from=today - timedelta(days=60), valid_to=today - timedelta(days=1))
        RepresentativeFactory(user=carer, valid_from=today + timedelta(days=1))
        assert list(Recipient.objects.visible_to(carer)) == [current]

    def test_a_representative_who_may_not_see_does_not(self, make_user):
        carer = make_user(Role.REPRESENTATIVE)
        RepresentativeFactory(user=carer, can_see=False)
        assert not Recipient.objects.visible_to(carer).exists()

    def test_a_practitioner_sees_only_their_caseload(self, make_user):
        mine, theirs = make_user(Role.PRACTITIONER), make_user(Role.PRACTITIONER)
        dp = DirectPaymentFactory(practitioner=mine)
        DirectPaymentFactory(practitioner=mine, recipient=dp.recipient)  # two payments, one person
        DirectPaymentFactory(practitioner=theirs)
        assert list(Recipient.objects.visible_to(mine)) == [dp.recipient]

    def test_staff_see_everyone_and_others_no_one(self, make_user, adviser):
        RecipientFactory.create_batch(3)
        assert Recipient.objects.visible_to(adviser).count() == 3
        assert not Recipient.objects.visible_to(make_user(Role.PERSONAL_ASSISTANT)).exists()
        assert not Recipient.objects.visible_to(make_user(Role.COPRODUCTION)).exists()


def test_ending_stops_future_payments_and_a_check_up_still_waiting_but_keeps_one_already_sent():
    from recipients.models import FinancialCheckup, Payment
    from tests.recipients.factories import FinancialCheckupFactory

    dp = DirectPaymentFactory(first_payment_date=date(2026, 1, 5))
    for due in (date(2026, 3, 2), date(2026, 3, 30)):
        Payment.objects.create(direct_payment=dp, kind=Payment.Kind.SCHEDULED, amount=Decimal("100"), due_date=due)
    waiting = FinancialCheckupFactory(direct_payment=dp, period_start=date(2026, 1, 5), period_end=date(2026, 2, 20))
    sent = FinancialCheckupFactory(
        direct_payment=dp,
        period_start=date(2026, 1, 5),
        period_end=date(2026, 2, 21),
        status=FinancialCheckup.Status.SUBMITTED,
    )

    direct_payment_end(direct_payment=dp, end_date=date(2026, 3, 15), reason=DirectPayment.EndReason.NEEDS_CHANGED)

    assert list(dp.payments.values_list("due_date", flat=True)) == [date(2026, 3, 2)]
    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert waiting.status == FinancialCheckup.Status.CANCELLED
    assert sent.status == FinancialCheckup.Status.SUBMITTED
