"""Who may do what with a direct payment record (docs/domain.md#roles).

Seeing a record follows `Recipient.objects.visible_to(user)`. Acting and
signing for a person follow the authority recorded on a `Representative`,
only while it is in force; the person themselves may always do both.
Staff pages need a DPSS role; practitioners search only their caseload.
"""

from __future__ import annotations

import rules
from django.db.models import QuerySet

from dpss.accounts.rules import is_dpss_staff, is_manager, is_practitioner
from dpss.accounts.types import AnyUser

from .models import DirectPayment, FinancialCheckup, Recipient, Recovery, Representative

#: A check-up in these states is waiting (for the person, or for an adviser to look).
CHECKUP_WAITING_STATUSES = (FinancialCheckup.Status.DUE, FinancialCheckup.Status.SUBMITTED)


def _in_force_authority(user: AnyUser | None, recipient: Recipient, flag: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if recipient.user_id is not None and recipient.user_id == user.pk:
        return True
    return Representative.objects.in_force().filter(user=user, recipient=recipient, **{flag: True}).exists()


@rules.predicate
def can_act_for(user: AnyUser | None, recipient: Recipient | None) -> bool:
    """The person, or a representative who may act for them today."""
    return recipient is not None and _in_force_authority(user, recipient, "can_act")


@rules.predicate
def can_sign_for(user: AnyUser | None, recipient: Recipient | None) -> bool:
    """The person, or a representative who may sign for them today (docs/domain.md#rule-11)."""
    return recipient is not None and _in_force_authority(user, recipient, "can_sign")


@rules.predicate
def may_decide_recovery(user: AnyUser | None, recovery: Recovery | None) -> bool:
    """A request to ask for unspent money back that is still waiting and that this person did not propose:
    the proposer may not decide their own (docs/domain.md#rule-9)."""
    return recovery is not None and recovery.is_waiting and recovery.proposed_by_id != getattr(user, "pk", None)


def direct_payments_to_check(recipient: Recipient) -> QuerySet[DirectPayment]:
    """The direct payment a new check-up would be for, as a query of at most one: the newest being paid (or
    paused)."""
    being_paid = (DirectPayment.Status.ACTIVE, DirectPayment.Status.SUSPENDED)
    return DirectPayment.objects.filter(recipient=recipient, status__in=being_paid).order_by("-created_at", "-pk")[:1]


@rules.predicate
def checkup_may_start(user: AnyUser | None, recipient: Recipient | None) -> bool:
    """The person has a direct payment being paid and no financial check-up is waiting for it: one at a time,
    since a second would only add to what the person has to do (docs/domain.md#rule-13)."""
    if recipient is None:
        return False
    to_check = list(direct_payments_to_check(recipient))
    if not to_check:
        return False
    return not FinancialCheckup.objects.filter(direct_payment=to_check[0], status__in=CHECKUP_WAITING_STATUSES).exists()


rules.add_perm("recipients.act_for", can_act_for)
rules.add_perm("recipients.sign_for", can_sign_for)
# Find people: DPSS staff across the county, practitioners within their caseload.
rules.add_perm("recipients.search", is_dpss_staff | is_practitioner)
# Record payments and balances, pause or end, manage representatives, review check-ups, import.
rules.add_perm("recipients.manage", is_dpss_staff)
# Start a financial check-up for a person: staff, when one is not already waiting.
rules.add_perm("recipients.start_checkup", is_dpss_staff & checkup_may_start)
# Approve asking for unspent money back (the proposer may not approve their own).
rules.add_perm("recipients.approve_recovery", is_manager)
rules.add_perm("recipients.decide_recovery", is_manager & may_decide_recovery)
# See a request for money back, read-only unless they may decide it: DPSS staff, who see the check-in it came
# from (the adviser who proposed it follows it there).
rules.add_perm("recipients.see_recovery", is_dpss_staff)
