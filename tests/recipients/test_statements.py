"""Statements: the payments and balances of a period, with totals and weeks of support."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from recipients.models import Document, DocumentVersion, Payment
from recipients.services.money_records import balance_record
from recipients.services.statements import months_back, statement_facts, statement_period_check, statement_request
from tests.recipients.factories import DirectPaymentFactory

START, END = date(2025, 3, 1), date(2025, 5, 31)


@pytest.fixture
def dp(db):
    # Budget 420.00 - contribution 35.00 = 385.00 a week from the council.
    return DirectPaymentFactory(
        personal_budget_weekly=Decimal("420.00"),
        contribution_weekly=Decimal("35.00"),
        amount_per_period=Decimal("1540"),
    )


def pay(dp, kind, amount, on):
    return Payment.objects.create(direct_payment=dp, kind=kind, amount=Decimal(amount), due_date=on)


def test_a_statement_lists_the_period_s_payments_and_balances_with_totals_and_weeks_of_support(dp):
    pay(dp, Payment.Kind.PAID, "1540.00", date(2025, 2, 28))  # the day before: not in it
    pay(dp, Payment.Kind.PAID, "1540.00", date(2025, 3, 1))
    pay(dp, Payment.Kind.PAID, "1540.00", date(2025, 3, 29))
    pay(dp, Payment.Kind.ADJUSTED, "-40.00", date(2025, 4, 2))
    pay(dp, Payment.Kind.RECOVERED, "500.00", date(2025, 5, 1))
    pay(dp, Payment.Kind.SCHEDULED, "1540.00", date(2025, 5, 31))
    pay(dp, Payment.Kind.PAID, "1540.00", date(2025, 6, 1))  # the day after: not in it
    balance_record(direct_payment=dp, taken_on=date(2025, 2, 1), balance=Decimal("100.00"))
    balance_record(direct_payment=dp, taken_on=date(2025, 4, 30), balance=Decimal("2310.00"))

    facts = statement_facts(direct_payment=dp, period_start=START, period_end=END)

    assert [row["date"] for row in facts["payments"]] == [
        "1 March 2025",
        "29 March 2025",
        "2 April 2025",
        "1 May 2025",
        "31 May 2025",
    ]
    assert facts["payments"][-1]["counted"] is False  # scheduled: not yet paid
    assert facts["totals"] == {
        "paid": "£3,080.00",
        "adjusted": "−£40.00",
        "recovered": "£500.00",
        "scheduled": "£1,540.00",
        "received": "£2,540.00",  # 3,080 - 40 - 500
        "received_weeks": "6.5",  # 2,540 / 385 = 6.59..., rounded down
    }
    assert facts["balances"] == [{"date": "30 April 2025", "balance": "£2,310.00", "weeks": "6.0"}]
    assert facts["period"] == {"start": "1 March 2025", "end": "31 May 2025"}


def test_a_statement_of_a_quiet_period_says_so_rather_than_failing(dp):
    facts = statement_facts(direct_payment=dp, period_start=START, period_end=END)
    assert facts["payments"] == [] and facts["balances"] == []
    assert facts["totals"]["received"] == "£0.00"
    assert facts["totals"]["received_weeks"] == ""  # no "0.0 weeks of support"


def test_asking_for_a_statement_makes_a_document_of_that_period(dp):
    version = statement_request(direct_payment=dp, period_start=START, period_end=END, actor=None)
    document = version.document
    assert (document.kind, document.period_start, document.period_end) == (Document.Kind.STATEMENT, START, END)
    assert document.title == "Statement, 1 March 2025 to 31 May 2025"
    assert document.recipient == dp.recipient and document.direct_payment == dp


def test_asking_twice_while_it_is_prepared_gives_the_same_statement_and_again_later_a_new_one(dp):
    first = statement_request(direct_payment=dp, period_start=START, period_end=END, actor=None)
    again = statement_request(direct_payment=dp, period_start=START, period_end=END, actor=None)
    assert again == first
    DocumentVersion.objects.filter(pk=first.pk).update(status=DocumentVersion.Status.READY)
    later = statement_request(direct_payment=dp, period_start=START, period_end=END, actor=None)
    assert later != first
    assert Document.objects.filter(kind=Document.Kind.STATEMENT).count() == 2


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (date(2025, 5, 1), date(2025, 4, 1), "period_end", "must be the same as or after the start date"),
        (date(2025, 5, 1), None, "period_end", "must be today or in the past"),
        (date(1999, 12, 31), date(2000, 6, 1), "period_start", "must be after 1 January 2000"),
        (date(2020, 1, 1), date(2024, 1, 1), "period_start", "up to 3 years"),
    ],
)
def test_a_period_that_makes_no_statement_is_refused_with_a_message_saying_what_to_do(dp, start, end, field, message):
    end = end or timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        statement_request(direct_payment=dp, period_start=start, period_end=end, actor=None)
    assert message in refused.value.message_dict[field][0]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("today", "months", "start"),
    [
        (date(2025, 5, 15), 3, date(2025, 2, 16)),
        (date(2025, 5, 31), 3, date(2025, 3, 1)),  # 28 February + 1 day
        (date(2025, 5, 15), 12, date(2024, 5, 16)),
        (date(2025, 1, 10), 3, date(2024, 10, 11)),
        (date(2024, 3, 31), 1, date(2024, 3, 1)),  # leap year: 29 February + 1 day
    ],
)
def test_the_last_months_run_up_to_today(today, months, start):
    assert months_back(months=months, today=today) == (start, today)


@given(today=st.dates(min_value=date(2001, 1, 1), max_value=date(2100, 12, 31)), months=st.sampled_from([3, 12]))
def test_the_last_months_always_make_a_period_a_statement_accepts(today, months):
    start, end = months_back(months=months, today=today)
    assert start <= end == today
    assert 28 * months - 3 <= (end - start).days + 1 <= 31 * months


@given(start=st.dates(), end=st.dates())
def test_any_pair_of_dates_is_either_accepted_or_refused_with_a_message(start, end):
    try:
        statement_period_check(period_start=start, period_end=end)
    except ValidationError as error:
        assert error.message_dict
