"""What advisers and managers do with a query: assign, answer, note, log calls, merge, escalate, redirect.

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

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.rules import is_dpss_staff
from dpss.accounts.selectors import manager_list
from dpss.text import text_checked

from ..models import (
    TERMINAL_STATUSES,
    CannedReply,
    EventKind,
    Priority,
    Query,
    QueryEvent,
    Status,
    Team,
    Topic,
)
from .attachments import attachments_save
from .messages import message_to_requester, message_to_staff
from .status import query_status_set
from .timeline import event_add

REDIRECT_TO_MOST = 200
COMPLAINT_WORKING_DAYS = 20
CONTACT_KINDS = {EventKind.PHONE_CALL: "phone call", EventKind.LETTER: "letter"}
DIRECTIONS = {"incoming": "from the person", "outgoing": "to the person"}
# Statuses that have their own action, with what it also does.
OWN_ACTIONS = {
    Status.MERGED: "Use “Merge into another query” instead: it tells the person which reference to follow.",
    Status.REDIRECTED: "Use “Send to another service” instead: it tells the person where to go and why.",
}
# A query waiting to be picked up; a reply or a logged contact means someone is working on it.
NOT_STARTED = {Status.NEW, Status.OPEN, Status.REOPENED}


# --- Checks shared by every action ---------------------------------------------------------


def _locked(query: Query) -> Query:
    """The query, locked for this change, so two people acting at once cannot undo each other."""
    return Query.objects.select_for_update().get(pk=query.pk)


def _not_ended(query: Query, *, doing: str) -> None:
    if query.status in TERMINAL_STATUSES:
        raise ValidationError(
            f"This query is “{query.get_status_display().lower()}”, so you cannot {doing}. Nothing more happens to it."
        )


def _not_finished(query: Query, *, doing: str) -> None:
    _not_ended(query, doing=doing)
    if query.is_finished:
        raise ValidationError(
            f"This query is “{query.get_status_display().lower()}”. Reopen it first if you need to {doing}."
        )


def _refresh(query: Query, locked: Query) -> Query:
    """Bring the caller's object up to date with what was saved (the clocks included)."""
    query.refresh_from_db()
    locked.refresh_from_db()
    return locked


def _start_work(query: Query, *, by) -> None:
    """Someone has answered or spoken to the person: a query waiting to be picked up is now in progress."""
    if query.status in NOT_STARTED:
        query_status_set(query=query, status=Status.IN_PROGRESS, by=by)
        query.refresh_from_db()


def staff_query_url(query: Query) -> str:
    return settings.SITE_URL + reverse("queries:staff_query", kwargs={"pk": query.pk})


def article_url(article) -> str:
    return settings.SITE_URL + reverse("queries:help_article", kwargs={"slug": article.slug})


# --- Who deals with it ----------------------------------------------------------------------


def _check_assignee(assignee) -> None:
    if assignee is None:
        return
    if not isinstance(assignee, User) or not assignee.is_active or not is_dpss_staff(assignee):
        raise ValidationError(
            {"assignee": "Choose an adviser or a manager of the support service: only they can answer queries."}
        )


@transaction.atomic
def query_assign(*, query: Query, assignee: User | None, by) -> Query:
    """Give the query to an adviser or manager (None: to nobody). A new query is then open.

    The same person again changes nothing. Only DPSS staff can be given a query.
    """
    _check_assignee(assignee)
    locked = _locked(query)
    _not_ended(locked, doing="assign it")
    if locked.assignee_id == (assignee.pk if assignee else None):
        return _refresh(query, locked)
    old = locked.assignee
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    event_add(
        query=locked, kind=EventKind.ASSIGNMENT, author=by, old_value=str(old or ""), new_value=str(assignee or "")
    )
    if assignee is not None and locked.status == Status.NEW:
        query_status_set(query=locked, status=Status.OPEN, by=by)
    return _refresh(query, locked)


