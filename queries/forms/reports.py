"""The period of the managers' reports: a month and year to start from and one to end with (sent with GET)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms

DEFAULT_MONTHS = 12
MAX_MONTHS = 24
EARLIEST_YEAR = 2000

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of the first month to the last day of the last one."""

    start: date
    end: date

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _last_day(month: date) -> date:
    return _add_months(month, 1) - timedelta(days=1)


def _is_number(value: str, *, digits: tuple[int, ...]) -> bool:
    """Plain digits 0-9 (not other scripts' digits, which int() may refuse), of one of the given lengths."""
    return value.isascii() and value.isdigit() and len(value) in digits


def default_period(today: date) -> Period:
    """This month and the 11 before it."""
    this_month = today.replace(day=1)
    return Period(start=_add_months(this_month, 1 - DEFAULT_MONTHS), end=_last_day(this_month))


def _month_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
        ),
    )


def _year_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
        ),
    )


class ReportPeriodForm(forms.Form):
    from_month = _month_field("Month")
    from_year = _year_field("Year")
    to_month = _month_field("Month")
    to_year = _year_field("Year")

    # Which end of the period each field belongs to, for the error messages.
    WHICH = {"from": "the period starts", "to": "the period ends"}

    def __init__(self, data=None, *, today: date):
        self.today = today
        default = default_period(today)
        initial = {
            "from_month": default.start.month,
            "from_year": default.start.year,
            "to_month": default.end.month,
            "to_year": default.end.year,
        }
        super().__init__(data, initial=initial)
        for name, field in self.fields.items():
            which = self.WHICH[name.split("_")[0]]
            part = "month" if name.endswith("month") else "year"
            field.error_messages["required"] = f"Enter the {part} {which}"
            field.error_messages["null_characters_not_allowed"] = (
                "Enter the month as a number, like 4 for April"
                if part == "month"
                else "Enter the year as 4 numbers, like 2026"
            )

    @property
    def from_fields(self) -> list:
        return [self["from_month"], self["from_year"]]

    @property
    def to_fields(self) -> list:
        return [self["to_month"], self["to_year"]]

    def _clean_month(self, name: str) -> int:
        value = self.cleaned_data[name].strip().lower()
        if _is_number(value, digits=(1, 2)) and 1 <= int(value) <= 12:
            return int(value)
        for number, month in enumerate(MONTH_NAMES, start=1):
            if len(value) >= 3 and month.startswith(value):
                return number
        raise forms.ValidationError(f"The month {self.WHICH[name.split('_')[0]]} must be a number from 1 to 12")

    def _clean_year(self, name: str) -> int:
        value = self.cleaned_data[name].strip()
        if not _is_number(value, digits=(4,)):
            raise forms.ValidationError("Enter the year as 4 numbers, like 2026")
        if not EARLIEST_YEAR <= int(value) <= self.today.year:
            raise forms.ValidationError(f"Enter a year from {EARLIEST_YEAR} to {self.today.year}")
        return int(value)

    def clean_from_month(self) -> int:
        return self._clean_month("from_month")

    def clean_to_month(self) -> int:
        return self._clean_month("to_month")

    def clean_from_year(self) -> int:
        return self._clean_year("from_year")

    def clean_to_year(self) -> int:
        return self._clean_year("to_year")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if any(name not in data for name in self.fields):
            return data  # a part is missing or wrong: its own message says what to fix
        first = date(data["from_year"], data["from_month"], 1)
        last = date(data["to_year"], data["to_month"], 1)
        this_month = self.today.replace(day=1)
        if first > this_month:
            self.add_error("from_month", f"The period must start in {this_month:%B %Y} or earlier")
        elif last > this_month:
            self.add_error("to_month", f"The period must end in {this_month:%B %Y} or earlier")
        elif last < first:
            self.add_error(
                "to_month",
                f"The period must end in the same month it starts ({first:%B %Y}) or later",
            )
        else:
            months = Period(start=first, end=last).months
            if months > MAX_MONTHS:
                self.add_error(
                    "to_month",
                    f"Choose a period of {MAX_MONTHS} months or fewer: this one is {months} months",
                )
        return data

    def period(self) -> Period | None:
        """The period asked for, the last 12 months if none was, or None if what was sent needs fixing."""
        if not self.is_bound:
            return default_period(self.today)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        first = date(data["from_year"], data["from_month"], 1)
        last = date(data["to_year"], data["to_month"], 1)
        return Period(start=first, end=_last_day(last))
