"""Payments into a person's direct payment account and the balances seen on it (docs/domain.md#rule-9).

Money is `Decimal` to the penny; the rules that compute it live in `recipients/money.py`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .record import MONEY, NOT_NEGATIVE, DirectPayment


class Source(models.TextChoices):
    RECORDED = "recorded", "Recorded by staff"
    IMPORTED = "imported", "Imported from the account provider or finance system"


class Payment(models.Model):
    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PAID = "paid", "Paid"
        ADJUSTED = "adjusted", "Adjustment"
        RECOVERED = "recovered", "Unspent money paid back"

    Source = Source

    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)
    due_date = models.DateField()
    paid_date = models.DateField(null=True, blank=True)
    # The finance system's or account provider's reference: imports upsert by it.
    reference = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_date", "-pk"]
        indexes = [models.Index(fields=["direct_payment", "-due_date"], name="payment_dp_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["direct_payment", "reference"],
                condition=~Q(reference=""),
                name="one_payment_per_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} on {self.due_date}"


class BalanceSnapshot(models.Model):
    """The balance of the direct payment account on a day, with what it must still cover."""

    Source = Source

    direct_payment = models.ForeignKey(DirectPayment, on_delete=models.CASCADE, related_name="balances")
    taken_on = models.DateField()
    balance = models.DecimalField(**MONEY)
    # Money defaults are Decimals: an import writes them with COPY, which takes nothing else (bulk_insert.py).
    known_liabilities = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=NOT_NEGATIVE)
    allowed_contingency = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=NOT_NEGATIVE)
    surplus = models.DecimalField(**MONEY, default=Decimal("0.00"))
    weeks_of_support = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        indexes = [models.Index(fields=["direct_payment", "-taken_on"], name="balance_dp_taken")]
        constraints = [
            models.UniqueConstraint(
                fields=["direct_payment", "taken_on", "source"], name="one_balance_per_day_and_source"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.balance} on {self.taken_on}"
