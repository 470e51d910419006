"""Audit of person-linked records (django-auditlog).

Apps register each model that holds information about a person with
`register_person_model`, naming special-category fields (health, care needs,
ethnicity...) in `masked_fields`: their changes are logged, their values are
not. A view calls `mark_viewed` for the record a page shows, and
`RecordAccessMiddleware` writes one "accessed" entry (`record_access`) once the
page has been shown; our auditlog middleware (`dpss/audit/middleware.py`) supplies the IP address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models
from django.http import HttpRequest, HttpResponse


def register_person_model(
    model: type[models.Model],
    *,
    masked_fields: list[str] | tuple[str, ...] = (),
    exclude_fields: list[str] | tuple[str, ...] = (),
) -> None:
    if auditlog.contains(model):
        auditlog.unregister(model)
    auditlog.register(model, mask_fields=list(masked_fields), exclude_fields=list(exclude_fields))


def record_access(obj: models.Model, *, actor: Any = None, detail: dict[str, Any] | None = None) -> LogEntry | None:
    """One access entry for one view of a person-linked record.

    `detail` says what part of the record was looked at (a document
    downloaded, say); it is kept in the entry's `additional_data`.
    """
    extra = {"additional_data": detail} if detail else {}
    entry = LogEntry.objects.log_create(obj, action=LogEntry.Action.ACCESS, changes=None, force_log=True, **extra)
    if entry is not None and actor is not None and actor.is_authenticated and entry.actor_id is None:
        entry.actor = actor
        entry.save(update_fields=["actor"])
    return entry


def mark_viewed(request: HttpRequest, obj: models.Model, *, detail: dict[str, Any] | None = None) -> None:
    """Say that this request shows `obj`; `RecordAccessMiddleware` logs it once the page has been shown.

    One rule for every view: a page shown (a 2xx answer, a download included)
    is one access entry; a form post that changes the record and redirects is
    logged by the change itself, and a refused or failed request by nothing.
    """
    request.__dict__.setdefault("_dpss_records_viewed", []).append((obj, detail))


class RecordAccessMiddleware:
    """Writes the access entries `mark_viewed` asked for, after the view, if the answer was a page shown."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if 200 <= response.status_code < 300:
            for obj, detail in request.__dict__.pop("_dpss_records_viewed", ()):
                record_access(obj, actor=request.user, detail=detail)
        return response
