"""Forms of the help centre and of the topic rules page. They check what was typed; the rules are in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from ..models import Topic
from ..services.help import COMMENT_MOST
from ..services.topics import PHRASE_MOST, WEIGHT_MOST

YES, NO = "yes", "no"
NUL_MESSAGE = "Remove the unusual character from this text, then try again"


class TextField(forms.CharField):
    """A text field whose refusal of a NUL character says what to do (PostgreSQL cannot store one)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(ProhibitNullCharactersValidator(message=NUL_MESSAGE))


class TopicChoiceField(forms.ModelChoiceField):
    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class HelpSearchForm(forms.Form):
    q = TextField(
        label="Search the help pages",
        required=False,
        max_length=200,
        error_messages={"max_length": "Enter 200 characters or fewer"},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "true", "autocomplete": "off"}),
    )


class FeedbackForm(forms.Form):
    """The first step of "did this help?": yes or no, one button each."""

    helpful = forms.ChoiceField(
        label="Did this help?",
        choices=[(YES, "Yes"), (NO, "No")],
        error_messages={"required": "Choose yes or no", "invalid_choice": "Choose yes or no"},
    )

    @property
    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == YES


class FeedbackCommentForm(forms.Form):
    """The optional second step: what was missing or what helped."""

    comment = TextField(
        label="Tell us more (optional)",
        help_text="What were you looking for? Do not include personal details such as your name or address.",
        max_length=COMMENT_MOST,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your comment, or leave the page if you do not want to add one",
            "max_length": f"Your comment must be {COMMENT_MOST:,} characters or fewer",
        },
    )


class TopicRuleForm(forms.Form):
    topic = TopicChoiceField(
        label="Topic",
        queryset=Topic.objects.all(),
        empty_label="Choose a topic",
        error_messages={"required": "Choose a topic", "invalid_choice": "Choose a topic from the list"},
    )
    phrase = TextField(
        label="Phrase",
        help_text="A word or a few words people write, like “payslip” or “holiday pay”. Capital letters do not matter.",
        max_length=PHRASE_MOST,
        error_messages={
            "required": "Enter a phrase",
            "max_length": f"Enter a phrase of {PHRASE_MOST} characters or fewer",
        },
        widget=forms.TextInput(attrs={"spellcheck": "true", "autocomplete": "off"}),
    )
    weight = forms.IntegerField(
        label="Weight",
        help_text=f"From 1 to {WEIGHT_MOST}. A phrase with a higher weight counts for more.",
        initial=1,
        min_value=1,
        max_value=WEIGHT_MOST,
        error_messages={
            "required": f"Enter a weight from 1 to {WEIGHT_MOST}",
            "invalid": f"Enter the weight as a whole number from 1 to {WEIGHT_MOST}",
            "min_value": f"Enter a weight from 1 to {WEIGHT_MOST}",
            "max_value": f"Enter a weight from 1 to {WEIGHT_MOST}",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
