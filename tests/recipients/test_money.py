"""The money rules (docs/domain.md#rule-6 and #rule-9), checked with generated amounts."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recipients import money

pounds = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)
any_pounds = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2)
weekly = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


@given(budget=pounds, contribution=pounds)
def test_the_council_amount_is_never_negative(budget, contribution):
    net = money.net_weekly_amount(personal_budget=budget, contribution=contribution)
    assert net >= 0
    assert net == max(budget - contribution, Decimal("0"))


def test_no_direct_payment_when_the_contribution_covers_the_budget():
    assert money.net_weekly_amount(personal_budget=Decimal("200"), contribution=Decimal("250")) == Decimal("0.00")


@given(balance=any_pounds, weekly_amount=weekly)
def test_weeks_of_support_never_overstate_the_money(balance, weekly_amount):
    weeks = money.weeks_of_support(balance=balance, weekly_amount=weekly_amount)
    assert weeks >= 0
    assert weeks * weekly_amount <= max(balance, Decimal("0"))
    # ... and are at most a tenth of a week short.
    assert (weeks + Decimal("0.1")) * weekly_amount > balance


def test_weeks_of_support_for_a_familiar_case():
    assert money.weeks_of_support(balance=Decimal("1540.00"), weekly_amount=Decimal("385.00")) == Decimal("4.0")
    assert money.weeks_of_support(balance=Decimal("1539.99"), weekly_amount=Decimal("385.00")) == Decimal("3.9")
    assert money.weeks_of_support(balance=Decimal("100"), weekly_amount=Decimal("0")) is None


@given(balance=any_pounds, liabilities=pounds, contingency=pounds)
def test_surplus_is_what_is_left_after_liabilities_and_contingency_never_below_zero(balance, liabilities, contingency):
    left = money.surplus(balance=balance, known_liabilities=liabilities, allowed_contingency=contingency)
    assert left >= 0
    assert left == max(balance - liabilities - contingency, Decimal("0"))


@given(weekly_amount=weekly, year=st.integers(2020, 2040), month=st.integers(1, 12))
def test_monthly_payments_follow_the_days_in_the_month(weekly_amount, year, month):
    amount = money.period_amount(weekly_amount=weekly_amount, frequency="monthly", period_start=date(year, month, 1))
    assert amount == amount.quantize(Decimal("0.01"))
    assert weekly_amount * 4 <= amount <= weekly_amount * 31 / 7 + Decimal("0.005")


def test_february_is_paid_less_than_march_and_four_weekly_is_four_weeks():
    weekly_amount = Decimal("385.00")
    feb = money.period_amount(weekly_amount=weekly_amount, frequency="monthly", period_start=date(2027, 2, 1))
    mar = money.period_amount(weekly_amount=weekly_amount, frequency="monthly", period_start=date(2027, 3, 1))
    assert feb == Decimal("1540.00")
    assert mar == Decimal("1705.00")
    assert money.period_amount(
        weekly_amount=weekly_amount, frequency="four_weekly", period_start=date(2027, 2, 1)
    ) == Decimal("1540.00")
    with pytest.raises(ValueError):
        money.period_amount(weekly_amount=weekly_amount, frequency="fortnightly", period_start=date(2027, 2, 1))


@given(amount=st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=6))
def test_rounding_to_the_penny_is_half_up_and_within_half_a_penny(amount):
    rounded = money.to_pennies(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    assert money.to_pennies(Decimal("2.345")) == Decimal("2.35")


@given(surplus_amount=pounds, weekly_amount=weekly, threshold=st.integers(1, 12))
def test_the_surplus_threshold_is_in_weeks_of_support(surplus_amount, weekly_amount, threshold):
    above = money.surplus_is_above_threshold(
        surplus_amount=surplus_amount, weekly_amount=weekly_amount, threshold_weeks=Decimal(threshold)
    )
    assert above == (surplus_amount > weekly_amount * threshold)


@given(amount=st.decimals(allow_nan=False, allow_infinity=False))
def test_any_finite_amount_rounds_to_the_penny_without_error(amount):
    # Forms can send absurd numbers; rounding must not crash before validation refuses them.
    rounded = money.to_pennies(amount)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")
