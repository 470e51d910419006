"""Work for advisers that comes from the record: supportive check-ins, and asking for unspent money back.

A surplus above the threshold never leads to an automatic recovery
(docs/domain.md#rule-9: talk first). It opens a check-in task; only after that conversation
can an adviser propose asking for money back, with a reason, and a manager
other than the proposer must approve it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .payments import BalanceSnapshot, Payment
from .record import MONEY, DirectPayment


class AdviserTask(models.Model):
    class Kind(models.TextChoices):
        SURPLUS_CHECK_IN = "surplus_check_in", "Supportive check-in about money building up"

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="adviser_tasks")
    balance = models.ForeignKey(BalanceSnapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="adviser_tasks"
    )
    outcome_note = models.TextField("what was talked about and agreed", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # At most one open task of a kind per direct payment: a second
            # high balance adds nothing to a conversation already planned.
            models.UniqueConstraint(
                fields=["kind", "direct_payment"], condition=Q(status="open"), name="one_open_task_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="adviser_task_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.direct_payment.recipient}"

    @property
    def is_open(self) -> bool:
        """Still to do: the conversation has not been recorded yet."""
        return self.status == self.Status.OPEN


class Recovery(models.Model):
    """Asking for unspent money back: proposed with a reason, approved by someone else."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"

    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="recoveries")
    check_in = models.ForeignKey(AdviserTask, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField(**MONEY)
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # The payment recorded once the money is back.
    payment = models.OneToOneField(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="recovery")

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name_plural = "recoveries"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="recovery_approved_by_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} from {self.direct_payment.recipient} ({self.get_status_display()})"

    @property
    def is_waiting(self) -> bool:
        """Proposed, and waiting for a manager's decision."""
        return self.status == self.Status.PROPOSED
