"""The audit log of an import: one django-auditlog entry per record an import created or changed, written in
bulk (auditlog's own signals do not fire for bulk writes), with the person importing as the actor."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from auditlog.cid import get_cid
from auditlog.diff import get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from dpss.accounts.models import User

from .bulk_insert import insert_rows

# Per model: its content type id, the fields masked, the fields left out, and the masking function.
_ModelSettings = tuple[int, set[str], set[str], Callable[[str], str]]


class AuditTrail:
    """One django-auditlog entry per record created or changed, written in bulk at the end.

    Follows the registry: masked fields (health details, date of birth) are
    masked and excluded fields left out, as auditlog's own signals would.
    """

    def __init__(self, *, actor: User | None, run_id: int | None) -> None:
        self.actor_id = actor.pk if actor is not None else None
        self.actor_email = getattr(actor, "email", None)
        self.extra = {"import_run": run_id}
        self.cid = get_cid()
        self.now = timezone.now()
        self.entries: list[dict[str, object]] = []
        self._settings: dict[type[models.Model], _ModelSettings] = {}

    def _for(self, model: type[models.Model]) -> _ModelSettings:
        if model not in self._settings:
            registered = auditlog.get_model_fields(model) if auditlog.contains(model) else {}
            self._settings[model] = (
                ContentType.objects.get_for_model(model).pk,
                set(registered.get("mask_fields", ())),
                set(registered.get("exclude_fields", ())),
                get_mask_function(registered.get("mask_callable")),
            )
        return self._settings[model]

    def _add(self, obj: models.Model, action: int, changes: dict[str, tuple[object, object]]) -> None:
        content_type_id, masked, excluded, mask = self._for(type(obj))
        logged = {}
        for name, (old, new) in changes.items():
            if name in excluded:
                continue
            # As auditlog's own entries (smart_str): None is "None", True is "True", a date is 2025-04-30.
            old, new = str(old), str(new)
            logged[name] = [mask(old), mask(new)] if name in masked else [old, new]
        self.entries.append(
            {
                "content_type_id": content_type_id,
                "object_pk": str(obj.pk),
                "object_id": obj.pk,
                "object_repr": str(obj),
                "action": action,
                "changes": logged,
                "actor_id": self.actor_id,
                "actor_email": self.actor_email,
                "cid": self.cid,
                "timestamp": self.now,
                "additional_data": self.extra,
            }
        )

    def created(self, obj: models.Model, names: Iterable[str]) -> None:
        self._add(obj, LogEntry.Action.CREATE, {name: (None, getattr(obj, name)) for name in names})

    def changed(self, obj: models.Model, changes: dict[str, tuple[object, object]]) -> None:
        self._add(obj, LogEntry.Action.UPDATE, changes)

    def save(self) -> None:
        insert_rows(LogEntry, self.entries)