@transaction.atomic
def queries_assign_many(*, queries: Iterable[Query], assignee: User | None, by) -> int:
    """Give several queries from the queue to one person. Returns how many changed hands.

    Queries already with that person, or ended (merged, withdrawn, sent
    elsewhere), are left as they are.
    """
    _check_assignee(assignee)
    changed = 0
    for query in queries:
        if query.status in TERMINAL_STATUSES or query.assignee_id == (assignee.pk if assignee else None):
            continue
        query_assign(query=query, assignee=assignee, by=by)
        changed += 1
    return changed


@transaction.atomic
def query_team_set(*, query: Query, team: Team | None, by) -> Query:
    """Move the query to another team of the service (None: no team)."""
    if team is not None and not isinstance(team, Team):
        raise ValidationError({"team": "Choose a team from the list."})
    locked = _locked(query)
    _not_ended(locked, doing="change its team")
    if locked.team_id == (team.pk if team else None):
        return _refresh(query, locked)
    old = locked.team
    locked.team = team
    locked.save(update_fields=["team", "updated_at"])
    event_add(
        query=locked,
        kind=EventKind.TEAM,
        author=by,
        old_value=old.name if old else "",
        new_value=team.name if team else "",
    )
    return _refresh(query, locked)


# --- Answering ----------------------------------------------------------------------------------


@transaction.atomic
def query_reply(
    *,
    query: Query,
    body: str,
    by,
    canned_reply: CannedReply | None = None,
    wait_for_requester: bool = False,
    resolve: bool = False,
    attachments: Iterable[UploadedFile] = (),
) -> QueryEvent:
    """Answer the person who asked. They get the reply by email (or staff see they asked for a call or letter).

    The first public reply is the first contact. With a canned reply, its help
    article is linked on the timeline and in the message. Afterwards a query
    not yet started is in progress; or it waits for the person (the clock
    pauses), or it is resolved (the person gets the resolution message and the
    one-question survey).
    """
    body = text_checked(body, field="body", what="your reply")
    if wait_for_requester and resolve:
        raise ValidationError(
            {"after": "Choose either to wait for the person's answer or to resolve the query, not both."}
        )
    if canned_reply is not None:
        if not isinstance(canned_reply, CannedReply) or not canned_reply.is_active:
            raise ValidationError({"canned_reply": "Choose a canned reply from the list, or write your own."})
        if canned_reply.article_id is None:
            raise ValidationError({"canned_reply": "This canned reply has no help article. Choose another."})
    locked = _locked(query)
    _not_finished(locked, doing="reply")
    article = canned_reply.article if canned_reply is not None else None
    event = event_add(query=locked, kind=EventKind.PUBLIC_REPLY, author=by, body=body, is_public=True, article=article)
    attachments_save(event=event, files=[upload for upload in attachments if upload])
    locked.refresh_from_db()
    if wait_for_requester:
        query_status_set(query=locked, status=Status.AWAITING_REQUESTER, by=by)
    elif resolve:
        query_status_set(query=locked, status=Status.RESOLVED, by=by)
    else:
        _start_work(locked, by=by)
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
def query_note_add(*, query: Query, body: str, by) -> QueryEvent:
    """An internal note for colleagues. The person who asked never sees it."""
    body = text_checked(body, field="body", what="your note")
    locked = _locked(query)
    event = event_add(query=locked, kind=EventKind.INTERNAL_NOTE, author=by, body=body, is_public=False)
    query.refresh_from_db()
    return event


