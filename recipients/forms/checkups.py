"""Forms for financial check-ups: the person's answers, the adviser's start and review forms.

Money is typed as text with `inputmode="decimal"` (a GOV.UK pattern, and
DecimalField's number box gets no GOV.UK style: docs/gotchas.md#gotcha-decimal-input) and read as a
`Decimal`; "£1,250.50" is understood. Files are only collected here: the
service checks each one by its content.
"""

from __future__ import annotations

from django import forms

from dpss.formatting import long_date
from dpss.ui.forms import DateField, FilesField, MoneyField, text_field

from ..models import FinancialCheckup
from ..services.checkups import NOTE_MAX_LENGTH


def _pounds(what: str, label: str) -> MoneyField:
    """Money in or out over the period, in pounds and pence (0 when there was none)."""
    return MoneyField(
        label=label,
        what=f"the {what}",
        error_messages={
            "required": f"Enter the {what}, in pounds and pence. Enter 0 if there was none.",
            "invalid": f"Enter the {what} as an amount of money, like 1250.50",
            "negative": f"The {what} cannot be less than £0.",
            "too_large": f"The {what} is too large. Check the amount.",
            "max_decimal_places": f"Enter the {what} to the penny, like 1250.50",
        },
    )


NOTE_TOO_LONG = {"max_length": f"Your note is too long. Use {NOTE_MAX_LENGTH:,} characters or fewer."}


class CheckupAnswersForm(forms.Form):
    """What the person sends: a confirmation (online accounts) or files and money in and out."""

    def __init__(self, *args, checkup: FinancialCheckup, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkup = checkup
        start, end = long_date(checkup.period_start), long_date(checkup.period_end)
        if checkup.method == FinancialCheckup.Method.ONLINE_ACCOUNT:
            self.fields["confirmed_online_account"] = forms.BooleanField(
                label="I confirm my online account is up to date",
                required=True,
                error_messages={"required": "Tick the box to confirm your online account is up to date."},
            )
        else:
            self.fields["files"] = FilesField(label="Add statements or receipts", required=False)
            self.fields["money_in"] = _pounds("money in", f"Money in from {start} to {end}")
            self.fields["money_out"] = _pounds("money out", f"Money out from {start} to {end}")
        self.fields["note"] = text_field(
            "Anything you would like to tell us (optional)",
            most=NOTE_MAX_LENGTH,
            required=False,
            rows=4,
            error_messages=NOTE_TOO_LONG,
        )
        if not self.is_bound:
            self.initial.update(
                {
                    "confirmed_online_account": checkup.confirmed_online_account,
                    "money_in": checkup.money_in,
                    "money_out": checkup.money_out,
                    "note": checkup.person_note,
                }
            )

    @property
    def online(self) -> bool:
        return self.checkup.method == FinancialCheckup.Method.ONLINE_ACCOUNT


class CheckupStartForm(forms.Form):
    period_start = DateField(what="the start of the period", example="27 3 2026", label="Start of the period")
    period_end = DateField(what="the end of the period", example="27 3 2026", label="End of the period")
    due_date = DateField(
        what="the due date",
        example="27 3 2026",
        label="Due date",
        help_text="The day the person should send it by. Two weeks is usual.",
    )


class CheckupReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=FinancialCheckup.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the outcome is.",
            "invalid_choice": "Choose one of the outcomes listed.",
        },
    )
    outcome_note = text_field(
        "Note for the person",
        most=NOTE_MAX_LENGTH,
        required=False,
        rows=4,
        error_messages=NOTE_TOO_LONG,
        help_text="They will see this word for word, in their letter and email. Say what happens next. "
        "Needed if you would like a chat or more information.",
    )
