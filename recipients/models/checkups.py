"""Financial check-ups: light, proportionate looks at how the money is going (docs/domain.md#rule-13).

The word "audit" is never used with people. Virtual Wallet and prepaid card
accounts can be seen online, so the person only confirms the account is up
to date; for other accounts they send statements or receipts and a short
money-in / money-out summary. An adviser reviews it and the person gets a
plain-English letter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .documents import Document
from .record import MONEY, NOT_NEGATIVE, DirectPayment


class FinancialCheckup(models.Model):
    class Method(models.TextChoices):
        ONLINE_ACCOUNT = "online_account", "Confirm the online account is up to date"
        STATEMENTS = "statements", "Send statements or receipts"

    class Status(models.TextChoices):
        DUE = "due", "Waiting for the person"
        SUBMITTED = "submitted", "Waiting for an adviser to look"
        COMPLETED = "completed", "Finished"
        CANCELLED = "cancelled", "Not needed any more"

    class Outcome(models.TextChoices):
        ALL_IN_ORDER = "all_in_order", "Everything is in order"
        TALK_ABOUT_SPENDING = "talk_about_spending", "We would like a chat about some spending"
        MORE_INFORMATION = "more_information", "We need a little more information"

    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="checkups")
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    method = models.CharField(max_length=16, choices=Method.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DUE)
    # What the person provided.
    confirmed_online_account = models.BooleanField(default=False)
    money_in = models.DecimalField(**MONEY, null=True, blank=True, validators=NOT_NEGATIVE)
    money_out = models.DecimalField(**MONEY, null=True, blank=True, validators=NOT_NEGATIVE)
    person_note = models.TextField("anything the person wanted to tell us", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The adviser's review.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("what the adviser wants the person to know", blank=True)
    letter = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_date", "-pk"]
        constraints = [
            # Scheduling the same period twice (a task run twice) makes one check-up.
            models.UniqueConstraint(fields=["direct_payment", "period_end"], name="one_checkup_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="checkup_period_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="checkup_status_due"),
        ]

    def __str__(self) -> str:
        return f"Financial check-up {self.period_start}–{self.period_end} for {self.direct_payment.recipient}"

    @property
    def is_due(self) -> bool:
        """Waiting for the person: they can still answer and change their answers."""
        return self.status == self.Status.DUE

    @property
    def is_waiting_for_review(self) -> bool:
        """Sent by the person, waiting for an adviser to record the outcome."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DUE, self.Status.SUBMITTED)


class CheckupEvidence(models.Model):
    """A statement or receipt the person sent for a check-up (PDF or image, checked by content)."""

    checkup = models.ForeignKey(FinancialCheckup, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="checkups/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
