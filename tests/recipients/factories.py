"""Recipients test data: synthetic names (Faker en_GB) and Hampshire postcodes."""

import hashlib
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from recipients.models import (
    CareGroup,
    Directorate,
    DirectPayment,
    Document,
    DocumentVersion,
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
