"""Reads of the direct payment record, scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import BalanceSnapshot, DirectPayment, Payment, Recipient, Representative


def recipient_list(*, fetched_by) -> QuerySet[Recipient]:
    return Recipient.objects.visible_to(fetched_by)


def people_acted_for(*, user) -> QuerySet[Representative]:
    """The representations of `user` in force today, with the person each is for."""
    return Representative.objects.in_force().filter(user=user, can_see=True).select_related("recipient")


@dataclass(frozen=True)
class DirectPaymentSummary:
    recipient: Recipient
    direct_payment: DirectPayment | None
    latest_balance: BalanceSnapshot | None
    next_payment: Payment | None


def direct_payment_summary(*, recipient: Recipient) -> DirectPaymentSummary:
    """What "Your direct payment" shows, in a fixed number of queries.

    The current direct payment is the newest one that is not a draft; its
    latest balance and next scheduled payment come with it.
    """
    today = timezone.localdate()
    direct_payment = (
        DirectPayment.objects.filter(recipient=recipient)
        .exclude(status=DirectPayment.Status.DRAFT)
        .select_related("practitioner")
        .prefetch_related(
            Prefetch("balances", queryset=BalanceSnapshot.objects.order_by("-taken_on", "-pk")[:1], to_attr="latest"),
            Prefetch(
                "payments",
                queryset=Payment.objects.filter(kind=Payment.Kind.SCHEDULED, due_date__gte=today).order_by("due_date")[
                    :1
                ],
                to_attr="upcoming",
            ),
        )
        .order_by("-created_at")
        .first()
    )
    return DirectPaymentSummary(
        recipient=recipient,
        direct_payment=direct_payment,
        latest_balance=direct_payment.latest[0] if direct_payment and direct_payment.latest else None,
        next_payment=direct_payment.upcoming[0] if direct_payment and direct_payment.upcoming else None,
    )


def payment_history(*, recipient: Recipient) -> QuerySet[Payment]:
    """Every payment on the person's direct payments, newest first."""
    return Payment.objects.filter(direct_payment__recipient=recipient).order_by("-due_date", "-pk")


def balance_history(*, recipient: Recipient) -> QuerySet[BalanceSnapshot]:
    return BalanceSnapshot.objects.filter(direct_payment__recipient=recipient).order_by("-taken_on", "-pk")
