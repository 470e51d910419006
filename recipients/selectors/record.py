"""Reads of the direct payment record, scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, Exists, Max, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from dpss.accounts.models import Role, RoleGrant, User
from dpss.accounts.types import AnyUser

from ..models import BalanceSnapshot, DirectPayment, Payment, Recipient, Representative


def recipient_list(*, fetched_by: AnyUser) -> QuerySet[Recipient]:
    return Recipient.objects.visible_to(fetched_by)


def people_acted_for(*, user: User) -> QuerySet[Representative]:
    """The representations of `user` in force today, with the person each is for."""
    return Representative.objects.in_force().filter(user=user, can_see=True).select_related("recipient")


def representatives_in_force(*, recipient: Recipient) -> QuerySet[Representative]:
    return Representative.objects.in_force().filter(recipient=recipient).select_related("user")


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


def latest_balance(*, direct_payment: DirectPayment) -> BalanceSnapshot | None:
    """The newest balance of a direct payment: what check-ups and requests for money back are measured against."""
    return BalanceSnapshot.objects.filter(direct_payment=direct_payment).order_by("-taken_on", "-pk").first()


def payment_history(*, recipient: Recipient) -> QuerySet[Payment]:
    """Every payment on the person's direct payments, newest first."""
    return Payment.objects.filter(direct_payment__recipient=recipient).order_by("-due_date", "-pk")


def balance_history(*, recipient: Recipient) -> QuerySet[BalanceSnapshot]:
    return BalanceSnapshot.objects.filter(direct_payment__recipient=recipient).order_by("-taken_on", "-pk")


@dataclass(frozen=True)
class RecordViews:
    """One row of "who has looked at your record": a team, a day, and how many times that day."""

    team: str
    day: date
    times: int


# Which team each role belongs to, for "who has looked at your record". The first role a viewer holds wins.
# Only the team is shown, never a staff member's name (docs/quality.md#audit).
TEAM_BY_ROLE = (
    (Role.MANAGER, "Direct Payments Support Service"),
    (Role.ADVISER, "Direct Payments Support Service"),
    (Role.PRACTITIONER, "Social care (your social worker's team)"),
    (Role.REPRESENTATIVE, "Someone who acts for you"),
)
OTHER_TEAM = "The council"


def _viewer_team() -> Case:
    """The viewer's team as SQL, so views can be grouped by it in the database."""
    return Case(
        *(
            When(Exists(RoleGrant.objects.filter(user_id=OuterRef("actor_id"), role=role)), then=Value(team))
            for role, team in TEAM_BY_ROLE
        ),
        default=Value(OTHER_TEAM),
        output_field=CharField(),
    )


def record_views(*, recipient: Recipient, limit: int = 10) -> list[RecordViews]:
    """Views of a person's record by anyone but themselves, grouped by team and local day, newest day first.

    One query: nine page views by an adviser in a morning are one row ("9 times"), not nine.
    """
    rows = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Recipient),
            object_pk=str(recipient.pk),
            action=LogEntry.Action.ACCESS,
            actor__isnull=False,
        )
        .exclude(actor_id=recipient.user_id)
        .annotate(team=_viewer_team(), day=TruncDate("timestamp"))
        .values("team", "day")
        .annotate(times=Count("id"), latest=Max("timestamp"))
        .order_by("-day", "-latest")[:limit]
    )
    return [RecordViews(team=row["team"], day=row["day"], times=row["times"]) for row in rows]
