"""Reads for the working calendar page."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from ..models import ClosureDay


def closure_days_shown(*, today: date | None = None) -> QuerySet[ClosureDay]:
    """This year's and next year's days off the usual calendar: bank holidays (closed or marked open) and
    council closure days, in date order, with who last changed each (one SQL query)."""
    today = today or timezone.localdate()
    return (
        ClosureDay.objects.filter(day__gte=date(today.year, 1, 1), day__lte=date(today.year + 1, 12, 31))
        .select_related("changed_by")
        .order_by("day")
    )
