"""Reads for the person who asked: their queries, one query's public timeline, files, links and the survey.

Everything is scoped by `Query.objects.visible_to(user)` (queries/rules.py):
a personal assistant never sees a recipient's query, and a representative
sees queries about the people they act for today. Someone without an account
reaches their query only through its link token. The person only ever sees
the public part of the timeline, never internal notes.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

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


def public_timeline(*, query: Query) -> list[QueryEvent]:
    """What the person sees happened: replies, their own messages and status changes, each with its files."""
    return list(
        query.events.filter(is_public=True, kind__in=PUBLIC_EVENT_KINDS)
        .select_related("author", "article")
        .prefetch_related(Prefetch("attachments", queryset=QueryAttachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def attachment_for(*, query: Query, pk: int, user: AnyUser | None = None) -> QueryAttachment | None:
    """A file on the query's public timeline (staff: on any event of the query), or None."""
    attachments = QueryAttachment.objects.select_related("event").filter(pk=pk, event__query=query)
    if not (user is not None and is_dpss_staff(user)):
        attachments = attachments.filter(event__is_public=True, event__kind__in=PUBLIC_EVENT_KINDS)
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
