"""Documents on a person's record: agreements, statements and letters, each versioned.

A `Document` is the thing a person recognises ("Your direct payment
agreement"); each `DocumentVersion` is one rendering of it, with the SHA-256
of its bytes, so a signature can name exactly what was signed
(docs/domain.md#rule-11). PDFs are rendered by a worker, never in a web request: a version is
written as PENDING in the transaction that asks for it and is itself the
outbox row for the rendering job (see `services.documents`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .record import DirectPayment, Recipient


class Document(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Direct payment agreement"
        STATEMENT = "statement", "Statement"
        CHECKUP_LETTER = "checkup_letter", "Financial check-up letter"

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="documents")
    direct_payment = models.ForeignKey(
        DirectPayment, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    # For statements: the period covered.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="document_recipient_newest")]

    def __str__(self) -> str:
        return f"{self.title} ({self.recipient.council_reference})"


class DocumentVersion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    large_print = models.BooleanField(default=False)
    # What to render: the template and the facts frozen when the version was asked for.
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict, blank=True)
    # Stored outside the web root; served only through a permission-checked view.
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the rendering job was last handed to the broker, and when a worker
    # took it; the sweep hands over again what was never taken or was left stale.
    published_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Stamped every few seconds by the worker rendering it: older than JOB_LEASE means that worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="document_version_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.document.title}, version {self.number}"

    @property
    def is_pending(self) -> bool:
        """Still being prepared."""
        return self.status == self.Status.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED


class AgreementSignature(models.Model):
    """An electronic signature of a direct payment agreement (docs/domain.md#rule-11).

    Stores who signed, with what authority, when, the exact version and its
    hash, and the words they agreed to.
    """

    class Authority(models.TextChoices):
        SELF = "self", "The person themselves"
        ATTORNEY = "attorney", "Lasting power of attorney"
        DEPUTY = "deputy", "Court of Protection deputy"
        COUNCIL_AGREED = "council_agreed", "Authorised person agreed by the council"
        NOMINEE = "nominee", "Nominated person"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer or family member"
        MONEY_MANAGER = "money_manager", "Third-party money manager"

    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="signatures")
    document_sha256 = models.CharField(max_length=64)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=200)
    authority = models.CharField(max_length=16, choices=Authority.choices)
    consent_wording = models.TextField()
    signed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "signer"], name="one_signature_per_signer_and_version")
        ]

    def __str__(self) -> str:
        return f"Signed by {self.signer_name} on {self.signed_at:%d %b %Y}"
