"""The money rules of a direct payment, written down once (docs/domain.md#rule-6, #rule-9).

Every amount is a `Decimal` in pounds, rounded to the penny with
ROUND_HALF_UP (the way people round money on paper). Weeks of support are
rounded *down* to a tenth of a week, so the screen never tells someone their
money lasts longer than it does.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal("0.00")


class Frequency:
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"


def to_pennies(amount: Decimal | int | str) -> Decimal:
    """Round an amount of money to the penny.

    Any size of number rounds (Decimal's default 28 digits would raise on a
    huge one); the models' 12-digit fields then refuse it with a message.
    """
    amount = Decimal(amount)
    with localcontext() as context:
        context.prec = max(28, amount.adjusted() + 4)
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def net_weekly_amount(*, personal_budget: Decimal, contribution: Decimal) -> Decimal:
    """What the council pays each week: the budget less the person's contribution.

    docs/domain.md#rule-6: if the contribution covers the budget, no direct payment is paid.
    """
    return max(to_pennies(personal_budget) - to_pennies(contribution), ZERO)


def period_amount(*, weekly_amount: Decimal, frequency: str, period_start: date) -> Decimal:
    """The payment for one period.

    Four-weekly: four weeks. Monthly: the weekly amount × days in that month / 7
    (docs/domain.md#direct-payment), so February is paid less than March.
    """
    weekly = to_pennies(weekly_amount)
    if frequency == Frequency.FOUR_WEEKLY:
        return weekly * 4
    if frequency == Frequency.MONTHLY:
        days = calendar.monthrange(period_start.year, period_start.month)[1]
        return to_pennies(weekly * days / 7)
    raise ValueError(f"Unknown payment frequency: {frequency!r}")


def weeks_of_support(*, balance: Decimal, weekly_amount: Decimal) -> Decimal | None:
    """How many weeks of support a balance covers, rounded down to a tenth.

    None when there is no weekly amount to measure against (a one-off payment).
    A balance below zero covers no weeks.
    """
    weekly = to_pennies(weekly_amount)
    if weekly <= 0:
        return None
    weeks = to_pennies(balance) / weekly
    return max(weeks.quantize(TENTH, rounding=ROUND_FLOOR), Decimal("0.0"))


def surplus(*, balance: Decimal, known_liabilities: Decimal, allowed_contingency: Decimal) -> Decimal:
    """Money not needed for anything known (docs/domain.md#rule-9): never below zero.

    Balance less known liabilities (wages due, invoices, tax, pension, accrued
    holiday) less the contingency the person is allowed to keep.
    """
    left = to_pennies(balance) - to_pennies(known_liabilities) - to_pennies(allowed_contingency)
    return max(left, ZERO)


def surplus_is_above_threshold(*, surplus_amount: Decimal, weekly_amount: Decimal, threshold_weeks: Decimal) -> bool:
    """True when the surplus is worth more than `threshold_weeks` of support.

    Above it, an adviser gets a supportive check-in task, never a recovery.
    """
    weekly = to_pennies(weekly_amount)
    if weekly <= 0:
        return False
    return to_pennies(surplus_amount) > weekly * Decimal(threshold_weeks)
