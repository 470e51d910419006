"""Forms of the staff queue and query page. They check the shape of what was typed; the rules are in
services/triage.py. Each action form on the query page has its own prefix, so their fields never clash."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from dpss.notifications.tone import kinder_words
from dpss.text import TEXT_MOST
from dpss.ui.forms import ANY, FilesField, choice_field, radios, text_field, valid_filters

from ..models import Query
from ..selectors.queue import ASSIGNEE_ME, ASSIGNEE_NOBODY, STATUS_ANY, STATUS_OPEN, QueueFilters
from ..selectors.queue_search import DUE_CHOICES
from ..services.escalation import REDIRECT_TO_MOST
from ..services.status import ALLOWED
from ..services.triage import OWN_ACTIONS
from . import choice_field_of

# Most queries one bulk assignment changes: a page of the queue at its largest.
BULK_MOST = 100


# --- The queue ---------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The queue's filters, sent with GET so they work without JavaScript and can be bookmarked."""

    status = choice_field(
        "Status",
        [(STATUS_OPEN, "Still open (any open status)"), *Query.Status.choices, (STATUS_ANY, "Any status")],
        what="a status",
    )
    topic = choice_field("Topic", ANY, what="a topic")
    team = choice_field("Team", ANY, what="a team")
    assignee = choice_field("Assigned to", ANY, what="who it is assigned to")
    priority = choice_field("Priority", ANY + list(Query.Priority.choices), what="a priority")
    area = choice_field("Area (district)", ANY, what="an area")
    sla_state = choice_field("Time to answer", ANY + list(Query.SlaState.choices), what="how it is doing for time")
    due = choice_field("Due", [("", "Any time"), *DUE_CHOICES], what="when it is due")
    requester_role = choice_field("Who asked", ANY + list(Query.RequesterRole.choices), what="who asked")
    complaint = forms.BooleanField(label="Complaints only", required=False)
    safeguarding = forms.BooleanField(label="Safeguarding concerns only", required=False)
    # At most 100 characters: the queue keeps no longer value in its addresses (views/queue.py).
    search = text_field(
        "Search by reference, name, email or words",
        most=100,
        required=False,
        what="what to search for",
        help_text="For example DPSS-2026-000013, Margaret Ellis or payroll. A reference finds its query "
        "whatever its status.",
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field_of(self, "topic").choices = ANY + options.topics
        choice_field_of(self, "team").choices = ANY + options.teams
        choice_field_of(self, "assignee").choices = [
            *ANY,
            (ASSIGNEE_ME, "Me"),
            (ASSIGNEE_NOBODY, "Nobody yet"),
            *options.staff,
        ]
        choice_field_of(self, "area").choices = ANY + [(area, area) for area in options.areas]

    def filters(self) -> QueueFilters:
        """What to show: the values that are valid (a wrong one is reported, the rest still apply)."""
        return valid_filters(self, QueueFilters)

    def clean_topic(self) -> int | None:
        return int(self.cleaned_data["topic"]) if self.cleaned_data["topic"] else None

    def clean_search(self) -> str:
        return " ".join(self.cleaned_data["search"].split())

    def clean_team(self) -> int | None:
        return int(self.cleaned_data["team"]) if self.cleaned_data["team"] else None


class IdsField(forms.Field):
    """The ticked rows of the queue: whole numbers, at most a page of them."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if value in (None, ""):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        if len(values) > BULK_MOST:
            raise ValidationError(f"Choose {BULK_MOST} queries or fewer at a time", code="too_many")
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError) as error:
            raise ValidationError("Choose queries from the list", code="invalid") from error


class BulkAssignForm(forms.Form):
    prefix = "bulk"

    selected = IdsField(label="Queries", error_messages={"required": "Choose at least one query to assign"})
    assignee = forms.ChoiceField(
        label="Assign the chosen queries to",
        choices=[],
        error_messages={"required": "Choose who to assign them to", "invalid_choice": "Choose someone from the list"},
    )
    back = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, staff: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field_of(self, "assignee").choices = [
            ("", "Choose someone"),
            *staff,
            (ASSIGNEE_NOBODY, "Nobody (take them off everyone)"),
        ]

    def clean_selected(self):
        selected = self.cleaned_data["selected"]
        if not selected:
            raise ValidationError("Choose at least one query to assign", code="required")
        return selected


# --- The query page: answering ---------------------------------------------------------------

AFTER_KEEP, AFTER_WAIT, AFTER_RESOLVE = "keep", "wait", "resolve"


class KinderWordsForm(forms.Form):
    """A form whose text the person will read: an unwelcome word (docs/domain.md#words) is shown on its
    field with the kinder word, and a box appears to send the words as they are (the word may be right
    there, say because the person used it first). The service checks again at the point of sending."""

    #: The fields the person reads.
    read_by_person: tuple[str, ...] = ()

    keep_words = forms.BooleanField(
        label="Send my words as they are",
        required=False,
        widget=forms.HiddenInput,
        help_text="Only if the word is right here, for example because the person used it first.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep_words"] = self.fields.pop("keep_words")  # after the text it is about

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("keep_words"):
            return cleaned
        for name in self.read_by_person:
            for message in kinder_words(cleaned.get(name) or ""):
                self.add_error(name, message)
                self.fields["keep_words"].widget = forms.CheckboxInput()
        return cleaned


class ReplyForm(KinderWordsForm):
    prefix = "reply"
    read_by_person = ("body",)

    canned_reply = choice_field(
        "Start from a canned reply (optional)",
        [("", "No canned reply")],
        what="a canned reply",
        help_text="Each canned reply links to a help article, so the person gets the same answer as the website.",
    )
    body = text_field(
        "Your reply", what="your reply", rows=8, help_text="The person gets this by email.", most=TEXT_MOST
    )
    after = radios(
        "After sending",
        [
            Choice(AFTER_KEEP, "Keep working on it"),
            Choice(AFTER_WAIT, "Wait for their answer", hint="The clock pauses until they reply."),
            Choice(AFTER_RESOLVE, "Mark it as resolved", hint="They get a short question about how we did."),
        ],
        message="Choose what happens after sending",
        invalid="Choose an answer",
        initial=AFTER_KEEP,
    )
    attachments = FilesField(
        label="Attach files (optional)", required=False, help_text="PDF, JPEG or PNG, up to 10 MB each."
    )

    def __init__(self, *args, canned_replies, **kwargs):
        super().__init__(*args, **kwargs)
        self.canned = {str(reply.pk): reply for reply in canned_replies}
        choice_field_of(self, "canned_reply").choices = [("", "No canned reply")] + [
            (pk, f"{reply.title} (links to “{reply.article.title}”)") for pk, reply in self.canned.items()
        ]

    def chosen_canned(self):
        """The canned reply chosen, whatever else is wrong with the form (for "Use this reply")."""
        return self.canned.get(str(self.data.get(self.add_prefix("canned_reply"), "")))


class NoteForm(forms.Form):
    prefix = "note"

    body = text_field(
        "Internal note",
        what="your note",
        help_text="Only staff see this. The person never does.",
        rows=5,
    )


class ContactForm(forms.Form):
    prefix = "contact"

    kind = radios(
        "What was it?",
        [Choice("phone_call", "A phone call"), Choice("letter", "A letter")],
        message="Choose a phone call or a letter",
        invalid="Choose an answer",
    )
    direction = radios(
        "Who was it from?",
        [Choice("incoming", "From the person"), Choice("outgoing", "From us, to the person")],
        message="Choose who it was from",
        invalid="Choose an answer",
    )
    summary = text_field("What was said", what="what was said", most=TEXT_MOST, rows=5)
    counts_as_contact = forms.BooleanField(
        label="We spoke to or wrote to the person about their query",
        required=False,
        help_text="Tick this if it was real contact: it stops the first-contact clock, like a reply.",
    )


# --- The query page: triage ----------------------------------------------------------------


class StatusForm(KinderWordsForm):
    prefix = "status"
    read_by_person = ("note",)

    status = forms.ChoiceField(
        label="New status",
        choices=[],
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status from the list"},
    )
    note = text_field(
        "Note for the person (optional)",
        what="the note",
        required=False,
        rows=3,
        help_text="The person sees the new status and this note.",
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [s for s in Query.Status if s in ALLOWED.get(current, frozenset()) and s not in OWN_ACTIONS]
        choice_field_of(self, "status").choices = [("", "Choose a status")] + [(s.value, s.label) for s in allowed]


class PriorityForm(forms.Form):
    prefix = "priority"

    priority = forms.ChoiceField(
        label="Priority",
        choices=Query.Priority.choices,
        help_text="The time to answer is worked out again from when the query was raised.",
        error_messages={"required": "Choose a priority", "invalid_choice": "Choose a priority from the list"},
    )


class ChooseFromListForm(forms.Form):
    """One list to choose from, whose options are known only when the page is drawn (`options`, as
    `(value, label)` pairs); `blank`, if set, is the label of choosing none."""

    field_name = ""
    blank: str | None = None

    def __init__(self, *args, options: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        none = [("", self.blank)] if self.blank is not None else []
        choice_field_of(self, self.field_name).choices = [*none, *options]


class TopicForm(ChooseFromListForm):
    prefix = field_name = "topic"

    topic = choice_field(
        "Topic",
        [],
        what="a topic",
        required=True,
        help_text="The time to answer is worked out again from when the query was raised.",
    )


class TeamForm(ChooseFromListForm):
    prefix = field_name = "team"
    blank = "No team"

    team = choice_field("Team", [], what="a team")


class AssignForm(ChooseFromListForm):
    prefix = "assign"
    field_name = "assignee"
    blank = "Nobody"

    assignee = choice_field("Assigned to", [], what="someone")


class MergeForm(forms.Form):
    prefix = "merge"

    into = text_field(
        "Reference of the query to merge this one into",
        what="the reference of the other query",
        most=20,
        help_text="For example, DPSS-2026-000123. This query then ends and the person follows the other one.",
    )

    def clean_into(self) -> str:
        return self.cleaned_data["into"].strip().upper()


class ComplaintForm(forms.Form):
    prefix = "complaint"

    note = text_field(
        "What is the person unhappy about?",
        what="what the person is unhappy about",
        help_text="Only staff see this. The person gets an email explaining how complaints work and when to "
        "expect an answer (within 20 working days).",
        rows=5,
    )


class SafeguardingForm(forms.Form):
    prefix = "safeguarding"

    note = text_field(
        "What is the concern?",
        what="the concern",
        help_text="Only staff see this. Every manager is alerted at once, with the reference only.",
        rows=5,
    )


class RedirectForm(KinderWordsForm):
    prefix = "redirect"
    read_by_person = ("reason",)

    to = text_field(
        "Which service should the person contact?",
        what="the service to contact",
        most=REDIRECT_TO_MOST,
        help_text="With how to reach them, for example “Adult Social Care, 0300 555 1386”.",
    )
    reason = text_field(
        "Why can they help?",
        what="why the other service can help",
        rows=3,
        help_text="The person gets this in an email, so write it for them.",
    )
