"""Forms of the help centre and of the topic rules page. They check what was typed; the rules are in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from dpss.accounts.models import User
from dpss.ui.forms import CheckedTextField, DateField, radios, text_field

from ..models import Article, CannedReply, Topic
from ..services.canned_replies import REPLY_BODY_MOST, REPLY_TITLE_MOST
from ..services.content import (
    BODY_MOST,
    KEYWORDS_MOST,
    SLUG_MOST,
    SUMMARY_MOST,
    TITLE_MOST,
)
from ..services.help import COMMENT_MOST
from ..services.topics import PHRASE_MOST, WEIGHT_MOST

YES, NO = "yes", "no"


class TopicChoiceField(forms.ModelChoiceField):
    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class HelpSearchForm(forms.Form):
    q = CheckedTextField(
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

    comment = CheckedTextField(
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
    phrase = CheckedTextField(
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


# --- Managers' content pages: help articles and canned replies --------------------------------

PUBLISHED_CHOICES = [(YES, "Yes, people can find and read it"), (NO, "No, keep it as a draft")]
DATE_EXAMPLE = "27 3 2027"
BODY_HINT = (
    "Write in Markdown. Start a heading with <code>##</code>, a bulleted list line with <code>-</code>, "
    "a numbered one with <code>1.</code>, and leave a blank line between paragraphs. "
    "A link is <code>[the words](https://www.example.gov.uk)</code> and bold is <code>**words**</code>. "
    "Other formatting and any HTML are taken out."
)


class OwnerChoiceField(TopicChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ArticleChoiceField(TopicChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.topic.name})"


class ArticleForm(forms.Form):
    """A help article. What makes one acceptable (unique address, owner, dates, words) is in
    services/content.article_save; this checks what was typed."""

    title = text_field(
        "Title",
        what="the title",
        most=TITLE_MOST,
        required_message="Enter a title",
        attrs={"spellcheck": "true"},
    )
    slug = text_field(
        "Web address",
        what="the web address",
        most=SLUG_MOST,
        required_message="Enter the web address",
        attrs={"spellcheck": "false", "autocomplete": "off", "autocapitalize": "none"},
    )
    summary = text_field(
        "Summary",
        what="the summary",
        most=SUMMARY_MOST,
        required_message="Enter a summary of the page in one or two sentences",
        help_text="One or two sentences shown under the title and in search results.",
        rows=3,
    )
    topic = TopicChoiceField(
        label="Topic",
        queryset=Topic.objects.order_by("order", "name"),
        empty_label="Choose a topic",
        error_messages={"required": "Choose a topic", "invalid_choice": "Choose a topic from the list"},
    )
    audience = radios(
        "Who is the page for?",
        Article.Audience.choices,
        message="Choose who the page is for",
        initial=Article.Audience.EVERYONE,
    )
    keywords = text_field(
        "Search words (optional)",
        what="the search words",
        most=KEYWORDS_MOST,
        help_text="Other words people might search for that the page does not use, like “HMRC, payslip”.",
        required=False,
        attrs={"spellcheck": "true"},
    )
    body = text_field(
        "The page",
        what="the page",
        most=BODY_MOST,
        required_message="Write the page",
        help_text=BODY_HINT,
        rows=16,
    )
    easy_read_body = text_field(
        "Easy Read version (optional)",
        what="the Easy Read version",
        most=BODY_MOST,
        help_text="Short sentences, one idea on each line: each line is shown as its own paragraph, in larger text.",
        required=False,
        rows=10,
    )
    owner = OwnerChoiceField(
        label="Owner",
        help_text="The DPSS adviser or manager who keeps this page right.",
        queryset=User.objects.none(),
        empty_label="Choose an owner",
        error_messages={
            "required": "Choose who owns this page",
            "invalid_choice": "Choose an owner from the list: a DPSS adviser or manager",
        },
    )
    review_by = DateField(
        example=DATE_EXAMPLE,
        label="Review by",
        what="the review-by date",
        help_text=f"When the owner should next check the page is still right. For example, {DATE_EXAMPLE}",
    )
    is_published = radios(
        "Publish this page?",
        PUBLISHED_CHOICES,
        message="Choose yes to publish the page, or no to keep it as a draft",
        initial=YES,
    )

    def __init__(self, *args, adding: bool, owners, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # declared above as an OwnerChoiceField
        owner.queryset = owners
        slug = self.fields["slug"]
        if adding:
            slug.required = False
            slug.label = "Web address (optional)"
            slug.help_text = (
                "The end of the page’s address, after /help/. Leave it blank to make one from the title. "
                "Lower-case letters, numbers and hyphens, like “paying-your-pa”."
            )
        else:
            slug.help_text = (
                "The end of the page’s address, after /help/. Lower-case letters, numbers and hyphens. "
                "If you change it, links people have saved to the old address stop working."
            )

    @staticmethod
    def initial_for(article: Article) -> dict:
        return {
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "topic": article.topic_id,
            "audience": article.audience,
            "keywords": article.keywords,
            "body": article.body,
            "easy_read_body": article.easy_read_body,
            "owner": article.owner_id,
            "review_by": article.review_by,
            "is_published": YES if article.is_published else NO,
        }

    def article_fields(self) -> dict:
        """What was typed, as the keyword arguments of services/content.article_save."""
        data = dict(self.cleaned_data)
        data["is_published"] = data["is_published"] == YES
        return data


class ArticleReviewedForm(forms.Form):
    """The "Reviewed" action: the owner has checked the page and sets when it should next be checked."""

    service_error_fields = {"review_by": "next_review_by"}

    next_review_by = DateField(
        example=DATE_EXAMPLE,
        label="Next review by",
        what="the next review-by date",
        help_text=f"For example, {DATE_EXAMPLE}",
    )


class CannedReplyForm(forms.Form):
    title = text_field(
        "Title",
        what="the title",
        most=REPLY_TITLE_MOST,
        required_message="Enter a title that tells staff what the reply is about",
        help_text="Staff choose the reply by this, like “How to register as an employer with HMRC”.",
        attrs={"spellcheck": "true"},
    )
    body = text_field(
        "Reply",
        what="the reply",
        most=REPLY_BODY_MOST,
        required_message="Write the reply",
        help_text="What the person reads. Staff can change it before sending. A link to the help page is added for you.",
        rows=8,
    )
    article = ArticleChoiceField(
        label="Help page it links to",
        help_text="Every canned reply links to a published help page, so the answer matches what people read online.",
        queryset=Article.objects.none(),
        empty_label="Choose a help page",
        error_messages={
            "required": "Choose the help page this reply links to",
            "invalid_choice": "Choose a published help page from the list",
        },
    )
    topic = TopicChoiceField(
        label="Topic (optional)",
        help_text="Replies on a query’s topic are offered first. Leave it blank if the reply fits any topic.",
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        empty_label="Any topic",
        error_messages={"invalid_choice": "Choose a topic from the list, or leave it blank"},
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.fields["article"]
        assert isinstance(article, forms.ModelChoiceField)  # declared above as an ArticleChoiceField
        article.queryset = articles

    @staticmethod
    def initial_for(canned_reply: CannedReply) -> dict:
        return {
            "title": canned_reply.title,
            "body": canned_reply.body,
            "article": canned_reply.article_id,
            "topic": canned_reply.topic_id,
        }


SWITCH_ON, SWITCH_OFF = "on", "off"


class CannedReplySwitchForm(forms.Form):
    active = forms.ChoiceField(
        choices=[(SWITCH_ON, SWITCH_ON), (SWITCH_OFF, SWITCH_OFF)],
        error_messages={
            "required": "Choose whether to switch the canned reply on or off",
            "invalid_choice": "Choose whether to switch the canned reply on or off",
        },
    )
