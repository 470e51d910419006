"""Forms for raising a query: what the person needs help with, then who it is about and how to reply.

They check only the shape of what was typed; the rules (who may ask about
whom, what a way to reply needs, consent, files) are in services/raising.py,
whose messages the view puts on these forms.
"""

from __future__ import annotations

from django import forms

from dpss.ui.forms import FilesField, radios, text_field

from ..models import Query
from ..services.attachments import MAX_FILES, MAX_MEGABYTES
from ..services.raising import DESCRIPTION_MOST, NAME_MOST, PHONE_MOST, SUBJECT_MOST

GENERAL = "general"


class ProblemForm(forms.Form):
    """Step 1: what the person needs help with."""

    subject = text_field(
        "Subject",
        what="the subject",
        most=SUBJECT_MOST,
        required_message="Enter a short subject, like “Paying my PA for a bank holiday”",
        help_text="A few words, like “Paying my PA for a bank holiday”",
        attrs={"spellcheck": "true"},
    )
    description = text_field(
        "What do you need help with?",
        what="your question",
        most=DESCRIPTION_MOST,
        required_message="Tell us what you need help with",
        help_text="Tell us what has happened and what you would like to happen. Do not include bank details or "
        "passwords.",
        rows=6,
    )


def _reply_choices(user) -> list[tuple[str, str]]:
    email = f"By email (to {user.email})" if user is not None else "By email"
    return [(Query.ReplyBy.EMAIL.value, email), (Query.ReplyBy.PHONE.value, "By phone")]


class DetailsForm(forms.Form):
    """Step 2: whom it is about, how to reply (with consent, for someone without an account), and files."""

    FIELDS = ("about", "reply_by", "requester_name", "requester_email", "requester_phone", "area", "consent")

    def __init__(self, *args, user=None, people=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        signed_in = user is not None and user.is_authenticated
        if signed_in and any(person.user_id != user.pk for person in people):
            self.fields["about"] = radios(
                "Who is your question about?",
                [
                    *((str(p.pk), "Me" if p.user_id == user.pk else p.full_name) for p in people),
                    (GENERAL, "A general question, not about one person"),
                ],
                message="Choose who your question is about",
                invalid="Choose who your question is about, from the list",
            )
        if not signed_in:
            self.fields["requester_name"] = text_field(
                "Your name", what="your name", most=NAME_MOST, required=False, attrs={"autocomplete": "name"}
            )
        self.fields["reply_by"] = radios(
            "How would you like us to reply?",
            _reply_choices(user if signed_in else None),
            message="Choose how you would like us to reply: by email or by phone",
        )
        if not signed_in:
            self.fields["requester_email"] = text_field(
                "Email address (if you would like an email)",
                what="your email address",
                most=254,
                required=False,
                help_text="We will send your reference and our reply here.",
                attrs={"autocomplete": "email"},
            )
            self.fields["requester_email"].widget.input_type = "email"
            self.fields["requester_email"].widget.attrs["spellcheck"] = "false"
        self.fields["requester_phone"] = text_field(
            "Phone number (if you would like a call)",
            what="your phone number",
            most=PHONE_MOST,
            required=False,
            help_text="For example 01632 960 001 or 07700 900 982.",
            attrs={"autocomplete": "tel", "inputmode": "tel"},
        )
        self.fields["requester_phone"].widget.input_type = "tel"
        if not signed_in:
            self.fields["area"] = forms.ChoiceField(
                label="Which area do you live in? (optional)",
                help_text="We count questions by area to see where help is needed.",
                required=False,
                choices=[("", "I do not know, or somewhere else"), *((area, area) for area in areas)],
                error_messages={"invalid_choice": "Choose an area from the list"},
            )
            self.fields["consent"] = forms.BooleanField(
                label="I agree that the Direct Payments Support Service may keep my name and contact details "
                "to answer my question",
                required=False,
            )
        self.fields["attachments"] = FilesField(
            label="Add files (optional)",
            required=False,
            help_text=f"For example a letter or a photo of a payslip. PDF, JPEG or PNG, up to {MAX_MEGABYTES} MB "
            f"each, {MAX_FILES} files at most.",
        )

    def about_pk(self) -> int | None:
        value = self.cleaned_data.get("about")
        return int(value) if value and value != GENERAL else None
