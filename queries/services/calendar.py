"""The working calendar: bank holidays and council closure days that managers edit."""

from __future__ import annotations

import holidays
from django.utils import timezone

from ..models import ClosureDay

YEARS_BEHIND, YEARS_AHEAD = 1, 5


def bank_holidays_load(*, years: range | None = None, using: str = "default") -> int:
    """Add the England and Wales bank holidays of `years` (by default last year to five years ahead) that are
    not in the table yet; a day a manager has changed is left as it is. Returns how many were added."""
    if years is None:
        this_year = timezone.localdate().year
        years = range(this_year - YEARS_BEHIND, this_year + YEARS_AHEAD + 1)
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    known = set(
        ClosureDay.objects.using(using)
        .filter(day__gte=f"{years.start}-01-01", day__lte=f"{years.stop - 1}-12-31")
        .values_list("day", flat=True)
    )
    new = [
        ClosureDay(day=day, name=name, kind=ClosureDay.Kind.BANK_HOLIDAY)
        for day, name in sorted(calendar.items())
        if day not in known
    ]
    ClosureDay.objects.using(using).bulk_create(new, ignore_conflicts=True)
    return len(new)
