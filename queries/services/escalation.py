"""When a query goes beyond the usual: merged into another, made a complaint, a safeguarding concern, or sent
to another service. Each is written on the timeline and the person (or the managers) told, in the same
transaction (docs/domain.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.selectors import manager_list
from dpss.notifications.tone import words_check
from dpss.text import text_checked

from ..models import Query, QueryEvent
from .messages import message_to_requester, message_to_staff
from .query_checks import ended_refuse, finished_refuse, query_locked, query_refreshed, staff_query_url
from .status import query_status_set
from .timeline import event_add

REDIRECT_TO_MOST = 200
COMPLAINT_WORKING_DAYS = 20


def _same_person(a: Query, b: Query) -> bool:
    if a.requester_id and a.requester_id == b.requester_id:
        return True
    if a.about_id and a.about_id == b.about_id:
        return True
    return bool(a.requester_email and a.requester_email.lower() == b.requester_email.lower())


@transaction.atomic
def query_merge(*, duplicate: Query, into: Query, actor: User) -> Query:
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
    event_add(query=dup, kind=QueryEvent.Kind.MERGED, actor=actor, new_value=target.reference, recompute=False)
    query_status_set(query=dup, status=Query.Status.MERGED, actor=actor, note=f"Merged into {target.reference}.")
    event_add(
        query=target,
        kind=QueryEvent.Kind.MERGED,
        actor=actor,
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
def query_complaint_mark(*, query: Query, actor: User, note: str) -> Query:
    """Treat the query as a complaint: its own timescale (20 working days from now, counted by the clocks
    from `complaint_at`) and an acknowledgement that explains how complaints are handled.

    A resolved or closed query is reopened, so the complaint is answered.
    """
    note = text_checked(note, field="note", what="what the person is unhappy about")
    locked = query_locked(query)
    ended_refuse(locked, doing="mark it as a complaint")
    if locked.is_complaint:
        raise ValidationError("This query is already a complaint. Add an internal note to record more.")
    if locked.is_finished:
        query_status_set(
            query=locked, status=Query.Status.REOPENED, actor=actor, note="Reopened to answer a complaint."
        )
        locked.refresh_from_db()
    locked.is_complaint = True
    locked.complaint_at = timezone.now()
    locked.save(update_fields=["is_complaint", "complaint_at", "updated_at"])
    event = event_add(query=locked, kind=QueryEvent.Kind.COMPLAINT, actor=actor, body=note, is_public=False)
    locked.refresh_from_db()
    message_to_requester(
        query=locked,
        template="query_complaint",
        key=f"query-complaint:{locked.pk}:{event.pk}",
        context={"working_days": COMPLAINT_WORKING_DAYS, "due": locked.resolution_due_at},
    )
    return query_refreshed(query, locked)


@transaction.atomic
def query_safeguarding_flag(*, query: Query, actor: User, note: str) -> Query:
    """Record a safeguarding concern and alert every manager at once.

    The alert holds only the reference and a link: the concern itself stays
    on the query, for people who are signed in.
    """
    note = text_checked(note, field="note", what="the concern")
    locked = query_locked(query)
    if locked.safeguarding:
        raise ValidationError(
            "A safeguarding concern is already recorded and managers were alerted. Add an internal note to record more."
        )
    locked.safeguarding = True
    locked.save(update_fields=["safeguarding", "updated_at"])
    event = event_add(query=locked, kind=QueryEvent.Kind.SAFEGUARDING, actor=actor, body=note, is_public=False)
    context = {"reference": locked.reference, "link": staff_query_url(locked)}
    for manager in manager_list():
        message_to_staff(
            to=manager.email,
            template="query_safeguarding",
            key=f"query-safeguarding:{event.pk}:{manager.pk}",
            context=context,
        )
    return query_refreshed(query, locked)


@transaction.atomic
def query_redirect(*, query: Query, to: str, reason: str, actor: User, keep_words: bool = False) -> Query:
    """Send the query to another service that can help, telling the person where to go and why (in words
    checked like a reply's, docs/domain.md#words)."""
    to = text_checked(to, field="to", what="where to send the person", most=REDIRECT_TO_MOST)
    reason = text_checked(reason, field="reason", what="why this other service can help")
    words_check(keep=keep_words, reason=reason)
    locked = query_locked(query)
    finished_refuse(locked, doing="send it to another service")
    locked.redirected_to = to
    locked.save(update_fields=["redirected_to", "updated_at"])
    event_add(query=locked, kind=QueryEvent.Kind.REDIRECTED, actor=actor, body=reason, new_value=to, recompute=False)
    query_status_set(query=locked, status=Query.Status.REDIRECTED, actor=actor, note=f"Sent to {to}.")
    locked.refresh_from_db()
    message_to_requester(
        query=locked,
        template="query_redirected",
        key=f"query-redirected:{locked.pk}",
        context={"to": to, "reason": reason},
    )
    return query_refreshed(query, locked)
