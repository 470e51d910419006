"""What advisers and managers do with a query: assign, answer, note, log calls, change its priority, topic
and status (merging, complaints, safeguarding and redirecting are in `escalation`).

Every change is written on the timeline by `timeline.event_add` (which brings
the clocks up to date from it), every status change goes through
`status.query_status_set`, and every message through `messages`, in the
outbox, in the same transaction. Why some rules are here:

- A public reply, or a logged call or letter marked as contact, is the first
  contact the service promises within 8 working hours (docs/kpis.md#kpi-first-contact);
  the automatic acknowledgement never counts.
- A canned reply must link to a help article, and the person gets that link,
  so answers and the online information stay the same.
- A complaint has its own timescale (20 working days, counted by the clocks
  from `complaint_at`) and the person is told how complaints work.
- A safeguarding concern alerts every manager at once, with nothing about the
  person beyond the reference and a link.
- Free text never holds NUL bytes (PostgreSQL cannot store them) and stays
  under 10,000 characters; messages say what to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Field
from django.urls import reverse

from dpss.accounts.models import User
from dpss.accounts.rules import is_dpss_staff
from dpss.notifications.tone import words_check
from dpss.text import text_checked

from ..models import TERMINAL_STATUSES, Article, CannedReply, Query, QueryEvent, Team, Topic
from .attachments import attachments_save
from .messages import message_to_requester
from .query_checks import ended_refuse, finished_refuse, query_locked, query_refreshed
from .status import query_status_set
from .timeline import event_add

CONTACT_KINDS: dict[str, str] = {QueryEvent.Kind.PHONE_CALL: "phone call", QueryEvent.Kind.LETTER: "letter"}
DIRECTIONS = {"incoming": "from the person", "outgoing": "to the person"}
# Statuses that have their own action, with what it also does.
OWN_ACTIONS: dict[str, str] = {
    Query.Status.MERGED: "Use “Merge into another query” instead: it tells the person which reference to follow.",
    Query.Status.REDIRECTED: "Use “Send to another service” instead: it tells the person where to go and why.",
}
# A query waiting to be picked up; a reply or a logged contact means someone is working on it.
NOT_STARTED = {Query.Status.NEW, Query.Status.OPEN, Query.Status.REOPENED}


def _start_work(query: Query, *, actor: User) -> None:
    """Someone has answered or spoken to the person: a query waiting to be picked up is now in progress."""
    if query.status in NOT_STARTED:
        query_status_set(query=query, status=Query.Status.IN_PROGRESS, actor=actor)
        query.refresh_from_db()


def article_url(article: Article) -> str:
    site_url: str = settings.SITE_URL
    return site_url + reverse("queries:help_article", kwargs={"slug": article.slug})


@dataclass(frozen=True)
class _FieldChange:
    """How a change of one field of a query is checked and written on the timeline."""

    kind: str
    doing: str
    refuse: Callable[..., None] = ended_refuse
    words: Callable[[Any], str] = lambda value: str(value or "")


FIELD_CHANGES = {
    "assignee": _FieldChange(QueryEvent.Kind.ASSIGNMENT, "assign it"),
    "team": _FieldChange(QueryEvent.Kind.TEAM, "change its team", words=lambda team: team.name if team else ""),
    "priority": _FieldChange(QueryEvent.Kind.PRIORITY, "change its priority", refuse=finished_refuse),
}


def _field_set(query: Query, *, field: str, value: User | Team | str | None, actor: User) -> tuple[Query, bool]:
    """Set one field of the query (locked), unless it cannot change now, and write the change on the timeline
    (`FIELD_CHANGES` says how). Returns the locked query and whether anything changed (the same value again
    changes nothing)."""
    change = FIELD_CHANGES[field]
    locked = query_locked(query)
    change.refuse(locked, doing=change.doing)
    model_field = Query._meta.get_field(field)
    # FIELD_CHANGES names only concrete fields of Query (no reverse relation or generic foreign key).
    assert isinstance(model_field, Field)
    now = getattr(locked, model_field.attname)
    if now == (value.pk if isinstance(value, User | Team) else value):
        return locked, False
    old = getattr(locked, field)
    setattr(locked, field, value)
    locked.save(update_fields=[field, "updated_at"])
    event_add(query=locked, kind=change.kind, actor=actor, old_value=change.words(old), new_value=change.words(value))
    return locked, True


# --- Who deals with it ----------------------------------------------------------------------


def _check_assignee(assignee: object) -> None:
    if assignee is None:
        return
    if not isinstance(assignee, User) or not assignee.is_active or not is_dpss_staff(assignee):
        raise ValidationError(
            {"assignee": "Choose an adviser or a manager of the support service: only they can answer queries."}
        )


@transaction.atomic
def query_assign(*, query: Query, assignee: User | None, actor: User) -> Query:
    """Give the query to an adviser or manager (None: to nobody). A new query is then open.

    The same person again changes nothing. Only DPSS staff can be given a query.
    """
    _check_assignee(assignee)
    locked, changed = _field_set(query, field="assignee", value=assignee, actor=actor)
    if changed and assignee is not None and locked.status == Query.Status.NEW:
        query_status_set(query=locked, status=Query.Status.OPEN, actor=actor)
    return query_refreshed(query, locked)


@transaction.atomic
def queries_assign_many(*, queries: Iterable[Query], assignee: User | None, actor: User) -> int:
    """Give several queries from the queue to one person. Returns how many changed hands.

    Queries already with that person, or ended (merged, withdrawn, sent
    elsewhere), are left as they are.
    """
    _check_assignee(assignee)
    changed = 0
    for query in queries:
        if query.status in TERMINAL_STATUSES or query.assignee_id == (assignee.pk if assignee else None):
            continue
        query_assign(query=query, assignee=assignee, actor=actor)
        changed += 1
    return changed


@transaction.atomic
def query_team_set(*, query: Query, team: Team | None, actor: User) -> Query:
    """Move the query to another team of the service (None: no team)."""
    if team is not None and not isinstance(team, Team):
        raise ValidationError({"team": "Choose a team from the list."})
    locked, _ = _field_set(query, field="team", value=team, actor=actor)
    return query_refreshed(query, locked)


# --- Answering ----------------------------------------------------------------------------------


@transaction.atomic
def query_reply(
    *,
    query: Query,
    body: str,
    actor: User,
    canned_reply: CannedReply | None = None,
    wait_for_requester: bool = False,
    resolve: bool = False,
    attachments: Iterable[UploadedFile] = (),
    keep_words: bool = False,
) -> QueryEvent:
    """Answer the person who asked. They get the reply by email (or staff see they asked for a call or letter).

    The first public reply is the first contact. With a canned reply, its help
    article is linked on the timeline and in the message. Afterwards a query
    not yet started is in progress; or it waits for the person (the clock
    pauses), or it is resolved (the person gets the resolution message and the
    one-question survey).

    The person reads the reply, so unwelcome words are refused with the kinder word offered, unless
    staff chose to `keep_words` (docs/domain.md#words).
    """
    body = text_checked(body, field="body", what="your reply")
    words_check(keep=keep_words, body=body)
    if wait_for_requester and resolve:
        raise ValidationError(
            {"after": "Choose either to wait for the person's answer or to resolve the query, not both."}
        )
    if canned_reply is not None:
        if not isinstance(canned_reply, CannedReply) or not canned_reply.is_active:
            raise ValidationError({"canned_reply": "Choose a canned reply from the list, or write your own."})
        if canned_reply.article_id is None:
            raise ValidationError({"canned_reply": "This canned reply has no help article. Choose another."})
    locked = query_locked(query)
    finished_refuse(locked, doing="reply")
    article = canned_reply.article if canned_reply is not None else None
    event = event_add(
        query=locked, kind=QueryEvent.Kind.PUBLIC_REPLY, actor=actor, body=body, is_public=True, article=article
    )
    attachments_save(event=event, files=[upload for upload in attachments if upload])
    locked.refresh_from_db()
    if wait_for_requester:
        query_status_set(query=locked, status=Query.Status.AWAITING_REQUESTER, actor=actor)
    elif resolve:
        query_status_set(query=locked, status=Query.Status.RESOLVED, actor=actor)
    else:
        _start_work(locked, actor=actor)
    locked.refresh_from_db()
    message_to_requester(
        query=locked,
        template="query_reply",
        key=f"query-reply:{event.pk}",
        context={
            "reply": body,
            "article": article,
            "article_url": article_url(article) if article is not None else "",
            "waiting": wait_for_requester,
            "resolved": resolve,
        },
    )
    query.refresh_from_db()
    return event


@transaction.atomic
def query_note_add(*, query: Query, body: str, actor: User) -> QueryEvent:
    """An internal note for colleagues. The person who asked never sees it."""
    body = text_checked(body, field="body", what="your note")
    locked = query_locked(query)
    event = event_add(query=locked, kind=QueryEvent.Kind.INTERNAL_NOTE, actor=actor, body=body, is_public=False)
    query.refresh_from_db()
    return event


@transaction.atomic
def query_contact_log(
    *, query: Query, kind: str, direction: str, summary: str, counts_as_contact: bool, actor: User
) -> QueryEvent:
    """Record a phone call or letter about the query (internal: the person sees only what we reply).

    Marked as contact, it stops the first-contact clock like a reply does, and
    a query not yet started is then in progress.
    """
    if kind not in CONTACT_KINDS:
        raise ValidationError({"kind": "Choose whether it was a phone call or a letter."})
    if direction not in DIRECTIONS:
        raise ValidationError({"direction": "Choose whether it was from the person or to them."})
    if not isinstance(counts_as_contact, bool):
        raise ValidationError({"counts_as_contact": "Say whether this was contact with the person."})
    summary = text_checked(summary, field="summary", what=f"what was said in the {CONTACT_KINDS[kind]}")
    locked = query_locked(query)
    ended_refuse(locked, doing=f"log a {CONTACT_KINDS[kind]}")
    event = event_add(
        query=locked,
        kind=kind,
        actor=actor,
        body=summary,
        is_public=False,
        counts_as_contact=counts_as_contact,
        new_value=direction,
    )
    if counts_as_contact:
        locked.refresh_from_db()
        _start_work(locked, actor=actor)
    query.refresh_from_db()
    return event


# --- What it is about and how urgent ----------------------------------------------------------


@transaction.atomic
def query_priority_set(*, query: Query, priority: str, actor: User) -> Query:
    """Change how urgent the query is. Its due times are worked out again from when it was raised."""
    if priority not in Query.Priority.values:
        raise ValidationError({"priority": "Choose a priority from the list."})
    locked, _ = _field_set(query, field="priority", value=priority, actor=actor)
    return query_refreshed(query, locked)


@transaction.atomic
def query_topic_set(*, query: Query, topic: Topic, actor: User) -> Query:
    """Change what the query is about. Its due times are worked out again from the start.

    If the query was with the old topic's team (or no team), it moves to the
    new topic's team.
    """
    if not isinstance(topic, Topic):
        raise ValidationError({"topic": "Choose a topic from the list."})
    locked = query_locked(query)
    ended_refuse(locked, doing="change its topic")
    if locked.topic_id == topic.pk:
        return query_refreshed(query, locked)
    old = locked.topic
    locked.topic = topic
    locked.save(update_fields=["topic", "updated_at"])
    event_add(query=locked, kind=QueryEvent.Kind.TOPIC, actor=actor, old_value=old.name, new_value=topic.name)
    if topic.team_id and locked.team_id in (None, old.team_id) and locked.team_id != topic.team_id:
        query_team_set(query=locked, team=topic.team, actor=actor)
    return query_refreshed(query, locked)


# --- Statuses -----------------------------------------------------------------------------------


@transaction.atomic
def query_status_change(*, query: Query, status: str, actor: User, note: str = "", keep_words: bool = False) -> Query:
    """Staff move a query to another status (the status service decides which moves are allowed). The person
    sees the note, so its words are checked (docs/domain.md#words)."""
    note = text_checked(note, field="note", what="the note", required=False)
    words_check(keep=keep_words, note=note)
    if status in OWN_ACTIONS:
        raise ValidationError({"status": OWN_ACTIONS[status]})
    updated = query_status_set(query=query, status=status, actor=actor, note=note)
    query.refresh_from_db()
    return updated
