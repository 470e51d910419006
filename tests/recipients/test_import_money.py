"""Money columns of an import are read as strictly as a money box on a form (dpss.money.parse_pounds)."""

from decimal import Decimal

import pytest

from recipients.services.import_csv import RowRejected, an_amount

weekly = an_amount("weekly_amount")
balance = an_amount("balance", negative=True)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("1234.50", "1234.50"), ("1,234.50", "1234.50"), ("£1,234.50", "1234.50"), (" 78 ", "78.00")],
)
def test_amounts_written_as_people_write_them_are_read(cell, amount):
    assert weekly(cell) == Decimal(amount)


@pytest.mark.parametrize("cell", ["1E9", "1,2,3", "12,34", "١٢٣", "12.345", "-5", "=1+1", "nan", "Infinity"])
def test_loose_or_odd_amounts_are_refused_with_the_column_named(cell):
    with pytest.raises(RowRejected, match=r"^weekly_amount: "):
        weekly(cell)


def test_a_balance_may_be_below_zero_and_nothing_absurd_is_taken():
    assert balance("-£25.00") == Decimal("-25.00")
    with pytest.raises(RowRejected, match="must be between"):
        balance("1,000,000,000")
