"""The rows of an import file: checked and planned in bulk, then written in bulk. This module is the engine
both kinds share; each kind has its importer (`import_recipients.py`, `import_payments.py`) and the audit
entries are written by `import_audit.py`.

Each kind of file has an importer. `check` takes the rows a chunk at a time:
it reads each row's cells, finds the records the chunk names with one query
per kind of record (never one per row), and plans what to create and what to
change. A row that would change nothing is counted as unchanged and not
written, so re-running a file changes nothing (not even `updated_at`).
`apply` then writes the plan with bulk_create / bulk_update and one audit log
entry (django-auditlog `LogEntry`, bulk-created) for every record created or
changed, with the person importing as the actor. The caller runs `apply` in
one transaction, so a file is never half imported.

The money rules are those of `recipients.money` and the money services,
called row by row in memory: balances get their surplus and weeks of support
from `money.surplus` / `money.weeks_of_support`, and the newest balance sets
the surplus flag and opens a supportive check-in as `balance_record` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils import timezone

from dpss.accounts.models import User

from ..models import (
    DirectPayment,
)
from . import import_csv as cells
from .import_audit import AuditTrail
from .import_csv import Column, RowRejected

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
BATCH = 1000


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation or a generic foreign key is not a column
        raise TypeError(f"{model.__name__}.{name} is not a column of its own")
    return field


def differences(obj: models.Model, values: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {name: (getattr(obj, name), value) for name, value in values.items() if getattr(obj, name) != value}


def set_changes(obj: models.Model, changes: dict[str, tuple[object, object]]) -> None:
    for name, (_old, new) in changes.items():
        setattr(obj, name, new)


def current_direct_payments(recipient_ids: Iterable[int]) -> dict[int, DirectPayment]:
    """Each person's current direct payment: the newest that is not a draft (as "Your direct payment" shows)."""
    current: dict[int, DirectPayment] = {}
    payments = (
        DirectPayment.objects.filter(recipient_id__in=list(recipient_ids))
        .exclude(status=DirectPayment.Status.DRAFT)
        .select_related("recipient")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    for payment in payments:
        current.setdefault(payment.recipient_id, payment)
    return current


# --- The engine shared by both kinds of file -------------------------------------


@dataclass
class Rejection:
    row: int
    reason: str


# What a kind's `parse` makes of one row, and its `plan` takes a chunk of.
Row = TypeVar("Row")


class Importer(Generic[Row]):
    kind: str
    columns: dict[str, Column]
    # The columns that name one record: the same values twice in a file is a mistake.
    key_columns: tuple[str, ...]

    def __init__(self, *, header: list[str], actor: User | None, run_id: int | None) -> None:
        self.header = header
        self.actor = actor
        self.run_id = run_id
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.outcomes: dict[int, str] = {}
        self.rejected: list[Rejection] = []
        self.seen: dict[tuple[str, ...], int] = {}
        self.key_positions = [header.index(column) for column in self.key_columns]

    def reject(self, row: int, reason: str) -> None:
        self.outcomes.pop(row, None)
        self.rejected.append(Rejection(row, reason))

    def check(self, rows: list[tuple[int, list[str]]]) -> None:
        """Read and plan one chunk of rows."""
        parsed: list[Row] = []
        for number, row_cells in rows:
            try:
                self._check_not_repeated(number, row_cells)
                values = cells.row_values(header=self.header, cells=row_cells, columns=self.columns)
                parsed.append(self.parse(number, values))
            except RowRejected as error:
                self.reject(number, str(error))
        self.plan(parsed)

    def _check_not_repeated(self, number: int, row_cells: list[str]) -> None:
        """The same record twice in one file: the later row is rejected, even if the first one was wrong."""
        if len(row_cells) != len(self.header):
            return  # reported by the cell check
        key = tuple(row_cells[position].strip() for position in self.key_positions)
        if not all(key):
            return  # a missing key is reported by the cell check
        if key in self.seen:
            raise RowRejected(self.repeated(key, self.seen[key]))
        self.seen[key] = number

    def finish_check(self) -> None:
        """Plan what needs every row first (nothing, unless a kind says otherwise)."""

    def counts(self) -> dict[str, int]:
        totals = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for outcome in self.outcomes.values():
            totals[outcome] += 1
        return totals

    def repeated(self, key: tuple[str, ...], first_row: int) -> str:  # pragma: no cover - each kind has its own
        raise NotImplementedError

    def parse(self, number: int, values: dict[str, object]) -> Row:  # pragma: no cover - each kind has its own
        raise NotImplementedError

    def plan(self, rows: list[Row]) -> None:  # pragma: no cover
        raise NotImplementedError

    def apply(self) -> None:  # pragma: no cover
        raise NotImplementedError


def bulk_update_logged(
    model: type[models.Model],
    changed: Sequence[tuple[models.Model, dict[str, tuple[object, object]]]],
    trail: AuditTrail,
) -> None:
    """Write the changed records, grouped by which fields changed, and log each change."""
    by_fields: dict[tuple[str, ...], list[models.Model]] = {}
    for obj, changes in changed:
        by_fields.setdefault(tuple(sorted(changes)), []).append(obj)
        trail.changed(obj, changes)
    stamped = ("updated_at",) if any(f.name == "updated_at" for f in model._meta.fields) else ()
    for names, objs in by_fields.items():
        model._default_manager.bulk_update(objs, [*names, *stamped], batch_size=BATCH)
