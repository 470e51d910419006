"""Every write to the direct payment record, with its rules (DOMAIN.md section 3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from . import money
from .models import AVOIDABLE_BY_DEFAULT, BalanceSnapshot, DirectPayment, EndReason


@transaction.atomic
def balance_record(
    *,
    direct_payment: DirectPayment,
    taken_on: date,
    balance: Decimal,
    known_liabilities: Decimal = Decimal("0"),
    allowed_contingency: Decimal = Decimal("0"),
    source: str = BalanceSnapshot.Source.RECORDED,
    recorded_by=None,
) -> BalanceSnapshot:
    """Record the balance on a day, with its surplus and weeks of support (rule 9).

    Recording the same day from the same source again replaces the figures,
    so a re-imported statement changes nothing.
    """
    weekly = direct_payment.council_amount_weekly
    figures = {
        "balance": money.to_pennies(balance),
        "known_liabilities": money.to_pennies(known_liabilities),
        "allowed_contingency": money.to_pennies(allowed_contingency),
        "surplus": money.surplus(
            balance=balance, known_liabilities=known_liabilities, allowed_contingency=allowed_contingency
        ),
        "weeks_of_support": money.weeks_of_support(balance=balance, weekly_amount=weekly),
        "recorded_by": recorded_by,
    }
    snapshot = BalanceSnapshot.objects.filter(direct_payment=direct_payment, taken_on=taken_on, source=source).first()
    snapshot = snapshot or BalanceSnapshot(direct_payment=direct_payment, taken_on=taken_on, source=source)
    for name, value in figures.items():
        setattr(snapshot, name, value)
    snapshot.full_clean()
    snapshot.save()
    return snapshot


def surplus_needs_a_conversation(*, snapshot: BalanceSnapshot) -> bool:
    """Is the surplus above the threshold (a setting, in weeks of support)?

    Above it an adviser offers a supportive check-in; money is never asked
    back automatically (rule 9: talk first).
    """
    return money.surplus_is_above_threshold(
        surplus_amount=snapshot.surplus,
        weekly_amount=snapshot.direct_payment.council_amount_weekly,
        threshold_weeks=settings.SURPLUS_THRESHOLD_WEEKS,
    )


@transaction.atomic
def direct_payment_end(
    *, direct_payment: DirectPayment, end_date: date, reason: str, avoidable: bool | None = None, ended_by=None
) -> DirectPayment:
    """End a direct payment with a coded reason and whether it was avoidable (rule 14)."""
    if direct_payment.status == DirectPayment.Status.ENDED:
        raise ValidationError("This direct payment has already ended.")
    if reason not in EndReason.values:
        raise ValidationError({"end_reason": "Choose why the direct payment is ending."})
    if direct_payment.first_payment_date and end_date < direct_payment.first_payment_date:
        raise ValidationError({"end_date": "The end date cannot be before the first payment."})
    direct_payment.status = DirectPayment.Status.ENDED
    direct_payment.end_date = end_date
    direct_payment.end_reason = reason
    direct_payment.end_avoidable = reason in AVOIDABLE_BY_DEFAULT if avoidable is None else avoidable
    direct_payment.full_clean()
    direct_payment.save()
    return direct_payment
