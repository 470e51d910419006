"""Writes to the money side of the record: balances, payments, pausing and ending (docs/domain.md#money, #endings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dpss.accounts.models import User

from .. import money
from ..models import AVOIDABLE_BY_DEFAULT, AdviserTask, BalanceSnapshot, DirectPayment, FinancialCheckup, Payment


@transaction.atomic
def balance_record(
    *,
    direct_payment: DirectPayment,
    taken_on: date,
    balance: Decimal,
    known_liabilities: Decimal = Decimal("0"),
    allowed_contingency: Decimal = Decimal("0"),
    source: str = BalanceSnapshot.Source.RECORDED,
    actor: User | None = None,
) -> BalanceSnapshot:
    """Record the balance on a day, with its surplus and weeks of support (docs/domain.md#rule-9).

    Recording the same day from the same source again replaces the figures,
    so a re-imported statement changes nothing. When this is the newest
    balance, the direct payment's surplus flag follows it, and a surplus above
    the threshold opens a supportive check-in for an adviser (never a recovery).
    """
    weekly = direct_payment.council_amount_weekly
    figures: dict[str, object] = {
        "balance": money.to_pennies(balance),
        "known_liabilities": money.to_pennies(known_liabilities),
        "allowed_contingency": money.to_pennies(allowed_contingency),
        "surplus": money.surplus(
            balance=balance, known_liabilities=known_liabilities, allowed_contingency=allowed_contingency
        ),
        "weeks_of_support": money.weeks_of_support(balance=balance, weekly_amount=weekly),
        "recorded_by": actor,
    }
    try:
        with transaction.atomic():
            snapshot = _balance_save(direct_payment=direct_payment, taken_on=taken_on, source=source, figures=figures)
    except IntegrityError:
        # The same day was recorded by a concurrent request a moment ago (the unique index waited for it to
        # commit): replace its figures, as recording the day again does (docs/adr/0011).
        snapshot = _balance_save(direct_payment=direct_payment, taken_on=taken_on, source=source, figures=figures)
    _follow_latest_balance(direct_payment=direct_payment, snapshot=snapshot)
    return snapshot


def _balance_save(
    *, direct_payment: DirectPayment, taken_on: date, source: str, figures: dict[str, object]
) -> BalanceSnapshot:
    snapshot = BalanceSnapshot.objects.filter(direct_payment=direct_payment, taken_on=taken_on, source=source).first()
    snapshot = snapshot or BalanceSnapshot(direct_payment=direct_payment, taken_on=taken_on, source=source)
    for name, value in figures.items():
        setattr(snapshot, name, value)
    # The one-balance-per-day constraint is the database's to check: a check here would race a concurrent insert.
    snapshot.full_clean(validate_constraints=False)
    snapshot.save()
    return snapshot


def _follow_latest_balance(*, direct_payment: DirectPayment, snapshot: BalanceSnapshot) -> None:
    newer = BalanceSnapshot.objects.filter(direct_payment=direct_payment, taken_on__gt=snapshot.taken_on).exists()
    if newer:
        return
    flagged = surplus_needs_a_conversation(snapshot=snapshot)
    if direct_payment.surplus_flagged != flagged:
        direct_payment.surplus_flagged = flagged
        direct_payment.save(update_fields=["surplus_flagged", "updated_at"])
    if flagged:
        surplus_check_in_open(direct_payment=direct_payment, snapshot=snapshot)


def surplus_needs_a_conversation(*, snapshot: BalanceSnapshot) -> bool:
    """Is the surplus above the threshold (a setting, in weeks of support)?

    Above it an adviser offers a supportive check-in; money is never asked
    back automatically (docs/domain.md#rule-9: talk first).
    """
    return money.surplus_is_above_threshold(
        surplus_amount=snapshot.surplus,
        weekly_amount=snapshot.direct_payment.council_amount_weekly,
        threshold_weeks=settings.SURPLUS_THRESHOLD_WEEKS,
    )


def surplus_check_in_open(*, direct_payment: DirectPayment, snapshot: BalanceSnapshot) -> AdviserTask:
    """Open a check-in task for an adviser, unless one is already open for this direct payment."""
    open_task = AdviserTask.objects.filter(
        kind=AdviserTask.Kind.SURPLUS_CHECK_IN, direct_payment=direct_payment, status=AdviserTask.Status.OPEN
    ).first()
    if open_task:
        return open_task
    try:
        with transaction.atomic():
            return AdviserTask.objects.create(
                kind=AdviserTask.Kind.SURPLUS_CHECK_IN, direct_payment=direct_payment, balance=snapshot
            )
    except IntegrityError:  # opened by a concurrent request a moment ago
        return AdviserTask.objects.get(
            kind=AdviserTask.Kind.SURPLUS_CHECK_IN, direct_payment=direct_payment, status=AdviserTask.Status.OPEN
        )


@transaction.atomic
def payment_record(
    *,
    direct_payment: DirectPayment,
    kind: str,
    amount: Decimal,
    due_date: date,
    paid_date: date | None = None,
    reference: str = "",
    note: str = "",
    actor: User | None = None,
) -> Payment:
    """Record a payment made, due, adjusted or paid back. Amounts are kept to the penny."""
    if kind == Payment.Kind.RECOVERED:
        raise ValidationError(
            {"kind": "Money paid back is recorded from an approved request to ask for unspent money back."}
        )
    payment = Payment(
        direct_payment=direct_payment,
        kind=kind,
        amount=money.to_pennies(amount),
        due_date=due_date,
        paid_date=paid_date,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    problem = payment_amount_problem(kind=kind, amount=payment.amount)
    if problem:
        raise ValidationError({"amount": problem})
    payment.paid_date = payment_paid_date(kind=kind, due_date=due_date, paid_date=paid_date)
    already = ValidationError({"reference": f"A payment with the reference {payment.reference} is already recorded."})
    if (
        payment.reference
        and Payment.objects.filter(direct_payment=direct_payment, reference=payment.reference).exists()
    ):
        raise already
    payment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        # Recorded by a concurrent request since the check above: the unique index is the one that decides.
        raise already from None
    return payment


def payment_amount_problem(*, kind: str, amount: Decimal) -> str | None:
    """What is wrong with an amount for this kind of payment, in words a person can act on; None if nothing.

    A payment made or due is money going to the person: more than £0. Only
    an adjustment may take money off (below zero). Recorded by hand or imported,
    the same rule applies.
    """
    if kind in (Payment.Kind.SCHEDULED, Payment.Kind.PAID) and amount <= 0:
        return "A scheduled or paid amount must be more than £0. It cannot be below zero: use an adjustment for money taken off."
    return None


def payment_paid_date(*, kind: str, due_date: date, paid_date: date | None) -> date | None:
    """A payment recorded as paid, with no paid date, was paid on the day it was due."""
    if kind == Payment.Kind.PAID and paid_date is None:
        return due_date
    return paid_date


@transaction.atomic
def direct_payment_verify_account(*, direct_payment: DirectPayment, actor: User | None = None) -> DirectPayment:
    """Record that the account the money goes into has been checked (docs/domain.md#rule-8)."""
    if not direct_payment.account_verified:
        direct_payment.account_verified = True
        direct_payment.save(update_fields=["account_verified", "updated_at"])
    direct_payment_activate_if_ready(direct_payment=direct_payment)
    return direct_payment


def direct_payment_activate_if_ready(*, direct_payment: DirectPayment) -> bool:
    """docs/domain.md#rule-8: a direct payment starts only once the agreement is signed and the account verified.

    Called after each of the two happens, in whichever order. True if it started now.
    """
    ready = direct_payment.agreement_signed_at is not None and direct_payment.account_verified
    if not direct_payment.is_awaiting_signature or not ready:
        return False
    direct_payment.status = DirectPayment.Status.ACTIVE
    direct_payment.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def direct_payment_suspend(*, direct_payment: DirectPayment, reason: str, actor: User | None = None) -> DirectPayment:
    """Pause payments, saying why. The council keeps meeting the person's needs meanwhile (docs/domain.md#rule-14)."""
    if not direct_payment.can_pause:
        raise ValidationError("Only an active direct payment can be paused.")
    if not reason.strip():
        raise ValidationError({"suspension_reason": "Say why the direct payment is being paused."})
    direct_payment.status = DirectPayment.Status.SUSPENDED
    direct_payment.suspension_reason = reason.strip()
    direct_payment.full_clean()
    direct_payment.save()
    return direct_payment


@transaction.atomic
def direct_payment_resume(*, direct_payment: DirectPayment, actor: User | None = None) -> DirectPayment:
    if not direct_payment.can_restart:
        raise ValidationError("Only a paused direct payment can be started again.")
    direct_payment.status = DirectPayment.Status.ACTIVE
    direct_payment.suspension_reason = ""
    direct_payment.save()
    return direct_payment


@transaction.atomic
def direct_payment_end(
    *,
    direct_payment: DirectPayment,
    end_date: date,
    reason: str,
    avoidable: bool | None = None,
    actor: User | None = None,
) -> DirectPayment:
    """End a direct payment with a coded reason and whether it was avoidable (docs/domain.md#rule-14).

    Scheduled payments after the end date are removed: they will not be paid. A
    financial check-up still waiting for the person is cancelled.
    """
    if direct_payment.status == DirectPayment.Status.ENDED:
        raise ValidationError("This direct payment has already ended.")
    if reason not in DirectPayment.EndReason.values:
        raise ValidationError({"end_reason": "Choose why the direct payment is ending."})
    if direct_payment.first_payment_date and end_date < direct_payment.first_payment_date:
        raise ValidationError({"end_date": "The end date cannot be before the first payment."})
    direct_payment.status = DirectPayment.Status.ENDED
    direct_payment.end_date = end_date
    direct_payment.end_reason = reason
    direct_payment.end_avoidable = reason in AVOIDABLE_BY_DEFAULT if avoidable is None else avoidable
    direct_payment.full_clean()
    direct_payment.save()
    direct_payment.payments.filter(kind=Payment.Kind.SCHEDULED, due_date__gt=end_date).delete()
    # A check-up still waiting for the person is not needed any more; one already sent is still reviewed.
    for checkup in direct_payment.checkups.filter(status=FinancialCheckup.Status.DUE):
        checkup.status = FinancialCheckup.Status.CANCELLED
        checkup.save(update_fields=["status"])
    return direct_payment
