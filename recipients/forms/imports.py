"""The staff upload form for imports. The file's content is checked by the import service."""

from __future__ import annotations

from django import forms
from django.conf import settings

from ..models import ImportRun


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=[
            (
                ImportRun.Kind.RECIPIENTS,
                "Recipients: one row for each person, with their direct payment if you have it",
            ),
            (ImportRun.Kind.PAYMENTS, "Payments: a Virtual Wallet or finance export, one row for each payment"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds", "invalid_choice": "Choose what the file holds"},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Save the spreadsheet as CSV UTF-8. The first row must name the columns.",
        error_messages={
            "required": "Choose a CSV file to upload",
            "empty": "The file is empty. Check you chose the right file.",
            "invalid": "Choose a CSV file to upload",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        label="Import the rows that are right, and list the rows that need fixing",
        help_text="If you leave this unticked, nothing is imported until every row is right.",
        required=False,
    )

    def __init__(self, *args, body_too_big: bool = False, **kwargs):
        """`body_too_big`: the upload was refused unread, from its Content-Length."""
        super().__init__(*args, **kwargs)
        self.body_too_big = body_too_big
        if body_too_big:
            self.fields["kind"].required = self.fields["file"].required = False

    def clean(self):
        if self.body_too_big:
            raise forms.ValidationError({"file": too_big_message()})
        return super().clean()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > max_upload_bytes():
            raise forms.ValidationError(too_big_message())
        return upload


def too_big_message() -> str:
    return (
        f"The file is bigger than {settings.IMPORT_MAX_UPLOAD_MB} MB. Split it into smaller files, "
        "or ask for it to be imported from the command line."
    )
