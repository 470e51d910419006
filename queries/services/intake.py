"""Staff logging a query that reached us by phone, email, letter or in person (docs/domain.md#journey-getting-help).

Many people never use the website: they ring, write or come in. An adviser
or manager records what they asked so it joins the same queue, clocks and
reports as a query raised online:

- The clocks start when the query reached us, not when it was typed in
  (docs/kpis.md#kpi-first-contact: "contacted within 24 hours" counts from the call or
  the letter). That moment is today or earlier, never in the future, and at
  most 30 days ago: older post is logged with today's date and its date in
  the description, so the figures are not rewritten long after the event.
- The topic is the one staff chose or, if they leave it, suggested from the
  words used (services/topics.py, with the reason kept for staff to read).
- When the query is about a person with a direct payment, their record gives
  the area the query is counted in.
- The person has no account here, so, as online (services/raising.py), they
  get a link with a random token, of which only the hash is kept, and the
  same acknowledgement.
- If the call or visit itself answered them, the conversation is logged as
  contact at the time it happened, so the first-contact clock stops then.
- Their name and contact details are kept only with their agreement (UK
  GDPR), which the member of staff notes.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.text import TEXT_MOST
from recipients.models import Recipient

from ..models import Query, QueryEvent, Topic
from .raising import (
    AREA_MOST,
    NAME_MOST,
    PHONE_MOST,
    SUBJECT_MOST,
    acknowledgement_send,
    email_check,
    link_token_give,
    phone_check,
    text_collect,
    topic_for_text,
)
from .status import query_status_set
from .timeline import event_add, query_reference_next

# How each channel reads in "Logged by Sam Adviser from a phone call".
CHANNEL_WORDS: dict[str, str] = {
    Query.Channel.PHONE: "a phone call",
    Query.Channel.EMAIL: "an email",
    Query.Channel.LETTER: "a letter",
    Query.Channel.IN_PERSON: "a conversation in person",
}
# Where a member of staff talks with the person, so the conversation can itself be the first contact.
SPOKEN: dict[str, str] = {Query.Channel.PHONE: "on the phone", Query.Channel.IN_PERSON: "in person"}
OLDEST_DAYS = 30
DESCRIPTION_MOST = TEXT_MOST


def _one_of(value: object, allowed: Container[str], *, field: str, message: str, errors: dict[str, list[str]]) -> None:
    if not isinstance(value, str) or value not in allowed:
        errors.setdefault(field, []).append(message)


def received_at_check(received_at: object, *, now: datetime | None = None) -> list[str]:
    """What is wrong with the moment a query reached us (nothing: an empty list)."""
    now = now or timezone.now()
    if not isinstance(received_at, datetime) or timezone.is_naive(received_at):
        return ["Enter the date and time the query reached us"]
    if received_at > now:
        return [
            "The date and time it reached us must be now or earlier. Check the date and the time, including am or pm."
        ]
    if received_at < now - timedelta(days=OLDEST_DAYS):
        return [
            f"The date it reached us must be within the last {OLDEST_DAYS} days. For anything older, "
            "enter today's date and say in the description when it arrived."
        ]
    return []


def _contact(
    *,
    name: object,
    email: object,
    phone: object,
    reply_by: object,
    about: Recipient | None,
    consent_noted: object,
    errors: dict[str, list[str]],
) -> dict[str, str]:
    """The person's name and how they want a reply: what that way of replying needs is there."""
    found = {
        "name": text_collect(
            name, field="requester_name", what="the name of the person who asked", most=NAME_MOST, errors=errors
        ),
        "email": text_collect(
            email, field="requester_email", what="their email address", most=254, errors=errors, required=False
        ),
        "phone": text_collect(
            phone, field="requester_phone", what="their phone number", most=PHONE_MOST, errors=errors, required=False
        ),
    }
    _one_of(
        reply_by, Query.ReplyBy.values, field="reply_by", message="Choose how they would like a reply", errors=errors
    )
    if reply_by == Query.ReplyBy.EMAIL and not found["email"] and "requester_email" not in errors:
        errors["requester_email"] = ["Enter their email address, or choose another way to reply"]
    if reply_by == Query.ReplyBy.PHONE and not found["phone"] and "requester_phone" not in errors:
        errors["requester_phone"] = ["Enter their phone number, or choose another way to reply"]
    if reply_by == Query.ReplyBy.LETTER and about is None:
        errors.setdefault("reply_by", []).append(
            "To reply by letter, enter the council reference of the person it is about, so we have their "
            "address. Or choose email or phone."
        )
    if found["email"] and "requester_email" not in errors:
        email_check(found["email"], errors=errors)
    if found["phone"] and "requester_phone" not in errors:
        phone_check(found["phone"], errors=errors)
    if consent_noted is not True:
        errors.setdefault("consent_noted", []).append(
            "Tick the box to confirm they agreed that we keep their name and contact details to answer "
            "them. If they did not agree, we cannot log the query."
        )
    return found


