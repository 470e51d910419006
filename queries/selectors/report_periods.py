"""The reports' periods: London-time bounds, the months a period touches, which month a row falls in (counted
by the database), percentages, and a table of figures by month with the period's total."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Generic, TypeVar
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Q, Value, When

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

LONDON = ZoneInfo("Europe/London")
# A report's row: a dataclass whose fields are `month` and the figures.
Row = TypeVar("Row", bound="DataclassInstance")


def period_bounds(*, start: date, end: date) -> tuple[datetime, datetime]:
    """The period from the start of `start` to the end of `end` (both days included), London time."""
    return (
        datetime.combine(start, time.min, tzinfo=LONDON),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON),
    )


def months_in(*, start: date, end: date) -> list[date]:
    """The first day of every month the period touches, in order (months with nothing in them too)."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def in_period(field: str, *, start: date, end: date) -> Q:
    low, high = period_bounds(start=start, end=end)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def month_index(field: str, months: list[date]) -> Case | Value:
    """Which of `months` (its index) a row's `field` falls in, the rows being already limited to the period:
    a CASE over the London-midnight boundaries between the months."""
    if len(months) == 1:
        return Value(0, output_field=IntegerField())
    boundaries = [datetime.combine(month, time.min, tzinfo=LONDON) for month in months[1:]]
    return Case(
        *(When(**{f"{field}__lt": boundary}, then=Value(n)) for n, boundary in enumerate(boundaries)),
        default=Value(len(boundaries)),
        output_field=IntegerField(),
    )


def percent(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal place; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthlyReport(Generic[Row]):
    """Figures for each month of the period, and their total (a row whose `month` is None)."""

    months: list[Row]
    total: Row

    @property
    def rows(self) -> list[Row]:
        """Each month, then the total (its `month` is None)."""
        return [*self.months, self.total]

    @classmethod
    def of(cls, row: type[Row], periods: list[date], counted: dict[date, dict]) -> MonthlyReport[Row]:
        """A row for each month of `periods` from the database's counts by month (a month without any: 0),
        and the total of each figure; the figures are the fields of `row` besides `month`."""
        figures = [f.name for f in dataclasses.fields(row) if f.name != "month"]
        make: Callable[..., Row] = row  # built from its fields by name: `month` and the figures
        months = [
            make(month=month, **{name: counted.get(month, {}).get(name, 0) for name in figures}) for month in periods
        ]
        total = make(month=None, **{name: sum(getattr(m, name) for m in months) for name in figures})
        return cls(months=months, total=total)
