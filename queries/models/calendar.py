"""The working calendar the query clocks run on: closed days on top of the usual opening hours.

Opening hours (Monday to Friday, 09:00 to 17:00, Europe/London unless the
settings say otherwise) live in settings; the days the service is closed live
here so managers can change them. England and Wales bank holidays are loaded
from the `holidays` package; a manager who opens on one marks it open rather
than deleting it, so loading them again never undoes that decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ClosureDay(models.Model):
    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", "Bank holiday"
        COUNCIL_CLOSURE = "council_closure", "Council closure day"

    day = models.DateField(unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # False: a manager decided the service opens that day after all (kept so it is not loaded again).
    is_closed = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}: {self.name}"

    @property
    def is_bank_holiday(self) -> bool:
        """Bank holidays are marked open or closed; other closure days are removed instead."""
        return self.kind == self.Kind.BANK_HOLIDAY