@transaction.atomic
def query_contact_log(
    *, query: Query, kind: str, direction: str, summary: str, counts_as_contact: bool, by
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
    locked = _locked(query)
    _not_ended(locked, doing=f"log a {CONTACT_KINDS[kind]}")
    event = event_add(
        query=locked,
        kind=kind,
        author=by,
        body=summary,
        is_public=False,
        counts_as_contact=counts_as_contact,
        new_value=direction,
    )
    if counts_as_contact:
        locked.refresh_from_db()
        _start_work(locked, by=by)
    query.refresh_from_db()
    return event


# --- What it is about and how urgent ----------------------------------------------------------


@transaction.atomic
def query_priority_set(*, query: Query, priority: str, by) -> Query:
    """Change how urgent the query is. Its due times are worked out again from when it was raised."""
    if priority not in Priority.values:
        raise ValidationError({"priority": "Choose a priority from the list."})
    locked = _locked(query)
    _not_finished(locked, doing="change its priority")
    if locked.priority == priority:
        return _refresh(query, locked)
    old = locked.priority
    locked.priority = priority
    locked.save(update_fields=["priority", "updated_at"])
    event_add(query=locked, kind=EventKind.PRIORITY, author=by, old_value=old, new_value=priority)
    return _refresh(query, locked)


@transaction.atomic
def query_topic_set(*, query: Query, topic: Topic, by) -> Query:
    """Change what the query is about. Its due times are worked out again from the start.

    If the query was with the old topic's team (or no team), it moves to the
    new topic's team.
    """
    if not isinstance(topic, Topic):
        raise ValidationError({"topic": "Choose a topic from the list."})
    locked = _locked(query)
    _not_ended(locked, doing="change its topic")
    if locked.topic_id == topic.pk:
        return _refresh(query, locked)
    old = locked.topic
    locked.topic = topic
    locked.save(update_fields=["topic", "updated_at"])
    event_add(query=locked, kind=EventKind.TOPIC, author=by, old_value=old.name, new_value=topic.name)
    if topic.team_id and locked.team_id in (None, old.team_id) and locked.team_id != topic.team_id:
        query_team_set(query=locked, team=topic.team, by=by)
    return _refresh(query, locked)


# --- Statuses -----------------------------------------------------------------------------------


@transaction.atomic
def query_status_change(*, query: Query, status: str, by, note: str = "") -> Query:
    """Staff move a query to another status (the status service decides which moves are allowed)."""
    note = text_checked(note, field="note", what="the note", required=False)
    if status in OWN_ACTIONS:
        raise ValidationError({"status": OWN_ACTIONS[status]})
    updated = query_status_set(query=query, status=status, by=by, note=note)
    query.refresh_from_db()
    return updated


def _same_person(a: Query, b: Query) -> bool:
    if a.requester_id and a.requester_id == b.requester_id:
        return True
    if a.about_id and a.about_id == b.about_id:
        return True
    return bool(a.requester_email and a.requester_email.lower() == b.requester_email.lower())


@transaction.atomic
def query_merge(*, duplicate: Query, into: Query, by) -> Query:
    """Merge a duplicate into the query that carries on. Both timelines say so; the person is told which
    reference to follow. Only queries from the same person, never into itself, a finished query or a loop."""
    if not isinstance(into, Query):
        raise ValidationError({"into": "Enter the reference of the query to merge this one into."})
    if duplicate.pk == into.pk:
        raise ValidationError({"into": "A query cannot be merged into itself. Enter the other query's reference."})
    first, second = sorted([duplicate.pk, into.pk])
    locked = {q.pk: q for q in Query.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    dup, target = locked[duplicate.pk], locked[into.pk]
    if dup.is_finished:
        raise ValidationError(
            {"into": f"This query is “{dup.get_status_display().lower()}”. Only a query still open can be merged."}
        )
    if target.is_finished:
        raise ValidationError(
            {
                "into": f"{target.reference} is “{target.get_status_display().lower()}”. "
                "Merge into a query that is still open, or reopen it first."
            }
        )
    seen = {dup.pk}
    step = target
    while step.merged_into_id is not None:
        if step.merged_into_id in seen:
            raise ValidationError({"into": f"{target.reference} is already merged into this query."})
        seen.add(step.pk)
        step = Query.objects.only("pk", "merged_into_id").get(pk=step.merged_into_id)
    if not _same_person(dup, target):
        raise ValidationError(
            {
                "into": f"{target.reference} was raised by someone else. Only merge queries from the same person, "
                "so they can follow the one that carries on."
            }
        )
    dup.merged_into = target
    dup.save(update_fields=["merged_into", "updated_at"])
    event_add(query=dup, kind=EventKind.MERGED, author=by, new_value=target.reference, recompute=False)
    query_status_set(query=dup, status=Status.MERGED, by=by, note=f"Merged into {target.reference}.")
    event_add(
        query=target,
        kind=EventKind.MERGED,
        author=by,
        old_value=dup.reference,
        body=f"{dup.reference} (“{dup.subject}”) was merged into this query.",
    )
    dup.refresh_from_db()
    message_to_requester(
        query=dup, template="query_merged", key=f"query-merged:{dup.pk}:{target.pk}", context={"into": target}
    )
    duplicate.refresh_from_db()
    into.refresh_from_db()
    return dup


# --- Complaints, safeguarding, other services ---------------------------------------------


@transaction.atomic
def query_complaint_mark(*, query: Query, by, note: str) -> Query:
    """Treat the query as a complaint: its own timescale (20 working days from now, counted by the clocks
    from `complaint_at`) and an acknowledgement that explains how complaints are handled.

    A resolved or closed query is reopened, so the complaint is answered.
    """
    note = text_checked(note, field="note", what="what the person is unhappy about")
    locked = _locked(query)
    _not_ended(locked, doing="mark it as a complaint")
    if locked.is_complaint:
        raise ValidationError("This query is already a complaint. Add an internal note to record more.")
    if locked.is_finished:
        query_status_set(query=locked, status=Status.REOPENED, by=by, note="Reopened to answer a complaint.")
        locked.refresh_from_db()
    locked.is_complaint = True
    locked.complaint_at = timezone.now()
    locked.save(update_fields=["is_complaint", "complaint_at", "updated_at"])
    event = event_add(query=locked, kind=EventKind.COMPLAINT, author=by, body=note, is_public=False)
    locked.refresh_from_db()
    message_to_requester(
        query=locked,
        template="query_complaint",
        key=f"query-complaint:{locked.pk}:{event.pk}",
        context={"working_days": COMPLAINT_WORKING_DAYS, "due": locked.resolution_due_at},
    )
    return _refresh(query, locked)


@transaction.atomic
def query_safeguarding_flag(*, query: Query, by, note: str) -> Query:
    """Record a safeguarding concern and alert every manager at once.

    The alert holds only the reference and a link: the concern itself stays
    on the query, for people who are signed in.
    """
    note = text_checked(note, field="note", what="the concern")
    locked = _locked(query)
    if locked.safeguarding:
        raise ValidationError(
            "A safeguarding concern is already recorded and managers were alerted. Add an internal note to record more."
        )
    locked.safeguarding = True
    locked.save(update_fields=["safeguarding", "updated_at"])
    event = event_add(query=locked, kind=EventKind.SAFEGUARDING, author=by, body=note, is_public=False)
    context = {"reference": locked.reference, "link": staff_query_url(locked)}
    for manager in manager_list():
        message_to_staff(
            to=manager.email,
            template="query_safeguarding",
            key=f"query-safeguarding:{event.pk}:{manager.pk}",
            context=context,
        )
    return _refresh(query, locked)


@transaction.atomic
def query_redirect(*, query: Query, to: str, reason: str, by) -> Query:
    """Send the query to another service that can help, telling the person where to go and why."""
    to = text_checked(to, field="to", what="where to send the person", most=REDIRECT_TO_MOST)
    reason = text_checked(reason, field="reason", what="why this other service can help")
    locked = _locked(query)
    _not_finished(locked, doing="send it to another service")
    locked.redirected_to = to
    locked.save(update_fields=["redirected_to", "updated_at"])
    event_add(query=locked, kind=EventKind.REDIRECTED, author=by, body=reason, new_value=to, recompute=False)
    query_status_set(query=locked, status=Status.REDIRECTED, by=by, note=f"Sent to {to}.")
    locked.refresh_from_db()
    message_to_requester(
        query=locked,
        template="query_redirected",
        key=f"query-redirected:{locked.pk}",
        context={"to": to, "reason": reason},
    )
    return _refresh(query, locked)
