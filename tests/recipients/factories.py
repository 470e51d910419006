"""Recipients test data: synthetic names (Faker en_GB) and Hampshire postcodes."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from recipients.models import (
    CareGroup,
    Directorate,
    DirectPayment,
    FinancialCheckup,
    ImportRun,
    Recipient,
    Representative,
    RepresentativeKind,
)

HAMPSHIRE_POSTCODES = ["SO23 8UJ", "SO14 0AA", "PO1 2DX", "GU14 7JF", "RG21 7PJ", "SP10 1HL", "BH24 1PR"]


class RecipientFactory(DjangoModelFactory):
    class Meta:
        model = Recipient

    full_name = factory.Faker("name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)
    council_reference = factory.Sequence(lambda n: f"HCC{n:07d}")
    directorate = Directorate.ADULTS
    care_group = CareGroup.PHYSICAL_DISABILITY
    address_line_1 = factory.Faker("street_address", locale="en_GB")
    postcode = factory.Iterator(HAMPSHIRE_POSTCODES)
    area = "Winchester"


class DirectPaymentFactory(DjangoModelFactory):
    class Meta:
        model = DirectPayment

    recipient = factory.SubFactory(RecipientFactory)
    status = DirectPayment.Status.ACTIVE
    personal_budget_weekly = Decimal("420.00")
    contribution_weekly = Decimal("35.50")
    amount_per_period = Decimal("1538.00")
    payment_method = DirectPayment.PaymentMethod.VIRTUAL_WALLET


class RepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = Representative

    recipient = factory.SubFactory(RecipientFactory)
    kind = RepresentativeKind.CARER_OR_FAMILY


# --- Finding people and imports -------------------------------------------------


class FinancialCheckupFactory(DjangoModelFactory):
    class Meta:
        model = FinancialCheckup

    direct_payment = factory.SubFactory(DirectPaymentFactory)
    period_start = factory.LazyFunction(lambda: date(2025, 1, 1))
    period_end = factory.LazyFunction(lambda: date(2025, 2, 19))
    due_date = factory.LazyFunction(lambda: date(2025, 3, 5))
    method = FinancialCheckup.Method.ONLINE_ACCOUNT


class ImportRunFactory(DjangoModelFactory):
    """A finished import with one rejected row."""

    class Meta:
        model = ImportRun

    kind = ImportRun.Kind.PAYMENTS
    status = ImportRun.Status.DONE
    original_name = "payments-april.csv"
    sha256 = "0" * 64
    total_rows = 3
    processed_rows = 3
    created_count = 2
    error_count = 1
    errors = factory.LazyFunction(lambda: [{"row": 3, "reason": '=HYPERLINK("http://example.com") is not a date.'}])
