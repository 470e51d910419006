"""Audit of person-linked records (django-auditlog).

Apps register each model that holds information about a person with
`register_person_model`, naming special-category fields (health, care needs,
ethnicity...) in `masked_fields`: their changes are logged, their values are
not. `record_access` writes one "accessed" entry when someone views a record;
the auditlog middleware supplies the actor and IP address.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models


def register_person_model(
    model: type[models.Model],
    *,
    masked_fields: list[str] | tuple[str, ...] = (),
    exclude_fields: list[str] | tuple[str, ...] = (),
) -> None:
    if auditlog.contains(model):
        auditlog.unregister(model)
    auditlog.register(model, mask_fields=list(masked_fields), exclude_fields=list(exclude_fields))


def record_access(obj: models.Model, *, actor=None, detail: dict | None = None) -> LogEntry | None:
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


class AuditedObjectMixin:
    """For detail views of person-linked records: logs one access per view."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        record_access(obj, actor=self.request.user)
        return obj
