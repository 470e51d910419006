"""The form of the working calendar page: a council closure day. It checks what was typed; the rules are in
services/calendar.py (not in the past, a working day, not already closed)."""

from __future__ import annotations

from django import forms

from dpss.ui.forms import DateField, text_field

from ..services.calendar import NAME_MOST

EXAMPLE = "24 12 2026"


class ClosureDayForm(forms.Form):
    day = DateField(
        label="Date", what="the date of the closure day", example=EXAMPLE, help_text=f"For example, {EXAMPLE}"
    )
    name = text_field(
        "Name",
        what="the name",
        most=NAME_MOST,
        required_message="Enter the name of the closure day",
        help_text="What people will see, for example “Council staff training day”",
    )
