"""Every write to the direct payment record, with its rules (DOMAIN.md section 3).

One module per part of the record; callers import from here
(`from recipients import services; services.balance_record(...)`).
"""

from .check_ins import check_in_close, recovery_decide, recovery_propose
from .money_records import (
    balance_record,
    direct_payment_activate_if_ready,
    direct_payment_end,
    direct_payment_resume,
    direct_payment_suspend,
    direct_payment_verify_account,
    payment_record,
    surplus_check_in_open,
    surplus_needs_a_conversation,
)
from .representatives import (
    RepresentativeAdded,
    invitation_link_accepted,
    recipient_invite,
    representative_add,
    representative_change,
    representative_end,
)

__all__ = [
    "RepresentativeAdded",
    "balance_record",
    "check_in_close",
    "direct_payment_activate_if_ready",
    "direct_payment_end",
    "direct_payment_resume",
    "direct_payment_suspend",
    "direct_payment_verify_account",
    "invitation_link_accepted",
    "payment_record",
    "recipient_invite",
    "recovery_decide",
    "recovery_propose",
    "representative_add",
    "representative_change",
    "representative_end",
    "surplus_check_in_open",
    "surplus_needs_a_conversation",
]
