"""Money, dates and times written the way people write them, for letters, emails, PDFs and messages on screen.

One place, so a statement, a letter and a confirmation banner never disagree. Times are GOV.UK style
("6:05am", "midday", "midnight"), never "6:05a.m." or "06:05"; templates use the `when` and `clock`
filters (`dpss.ui.templatetags.dpss_dates`), which call these.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone


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


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def clock_time(moment: datetime | time | None) -> str:
    """6:05am, 12:30pm; "midday" and "midnight" for 12 exactly (GOV.UK style); local time; blank for nothing."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = _local(moment).time()
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def date_and_time(moment: datetime | None, *, style: str = "") -> str:
    """2 December 2026 at 6:05am, in local time; blank for nothing.

    `style` "short" gives "2 Dec 2026 at 6:05am" (for tables); "weekday" gives "Wednesday 2 December 2026
    at 6:05am"."""
    if moment is None:
        return ""
    local = _local(moment)
    if style == "short":
        day = f"{local.day} {local:%b %Y}"
    elif style == "weekday":
        day = f"{local:%A} {local.day} {local:%B %Y}"
    else:
        day = f"{local.day} {local:%B %Y}"
    return f"{day} at {clock_time(local)}"
