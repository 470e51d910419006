"""Signal receivers and small predicates the app wires up in `apps.py`."""

from __future__ import annotations


def bank_holidays_after_migrate(sender, **kwargs) -> None:
    """Every database has the bank holidays the query clocks need, from last year to five years ahead."""
    from .services.calendar import bank_holidays_load

    bank_holidays_load(using=kwargs.get("using", "default"))


def raises_own_queries(user) -> bool:
    """Signed-in people other than staff see "Your queries" in the header."""
    from dpss.accounts.rules import is_dpss_staff

    return bool(user.is_authenticated and not is_dpss_staff(user))
