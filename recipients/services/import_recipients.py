"""Importing people: upsert by council reference, and optionally each person's current direct payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from dpss.accounts.models import User

from .. import money
from ..models import (
    CareGroup,
    Directorate,
    DirectPayment,
    FormatPreference,
    ImportRun,
    Recipient,
)
from . import import_csv as cells
from . import import_rows as engine
from .bulk_insert import insert_objects
from .import_audit import AuditTrail
from .import_csv import Column, RowRejected

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


def _recipient(name: str) -> models.Field[Any, Any]:
    return engine.model_field(Recipient, name)


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


# Each field's change: (what it was, what it becomes).
Changes = dict[str, tuple[object, object]]


class RecipientImporter(engine.Importer[PersonRow]):
    """Upsert people by council reference, and optionally their current direct payment."""

    kind = ImportRun.Kind.RECIPIENTS
    columns = RECIPIENT_COLUMNS
    key_columns = ("council_reference",)

    def __init__(self, *, header: list[str], actor: User | None, run_id: int | None) -> None:
        super().__init__(header=header, actor=actor, run_id=run_id)
        self.new_people: list[Recipient] = []
        self.changed_people: list[tuple[Recipient, dict]] = []
        self.new_payments: list[DirectPayment] = []
        self.changed_payments: list[tuple[DirectPayment, dict]] = []

    def repeated(self, key: tuple[str, ...], first_row: int) -> str:
        return f"council_reference {key[0]} is also on row {first_row}. Keep one row for each person."

    def parse(self, number: int, values: dict[str, object]) -> PersonRow:
        born = cells.value_of(values, "date_of_birth", date)
        if born > self.today:
            raise RowRejected(f"date_of_birth: {born:%d/%m/%Y} is in the future.")
        return PersonRow(
            number=number,
            reference=cells.value_of(values, "council_reference", str),
            person={name: values[name] for name in PERSON_FIELDS if name in values},
            direct_payment={dp: values[column] for column, dp in DIRECT_PAYMENT_COLUMNS.items() if column in values},
        )

    def plan(self, rows: list[PersonRow]) -> None:
        existing = {
            p.council_reference: p for p in Recipient.objects.filter(council_reference__in=[r.reference for r in rows])
        }
        current = {}
        if any(row.direct_payment for row in rows):
            current = engine.current_direct_payments(person.pk for person in existing.values())
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
                self.outcomes[row.number] = engine.CREATED
            else:
                changes = engine.differences(person, row.person)
                if "email" in changes and person.email_verified:
                    changes["email_verified"] = (True, False)  # a new address is not verified yet
                if changes:
                    engine.set_changes(person, changes)
                    person.updated_at = self.now
                    self.changed_people.append((person, changes))
                self.outcomes[row.number] = engine.UPDATED if changes or payment_plan else engine.UNCHANGED
            if isinstance(payment_plan, DirectPayment):
                payment_plan.recipient = person
                self.new_payments.append(payment_plan)
            elif payment_plan:
                payment_plan[0].recipient = person
                self.changed_payments.append(payment_plan)

    def _plan_direct_payment(
        self, row: PersonRow, current: DirectPayment | None
    ) -> DirectPayment | tuple[DirectPayment, Changes] | None:
        """A new DirectPayment to create, (current, changes) to make, or None when nothing changes."""
        wanted = row.direct_payment
        if not wanted:
            return None
        if current is None:
            missing = [c for c in NEEDED_TO_SET_UP if DIRECT_PAYMENT_COLUMNS[c] not in wanted]
            if missing:
                raise RowRejected(f"To bring in their direct payment, fill in {', '.join(missing)} as well.")
            first_payment_date = cells.optional_value_of(wanted, "first_payment_date", date)
            started = first_payment_date is not None and first_payment_date <= self.today
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
        changes = engine.differences(current, wanted)
        if not changes:
            return None
        if current.status == DirectPayment.Status.ENDED:
            ended = f" on {current.end_date:%d/%m/%Y}" if current.end_date else ""
            raise RowRejected(
                f"Their direct payment ended{ended}, so it cannot be changed. Set up a new one in the portal, "
                "or leave the direct payment columns empty for this person."
            )
        engine.set_changes(current, changes)
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
        engine.bulk_update_logged(Recipient, self.changed_people, trail)
        for payment in self.new_payments:
            payment.recipient = payment.recipient  # the person now has an id
        insert_objects(self.new_payments)
        for payment in self.new_payments:
            trail.created(
                payment,
                ["recipient_id", "status", "account_verified", "amount_per_period", *DIRECT_PAYMENT_COLUMNS.values()],
            )
        engine.bulk_update_logged(DirectPayment, self.changed_payments, trail)
        trail.save()
