"""Importing payments: upsert by reference within the person's current direct payment, with optional balances
that get their surplus and weeks of support from the money rules (as `balance_record` does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Literal

from django.db import models
from django.db.models import Max

from dpss.accounts.models import User

from .. import money
from ..models import (
    AdviserTask,
    BalanceSnapshot,
    DirectPayment,
    ImportRun,
    Payment,
    Recipient,
    Source,
)
from . import import_csv as cells
from . import import_rows as engine
from .bulk_insert import insert_objects
from .import_audit import AuditTrail
from .import_csv import Column, RowRejected
from .money_records import payment_amount_problem, payment_paid_date, surplus_needs_a_conversation


def _payment(name: str) -> models.Field[Any, Any]:
    return engine.model_field(Payment, name)


IMPORTABLE_KINDS = [Payment.Kind.SCHEDULED, Payment.Kind.PAID, Payment.Kind.ADJUSTED]
PAYMENT_COLUMNS: dict[str, Column] = {
    "council_reference": Column(
        "council_reference", cells.text(engine.model_field(Recipient, "council_reference")), required=True
    ),
    "payment_reference": Column("payment_reference", cells.text(_payment("reference")), required=True),
    "date": Column("date", cells.a_date("date"), required=True),
    "amount": Column("amount", cells.an_amount("amount", negative=True), required=True),
    "type": Column("type", cells.a_choice("type", Payment.Kind, allowed=IMPORTABLE_KINDS), required=True),
    "paid_date": Column("paid_date", cells.a_date("paid_date")),
    "note": Column("note", cells.text(_payment("note"))),
    "balance": Column("balance", cells.an_amount("balance", negative=True)),
}
PAYMENT_FIELDS = ("kind", "amount", "due_date", "paid_date", "note")
BALANCE_FIGURES = ("balance", "known_liabilities", "allowed_contingency", "surplus", "weeks_of_support")


class _Missing(Enum):
    NOT_FOUND = "not found"


# A council reference nobody has (unlike None: a person with no direct payment).
NOT_FOUND: Final = _Missing.NOT_FOUND


@dataclass
class PaymentRow:
    number: int
    person: str
    reference: str
    due_date: date
    values: dict[str, object]
    balance: Decimal | None


@dataclass
class BalanceRow:
    number: int
    direct_payment: DirectPayment
    taken_on: date
    balance: Decimal


@dataclass
class _BalancePlan:
    new: list[BalanceSnapshot] = field(default_factory=list)
    changed: list[tuple[BalanceSnapshot, dict]] = field(default_factory=list)


class PaymentImporter(engine.Importer[PaymentRow]):
    """Upsert payments by their reference within the person's current direct payment, with optional balances."""

    kind = ImportRun.Kind.PAYMENTS
    columns = PAYMENT_COLUMNS
    key_columns = ("council_reference", "payment_reference")

    def __init__(self, *, header: list[str], actor: User | None, run_id: int | None) -> None:
        super().__init__(header=header, actor=actor, run_id=run_id)
        # council reference -> current DirectPayment, None (no direct payment) or NOT_FOUND
        self.people: dict[str, DirectPayment | Literal[_Missing.NOT_FOUND] | None] = {}
        self.new_payments: list[Payment] = []
        self.changed_payments: list[tuple[Payment, dict]] = []
        # (direct payment id, day) -> the last row giving a balance for it
        self.balances: dict[tuple[int, date], BalanceRow] = {}
        self.balance_plan = _BalancePlan()

    def repeated(self, key: tuple[str, ...], first_row: int) -> str:
        return f"payment_reference {key[1]} for {key[0]} is also on row {first_row}. Keep one row for each payment."

    def parse(self, number: int, values: dict[str, object]) -> PaymentRow:
        kind = cells.value_of(values, "type", str)
        amount = cells.value_of(values, "amount", Decimal)
        due = cells.value_of(values, "date", date)
        paid = cells.optional_value_of(values, "paid_date", date)
        problem = payment_amount_problem(kind=kind, amount=amount)
        if problem:
            raise RowRejected(f"amount: {problem}")
        if kind == Payment.Kind.SCHEDULED and paid is not None:
            raise RowRejected(
                "paid_date: a scheduled payment has not been paid yet. Use the type paid, or leave paid_date empty."
            )
        return PaymentRow(
            number=number,
            person=cells.value_of(values, "council_reference", str),
            reference=cells.value_of(values, "payment_reference", str),
            due_date=due,
            values={
                "kind": kind,
                "amount": amount,
                "due_date": due,
                "paid_date": payment_paid_date(kind=kind, due_date=due, paid_date=paid),
                "note": values.get("note", ""),
            },
            balance=cells.optional_value_of(values, "balance", Decimal),
        )

    def _find_people(self, references: set[str]) -> None:
        wanted = references - self.people.keys()
        if not wanted:
            return
        ids = dict(Recipient.objects.filter(council_reference__in=wanted).values_list("pk", "council_reference"))
        current = engine.current_direct_payments(ids)
        for reference in wanted:
            self.people[reference] = NOT_FOUND
        for pk, reference in ids.items():
            self.people[reference] = current.get(pk)

    def plan(self, rows: list[PaymentRow]) -> None:
        self._find_people({row.person for row in rows})
        placed: list[tuple[PaymentRow, DirectPayment]] = []
        for row in rows:
            direct_payment = self.people[row.person]
            if direct_payment is NOT_FOUND:
                self.reject(
                    row.number,
                    f"Nobody has the council reference {row.person}. Check it, or import the person with the recipients file first.",
                )
                continue
            if direct_payment is None:
                self.reject(
                    row.number, f"{row.person} has no direct payment yet, so there is nothing to add payments to."
                )
                continue
            placed.append((row, direct_payment))
        existing = {
            (p.direct_payment_id, p.reference): p
            for p in Payment.objects.filter(
                direct_payment_id__in={dp.pk for _row, dp in placed},
                reference__in={row.reference for row, _dp in placed},
            )
        }
        for row, direct_payment in placed:
            payment = existing.get((direct_payment.pk, row.reference))
            if payment is None:
                payment = Payment(
                    direct_payment=direct_payment,
                    reference=row.reference,
                    source=Source.IMPORTED,
                    recorded_by=self.actor,
                    created_at=self.now,
                    **row.values,
                )
                self.new_payments.append(payment)
                self.outcomes[row.number] = engine.CREATED
            elif payment.kind == Payment.Kind.RECOVERED:
                self.reject(
                    row.number,
                    f"payment_reference {row.reference} is money paid back, which is recorded from an approved request and cannot be changed by an import.",
                )
                continue
            else:
                changes = engine.differences(payment, row.values)
                if changes:
                    payment.direct_payment = direct_payment
                    engine.set_changes(payment, changes)
                    self.changed_payments.append((payment, changes))
                self.outcomes[row.number] = engine.UPDATED if changes else engine.UNCHANGED
            if row.balance is not None:
                # The last row of a day gives that day's balance.
                self.balances[(direct_payment.pk, row.due_date)] = BalanceRow(
                    row.number, direct_payment, row.due_date, row.balance
                )

    def finish_check(self) -> None:
        """Plan the balances, once every row has been read (the last row of a day counts)."""
        wanted = list(self.balances.values())
        for start in range(0, len(wanted), engine.BATCH * 2):
            chunk = wanted[start : start + engine.BATCH * 2]
            existing = {
                (b.direct_payment_id, b.taken_on): b
                for b in BalanceSnapshot.objects.filter(
                    direct_payment_id__in={row.direct_payment.pk for row in chunk},
                    taken_on__in={row.taken_on for row in chunk},
                    source=Source.IMPORTED,
                )
            }
            for row in chunk:
                if row.number not in self.outcomes:
                    continue  # rejected since
                figures = _balance_figures(row.direct_payment, row.balance)
                snapshot = existing.get((row.direct_payment.pk, row.taken_on))
                if snapshot is None:
                    snapshot = BalanceSnapshot(
                        direct_payment=row.direct_payment,
                        taken_on=row.taken_on,
                        source=Source.IMPORTED,
                        recorded_by=self.actor,
                        created_at=self.now,
                        **figures,
                    )
                    self.balance_plan.new.append(snapshot)
                else:
                    changes = engine.differences(snapshot, figures)
                    if not changes:
                        continue
                    snapshot.direct_payment = row.direct_payment
                    engine.set_changes(snapshot, changes)
                    self.balance_plan.changed.append((snapshot, changes))
                if self.outcomes[row.number] == engine.UNCHANGED:
                    self.outcomes[row.number] = engine.UPDATED

    def apply(self) -> None:
        trail = AuditTrail(actor=self.actor, run_id=self.run_id)
        insert_objects(self.new_payments)
        for payment in self.new_payments:
            trail.created(payment, ["direct_payment_id", "reference", "source", *PAYMENT_FIELDS])
        engine.bulk_update_logged(Payment, self.changed_payments, trail)
        insert_objects(self.balance_plan.new)
        for snapshot in self.balance_plan.new:
            trail.created(snapshot, ["direct_payment_id", "taken_on", "source", *BALANCE_FIGURES])
        engine.bulk_update_logged(BalanceSnapshot, self.balance_plan.changed, trail)
        self._follow_latest_balances(trail)
        trail.save()

    def _follow_latest_balances(self, trail: AuditTrail) -> None:
        """As `balance_record` does: the newest balance sets the surplus flag and may open a check-in."""
        latest_written: dict[int, BalanceSnapshot] = {}
        for snapshot in [*self.balance_plan.new, *(s for s, _changes in self.balance_plan.changed)]:
            known = latest_written.get(snapshot.direct_payment_id)
            if known is None or snapshot.taken_on > known.taken_on:
                latest_written[snapshot.direct_payment_id] = snapshot
        flag_changes: list[tuple[DirectPayment, dict]] = []
        flagged: list[BalanceSnapshot] = []
        ids = list(latest_written)
        for start in range(0, len(ids), engine.BATCH * 2):
            chunk = ids[start : start + engine.BATCH * 2]
            newest = dict(
                BalanceSnapshot.objects.filter(direct_payment_id__in=chunk)
                .values("direct_payment_id")
                .annotate(newest=Max("taken_on"))
                .values_list("direct_payment_id", "newest")
            )
            for payment_id in chunk:
                snapshot = latest_written[payment_id]
                if snapshot.taken_on < newest[payment_id]:
                    continue  # a newer balance is already recorded: it keeps the say
                direct_payment = snapshot.direct_payment
                needs_a_conversation = surplus_needs_a_conversation(snapshot=snapshot)
                if direct_payment.surplus_flagged != needs_a_conversation:
                    change = {"surplus_flagged": (direct_payment.surplus_flagged, needs_a_conversation)}
                    direct_payment.surplus_flagged = needs_a_conversation
                    direct_payment.updated_at = self.now
                    flag_changes.append((direct_payment, change))
                if needs_a_conversation:
                    flagged.append(snapshot)
        engine.bulk_update_logged(DirectPayment, flag_changes, trail)
        self._open_check_ins(flagged, trail)

    def _open_check_ins(self, flagged: list[BalanceSnapshot], trail: AuditTrail) -> None:
        """A supportive check-in for each flagged direct payment without one open (never a recovery, docs/domain.md#rule-9)."""
        already_open = set(
            AdviserTask.objects.filter(
                kind=AdviserTask.Kind.SURPLUS_CHECK_IN,
                status=AdviserTask.Status.OPEN,
                direct_payment_id__in=[s.direct_payment_id for s in flagged],
            ).values_list("direct_payment_id", flat=True)
        )
        tasks = [
            AdviserTask(
                kind=AdviserTask.Kind.SURPLUS_CHECK_IN,
                direct_payment=snapshot.direct_payment,
                balance=snapshot,
                created_at=self.now,
            )
            for snapshot in flagged
            if snapshot.direct_payment_id not in already_open
        ]
        insert_objects(tasks)
        for task in tasks:
            trail.created(task, ["kind", "direct_payment_id", "balance_id", "status"])


def _balance_figures(direct_payment: DirectPayment, balance: Decimal) -> dict[str, object]:
    """The figures `balance_record` keeps, from the same money rules (docs/domain.md#rule-9)."""
    zero = Decimal("0.00")
    return {
        "balance": money.to_pennies(balance),
        "known_liabilities": zero,
        "allowed_contingency": zero,
        "surplus": money.surplus(balance=balance, known_liabilities=zero, allowed_contingency=zero),
        "weeks_of_support": money.weeks_of_support(balance=balance, weekly_amount=direct_payment.council_amount_weekly),
    }
