"""CSV downloads of a person's money records.

Text that could run as a spreadsheet formula (starting = + - @, or a tab or
carriage return) is prefixed with an apostrophe, so opening the file in a
spreadsheet cannot run anything. Amounts are written by us as plain numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from io import StringIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def history_csv(*, payments: Iterable, balances: Iterable) -> str:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(["Type", "Date", "Amount (£)", "Paid on", "Reference", "Note"])
    for payment in payments:
        writer.writerow(
            [
                f"Payment: {payment.get_kind_display()}",
                payment.due_date.isoformat(),
                safe_cell(payment.amount),
                payment.paid_date.isoformat() if payment.paid_date else "",
                safe_cell(payment.reference),
                safe_cell(payment.note),
            ]
        )
    for balance in balances:
        writer.writerow(["Balance", balance.taken_on.isoformat(), safe_cell(balance.balance), "", "", ""])
    return out.getvalue()


def rejected_rows_csv(errors: Iterable[dict]) -> str:
    """The rows of an import that need fixing: row number (as the spreadsheet shows it) and why."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(["Row", "What needs fixing"])
    for error in errors:
        writer.writerow([error.get("row", ""), safe_cell(error.get("reason", ""))])
    return out.getvalue()
