"""Reads of import runs: the staff upload page and each run's report."""

from __future__ import annotations

from django.db.models import QuerySet

from dpss.accounts.types import AnyUser

from ..models import ImportRun


def import_run_list(*, fetched_by: AnyUser) -> QuerySet[ImportRun]:
    """Every import, newest first, for DPSS staff (the view checks `recipients.manage`)."""
    if not fetched_by.has_perm("recipients.manage"):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("started_by").order_by("-created_at", "-pk")
