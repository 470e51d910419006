"""What the person who asked can do with their query: reply (with files) and withdraw it.

A reply from the person moves the query on (the issue: "a reply from them
resumes the query"): a query waiting for them, or for someone else, is back
in progress and its clock runs again; a resolved or closed one is reopened.
Every change of status goes through `services/status.query_status_set`.
A query that was merged, withdrawn or sent elsewhere takes no more replies:
the person is told to raise a new one. Who may reply (`queries.answer`) and
withdraw (`queries.withdraw`: only the requester) is in queries/rules.py;
`actor` None is whoever holds the link of a query raised without an account.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.html import format_html

from dpss.accounts.models import User
from dpss.text import clean_text

from ..models import FINISHED_STATUSES, TERMINAL_STATUSES, Query, QueryEvent
from . import attachments as files
from .messages import message_to_staff
from .query_checks import staff_query_url
from .status import query_status_set
from .timeline import event_add

REPLY_MOST = 5000
REASON_MOST = 1000

# A reply from the person moves a query in these states to the next one.
RESUMES: dict[str, str] = {
    Query.Status.AWAITING_REQUESTER: Query.Status.IN_PROGRESS,
    Query.Status.AWAITING_THIRD_PARTY: Query.Status.IN_PROGRESS,
    Query.Status.RESOLVED: Query.Status.REOPENED,
    Query.Status.CLOSED: Query.Status.REOPENED,
}


def ended_message(query: Query, *, ask: str = "ask a new question") -> str:
    """Why a merged, withdrawn or redirected query cannot take a reply, and what to do instead. `ask` is the
    words that say "ask a new question": a page passes them as a link, so they are said once."""
    merged_into = query.merged_into if query.status == Query.Status.MERGED else None
    if merged_into is not None:
        return format_html(
            "This query was joined with query {}, so we answer there. Reply on that query, or {}.",
            merged_into.reference,
            ask,
        )
    if query.status == Query.Status.REDIRECTED:
        where = f" to {query.redirected_to}" if query.redirected_to else ""
        return format_html(
            "We passed this query{}, so it takes no more replies. If you still need our help, {}.", where, ask
        )
    return format_html("This query has ended, so it takes no more replies. If you still need help, {}.", ask)


@transaction.atomic
def query_requester_reply(
    *, query: Query, body: str, actor: User | None = None, attachments: Sequence[UploadedFile] = ()
) -> QueryEvent:
    """The person's reply on their query's timeline, with any files; it resumes or reopens the query."""
    locked = Query.objects.select_for_update().get(pk=query.pk)
    if actor is not None and not actor.has_perm("queries.answer", locked):
        raise PermissionDenied("You may not reply to this query.")
    if locked.status in TERMINAL_STATUSES:
        raise ValidationError({"body": ended_message(locked)})
    errors: dict[str, list[str]] = {}
    try:
        body = clean_text(body, field="body")
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if not body:
            errors["body"] = ["Write your reply"]
        elif len(body) > REPLY_MOST:
            errors["body"] = [f"Your reply must be {REPLY_MOST:,} characters or fewer. It is {len(body):,} now."]
    try:
        files.attachments_check(attachments)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    event = event_add(query=locked, kind=QueryEvent.Kind.REQUESTER_REPLY, actor=actor, body=body, is_public=True)
    files.attachments_save(event=event, files=attachments)
    resume_to = RESUMES.get(locked.status)
    if resume_to is not None:
        query_status_set(query=locked, status=resume_to, actor=actor, note="", is_public=True)
    _tell_the_adviser(query=locked, event=event, reopened=resume_to == Query.Status.REOPENED)
    query.refresh_from_db()
    return event


def _tell_the_adviser(*, query: Query, event: QueryEvent, reopened: bool) -> None:
    """The adviser the query is assigned to hears of the reply at once, so it is not left in the queue."""
    assignee = query.assignee
    if assignee is None or not assignee.is_active:
        return
    message_to_staff(
        to=assignee.email,
        template="query_requester_replied",
        key=f"query-requester-replied:{event.pk}",
        context={
            "name": assignee.get_short_name(),
            "reference": query.reference,
            "subject": query.subject,
            "reopened": reopened,
            "link": staff_query_url(query),
        },
    )


@transaction.atomic
def query_withdraw(*, query: Query, actor: User | None = None, reason: str = "") -> Query:
    """The person who asked no longer needs an answer. Only they may withdraw it, and a query that has already
    ended cannot be withdrawn."""
    locked = Query.objects.select_for_update().get(pk=query.pk)
    if actor is not None and not actor.has_perm("queries.withdraw", locked):
        raise PermissionDenied("Only the person who asked can withdraw this query.")
    if locked.status in FINISHED_STATUSES:
        raise ValidationError(
            {
                "reason": f"This query is already {locked.get_status_display().lower()}, so there is nothing to "
                "withdraw. If you need more help, reply on it or ask a new question."
            }
        )
    reason = clean_text(reason, field="reason")
    if len(reason) > REASON_MOST:
        raise ValidationError({"reason": f"The reason must be {REASON_MOST:,} characters or fewer"})
    query_status_set(query=locked, status=Query.Status.WITHDRAWN, actor=actor, note=reason, is_public=True)
    query.refresh_from_db()
    return query
