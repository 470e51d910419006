"""Forms for the person who asked: a reply with files, withdrawing, and the one-question survey."""

from __future__ import annotations

from django import forms

from dpss.ui.forms import FilesField, radios, text_field

from ..services.attachments import MAX_FILES, MAX_MEGABYTES
from ..services.requester import REASON_MOST, REPLY_MOST
from ..services.survey import COMMENT_MOST

SCORE_WORDS = (
    ("5", "Very satisfied"),
    ("4", "Satisfied"),
    ("3", "Neither satisfied nor dissatisfied"),
    ("2", "Dissatisfied"),
    ("1", "Very dissatisfied"),
)


class ReplyForm(forms.Form):
    body = text_field(
        "Your reply",
        what="your reply",
        most=REPLY_MOST,
        required_message="Write your reply",
        rows=6,
    )
    attachments = FilesField(
        label="Add files (optional)",
        required=False,
        help_text=f"PDF, JPEG or PNG, up to {MAX_MEGABYTES} MB each, {MAX_FILES} files at most.",
    )


class WithdrawForm(forms.Form):
    reason = text_field(
        "Why you no longer need an answer (optional)",
        what="your reason",
        most=REASON_MOST,
        required=False,
        help_text="For example, “I found the answer in a help article”. This helps us improve.",
        rows=6,
    )


class SurveyForm(forms.Form):
    score = radios(
        "How satisfied are you with the help you got?",
        SCORE_WORDS,
        message="Choose how satisfied you are with the help you got",
        invalid="Choose how satisfied you are, from the list",
        coerce=int,
    )
    comment = text_field(
        "Tell us more (optional)",
        what="what you tell us",
        most=COMMENT_MOST,
        required=False,
        help_text="What went well, or what we could do better. Do not include personal details.",
        rows=6,
    )
