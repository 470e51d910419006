"""Inserting many rows for imports: COPY on PostgreSQL (CI), bulk_create on SQLite. The same results either way."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from recipients.models import Payment, Recipient
from recipients.services.bulk_insert import insert_objects, insert_rows
from tests.recipients.factories import DirectPaymentFactory

pytestmark = pytest.mark.django_db

AWKWARD = ["tab\there", "new\nline", "back\\slash", "quote ' and \"", "\\N", "carriage\rreturn", "Zoë £ ✓", ""]


def test_records_come_back_exactly_as_written_with_their_ids():
    dp = DirectPaymentFactory()
    payments = [
        Payment(
            direct_payment=dp,
            kind=Payment.Kind.ADJUSTED,
            amount=Decimal("-12.50"),
            due_date=date(2025, 4, 1),
            paid_date=None,
            reference=f"REF-{n}",
            note=note,
        )
        for n, note in enumerate(AWKWARD)
    ]
    insert_objects(payments)
    assert all(payment.pk for payment in payments)
    stored = {p.pk: p for p in Payment.objects.all()}
    for payment in payments:
        again = stored[payment.pk]
        assert (again.note, again.amount, again.paid_date, again.reference) == (
            payment.note,
            Decimal("-12.50"),
            None,
            payment.reference,
        )


def test_a_new_person_gets_the_default_values_and_timestamps():
    person = Recipient(
        full_name="Margaret Ellis",
        date_of_birth=date(1946, 3, 14),
        council_reference="HCC7777777",
        directorate="adults",
        care_group="older_adults",
        address_line_1="1 Demo Street",
        postcode="SO23 8UJ",
        area="Winchester",
    )
    insert_objects([person])
    stored = Recipient.objects.get(pk=person.pk)
    assert stored.contact_by_email is True and stored.newsletter_consent is False
    assert stored.updated_at is not None and stored.format_preference == "standard"


def test_rows_with_json_are_written_as_given():
    changes = {name: ["None", value] for name, value in zip("abcdefgh", AWKWARD, strict=True)}
    insert_rows(
        LogEntry,
        [
            {
                "content_type_id": ContentType.objects.get_for_model(Recipient).pk,
                "object_pk": "1",
                "object_id": 1,
                "object_repr": "Margaret\tEllis",
                "action": LogEntry.Action.CREATE,
                "changes": changes,
                "timestamp": timezone.now(),
                "additional_data": {"import_run": 7},
            }
        ],
    )
    entry = LogEntry.objects.get()
    assert entry.changes == changes
    assert entry.object_repr == "Margaret\tEllis"
    assert entry.additional_data == {"import_run": 7}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_a_value_of_the_wrong_type_is_an_error_not_a_guess():
    dp = DirectPaymentFactory()
    with pytest.raises(TypeError):
        insert_objects([Payment(direct_payment=dp, kind="paid", amount=12.5, due_date=date(2025, 1, 1))])
