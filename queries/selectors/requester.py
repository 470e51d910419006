"""Reads for the person who asked: their queries, one query's public timeline, files, links and the survey.

Everything is scoped by `Query.objects.visible_to(user)` (queries/rules.py):
a personal assistant never sees a recipient's query, and a representative
sees queries about the people they act for today (never someone else's, nor
a safeguarding concern). Someone without an account reaches their query only
through its link token. The person only ever sees the public part of the
timeline, never internal notes; a requester who asked as a representative
whose authority has since ended sees it only up to the moment it ended
(`authority_ended_at`, docs/domain.md#queries-about-a-person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dpss.accounts.rules import is_dpss_staff
from dpss.accounts.types import AnyUser
from dpss.tokens import link_token_hash
from recipients.models import Recipient, Representative

from ..models import PUBLIC_EVENT_KINDS, Query, QueryAttachment, QueryEvent, SatisfactionSurvey

TOKEN_MOST = 200


def my_queries(*, user: AnyUser) -> QuerySet[Query]:
    """The queries this person may see, newest first, with whom each is about (one query for a page)."""
    return (
        Query.objects.visible_to(user)
        .select_related("about")
        .defer("description", "about__communication_needs")
        .order_by("-created_at", "-id")
    )


def query_for_requester(*, user: AnyUser, reference: str) -> Query | None:
    """One query the person may see, by its reference, or None (the page answers 404)."""
    return Query.objects.visible_to(user).select_related("about", "topic").filter(reference=reference).first()


def query_for_token(*, token: str) -> Query | None:
    """The query a link without an account opens, or None for a token we never gave."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MOST:
        return None
    return (
        Query.objects.select_related("topic")
        .filter(requester__isnull=True, access_token_hash=link_token_hash(token))
        .exclude(access_token_hash="")
        .first()
    )


@dataclass(frozen=True)
class Authority:
    """The people a user may see today as a representative, and when their authority for others ended."""

    current: frozenset[int] = frozenset()
    ended: dict[int, datetime] = field(default_factory=dict)


def authority_of(*, user: AnyUser) -> Authority:
    """One read of the user's representative records: whom they may see today and, for the people they may no
    longer see, the moment their authority ended (the start of the day after its last end date)."""
    if not user.is_authenticated:
        return Authority()
    today = timezone.localdate()
    current: set[int] = set()
    ended: dict[int, datetime] = {}
    for record in Representative.objects.filter(user=user).only("recipient_id", "valid_from", "valid_to", "can_see"):
        if record.can_see and record.in_force_on(today):
            current.add(record.recipient_id)
        elif record.valid_to is not None and record.valid_to < today:
            moment = timezone.make_aware(datetime.combine(record.valid_to + timedelta(days=1), time.min))
            ended[record.recipient_id] = max(moment, ended.get(record.recipient_id, moment))
    return Authority(current=frozenset(current), ended={pk: at for pk, at in ended.items() if pk not in current})


def authority_ended_at(*, query: Query, user: AnyUser, authority: Authority | None = None) -> datetime | None:
    """For a requester who asked as the person's representative and may no longer see the person: the moment
    their authority ended (what happened after it is not theirs to see). None for everyone else."""
    if (
        not user.is_authenticated
        or query.requester_id != user.pk
        or query.raised_as != Query.RaisedAs.REPRESENTATIVE
        or query.about_id is None
    ):
        return None
    authority = authority if authority is not None else authority_of(user=user)
    if query.about_id in authority.current:
        return None
    # No end date recorded (the authority was taken away): only their own question stays theirs.
    return authority.ended.get(query.about_id, query.created_at)


def _up_to(until: datetime | None, prefix: str = "") -> Q:
    """Events before `until`, and always the question itself; everything when `until` is None."""
    if until is None:
        return Q()
    return Q(**{f"{prefix}created_at__lt": until}) | Q(**{f"{prefix}kind": QueryEvent.Kind.RAISED})


def public_timeline(*, query: Query, until: datetime | None = None) -> list[QueryEvent]:
    """What the person sees happened: replies, their own messages and status changes, each with its files;
    with `until`, only up to that moment (`authority_ended_at`)."""
    return list(
        query.events.filter(_up_to(until), is_public=True, kind__in=PUBLIC_EVENT_KINDS)
        .select_related("author", "article")
        .prefetch_related(Prefetch("attachments", queryset=QueryAttachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def attachment_for(
    *, query: Query, pk: int, user: AnyUser | None = None, until: datetime | None = None
) -> QueryAttachment | None:
    """A file on the query's public timeline (staff: on any event of the query), or None; with `until`, only
    on an event before that moment (`authority_ended_at`)."""
    attachments = QueryAttachment.objects.select_related("event").filter(pk=pk, event__query=query)
    if not (user is not None and is_dpss_staff(user)):
        attachments = attachments.filter(
            _up_to(until, prefix="event__"), event__is_public=True, event__kind__in=PUBLIC_EVENT_KINDS
        )
    return attachments.first()


def people_to_ask_about(*, user: AnyUser) -> list[Recipient]:
    """Whom a signed-in person can ask about: their own record, then the people they act for today."""
    if not user.is_authenticated:
        return []
    acting = Representative.objects.in_force().filter(user=user, can_act=True).values("recipient_id")
    people = Recipient.objects.filter(user=user) | Recipient.objects.filter(pk__in=acting)
    own_first = sorted(people.only("pk", "full_name", "preferred_name", "user_id", "area"), key=lambda r: r.full_name)
    return sorted(own_first, key=lambda r: r.user_id != user.pk)


def survey_lookup(*, token: str) -> SatisfactionSurvey | None:
    """The survey a link opens, or None for a token we never gave."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MOST:
        return None
    return SatisfactionSurvey.objects.select_related("query").filter(token_hash=link_token_hash(token)).first()


# The status as the person who asked would say it.
STATUS_WORDS = {
    "new": "Received",
    "open": "Received",
    "in_progress": "We are working on it",
    "awaiting_requester": "Waiting for your reply",
    "awaiting_third_party": "Waiting for someone else",
    "resolved": "Answered",
    "closed": "Closed",
    "reopened": "We are working on it again",
    "merged": "Joined with another query",
    "withdrawn": "Withdrawn",
    "redirected": "Passed to another service",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, str(status).replace("_", " ").capitalize())


def status_at(timeline: list[QueryEvent]) -> str:
    """The status as the last status change on this (cut) timeline left it: "new" when there was none."""
    changes = [event.new_value for event in timeline if event.kind == QueryEvent.Kind.STATUS and event.new_value]
    return changes[-1] if changes else Query.Status.NEW
