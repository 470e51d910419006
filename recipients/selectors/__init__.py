"""Reads of the direct payment record, already scoped to who is asking and already joined.

One module per part of the record; callers import from here.
"""

from .check_ins import (
    check_in_list,
    latest_balance,
    money_back_emails_sent,
    open_check_ins,
    recoveries_for_check_in,
    recoveries_waiting,
    recovery_list,
)
from .record import (
    TEAM_BY_ROLE,
    DirectPaymentSummary,
    RecordView,
    balance_history,
    direct_payment_summary,
    payment_history,
    people_acted_for,
    recipient_list,
    record_views,
    representatives_in_force,
)
from .staff import StaffRecord, recipient_invitations, record_history, staff_record

__all__ = [
    "TEAM_BY_ROLE",
    "DirectPaymentSummary",
    "RecordView",
    "StaffRecord",
    "balance_history",
    "check_in_list",
    "direct_payment_summary",
    "latest_balance",
    "money_back_emails_sent",
    "open_check_ins",
    "payment_history",
    "people_acted_for",
    "recipient_invitations",
    "recipient_list",
    "record_history",
    "record_views",
    "recoveries_for_check_in",
    "recoveries_waiting",
    "recovery_list",
    "representatives_in_force",
    "staff_record",
]
