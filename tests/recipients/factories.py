"""Recipients test data: synthetic names (Faker en_GB) and Hampshire postcodes."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from recipients.models import (
    CareGroup,
    CheckupEvidence,
    Directorate,
    DirectPayment,
    Document,
    DocumentVersion,
    FinancialCheckup,
    ImportRun,
    Recipient,
    Representative,
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
    kind = Representative.Kind.CARER_OR_FAMILY


# --- Documents (agreements, statements, letters) ---------------------------------


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    recipient = factory.SubFactory(RecipientFactory)
    direct_payment = None
    kind = Document.Kind.STATEMENT
    title = factory.Sequence(lambda n: f"Statement number {n}")


class DocumentVersionFactory(DjangoModelFactory):
    """A version already rendered: a tiny stand-in PDF in storage, with its hash and size."""

    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = DocumentVersion.Status.READY
    template = "recipients/pdf/statement.html"
    file = factory.django.FileField(filename="document.pdf", data=b"%PDF-1.7\n% a stand-in for tests\n%%EOF\n")
    sha256 = factory.LazyAttribute(lambda v: hashlib.sha256(b"%PDF-1.7\n% a stand-in for tests\n%%EOF\n").hexdigest())
    size = 38


# --- Financial check-ups -------------------------------------------------------

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class FinancialCheckupFactory(DjangoModelFactory):
    class Meta:
        model = FinancialCheckup

    direct_payment = factory.SubFactory(DirectPaymentFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(weeks=9))
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(weeks=7))
    due_date = factory.LazyAttribute(lambda o: timezone.localdate() + timedelta(weeks=2))
    method = factory.LazyAttribute(
        lambda o: (
            FinancialCheckup.Method.ONLINE_ACCOUNT
            if o.direct_payment.payment_method
            in (DirectPayment.PaymentMethod.VIRTUAL_WALLET, DirectPayment.PaymentMethod.PREPAID_CARD)
            else FinancialCheckup.Method.STATEMENTS
        )
    )


class CheckupEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = CheckupEvidence

    checkup = factory.SubFactory(FinancialCheckupFactory)
    file = factory.django.FileField(data=TINY_PDF, filename="statement.pdf")
    original_name = "March statement.pdf"
    content_type = "application/pdf"
    size = len(TINY_PDF)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(TINY_PDF).hexdigest())


# --- Finding people and imports -------------------------------------------------


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


def statement_context(recipient, *, payments: list[dict] | None = None) -> dict:
    """What a statement's template is given, for `recipient` and March to May 2025 (£1 for each payment)."""
    payments = payments or []
    paid = f"£{len(payments)}.00"
    return {
        "person": {"full_name": recipient.full_name, "council_reference": recipient.council_reference},
        "period": {"start": "1 March 2025", "end": "31 May 2025"},
        "direct_payment": {"kind": "Ongoing", "payment_method": "Virtual Wallet", "council_amount_weekly": "£1"},
        "payments": payments,
        "totals": {"paid": paid, "adjusted": "£0.00", "recovered": "£0.00", "received": paid},
        "balances": [],
        "made_on": "1 June 2025",
    }
