"""Queries: what someone asked, everything that happened to it (one timeline), and its clocks.

The clocks (`first_contact_due_at`, `resolution_due_at`, `due_at`, `sla_state`)
are worked out from the timeline by `services/sla.py` and stored here only so
the queue can filter and sort on them; they can always be recomputed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dpss.accounts.rules import is_dpss_staff
from recipients.models import Representative

from .help import HelpOffer, Team, Topic


class ReferenceCounter(models.Model):
    """The last query number given out in a year, for references like DPSS-2026-000123."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class QueryQuerySet(models.QuerySet["Query"]):
    def visible_to(self, user) -> QueryQuerySet:
        """Staff see every query. Anyone else sees the queries they raised and, for a recipient or a
        representative, the queries about the person they are or represent today that the person or someone
        acting for them raised, unless it is a safeguarding concern (docs/domain.md#queries-about-a-person).
        Never internal notes: those are filtered on the timeline."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if is_dpss_staff(user):
            return self
        # A representative whose authority is in force today sees those queries about the person, as they see
        # the rest of the person's record; replying for them needs authority to act (queries/rules.py).
        represented = Representative.objects.in_force().filter(user=user, can_see=True).values("recipient_id")
        return self.filter(
            Q(requester=user) | (self.shared_with_the_person() & (Q(about__user=user) | Q(about_id__in=represented)))
        )

    @staticmethod
    def shared_with_the_person() -> Q:
        """Queries the person it is about and their representatives may see: raised by the person or by someone
        with authority for them, and not a safeguarding concern (a flag staff may set at any time)."""
        return Q(raised_as__in=SHARED_RAISED_AS, safeguarding=False)


class Query(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_REQUESTER = "awaiting_requester", "Waiting for the person who asked"
        AWAITING_THIRD_PARTY = "awaiting_third_party", "Waiting for someone else"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        MERGED = "merged", "Merged into another query"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REDIRECTED = "redirected", "Sent to another service"

    class Priority(models.TextChoices):
        URGENT = "urgent", "Urgent"
        HIGH = "high", "High"
        NORMAL = "normal", "Normal"
        LOW = "low", "Low"

    class RequesterRole(models.TextChoices):
        RECIPIENT = "recipient", "Person with a direct payment"
        REPRESENTATIVE = "representative", "Carer or representative"
        PRACTITIONER = "practitioner", "Practitioner"
        PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
        PUBLIC = "public", "Member of the public"

    class RaisedAs(models.TextChoices):
        PERSON = "person", "The person it is about"
        REPRESENTATIVE = "representative", "Someone with authority to act for the person"
        THIRD_PARTY = "third_party", "Someone else"

    class Channel(models.TextChoices):
        PORTAL = "portal", "Online"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    class ReplyBy(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"

    class SlaState(models.TextChoices):
        ON_TIME = "on_time", "On time"
        WARNING = "warning", "Due soon"
        BREACHED = "breached", "Overdue"
        PAUSED = "paused", "Clock paused"
        MET = "met", "Answered on time"
        MISSED = "missed", "Answered late"

    reference = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.PORTAL)

    # Who asked. A signed-in person is `requester`; someone without an account leaves a name and a way to reply.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="queries_raised"
    )
    requester_role = models.CharField(max_length=24, choices=RequesterRole.choices)
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=30, blank=True)
    reply_by = models.CharField(max_length=10, choices=ReplyBy.choices, default=ReplyBy.EMAIL)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    # Someone without an account reaches their query only through a link with this token (only its hash kept).
    access_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The person the query is about, when it is about someone's direct payment.
    about = models.ForeignKey(
        "recipients.Recipient", on_delete=models.SET_NULL, null=True, blank=True, related_name="queries"
    )
    # Who the requester was to that person when they asked, recorded then (services/raising.py, intake.py):
    # only queries the person or someone with authority for them raised are shown to the person and their
    # representatives (docs/domain.md#queries-about-a-person).
    raised_as = models.CharField(max_length=16, choices=RaisedAs.choices, default=RaisedAs.THIRD_PARTY)
    # District, from the person's record or as the requester told us (queries are counted by area).
    area = models.CharField("district", max_length=64, blank=True)

    subject = models.CharField(max_length=150)
    description = models.TextField()
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="queries")
    suggested_topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Why that topic was suggested, in words staff can read ("it mentions “payroll” and “HMRC”").
    topic_reason = models.CharField(max_length=300, blank=True)
    help_offer = models.OneToOneField(HelpOffer, on_delete=models.SET_NULL, null=True, blank=True, related_name="query")

    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="queries")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="queries_assigned"
    )
    is_complaint = models.BooleanField(default=False)
    complaint_at = models.DateTimeField(null=True, blank=True)
    safeguarding = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    redirected_to = models.CharField(max_length=200, blank=True)

    # Clocks, worked out from the timeline (services/sla.py).
    first_contact_due_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    first_contact_business_seconds = models.PositiveIntegerField(null=True, blank=True)
    first_contact_wall_seconds = models.PositiveIntegerField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The next thing due (first contact, then resolution); empty once finished or while paused.
    due_at = models.DateTimeField(null=True, blank=True)
    # When 80% of the working time of the clock `due_at` belongs to is used (the periodic check finds the
    # queries that crossed it through the index below); empty when `due_at` is.
    warning_at = models.DateTimeField(null=True, blank=True)
    sla_state = models.CharField(max_length=12, choices=SlaState.choices, default=SlaState.ON_TIME)

    objects = QueryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "queries"
        indexes = [
            # The staff queue: open queries by what is due first.
            models.Index(
                fields=["due_at", "id"],
                name="query_open_due",
                condition=~Q(status__in=["resolved", "closed", "merged", "withdrawn", "redirected"]),
            ),
            # The periodic SLA check: open queries by the moment they reach 80% of their time.
            models.Index(
                fields=["warning_at", "id"],
                name="query_open_warning",
                condition=~Q(status__in=["resolved", "closed", "merged", "withdrawn", "redirected"]),
            ),
            # The queue's order is (due_at, created_at, id): an index that ends with all three lets a page be
            # read straight from it. With (status, due_at) alone, ?status=closed (150,000 rows, all with no
            # due time) joined and sorted every row: 1.2 s at 200,000 queries (bench/results/queries.md).
            models.Index(fields=["status", "due_at", "created_at", "id"], name="query_status_due"),
            # Every status (?status=any): without it, every query was sorted on each page (about 1 s).
            models.Index(fields=["due_at", "created_at", "id"], name="query_due_order"),
            # Complaints: the reports count them by when they were marked; the queue filters on them.
            models.Index(fields=["complaint_at"], name="query_complaints", condition=Q(is_complaint=True)),
            models.Index(fields=["assignee", "due_at"], name="query_assignee_due"),
            models.Index(fields=["team", "due_at"], name="query_team_due"),
            # The reports: queries received by topic, area and month, and first contact by month, each read
            # from this index alone (an index-only scan of the period's entries, no table rows): 70 ms each
            # for 116,000 queries, where first contact read the table in 160-290 ms (bench/results/queries.md).
            models.Index(
                fields=["created_at", "topic", "area"],
                include=["status", "first_contact_at", "first_contact_due_at", "first_contact_wall_seconds"],
                name="query_report",
            ),
            models.Index(fields=["requester", "-created_at"], name="query_requester"),
            models.Index(fields=["about", "-created_at"], name="query_about"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def is_finished(self) -> bool:
        """Resolved, closed or ended: the clocks have stopped."""
        return self.status in FINISHED_STATUSES

    @property
    def has_ended(self) -> bool:
        """Merged, withdrawn or sent elsewhere: nothing more happens to it."""
        return self.status in TERMINAL_STATUSES

    @property
    def can_be_reopened(self) -> bool:
        """Resolved or closed: a reply from the person (or staff) picks it up again."""
        return self.status in (self.Status.RESOLVED, self.Status.CLOSED)

    @property
    def replies_by_email(self) -> bool:
        return self.reply_by == self.ReplyBy.EMAIL


# Nothing more happens to a query in these states.
TERMINAL_STATUSES = frozenset({Query.Status.MERGED, Query.Status.WITHDRAWN, Query.Status.REDIRECTED})
# The query is answered or ended: its clocks have stopped (a reply from the person reopens a resolved or
# closed one).
FINISHED_STATUSES = TERMINAL_STATUSES | {Query.Status.RESOLVED, Query.Status.CLOSED}
OPEN_STATUSES = frozenset(set(Query.Status.values) - FINISHED_STATUSES)
# Raised by the person or by someone with authority for them: shown to the person and their representatives.
SHARED_RAISED_AS = (Query.RaisedAs.PERSON, Query.RaisedAs.REPRESENTATIVE)


class QueryEvent(models.Model):
    """One thing that happened to a query. The timeline is the record: the clocks are recomputed from it."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Query raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledgement sent"
        PUBLIC_REPLY = "public_reply", "Reply"
        REQUESTER_REPLY = "requester_reply", "Reply from the person who asked"
        INTERNAL_NOTE = "internal_note", "Internal note"
        PHONE_CALL = "phone_call", "Phone call"
        LETTER = "letter", "Letter"
        STATUS = "status", "Status changed"
        ASSIGNMENT = "assignment", "Assigned"
        TEAM = "team", "Team changed"
        TOPIC = "topic", "Topic changed"
        PRIORITY = "priority", "Priority changed"
        COMPLAINT = "complaint", "Marked as a complaint"
        SAFEGUARDING = "safeguarding", "Safeguarding concern"
        MERGED = "merged", "Merged"
        REDIRECTED = "redirected", "Sent to another service"
        SURVEY = "survey", "Satisfaction answer"

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(blank=True)
    # Shown to the person who asked (replies, their own messages, status changes).
    is_public = models.BooleanField(default=False)
    # A call or letter that was real contact with the person stops the first-contact clock.
    counts_as_contact = models.BooleanField(default=False)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    # The help article a reply pointed to (canned replies must link one).
    article = models.ForeignKey("queries.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    # Not stored: the heading the staff query page gives the event (set by views/staff.py for its template).
    title: str

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["query", "created_at"], name="query_event_timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.query_id}"

    @property
    def is_internal_note(self) -> bool:
        return self.kind == self.Kind.INTERNAL_NOTE


# What the person who asked sees of the timeline.
PUBLIC_EVENT_KINDS = frozenset(
    {
        QueryEvent.Kind.RAISED,
        QueryEvent.Kind.ACKNOWLEDGED,
        QueryEvent.Kind.PUBLIC_REPLY,
        QueryEvent.Kind.REQUESTER_REPLY,
        QueryEvent.Kind.STATUS,
    }
)


class QueryAttachment(models.Model):
    """A file sent with a query or a reply, checked by content and size, served only through a permission check."""

    event = models.ForeignKey(QueryEvent, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="queries/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name


class CannedReply(models.Model):
    """A reply staff can start from. It must point to a help article, so answers match what is online."""

    title = models.CharField(max_length=120)
    body = models.TextField()
    article = models.ForeignKey("queries.Article", on_delete=models.PROTECT, related_name="canned_replies")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="canned_replies")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self) -> str:
        return self.title


class SatisfactionSurvey(models.Model):
    """One question after a query is resolved, through a single-use link. 4 or 5 counts as satisfied."""

    query = models.OneToOneField(Query, on_delete=models.CASCADE, related_name="survey")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"Survey for {self.query_id}"


class SlaAlert(models.Model):
    """A warning (80% of the time gone) or a breach, sent once per clock and due time."""

    class Clock(models.TextChoices):
        FIRST_CONTACT = "first_contact", "First contact"
        RESOLUTION = "resolution", "Resolution"

    class Level(models.TextChoices):
        WARNING = "warning", "Due soon"
        BREACH = "breach", "Overdue"

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="sla_alerts")
    clock = models.CharField(max_length=16, choices=Clock.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "clock", "level", "due_at"], name="sla_alert_once_per_due_time")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_clock_display()} on {self.query_id}"
