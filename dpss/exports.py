"""Cells of CSV files people download and open in a spreadsheet.

Text that a spreadsheet could run as a formula (it starts with = + - @, a tab
or a carriage return) gets an apostrophe in front, so opening the file runs
nothing. Amounts are written as plain numbers to the penny.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell that no spreadsheet will treat as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
