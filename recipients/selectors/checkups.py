"""Reads of financial check-ups, scoped to who is asking and joined for their pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dpss.accounts.types import AnyUser

from ..models import CheckupEvidence, DirectPayment, DocumentVersion, FinancialCheckup, Recipient
from ..rules import CHECKUP_WAITING_STATUSES, direct_payments_to_check

Status = FinancialCheckup.Status


def _with_details(queryset: QuerySet[FinancialCheckup]) -> QuerySet[FinancialCheckup]:
    return queryset.select_related("direct_payment__recipient", "submitted_by", "reviewer", "letter").prefetch_related(
        Prefetch("evidence", queryset=CheckupEvidence.objects.order_by("uploaded_at", "pk")),
        Prefetch("letter__versions", queryset=DocumentVersion.objects.order_by("-number"), to_attr="newest_versions"),
    )


def checkup_waiting(*, direct_payment: DirectPayment) -> FinancialCheckup | None:
    """The check-up waiting for this direct payment, if any (the earliest due)."""
    return direct_payment.checkups.filter(status__in=CHECKUP_WAITING_STATUSES).order_by("due_date", "pk").first()


def checkups_for_record(*, recipient: Recipient, limit: int = 5) -> list[FinancialCheckup]:
    """The person's latest check-ups, newest first, for "Your direct payment" (one query)."""
    return list(
        FinancialCheckup.objects.filter(direct_payment__recipient=recipient)
        .exclude(status=Status.CANCELLED)
        .order_by("-due_date", "-pk")[:limit]
    )


def checkup_of_record(*, recipient: Recipient, pk: int) -> FinancialCheckup:
    """One check-up of a record the caller has already opened (404 if it is another person's)."""
    return get_object_or_404(_with_details(FinancialCheckup.objects.filter(direct_payment__recipient=recipient)), pk=pk)


def evidence_of_record(*, recipient: Recipient, checkup_pk: int, pk: int) -> CheckupEvidence:
    return get_object_or_404(
        CheckupEvidence.objects.select_related("checkup"),
        pk=pk,
        checkup_id=checkup_pk,
        checkup__direct_payment__recipient=recipient,
    )


# --- Staff -------------------------------------------------------------------------

QUEUE_SENT = "sent"
QUEUE_OVERDUE = "overdue"
QUEUE_WAITING = "waiting"
QUEUE_LABELS = {
    QUEUE_SENT: "Sent to us",
    QUEUE_OVERDUE: "Past their due date",
    QUEUE_WAITING: "Waiting for the person",
}


def _visible(fetched_by: AnyUser) -> QuerySet[FinancialCheckup]:
    return FinancialCheckup.objects.filter(direct_payment__recipient__in=Recipient.objects.visible_to(fetched_by))


def _queue_filter(show: str) -> tuple[Q, tuple[str, ...]]:
    today = timezone.localdate()
    if show == QUEUE_OVERDUE:
        return Q(status=Status.DUE, due_date__lt=today), ("due_date", "pk")
    if show == QUEUE_WAITING:
        return Q(status=Status.DUE, due_date__gte=today), ("due_date", "pk")
    return Q(status=Status.SUBMITTED), ("submitted_at", "pk")


def checkup_queue(*, fetched_by: AnyUser, show: str = QUEUE_SENT) -> QuerySet[FinancialCheckup]:
    """The advisers' list: check-ups sent to us (oldest first), or those still with the person."""
    condition, order = _queue_filter(show)
    return (
        _visible(fetched_by)
        .filter(condition)
        .select_related("direct_payment__recipient")
        .annotate(files=Count("evidence"))
        .order_by(*order)
    )


def checkup_queue_counts(*, fetched_by: AnyUser) -> dict[str, int]:
    """How many check-ups are in each part of the list, in one query."""
    counts = _visible(fetched_by).aggregate(
        **{show: Count("pk", filter=_queue_filter(show)[0]) for show in QUEUE_LABELS}
    )
    return {show: counts[show] or 0 for show in QUEUE_LABELS}


def checkup_for_review(*, fetched_by: AnyUser, pk: int) -> FinancialCheckup:
    return get_object_or_404(_with_details(_visible(fetched_by)), pk=pk)


def direct_payment_to_check(*, recipient: Recipient) -> DirectPayment | None:
    """The direct payment a new check-up would be for: the newest one being paid (or paused)."""
    return direct_payments_to_check(recipient).first()
