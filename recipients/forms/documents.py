"""Forms for asking for a statement and signing the agreement. Rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from dpss.ui.forms import DateField

from ..services.statements import months_back

LAST_3_MONTHS = "3"
LAST_12_MONTHS = "12"
CHOSEN = "chosen"


def _chosen_date(label: str, *, example: str) -> DateField:
    """One end of the period the person chooses (only needed if they chose their own dates)."""
    return DateField(
        what=f"the {label.lower()}",
        example="27 3 2025",
        label=label,
        required=False,
        help_text=f"Only if you chose your own dates. For example, {example}",
    )


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
    period_start = _chosen_date("Start date", example="1 4 2025")
    period_end = _chosen_date("End date", example="31 3 2026")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
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
