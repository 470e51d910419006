"""Forms for financial check-ups: the person's answers, the adviser's start and review forms.

Money is typed as text with `inputmode="decimal"` (a GOV.UK pattern, and
DecimalField's number box gets no GOV.UK style: GOTCHAS.md) and read as a
`Decimal`; "£1,250.50" is understood. Files are only collected here: the
service checks each one by its content.
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from dpss.formatting import long_date
from dpss.ui.forms import DateField

from ..models import FinancialCheckup
from ..services.checkups import NOTE_MAX_LENGTH

MAX_POUNDS_DIGITS = 12


class PoundsField(forms.DecimalField):
    """An amount in pounds and pence, typed as text."""

    widget = forms.TextInput

    def __init__(self, *, what: str, **kwargs):
        super().__init__(
            max_digits=MAX_POUNDS_DIGITS,
            decimal_places=2,
            min_value=0,
            error_messages={
                "required": f"Enter the {what}, in pounds and pence. Enter 0 if there was none.",
                "invalid": f"Enter the {what} as an amount of money, like 1250.50",
                "min_value": f"The {what} cannot be less than £0.",
                "max_digits": f"The {what} is too large. Check the amount.",
                "max_whole_digits": f"The {what} is too large. Check the amount.",
                "max_decimal_places": f"Enter the {what} to the penny, like 1250.50",
            },
            **kwargs,
        )
        self.widget.attrs.update(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input govuk-input--width-10",
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").replace(" ", "").strip()
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No HTML min/step: the text box must take "£1,250.50" without the browser refusing it.
        return {}


class FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.Field):
    """Any number of uploaded files, unchecked: the service checks each one and says what is wrong."""

    widget = FilesInput

    def to_python(self, data):
        items = data if isinstance(data, (list, tuple)) else [data]
        return [item for item in items if isinstance(item, UploadedFile)]


def _note_field(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Your note is too long. Use {NOTE_MAX_LENGTH:,} characters or fewer."},
    )


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
            self.fields["money_in"] = PoundsField(what="money in", label=f"Money in from {start} to {end}")
            self.fields["money_out"] = PoundsField(what="money out", label=f"Money out from {start} to {end}")
        self.fields["note"] = _note_field("Anything you would like to tell us (optional)")
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
    outcome_note = _note_field(
        "Note for the person",
        "They will see this word for word, in their letter and email. Say what happens next. "
        "Needed if you would like a chat or more information.",
    )
