"""Forms for asking for a statement and signing the agreement. Rules stay in the services."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

from ..services.statements import months_back

LAST_3_MONTHS = "3"
LAST_12_MONTHS = "12"
CHOSEN = "chosen"


class PlainDateField(DateInputField):
    """A GOV.UK date input whose impossible dates get a message a person can act on."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.what = what
        self.error_messages["incomplete"] = f"Enter the {what} as a day, month and year"
        for part in self.fields:
            part.max_length = 4
            part.error_messages["incomplete"] = self.error_messages["incomplete"]

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if any(message.startswith("Enter the") for message in error.messages):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete") from error
            raise ValidationError(f"The {self.what} must be a real date, like 27 3 2025", code="invalid") from error

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            raise ValidationError(f"The {self.what} must be a real date, like 27 3 2025", code="invalid") from error


class StatementForm(forms.Form):
    """Which period a statement covers: the last 3 or 12 months, or dates the person chooses."""

    period = forms.ChoiceField(
        label="Which period should the statement cover?",
        choices=[
            (LAST_3_MONTHS, "The last 3 months"),
            (LAST_12_MONTHS, "The last 12 months"),
            (CHOSEN, "Dates I choose"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which period the statement should cover"},
    )
    period_start = PlainDateField(
        what="start date",
        label="Start date",
        required=False,
        help_text="Only if you chose your own dates. For example, 1 4 2025",
    )
    period_end = PlainDateField(
        what="end date",
        label="End date",
        required=False,
        help_text="Only if you chose your own dates. For example, 31 3 2026",
    )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period in (LAST_3_MONTHS, LAST_12_MONTHS):
            cleaned["start"], cleaned["end"] = months_back(months=int(period))
        elif period == CHOSEN and not self.has_error("period_start") and not self.has_error("period_end"):
            if cleaned.get("period_start") is None:
                self.add_error("period_start", "Enter the start date")
            if cleaned.get("period_end") is None:
                self.add_error("period_end", "Enter the end date")
            cleaned["start"], cleaned["end"] = cleaned.get("period_start"), cleaned.get("period_end")
        return cleaned


class AgreementSignForm(forms.Form):
    """The declaration, worded for the signer by `services.agreement_consent_wording`, and the version signed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    declaration = forms.BooleanField(required=False)

    def __init__(self, *args, consent_wording: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].label = consent_wording
