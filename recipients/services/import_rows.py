"""The rows of an import file: checked and planned in bulk, then written in bulk.

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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from auditlog.cid import get_cid
from auditlog.diff import get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max
from django.utils import timezone

from .. import money
from ..models import (
    AdviserTask,
    BalanceSnapshot,
    CareGroup,
    Directorate,
    DirectPayment,
    FormatPreference,
    ImportRun,
    Payment,
    Recipient,
    Source,
)
from . import import_csv as cells
from .bulk_insert import insert_objects, insert_rows
from .import_csv import Column, RowRejected
from .money_records import payment_amount_problem, payment_paid_date, surplus_needs_a_conversation

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
BATCH = 1000


def _field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


# --- The audit trail of an import ----------------------------------------------


class AuditTrail:
    """One django-auditlog entry per record created or changed, written in bulk at the end.

    Follows the registry: masked fields (health details, date of birth) are
    masked and excluded fields left out, as auditlog's own signals would.
    """

    def __init__(self, *, actor, run_id: int | None):
        self.actor_id = actor.pk if actor is not None else None
        self.actor_email = getattr(actor, "email", None)
        self.extra = {"import_run": run_id}
        self.cid = get_cid()
        self.now = timezone.now()
        self.entries: list[dict[str, object]] = []
        self._settings: dict[type, tuple[int, set[str], set[str], object]] = {}

    def _for(self, model: type[models.Model]):
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


def _differences(obj: models.Model, values: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {name: (getattr(obj, name), value) for name, value in values.items() if getattr(obj, name) != value}


def _set(obj: models.Model, changes: dict[str, tuple[object, object]]) -> None:
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


class Importer:
    kind: str
    columns: dict[str, Column]
    # The columns that name one record: the same values twice in a file is a mistake.
    key_columns: tuple[str, ...]

    def __init__(self, *, header: list[str], actor, run_id: int | None):
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
        parsed = []
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

    def parse(self, number: int, values: dict[str, object]):  # pragma: no cover - each kind has its own
        raise NotImplementedError

    def plan(self, rows: list) -> None:  # pragma: no cover
        raise NotImplementedError

    def apply(self) -> None:  # pragma: no cover
        raise NotImplementedError


# --- Recipients ---------------------------------------------------------------------

PERSON_FIELDS = (
    "full_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "directorate",
    "care_group",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "area",
    "email",
    "phone",
    "communication_needs",
    "format_preference",
    "contact_by_email",
    "contact_by_phone",
    "contact_by_post",
    "newsletter_consent",
)
# Column name -> DirectPayment field, for the person's current direct payment.
DIRECT_PAYMENT_COLUMNS = {
    "dp_type": "kind",
    "weekly_budget": "personal_budget_weekly",
    "weekly_contribution": "contribution_weekly",
    "basis": "basis",
    "frequency": "frequency",
    "payment_method": "payment_method",
    "first_payment_date": "first_payment_date",
}
NEEDED_TO_SET_UP = ("weekly_budget", "frequency", "payment_method")
MONEY_FIELDS = {"kind", "personal_budget_weekly", "contribution_weekly", "basis", "frequency", "first_payment_date"}


def _recipient(name: str) -> models.Field:
    return _field(Recipient, name)


RECIPIENT_COLUMNS: dict[str, Column] = {
    "council_reference": Column("council_reference", cells.text(_recipient("council_reference")), required=True),
    "full_name": Column("full_name", cells.text(_recipient("full_name")), required=True),
    "date_of_birth": Column("date_of_birth", cells.a_date("date_of_birth"), required=True),
    "directorate": Column("directorate", cells.a_choice("directorate", Directorate), required=True),
    "care_group": Column("care_group", cells.a_choice("care_group", CareGroup), required=True),
    "address_line_1": Column("address_line_1", cells.text(_recipient("address_line_1")), required=True),
    "postcode": Column("postcode", cells.postcode("postcode"), required=True),
    "area": Column("area", cells.text(_recipient("area")), required=True),
    "preferred_name": Column("preferred_name", cells.text(_recipient("preferred_name"))),
    "nhs_number": Column("nhs_number", cells.digits(_recipient("nhs_number"))),
    "address_line_2": Column("address_line_2", cells.text(_recipient("address_line_2"))),
    "town": Column("town", cells.text(_recipient("town"))),
    "email": Column("email", cells.text(_recipient("email"))),
    "phone": Column("phone", cells.text(_recipient("phone"))),
    "communication_needs": Column("communication_needs", cells.text(_recipient("communication_needs"))),
    "format_preference": Column("format_preference", cells.a_choice("format_preference", FormatPreference)),
    "contact_by_email": Column("contact_by_email", cells.yes_or_no("contact_by_email")),
    "contact_by_phone": Column("contact_by_phone", cells.yes_or_no("contact_by_phone")),
    "contact_by_post": Column("contact_by_post", cells.yes_or_no("contact_by_post")),
    "newsletter_consent": Column("newsletter_consent", cells.yes_or_no("newsletter_consent")),
    # The person's current direct payment (optional: leave these columns out to import people only).
    "dp_type": Column(
        "dp_type",
        cells.a_choice(
            "dp_type",
            DirectPayment.Kind,
            allowed=[DirectPayment.Kind.ONGOING, DirectPayment.Kind.CARER, DirectPayment.Kind.CHILDREN],
        ),
    ),
    "weekly_budget": Column("weekly_budget", cells.an_amount("weekly_budget")),
    "weekly_contribution": Column("weekly_contribution", cells.an_amount("weekly_contribution")),
    "basis": Column("basis", cells.a_choice("basis", DirectPayment.Basis)),
    "frequency": Column("frequency", cells.a_choice("frequency", DirectPayment.Frequency)),
    "payment_method": Column("payment_method", cells.a_choice("payment_method", DirectPayment.PaymentMethod)),
    "first_payment_date": Column("first_payment_date", cells.a_date("first_payment_date")),
}


@dataclass
class PersonRow:
    number: int
    reference: str
    person: dict[str, object]
    direct_payment: dict[str, object]


class RecipientImporter(Importer):
    """Upsert people by council reference, and optionally their current direct payment."""

    kind = ImportRun.Kind.RECIPIENTS
    columns = RECIPIENT_COLUMNS
    key_columns = ("council_reference",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.new_people: list[Recipient] = []
        self.changed_people: list[tuple[Recipient, dict]] = []
        self.new_payments: list[DirectPayment] = []
        self.changed_payments: list[tuple[DirectPayment, dict]] = []

    def repeated(self, key: tuple[str, ...], first_row: int) -> str:
        return f"council_reference {key[0]} is also on row {first_row}. Keep one row for each person."

    def parse(self, number: int, values: dict[str, object]) -> PersonRow:
        born = values["date_of_birth"]
        if born > self.today:
            raise RowRejected(f"date_of_birth: {born:%d/%m/%Y} is in the future.")
        return PersonRow(
            number=number,
            reference=values["council_reference"],
            person={name: values[name] for name in PERSON_FIELDS if name in values},
            direct_payment={dp: values[column] for column, dp in DIRECT_PAYMENT_COLUMNS.items() if column in values},
        )

    def plan(self, rows: list[PersonRow]) -> None:
        existing = {
            p.council_reference: p for p in Recipient.objects.filter(council_reference__in=[r.reference for r in rows])
        }
        current = {}
        if any(row.direct_payment for row in rows):
            current = current_direct_payments(person.pk for person in existing.values())
        for row in rows:
            person = existing.get(row.reference)
            try:
                payment_plan = self._plan_direct_payment(row, current.get(person.pk) if person else None)
            except RowRejected as error:
                self.reject(row.number, str(error))
                continue
            if person is None:
                person = Recipient(council_reference=row.reference, created_at=self.now, **row.person)
                self.new_people.append(person)
                self.outcomes[row.number] = CREATED
            else:
                changes = _differences(person, row.person)
                if "email" in changes and person.email_verified:
                    changes["email_verified"] = (True, False)  # a new address is not verified yet
                if changes:
                    _set(person, changes)
                    person.updated_at = self.now
                    self.changed_people.append((person, changes))
                self.outcomes[row.number] = UPDATED if changes or payment_plan else UNCHANGED
            if isinstance(payment_plan, DirectPayment):
                payment_plan.recipient = person
                self.new_payments.append(payment_plan)
            elif payment_plan:
                payment_plan[0].recipient = person
                self.changed_payments.append(payment_plan)

    def _plan_direct_payment(self, row: PersonRow, current: DirectPayment | None):
        """A new DirectPayment to create, (current, changes) to make, or None when nothing changes."""
        wanted = row.direct_payment
        if not wanted:
            return None
        if current is None:
            missing = [c for c in NEEDED_TO_SET_UP if DIRECT_PAYMENT_COLUMNS[c] not in wanted]
            if missing:
                raise RowRejected(f"To bring in their direct payment, fill in {', '.join(missing)} as well.")
            started = wanted.get("first_payment_date") is not None and wanted["first_payment_date"] <= self.today
            payment = DirectPayment(
                **wanted,
                # Already paid by the finance system: it started outside the portal (agreement on paper).
                # Starting later: the agreement is signed in the portal first (docs/domain.md#rule-8).
                status=DirectPayment.Status.ACTIVE if started else DirectPayment.Status.AWAITING_SIGNATURE,
                account_verified=started,
                created_at=self.now,
                amount_per_period=Decimal("0"),
            )
            payment.amount_per_period = self._amount_per_period(payment)
            return payment
        changes = _differences(current, wanted)
        if not changes:
            return None
        if current.status == DirectPayment.Status.ENDED:
            ended = f" on {current.end_date:%d/%m/%Y}" if current.end_date else ""
            raise RowRejected(
                f"Their direct payment ended{ended}, so it cannot be changed. Set up a new one in the portal, "
                "or leave the direct payment columns empty for this person."
            )
        _set(current, changes)
        if changes.keys() & MONEY_FIELDS:
            amount = self._amount_per_period(current)
            if amount != current.amount_per_period:
                changes["amount_per_period"] = (current.amount_per_period, amount)
                current.amount_per_period = amount
        current.updated_at = self.now
        return current, changes

    def _amount_per_period(self, payment: DirectPayment) -> Decimal:
        return money.period_amount(
            weekly_amount=payment.council_amount_weekly,
            frequency=payment.frequency,
            period_start=payment.first_payment_date or self.today,
        )

    def apply(self) -> None:
        trail = AuditTrail(actor=self.actor, run_id=self.run_id)
        insert_objects(self.new_people)
        for person in self.new_people:
            trail.created(
                person, ["council_reference", *(n for n in PERSON_FIELDS if getattr(person, n) not in ("", None))]
            )
        _bulk_update(Recipient, self.changed_people, trail)
        for payment in self.new_payments:
            payment.recipient = payment.recipient  # the person now has an id
        insert_objects(self.new_payments)
        for payment in self.new_payments:
            trail.created(
                payment,
                ["recipient_id", "status", "account_verified", "amount_per_period", *DIRECT_PAYMENT_COLUMNS.values()],
            )
        _bulk_update(DirectPayment, self.changed_payments, trail)
        trail.save()


def _bulk_update(model: type[models.Model], changed: list[tuple[models.Model, dict]], trail: AuditTrail) -> None:
    """Write the changed records, grouped by which fields changed, and log each change."""
    by_fields: dict[tuple[str, ...], list[models.Model]] = {}
    for obj, changes in changed:
        by_fields.setdefault(tuple(sorted(changes)), []).append(obj)
        trail.changed(obj, changes)
    stamped = ("updated_at",) if any(f.name == "updated_at" for f in model._meta.fields) else ()
    for names, objs in by_fields.items():
        model.objects.bulk_update(objs, [*names, *stamped], batch_size=BATCH)


# --- Payments -------------------------------------------------------------------------


def _payment(name: str) -> models.Field:
    return _field(Payment, name)


IMPORTABLE_KINDS = [Payment.Kind.SCHEDULED, Payment.Kind.PAID, Payment.Kind.ADJUSTED]
PAYMENT_COLUMNS: dict[str, Column] = {
    "council_reference": Column("council_reference", cells.text(_recipient("council_reference")), required=True),
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
NOT_FOUND = object()


@dataclass
class PaymentRow:
    number: int
    person: str
    reference: str
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


class PaymentImporter(Importer):
    """Upsert payments by their reference within the person's current direct payment, with optional balances."""

    kind = ImportRun.Kind.PAYMENTS
    columns = PAYMENT_COLUMNS
    key_columns = ("council_reference", "payment_reference")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # council reference -> current DirectPayment, None (no direct payment) or NOT_FOUND
        self.people: dict[str, object] = {}
        self.new_payments: list[Payment] = []
        self.changed_payments: list[tuple[Payment, dict]] = []
        # (direct payment id, day) -> the last row giving a balance for it
        self.balances: dict[tuple[int, date], BalanceRow] = {}
        self.balance_plan = _BalancePlan()

    def repeated(self, key: tuple[str, ...], first_row: int) -> str:
        return f"payment_reference {key[1]} for {key[0]} is also on row {first_row}. Keep one row for each payment."

    def parse(self, number: int, values: dict[str, object]) -> PaymentRow:
        kind, amount, due = values["type"], values["amount"], values["date"]
        paid = values.get("paid_date")
        problem = payment_amount_problem(kind=kind, amount=amount)
        if problem:
            raise RowRejected(f"amount: {problem}")
        if kind == Payment.Kind.SCHEDULED and paid is not None:
            raise RowRejected(
                "paid_date: a scheduled payment has not been paid yet. Use the type paid, or leave paid_date empty."
            )
        return PaymentRow(
            number=number,
            person=values["council_reference"],
            reference=values["payment_reference"],
            values={
                "kind": kind,
                "amount": amount,
                "due_date": due,
                "paid_date": payment_paid_date(kind=kind, due_date=due, paid_date=paid),
                "note": values.get("note", ""),
            },
            balance=values.get("balance"),
        )

    def _find_people(self, references: set[str]) -> None:
        wanted = references - self.people.keys()
        if not wanted:
            return
        ids = dict(Recipient.objects.filter(council_reference__in=wanted).values_list("pk", "council_reference"))
        current = current_direct_payments(ids)
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
                self.outcomes[row.number] = CREATED
            elif payment.kind == Payment.Kind.RECOVERED:
                self.reject(
                    row.number,
                    f"payment_reference {row.reference} is money paid back, which is recorded from an approved request and cannot be changed by an import.",
                )
                continue
            else:
                changes = _differences(payment, row.values)
                if changes:
                    payment.direct_payment = direct_payment
                    _set(payment, changes)
                    self.changed_payments.append((payment, changes))
                self.outcomes[row.number] = UPDATED if changes else UNCHANGED
            if row.balance is not None:
                # The last row of a day gives that day's balance.
                self.balances[(direct_payment.pk, row.values["due_date"])] = BalanceRow(
                    row.number, direct_payment, row.values["due_date"], row.balance
                )

    def finish_check(self) -> None:
        """Plan the balances, once every row has been read (the last row of a day counts)."""
        wanted = list(self.balances.values())
        for start in range(0, len(wanted), BATCH * 2):
            chunk = wanted[start : start + BATCH * 2]
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
                    changes = _differences(snapshot, figures)
                    if not changes:
                        continue
                    snapshot.direct_payment = row.direct_payment
                    _set(snapshot, changes)
                    self.balance_plan.changed.append((snapshot, changes))
                if self.outcomes[row.number] == UNCHANGED:
                    self.outcomes[row.number] = UPDATED

    def apply(self) -> None:
        trail = AuditTrail(actor=self.actor, run_id=self.run_id)
        insert_objects(self.new_payments)
        for payment in self.new_payments:
            trail.created(payment, ["direct_payment_id", "reference", "source", *PAYMENT_FIELDS])
        _bulk_update(Payment, self.changed_payments, trail)
        insert_objects(self.balance_plan.new)
        for snapshot in self.balance_plan.new:
            trail.created(snapshot, ["direct_payment_id", "taken_on", "source", *BALANCE_FIGURES])
        _bulk_update(BalanceSnapshot, self.balance_plan.changed, trail)
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
        for start in range(0, len(ids), BATCH * 2):
            chunk = ids[start : start + BATCH * 2]
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
        _bulk_update(DirectPayment, flag_changes, trail)
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


IMPORTERS: dict[str, type[Importer]] = {
    ImportRun.Kind.RECIPIENTS: RecipientImporter,
    ImportRun.Kind.PAYMENTS: PaymentImporter,
}
