"""Money as people type it, read one strict way (dpss/money.py, dpss.ui.forms.MoneyField): issue 10, finding 9.

"1E9" was a £1,000,000,000.00 payment, "1,2,3" became £123 and Arabic-Indic digits were read as numbers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dpss.money import MONEY_MOST, parse_pounds
from dpss.ui.forms import MoneyField
from recipients.models import Payment
from tests.recipients.factories import DirectPaymentFactory


def refusal(text: str, **options) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse_pounds(text, what="the amount", **options)
    return caught.value.code, caught.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("0", "0.00"),
        ("7", "7.00"),
        ("12.5", "12.50"),
        ("1540", "1540.00"),
        ("1540.00", "1540.00"),
        ("£1540.00", "1540.00"),
        ("£ 1,540.00", "1540.00"),
        ("1,234.56", "1234.56"),
        ("1,000,000", "1000000.00"),
        ("  £78  ", "78.00"),
    ],
)
def test_pounds_and_pence_written_the_usual_ways_are_read(typed, amount):
    value = parse_pounds(typed)
    assert value == Decimal(amount)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "code", "says"),
    [
        ("1E9", "invalid", "Enter the amount as an amount of money, like 1540.00"),
        ("1e3", "invalid", "like 1540.00"),
        ("NaN", "invalid", "like 1540.00"),
        ("Infinity", "invalid", "like 1540.00"),
        ("0x10", "invalid", "like 1540.00"),
        ("12.", "invalid", "like 1540.00"),
        (".50", "invalid", "like 1540.00"),
        ("1 540", "invalid", "like 1540.00"),
        ("£", "invalid", "like 1540.00"),
        ("", "invalid", "like 1540.00"),
        ("+5", "invalid", "like 1540.00"),
        ("--5", "invalid", "like 1540.00"),
        ("١٢٣", "digits", "Enter the amount using the numbers 0 to 9, like 1540.00"),
        ("۱۲۳.۴۵", "digits", "numbers 0 to 9"),
        ("1,2,3", "commas", "with commas only between groups of 3 numbers, like 1,540.00, or with no commas"),
        ("12,34", "commas", "groups of 3"),
        ("1234,567", "commas", "groups of 3"),
        ("1,234,56", "commas", "groups of 3"),
        (",123", "commas", "groups of 3"),
        ("0,123", "commas", "groups of 3"),
        ("12.345", "max_decimal_places", "Enter the amount to the nearest penny, like 12.50"),
        ("1.500", "max_decimal_places", "nearest penny"),
        ("-5", "negative", "The amount cannot be less than £0. Remove the minus sign"),
        ("-£5.00", "negative", "cannot be less than £0"),
        ("1000000.01", "too_large", "Check the amount: it must be £1,000,000 or less"),
        ("1000000000", "too_large", "£1,000,000 or less"),
        ("9" * 31, "invalid", "like 1540.00"),
    ],
)
def test_anything_else_is_refused_with_a_message_that_says_how_to_fix_it(typed, code, says):
    got_code, message = refusal(typed)
    assert got_code == code
    assert says in message


def test_below_zero_only_where_the_field_allows_it():
    for typed in ("-25.00", "-£25.00", "£-25.00", "−£25.00"):
        assert parse_pounds(typed, allow_negative=True) == Decimal("-25.00")
    assert parse_pounds("-0", allow_negative=False) == Decimal("0.00")
    assert refusal("-£-25", allow_negative=True)[0] == "invalid"
    assert refusal("-1000000.01", allow_negative=True) == (
        "too_large",
        "Check the amount: it must be between -£1,000,000 and £1,000,000",
    )


def test_each_field_may_set_its_own_limit():
    assert parse_pounds("9,999,999.99", most=Decimal("10000000")) == Decimal("9999999.99")
    assert refusal("250.01", most=Decimal("250")) == ("too_large", "Check the amount: it must be £250 or less")
    assert parse_pounds("1,000,000.00") == MONEY_MOST


# --- Properties ---------------------------------------------------------------------------------------------

pennies = st.integers(min_value=-int(MONEY_MOST * 100), max_value=int(MONEY_MOST * 100))


def written(pence: int, *, pound_sign: bool, commas: bool, decimals: int) -> str:
    value = Decimal(pence) / 100
    whole = f"{abs(value):,.2f}" if commas else f"{abs(value):.2f}"
    if decimals == 0 and whole.endswith(".00"):
        whole = whole[:-3]
    elif decimals == 1 and whole.endswith("0"):
        whole = whole[:-1]
    return ("-" if value < 0 else "") + ("£" if pound_sign else "") + whole


@given(pence=pennies, pound_sign=st.booleans(), commas=st.booleans(), decimals=st.integers(0, 2))
def test_every_amount_in_range_written_any_accepted_way_reads_back_to_itself(pence, pound_sign, commas, decimals):
    typed = written(pence, pound_sign=pound_sign, commas=commas, decimals=decimals)
    assert parse_pounds(typed, allow_negative=True) == Decimal(pence) / 100


# What the parser must accept, written independently of it: one minus sign at most (before or after the "£"), an
# optional "£" (spaces may follow it), ASCII digits (in groups of three when there are commas) and at most two
# decimal places.
ORACLE = re.compile(
    r"(?P<sign>[-−](?:£ *)?|£ *[-−]?)?(?P<number>(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]{1,2})?)"
)


@given(st.text(alphabet="0123456789,.£-−eE+ ٣x", max_size=14))
def test_text_is_an_amount_only_when_it_has_the_strict_shape(typed):
    shape = ORACLE.fullmatch(typed.strip())
    try:
        value = parse_pounds(typed, allow_negative=True, most=Decimal("1e15"))
    except ValidationError as error:
        assert error.code in {"invalid", "digits", "commas", "max_decimal_places"}
        assert shape is None, f"{typed!r} was refused ({error.code})"
        return
    assert shape is not None, f"{typed!r} was read as {value}"
    number = Decimal(shape["number"].replace(",", ""))
    assert value == (-number if "-" in typed or "−" in typed else number)
    assert value.as_tuple().exponent == -2


@given(amount=st.decimals(allow_nan=True, allow_infinity=True) | st.text(max_size=12))
def test_the_field_never_lets_through_more_than_its_limit_or_other_than_pence(amount):
    field = MoneyField(label="Amount", allow_negative=True, required=False)
    try:
        value = field.clean(amount if isinstance(amount, str) else str(amount))
    except ValidationError:
        return
    assert value is None or (abs(value) <= MONEY_MOST and value.as_tuple().exponent == -2)


# --- The field and the forms that use it --------------------------------------------------------------------


class AmountForm(forms.Form):
    amount = MoneyField(label="Amount")
    owed = MoneyField(label="Money owed (optional)", required=False, error_messages={"commas": "Check the commas"})


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("1E9", "Enter the amount as an amount of money, like 1540.00"),
        ("1,2,3", "Enter the amount with commas only between groups of 3 numbers"),
        ("١٢٣", "Enter the amount using the numbers 0 to 9, like 1540.00"),
        ("2000000", "Check the amount: it must be £1,000,000 or less"),
        ("-3", "The amount cannot be less than £0. Remove the minus sign"),
        ("", "Enter the amount"),
    ],
)
def test_the_form_field_says_what_to_type(typed, error):
    form = AmountForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"][0].startswith(error)


def test_a_form_may_word_a_refusal_its_own_way_and_an_optional_amount_may_be_blank():
    form = AmountForm(data={"amount": "£1,540", "owed": "12,34"})
    assert not form.is_valid()
    assert form.errors == {"owed": ["Check the commas"]}
    form = AmountForm(data={"amount": "£1,540", "owed": "  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1540.00"), "owed": None}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1E9", "1,2,3", "١٢٣"])
def test_a_payment_typed_loosely_is_not_recorded(client, adviser, typed):
    dp = DirectPaymentFactory()
    client.force_login(adviser)
    url = reverse("recipients:staff_payment_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    due = date(2026, 3, 2)
    response = client.post(
        url, {"kind": "paid", "amount": typed, "due_date_0": due.day, "due_date_1": due.month, "due_date_2": due.year}
    )
    assert response.status_code == 200
    assert 'href="#id_amount"' in response.text
    assert not Payment.objects.exists()


def test_the_admin_types_money_into_the_strict_field_too(rf, make_user):
    request = rf.get("/")
    request.user = make_user("manager")
    payment_form = admin.site._registry[Payment].get_form(request)
    amount = payment_form.base_fields["amount"]
    assert isinstance(amount, MoneyField)
    with pytest.raises(ValidationError):
        amount.clean("1E9")
    assert amount.clean("£1,234.50") == Decimal("1234.50")
    budget = admin.site._registry[DirectPaymentFactory._meta.model].get_form(request).base_fields
    with pytest.raises(ValidationError):
        budget["personal_budget_weekly"].clean("-5")
