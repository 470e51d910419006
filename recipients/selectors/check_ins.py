"""Reads for the check-ins list and the requests to ask for unspent money back, scoped to who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from dpss.accounts.rules import is_dpss_staff
from dpss.accounts.types import AnyUser

from ..models import AdviserTask, Recovery


def check_in_list(*, fetched_by: AnyUser) -> QuerySet[AdviserTask]:
    """Every check-in task DPSS staff can see, with the person and the balance that opened it."""
    if not is_dpss_staff(fetched_by):
        return AdviserTask.objects.none()
    return AdviserTask.objects.select_related("direct_payment__recipient", "balance", "closed_by")


def open_check_ins(*, fetched_by: AnyUser) -> QuerySet[AdviserTask]:
    """Open check-ins, oldest first: the people who have waited longest come first."""
    return check_in_list(fetched_by=fetched_by).filter(status=AdviserTask.Status.OPEN).order_by("created_at", "pk")


def recovery_list(*, fetched_by: AnyUser) -> QuerySet[Recovery]:
    if not is_dpss_staff(fetched_by):
        return Recovery.objects.none()
    return Recovery.objects.select_related(
        "direct_payment__recipient", "check_in__balance", "proposed_by", "decided_by", "payment"
    )


def recoveries_waiting(*, fetched_by: AnyUser) -> QuerySet[Recovery]:
    """Requests waiting for a manager's decision, oldest first. Only managers decide, so only they see these."""
    if not fetched_by.has_perm("recipients.approve_recovery"):
        return Recovery.objects.none()
    return recovery_list(fetched_by=fetched_by).filter(status=Recovery.Status.PROPOSED).order_by("proposed_at", "pk")


def recoveries_for_check_in(*, check_in: AdviserTask) -> QuerySet[Recovery]:
    return (
        Recovery.objects.filter(check_in=check_in).select_related("proposed_by", "decided_by").order_by("-proposed_at")
    )
