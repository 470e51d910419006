"""The form of the working calendar page: a council closure day. It checks what was typed; the rules are in
services/calendar.py (not in the past, a working day, not already closed)."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from ..services.calendar import NAME_MOST

NUL_MESSAGE = "Remove the unusual character from this text, then try again"
EXAMPLE = "24 12 2026"


class ClosureDateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose impossible dates get a message a person can act on."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter the date of the closure day, like {EXAMPLE}"
        self.error_messages["incomplete"] = (
            f"Enter the date of the closure day as a day, month and year, like {EXAMPLE}"
        )
        for part in self.fields:
            part.max_length = 4
            part.error_messages["incomplete"] = self.error_messages["incomplete"]

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if any(message.startswith("Enter the date") for message in error.messages):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete") from error
            raise ValidationError(f"The date must be a real date, like {EXAMPLE}", code="invalid") from error

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = data_list
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (TypeError, ValueError, OverflowError) as error:
            raise ValidationError(f"The date must be a real date, like {EXAMPLE}", code="invalid") from error


class ClosureDayForm(forms.Form):
    day = ClosureDateField(label="Date", help_text=f"For example, {EXAMPLE}")
    name = forms.CharField(
        label="Name",
        help_text="What people will see, for example “Council staff training day”",
        max_length=NAME_MOST,
        error_messages={
            "required": "Enter the name of the closure day",
            "max_length": f"The name must be {NAME_MOST} characters or fewer",
            "null_characters_not_allowed": NUL_MESSAGE,
        },
    )

    def clean_name(self) -> str:
        value = self.cleaned_data["name"]
        if "\x00" in value:
            raise ValidationError(NUL_MESSAGE, code="nul")
        return value.strip()
