"""CSV downloads of a person's money records and of an import's rejected rows (cells made safe by
`dpss.exports.safe_cell`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from io import StringIO

from dpss.exports import safe_cell


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
