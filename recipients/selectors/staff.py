"""What the staff record page reads: the whole record of one person, in a fixed number of queries.

Each part is one query, whatever the number of payments, balances, people
acting for the person or history entries; nothing in the template queries
per row. The history is django-auditlog's change log for the person, their
direct payments, representatives and financial check-ups, described in
words, with special-category fields kept masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import dateparse, timezone

from dpss.accounts.models import Invitation
from dpss.formatting import date_and_time, long_date, pounds

from ..models import (
    AdviserTask,
    BalanceSnapshot,
    DirectPayment,
    FinancialCheckup,
    Payment,
    Recipient,
    Representative,
)
from .documents import DocumentRow, document_list
from .record import balance_history, payment_history

LATEST_PAYMENTS = 10
LATEST_BALANCES = 6
LATEST_CHECKUPS = 10
HISTORY_ENTRIES = 20

# What each model is called in the history, and which models it covers.
HISTORY_MODELS = {
    Recipient: "Personal details",
    DirectPayment: "Direct payment",
    Representative: "Someone who acts for them",
    FinancialCheckup: "Financial check-up",
}
# Bookkeeping that changes with every save and means nothing to a person.
HISTORY_IGNORED_FIELDS = frozenset({"id", "updated_at", "created_at"})


@dataclass(frozen=True)
class RepresentativeRow:
    representative: Representative
    state: str  # "in_force", "ended" or "future"


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: str
    what: str
    subject: str = ""  # which one, for parts that can be several (a direct payment, a representative)
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StaffRecord:
    recipient: Recipient
    current: list[DirectPayment]
    earlier: list[DirectPayment]
    latest_payments: list[Payment]
    balances: list[BalanceSnapshot]
    documents: list[DocumentRow]
    checkups: list[FinancialCheckup]
    representatives: list[RepresentativeRow]
    open_tasks: list[AdviserTask]
    invitations: list[Invitation]
    history: list[HistoryRow]

    @property
    def representatives_in_force(self) -> list[RepresentativeRow]:
        return [row for row in self.representatives if row.state != "ended"]

    @property
    def representatives_ended(self) -> list[RepresentativeRow]:
        return [row for row in self.representatives if row.state == "ended"]

    @property
    def surplus_to_talk_about(self) -> BalanceSnapshot | None:
        """The latest balance of a current direct payment whose surplus is above the threshold."""
        flagged = {dp.pk for dp in self.current if dp.surplus_flagged}
        return next((b for b in self.balances if b.direct_payment_id in flagged), None)


def staff_record(*, recipient: Recipient) -> StaffRecord:
    """Everything the staff record page shows about a person already found with `open_record`."""
    today = timezone.localdate()
    direct_payments = list(
        DirectPayment.objects.filter(recipient=recipient).select_related("practitioner").order_by("-created_at", "-pk")
    )
    representatives = [
        RepresentativeRow(representative=rep, state=_authority_state(rep, today))
        for rep in Representative.objects.filter(recipient=recipient)
        .select_related("user", "approved_by")
        .order_by("-valid_from", "-pk")
    ]
    return StaffRecord(
        recipient=recipient,
        current=[dp for dp in direct_payments if dp.status != DirectPayment.Status.ENDED],
        earlier=[dp for dp in direct_payments if dp.status == DirectPayment.Status.ENDED],
        latest_payments=list(payment_history(recipient=recipient)[:LATEST_PAYMENTS]),
        balances=list(balance_history(recipient=recipient)[:LATEST_BALANCES]),
        documents=document_list(recipient=recipient),
        checkups=list(
            FinancialCheckup.objects.filter(direct_payment__recipient=recipient).order_by("-period_end", "-pk")[
                :LATEST_CHECKUPS
            ]
        ),
        representatives=representatives,
        open_tasks=list(
            AdviserTask.objects.filter(direct_payment__recipient=recipient, status=AdviserTask.Status.OPEN)
            .select_related("balance")
            .order_by("created_at", "pk")
        ),
        invitations=list(recipient_invitations(recipient=recipient).order_by("-created_at")),
        history=record_history(recipient=recipient),
    )


def _authority_state(rep: Representative, today: date) -> str:
    if rep.in_force_on(today):
        return "in_force"
    return "future" if rep.valid_from > today else "ended"


# --- History -------------------------------------------------------------------


def record_history(*, recipient: Recipient, limit: int = HISTORY_ENTRIES) -> list[HistoryRow]:
    """The latest changes to a person's record, newest first, in one query.

    Views are not listed here (the person's own page shows which teams
    looked); only what was added, changed or removed, by whom and when.
    """
    types = ContentType.objects.get_for_models(*HISTORY_MODELS)
    owned = {
        DirectPayment: DirectPayment.objects.filter(recipient=recipient).values("pk"),
        Representative: Representative.objects.filter(recipient=recipient).values("pk"),
        FinancialCheckup: FinancialCheckup.objects.filter(direct_payment__recipient=recipient).values("pk"),
    }
    where = Q(content_type=types[Recipient], object_id=recipient.pk)
    for model, pks in owned.items():
        where |= Q(content_type=types[model], object_id__in=pks)
    entries = (
        LogEntry.objects.filter(where)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    models_by_type = {ct.pk: model for model, ct in types.items()}
    return [_history_row(entry, models_by_type[entry.content_type_id]) for entry in entries]


def _history_row(entry: LogEntry, model: type[models.Model]) -> HistoryRow:
    thing = HISTORY_MODELS[model]
    who = str(entry.actor) if entry.actor else "The portal (automatic)"
    row = {"when": entry.timestamp, "who": who, "subject": "" if model is Recipient else entry.object_repr}
    if entry.action == LogEntry.Action.CREATE:
        return HistoryRow(what=f"{thing} added", **row)
    if entry.action == LogEntry.Action.DELETE:
        return HistoryRow(what=f"{thing} removed", **row)
    return HistoryRow(what=f"{thing} changed", changes=describe_changes(entry, model), **row)


def describe_changes(entry: LogEntry, model: type[models.Model]) -> list[str]:
    """Each changed field in words: "Status: from Active to Paused". Masked fields say only that they changed."""
    masked = set(auditlog.get_model_fields(model)["mask_fields"]) if auditlog.contains(model) else set()
    lines = []
    for name, values in (entry.changes_dict or {}).items():
        if name in HISTORY_IGNORED_FIELDS:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed from the model: name it as stored
            lines.append(f"{name.replace('_', ' ').capitalize()} changed")
            continue
        label = str(getattr(model_field, "verbose_name", name)).capitalize()
        if name in masked:
            lines.append(f"{label} changed (not shown, to protect the person's privacy)")
            continue
        # A relation (a foreign key, a reverse relation or a generic foreign key) is named, not described.
        if not isinstance(model_field, models.Field) or model_field.is_relation:
            lines.append(f"{label} changed")
            continue
        before, after = [*list(values), None, None][:2]
        old, new = _value_in_words(model_field, before), _value_in_words(model_field, after)
        lines.append(f"{label}: from {old} to {new}")
    return lines


def _value_in_words(model_field: models.Field[Any, Any], value: object) -> str:
    if value is None or value == "None" or value == "":
        return "nothing"
    text = str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(text, text))
    if isinstance(model_field, models.BooleanField):
        return {"True": "yes", "False": "no"}.get(text, text)
    if isinstance(model_field, models.DateTimeField):
        moment = dateparse.parse_datetime(text)
        if moment is None:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        return date_and_time(moment)
    if isinstance(model_field, models.DateField):
        day = dateparse.parse_date(text)
        return long_date(day) if day else text
    if isinstance(model_field, models.DecimalField):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return pounds(number) if model_field.decimal_places == 2 else f"{number:,}"
    return f"“{text}”"


def recipient_invitations(*, recipient: Recipient) -> QuerySet[Invitation]:
    """Invitations linked to this record that can still be accepted."""
    return Invitation.objects.filter(
        link_data__recipient=recipient.pk,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
