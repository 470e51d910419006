"""The form of the working calendar page: a council closure day. It checks what was typed; the rules are in
services/calendar.py (not in the past, a working day, not already closed)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from dpss.ui.forms import DateField

from ..services.calendar import NAME_MOST

NUL_MESSAGE = "Remove the unusual character from this text, then try again"
EXAMPLE = "24 12 2026"


class ClosureDayForm(forms.Form):
    day = DateField(
        label="Date", what="the date of the closure day", example=EXAMPLE, help_text=f"For example, {EXAMPLE}"
    )
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
