"""Signal receivers the app wires up in `apps.py`."""

from __future__ import annotations

from .services.calendar import bank_holidays_load


def bank_holidays_after_migrate(sender, **kwargs) -> None:
    """Every database has the bank holidays the query clocks need, from last year to five years ahead."""
    bank_holidays_load(using=kwargs.get("using", "default"))
