"""The form staff fill in to log a query that came by phone, email, letter or in person.

It checks the shape of what was typed (a real date, a time, a known council
reference); the rules (when it can have reached us, what a way to reply
needs, consent) are in services/intake.py, whose messages the view puts on
these fields.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from dpss.ui.forms import DateField, radios, text_field
from recipients.models import Recipient
from recipients.selectors.record import recipient_list

from ..models import Query
from ..services.intake import DESCRIPTION_MOST, received_at_check
from ..services.raising import NAME_MOST, PHONE_MOST, SUBJECT_MOST
from . import choice_field_of

SUGGEST = ""
REFERENCE_MOST = 30
TIME_EXAMPLE = "9:30am or 14:30"
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?\s*(?:m\.?)?$", re.IGNORECASE)


def time_parse(value: str) -> time | None:
    """A time as people type it: 14:30, 2:30pm, 2.30 pm, 9am, noon, midday. None if it is not one."""
    value = " ".join(str(value).lower().split())
    if value in ("noon", "midday", "12 noon", "12 midday"):
        return time(12, 0)
    match = _TIME.match(value)
    if match is None:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _today_as_typed() -> str:
    return timezone.localdate().strftime("%-d %-m %Y")


class LogQueryForm(forms.Form):
    # Where a service's message about a value goes on this form.
    service_error_fields = {"received_at": "received_on", "about": "council_reference"}
    # What `query_log` takes just as it was typed (the person it is about and the topic are looked up).
    SERVICE_TAKES_AS_TYPED = (
        "channel",
        "received_at",
        "requester_role",
        "requester_name",
        "requester_email",
        "requester_phone",
        "reply_by",
        "subject",
        "description",
        "priority",
        "consent_noted",
        "talked_through",
    )

    channel = radios(
        "How did the query reach us?",
        [
            Choice(Query.Channel.PHONE.value, "Phone call"),
            Choice(Query.Channel.EMAIL.value, "Email"),
            Choice(Query.Channel.LETTER.value, "Letter"),
            Choice(Query.Channel.IN_PERSON.value, "In person"),
        ],
        message="Choose how the query reached us",
    )
    received_on = DateField(
        label="Date it reached us",
        what="the date it reached us",
        example=_today_as_typed,
        help_text="The time to answer counts from then. It must be in the last 30 days.",
    )
    received_time = text_field(
        "Time it reached us",
        what="the time it reached us",
        most=10,
        help_text=f"For example, {TIME_EXAMPLE}",
    )
    requester_name = text_field(
        "Name of the person who asked", what="the name of the person who asked", most=NAME_MOST, rows=0
    )
    requester_role = radios(
        "Who are they?",
        [Choice(value, label) for value, label in Query.RequesterRole.choices],
        message="Choose who asked",
    )
    reply_by = radios(
        "How would they like us to reply?",
        [
            Choice(Query.ReplyBy.EMAIL.value, "By email", hint="They get the reference and our replies by email."),
            Choice(Query.ReplyBy.PHONE.value, "By phone"),
            Choice(Query.ReplyBy.LETTER.value, "By letter", hint="Only for a person with a council reference."),
        ],
        message="Choose how they would like us to reply",
    )
    requester_email = text_field(
        "Their email address (if they want an email)", what="their email address", required=False, most=254, rows=0
    )
    requester_phone = text_field(
        "Their phone number (if they want a call)",
        what="their phone number",
        required=False,
        most=PHONE_MOST,
        help_text="For example 01632 960 001 or 07700 900 982.",
    )
    council_reference = text_field(
        "Council reference of the person with a direct payment (optional)",
        what="the council reference",
        required=False,
        most=REFERENCE_MOST,
        help_text="Links the query to their record, which gives the area. Leave it blank for a general question.",
    )
    subject = text_field(
        "Subject",
        what="a short subject",
        most=SUBJECT_MOST,
        help_text="A few words, like “Paying a PA for a bank holiday”.",
    )
    description = text_field(
        "What do they need help with?",
        what="what they need help with",
        most=DESCRIPTION_MOST,
        rows=8,
        help_text="In their words where you can. Do not include bank details or passwords.",
    )
    topic = forms.ChoiceField(
        label="Topic",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Choose a topic from the list, or let one be suggested"},
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=Query.Priority.choices,
        initial=Query.Priority.NORMAL,
        error_messages={"required": "Choose a priority", "invalid_choice": "Choose a priority from the list"},
    )
    talked_through = forms.BooleanField(
        label="I have already talked this through with them",
        required=False,
        help_text="Only for a phone call or a visit. It counts as first contact, at the time it reached us.",
    )
    consent_noted = forms.BooleanField(
        label="They agreed that we keep their name and contact details to answer them",
        required=False,
    )

    def __init__(self, *args, topics: list[tuple[str, str]], fetched_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fetched_by = fetched_by
        self.about: Recipient | None = None
        choice_field_of(self, "topic").choices = [(SUGGEST, "Suggest one from the description"), *topics]
        self.fields["requester_email"].widget.input_type = "email"
        self.fields["requester_email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["requester_phone"].widget.input_type = "tel"
        self.fields["requester_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.fields["requester_name"].widget.attrs["autocomplete"] = "off"
        self.fields["received_time"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["council_reference"].widget.attrs.update({"class": "govuk-input--width-10", "spellcheck": "false"})
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("received_on", now.date())
            self.initial.setdefault("received_time", now.strftime("%H:%M"))

    def clean_received_time(self) -> time | None:
        value = self.cleaned_data["received_time"]
        parsed = time_parse(value)
        if parsed is None:
            raise ValidationError(f"Enter the time as hours and minutes, like {TIME_EXAMPLE}", code="invalid")
        return parsed

    def clean_council_reference(self) -> str:
        reference = " ".join(self.cleaned_data["council_reference"].split())
        if reference:
            self.about = recipient_list(fetched_by=self.fetched_by).filter(council_reference__iexact=reference).first()
            if self.about is None:
                raise ValidationError(
                    f"No one has the council reference “{reference}”. Check it with them, or leave it blank to "
                    "log the query without linking a record.",
                    code="unknown",
                )
        return reference

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, at = data.get("received_on"), data.get("received_time")
        if day is not None and at is not None:
            received_at = timezone.make_aware(datetime.combine(day, at))
            for message in received_at_check(received_at):
                self.add_error("received_on", message)
            data["received_at"] = received_at
        return data
