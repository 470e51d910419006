"""Statements: payments and balances over a period, as a tagged PDF (docs/domain.md#rule-9, #words).

Anyone who can see a record may ask for one. The figures are worked out now,
in SQL, and frozen into the document; a worker renders the PDF.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from dpss.accounts.models import User
from dpss.formatting import long_date, pounds

from .. import money
from ..models import BalanceSnapshot, DirectPayment, Document, DocumentVersion, Payment
from .documents import document_request

STATEMENT_TEMPLATE = "recipients/pdf/statement.html"
# Long enough for a few years' review; short enough to stay a readable document.
STATEMENT_MAX_DAYS = 3 * 366
EARLIEST_STATEMENT_DAY = date(2000, 1, 1)


def statement_title(*, period_start: date, period_end: date) -> str:
    return f"Statement, {long_date(period_start)} to {long_date(period_end)}"


def statement_period_check(*, period_start: date, period_end: date) -> None:
    """Raise a ValidationError a person can act on when the period makes no statement."""
    today = timezone.localdate()
    if period_start > period_end:
        raise ValidationError({"period_end": "The end date must be the same as or after the start date"})
    if period_end > today:
        raise ValidationError({"period_end": "The end date must be today or in the past"})
    if period_start < EARLIEST_STATEMENT_DAY:
        raise ValidationError({"period_start": f"The start date must be after {long_date(EARLIEST_STATEMENT_DAY)}"})
    if (period_end - period_start).days >= STATEMENT_MAX_DAYS:
        raise ValidationError(
            {"period_start": "A statement can cover up to 3 years. Choose a shorter period, or ask for two statements"}
        )


def statement_facts(*, direct_payment: DirectPayment, period_start: date, period_end: date) -> dict:
    """The statement's figures, as JSON: every payment and balance in the period, totals in SQL, weeks of support."""
    in_period = {"due_date__gte": period_start, "due_date__lte": period_end}
    payments = Payment.objects.filter(direct_payment=direct_payment, **in_period).order_by("due_date", "pk")
    totals = payments.aggregate(
        paid=Sum("amount", filter=Q(kind=Payment.Kind.PAID), default=Decimal("0")),
        adjusted=Sum("amount", filter=Q(kind=Payment.Kind.ADJUSTED), default=Decimal("0")),
        recovered=Sum("amount", filter=Q(kind=Payment.Kind.RECOVERED), default=Decimal("0")),
        scheduled=Sum("amount", filter=Q(kind=Payment.Kind.SCHEDULED), default=Decimal("0")),
    )
    received = money.to_pennies(totals["paid"] + totals["adjusted"] - totals["recovered"])
    weekly = direct_payment.council_amount_weekly
    balances = BalanceSnapshot.objects.filter(
        direct_payment=direct_payment, taken_on__gte=period_start, taken_on__lte=period_end
    ).order_by("taken_on", "pk")
    received_weeks = money.weeks_of_support(balance=received, weekly_amount=weekly) if received > 0 else None
    return {
        "person": {
            "full_name": direct_payment.recipient.full_name,
            "council_reference": direct_payment.recipient.council_reference,
        },
        "period": {"start": long_date(period_start), "end": long_date(period_end)},
        "direct_payment": {
            "kind": direct_payment.kind_name,
            "payment_method": direct_payment.payment_method_words,
            "council_amount_weekly": pounds(weekly),
        },
        "payments": [
            {
                "date": long_date(payment.due_date),
                "what": payment.get_kind_display(),
                "reference": payment.reference,
                "amount": pounds(payment.amount),
                "counted": payment.kind != Payment.Kind.SCHEDULED,
            }
            for payment in payments
        ],
        "totals": {
            "paid": pounds(totals["paid"]),
            "adjusted": pounds(totals["adjusted"]),
            "recovered": pounds(totals["recovered"]),
            "scheduled": pounds(totals["scheduled"]),
            "received": pounds(received),
            "received_weeks": str(received_weeks) if received_weeks is not None else "",
        },
        "balances": [
            {
                "date": long_date(balance.taken_on),
                "balance": pounds(balance.balance),
                "weeks": str(balance.weeks_of_support) if balance.weeks_of_support is not None else "",
            }
            for balance in balances
        ],
        "made_on": long_date(timezone.localdate()),
    }


@transaction.atomic
def statement_request(
    *, direct_payment: DirectPayment, period_start: date, period_end: date, actor: User | None
) -> DocumentVersion:
    """Ask for a statement of a period: a new document, rendered by a worker.

    Asking again for the same period while it is still being prepared (a
    double click, say) gives the one already on its way instead of a second.
    """
    statement_period_check(period_start=period_start, period_end=period_end)
    waiting = (
        DocumentVersion.objects.filter(
            document__direct_payment=direct_payment,
            document__kind=Document.Kind.STATEMENT,
            document__period_start=period_start,
            document__period_end=period_end,
            status=DocumentVersion.Status.PENDING,
        )
        .order_by("-pk")
        .first()
    )
    if waiting is not None:
        return waiting
    return document_request(
        recipient=direct_payment.recipient,
        direct_payment=direct_payment,
        kind=Document.Kind.STATEMENT,
        title=statement_title(period_start=period_start, period_end=period_end),
        template=STATEMENT_TEMPLATE,
        context=statement_facts(direct_payment=direct_payment, period_start=period_start, period_end=period_end),
        period_start=period_start,
        period_end=period_end,
        actor=actor,
    )


def months_back(*, months: int, today: date | None = None) -> tuple[date, date]:
    """The last `months` months up to today: from the day after the same date `months` months ago."""
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # The same day of the month, or the month's last day when it is shorter (31 May -> 28 February).
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    day = min(today.day, (next_month - timedelta(days=1)).day)
    return date(year, month, day) + timedelta(days=1), today