def _check_choices(
    *,
    channel: object,
    requester_role: object,
    priority: object,
    topic: object,
    about: object,
    talked_through: object,
    errors: dict[str, list[str]],
) -> None:
    _one_of(channel, CHANNEL_WORDS, field="channel", message="Choose how the query reached us", errors=errors)
    _one_of(
        requester_role,
        Query.RequesterRole.values,
        field="requester_role",
        message="Choose who asked",
        errors=errors,
    )
    _one_of(priority, Query.Priority.values, field="priority", message="Choose a priority from the list", errors=errors)
    if topic is not None and not isinstance(topic, Topic):
        errors.setdefault("topic", []).append("Choose a topic from the list, or let one be suggested")
    if about is not None and not isinstance(about, Recipient):
        errors.setdefault("about", []).append("Enter the council reference of the person it is about")
    if not isinstance(talked_through, bool):
        errors.setdefault("talked_through", []).append("Say whether you have already talked it through with them")
    elif talked_through and isinstance(channel, str) and channel in CHANNEL_WORDS and channel not in SPOKEN:
        errors.setdefault("talked_through", []).append(
            "You can only have talked it through on a phone call or in person. Untick the box, or choose "
            "how the query reached us again."
        )


@transaction.atomic
def query_log(
    *,
    actor: User | None,
    channel: str,
    received_at: datetime,
    requester_role: str,
    requester_name: str,
    requester_email: str = "",
    requester_phone: str = "",
    reply_by: str,
    about: Recipient | None = None,
    subject: str,
    description: str,
    topic: Topic | None = None,
    priority: str = Query.Priority.NORMAL,
    consent_noted: bool,
    talked_through: bool = False,
) -> Query:
    """Log a query that reached us by phone, email, letter or in person, and acknowledge it like one raised
    online. Only advisers and managers may (`queries.triage`). Every problem is reported at once, on the
    field it belongs to.

    `talked_through`: the call or visit itself answered the person; it is logged as contact at
    `received_at`, which stops the first-contact clock there, and the query is in progress.
    """
    if actor is None or not actor.has_perm("queries.triage"):
        raise PermissionDenied("Only advisers and managers can log a query for someone")
    errors: dict[str, list[str]] = {}
    _check_choices(
        channel=channel,
        requester_role=requester_role,
        priority=priority,
        topic=topic,
        about=about,
        talked_through=talked_through,
        errors=errors,
    )
    for message in received_at_check(received_at):
        errors.setdefault("received_at", []).append(message)
    contact = _contact(
        name=requester_name,
        email=requester_email,
        phone=requester_phone,
        reply_by=reply_by,
        about=about if isinstance(about, Recipient) else None,
        consent_noted=consent_noted,
        errors=errors,
    )
    subject = text_collect(subject, field="subject", what="a short subject", most=SUBJECT_MOST, errors=errors)
    description = text_collect(
        description, field="description", what="what they need help with", most=DESCRIPTION_MOST, errors=errors
    )
    if errors:
        raise ValidationError(errors)

    query = _create(
        actor=actor,
        channel=channel,
        received_at=received_at,
        requester_role=requester_role,
        contact=contact,
        reply_by=reply_by,
        about=about,
        subject=subject,
        description=description,
        topic=topic,
        priority=priority,
    )
    link_token = link_token_give(query)
    event_add(
        query=query,
        kind=QueryEvent.Kind.RAISED,
        actor=actor,
        body=f"Logged by {actor} from {CHANNEL_WORDS[channel]}.\n\n{description}",
        is_public=True,
        at=received_at,
    )
    acknowledgement_send(query=query, link_token=link_token)
    if talked_through:
        _talked_through(query=query, actor=actor, channel=channel, at=received_at)
    query.refresh_from_db()
    return query


def _create(
    *,
    actor: User,
    channel: str,
    received_at: datetime,
    requester_role: str,
    contact: dict[str, str],
    reply_by: str,
    about: Recipient | None,
    subject: str,
    description: str,
    topic: Topic | None,
    priority: str,
) -> Query:
    suggestion = None
    if topic is None:
        topic, suggestion = topic_for_text(f"{subject}\n{description}")
        reason = suggestion.reason if suggestion else ""
    else:
        reason = f"Chosen by {actor} when logging the query."
    query = Query(
        reference=query_reference_next(),
        created_at=received_at,
        channel=channel,
        requester=None,
        requester_role=requester_role,
        requester_name=contact["name"],
        requester_email=contact["email"],
        requester_phone=contact["phone"],
        reply_by=reply_by,
        consent_given_at=timezone.now(),
        about=about,
        # The caller is not signed in, so nothing shows who they are to the person: the query is theirs, shared
        # only through its link, never with the person's account or representatives
        # (docs/domain.md#queries-about-a-person).
        raised_as=Query.RaisedAs.THIRD_PARTY,
        area=(about.area if about is not None else "")[:AREA_MOST],
        subject=subject,
        description=description,
        topic=topic,
        suggested_topic=suggestion.topic if suggestion else None,
        topic_reason=reason[:300],
        team=topic.team,
        priority=priority,
    )
    query.full_clean(exclude=["requester", "about", "topic", "suggested_topic", "team", "help_offer"])
    query.save()
    return query


def _talked_through(*, query: Query, actor: User, channel: str, at: datetime) -> None:
    """The conversation answered them: it is the first contact, at the time it happened."""
    event_add(
        query=query,
        kind=QueryEvent.Kind.PHONE_CALL,
        actor=actor,
        body=f"{actor} talked this through with {query.requester_name} {SPOKEN[channel]} when they asked.",
        is_public=False,
        counts_as_contact=True,
        new_value="incoming",
        at=at,
    )
    query.refresh_from_db()
    query_status_set(query=query, status=Query.Status.IN_PROGRESS, actor=actor)
