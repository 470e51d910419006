"""Money and dates written the way people write them, for letters, emails, PDFs and messages on screen.

One place, so a statement, a letter and a confirmation banner never disagree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


def pounds(amount: Any) -> str:
    """£1,540.00; a negative amount as −£25.00 (a minus sign, not "£-25.00"); blank for nothing."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    return f"−£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"


def long_date(day: date | None) -> str:
    """3 February 2025 (no leading zero); blank for no date."""
    return f"{day.day} {day:%B %Y}" if day else ""
