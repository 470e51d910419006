"""Supportive check-ins about money building up, and asking for unspent money back (docs/domain.md#rule-9).

A surplus above the threshold opens a check-in task (`balance_record`), never
a recovery. The adviser talks with the person and records what was said.
Only then may an adviser propose asking for unspent money back: an amount
no more than the surplus, and a reason written for the person. A manager
who did not propose it approves or declines. Approval records the money
as a RECOVERED payment (the only way one is recorded) and sends the person
a kind, plain-English email through the outbox in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.formatting import long_date, pounds
from dpss.notifications.tone import unwelcome_words
from dpss.text import clean_text

from .. import money
from ..models import AdviserTask, DirectPayment, Payment, Recovery
from ..rules import may_decide_recovery
from ..selectors.record import latest_balance
from .contacts import contacts_email, people_to_tell


@transaction.atomic
def check_in_close(*, task: AdviserTask, note: str, actor: User) -> AdviserTask:
    """Record what was talked about and agreed, and close the check-in (docs/domain.md#rule-9: talk first)."""
    task = AdviserTask.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError("This check-in has already been closed.")
    note = clean_text(note, field="outcome_note")
    if not note:
        raise ValidationError({"outcome_note": "Write what you talked about and what you agreed."})
    task.outcome_note = note
    task.status = AdviserTask.Status.DONE
    task.closed_at = timezone.now()
    task.closed_by = actor
    task.full_clean()
    task.save()
    return task


def _check_amount(*, direct_payment: DirectPayment, amount: Decimal) -> Decimal:
    amount = money.to_pennies(amount)
    if amount <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0."})
    balance = latest_balance(direct_payment=direct_payment)
    if balance is None:
        raise ValidationError("There is no balance recorded, so there is no surplus to ask back.")
    if amount > balance.surplus:
        raise ValidationError(
            {
                "amount": f"The amount cannot be more than the surplus of {pounds(balance.surplus)} "
                f"(balance on {long_date(balance.taken_on)})."
            }
        )
    return amount


@transaction.atomic
def recovery_propose(*, check_in: AdviserTask, amount: Decimal, reason: str, actor: User) -> Recovery:
    """Propose asking for unspent money back, after the check-in conversation (docs/domain.md#rule-9).

    The reason goes into the email the person receives, so it must be in
    plain words (docs/domain.md#words).
    """
    check_in = AdviserTask.objects.select_for_update().get(pk=check_in.pk)
    if check_in.status != AdviserTask.Status.DONE:
        raise ValidationError("Talk with the person first: record the check-in, then you can propose this.")
    direct_payment = DirectPayment.objects.select_for_update().get(pk=check_in.direct_payment_id)
    if Recovery.objects.filter(direct_payment=direct_payment, status=Recovery.Status.PROPOSED).exists():
        raise ValidationError("A request for this direct payment is already waiting for a manager.")
    amount = _check_amount(direct_payment=direct_payment, amount=amount)
    reason = clean_text(reason, field="reason")
    if not reason:
        raise ValidationError({"reason": "Explain why, in words the person will understand."})
    unwelcome = unwelcome_words(reason)
    if unwelcome:
        word, instead = unwelcome[0]
        raise ValidationError({"reason": f"Please do not use “{word}” with people. Say “{instead}” instead."})
    recovery = Recovery(
        direct_payment=direct_payment, check_in=check_in, amount=amount, reason=reason, proposed_by=actor
    )
    recovery.full_clean()
    recovery.save()
    return recovery


@transaction.atomic
def recovery_decide(*, recovery: Recovery, approve: bool, note: str, actor: User) -> Recovery:
    """A manager other than the proposer approves or declines asking for money back (docs/domain.md#rule-9).

    Approval records the money as a RECOVERED payment and emails the person
    kindly through the outbox, in this transaction. Declining changes
    nothing for the person and sends nothing.
    """
    recovery = Recovery.objects.select_for_update().select_related("direct_payment__recipient").get(pk=recovery.pk)
    if not recovery.is_waiting:
        raise ValidationError("This request has already been decided.")
    if not may_decide_recovery(actor, recovery):
        raise ValidationError("You proposed this, so another manager must decide.")
    note = clean_text(note, field="note")
    if not approve and not note:
        raise ValidationError({"note": "Say why it is not approved, so the adviser knows what to do next."})
    recovery.status = Recovery.Status.APPROVED if approve else Recovery.Status.DECLINED
    recovery.decided_by = actor
    recovery.decided_at = timezone.now()
    recovery.decision_note = note
    if approve:
        _check_amount(direct_payment=recovery.direct_payment, amount=recovery.amount)
        recovery.payment = _recovered_payment_record(recovery=recovery, actor=actor)
    recovery.full_clean()
    recovery.save()
    if approve:
        _tell_the_person(recovery=recovery)
    return recovery


def _recovered_payment_record(*, recovery: Recovery, actor: User) -> Payment:
    """The only way a RECOVERED payment is written (`payment_record` refuses the kind)."""
    payment = Payment(
        direct_payment=recovery.direct_payment,
        kind=Payment.Kind.RECOVERED,
        amount=recovery.amount,
        due_date=timezone.localdate(),
        reference=f"MONEY-BACK-{recovery.pk}",
        note="Unspent money asked back, agreed after a check-in",
        recorded_by=actor,
    )
    payment.full_clean()
    payment.save()
    return payment


def _tell_the_person(*, recovery: Recovery) -> None:
    """Email the person; if they have no email or prefer other ways, whoever may act for them."""
    recipient = recovery.direct_payment.recipient
    direct_payment = recovery.direct_payment
    closed_at = recovery.check_in.closed_at
    contacts_email(
        contacts=people_to_tell(recipient=recipient),
        recipient=recipient,
        key=f"recovery:{recovery.pk}:approved",
        template="money_back",
        context={
            "amount": pounds(recovery.amount),
            "reason": recovery.reason,
            "talked_on": long_date(timezone.localtime(closed_at).date()) if closed_at else "",
            "payment_amount": pounds(direct_payment.amount_per_period),
            "frequency": direct_payment.get_frequency_display().lower(),
            "record_path": reverse("recipients:direct_payment", kwargs={"pk": recipient.pk}),
            "contact_path": reverse("ui:contact"),
        },
    )
