"""Reads of the direct payment record, already scoped to who is asking and already joined.

One module per part of the record; callers import from here.
"""

from .checkups import (
    QUEUE_LABELS,
    checkup_for_review,
    checkup_of_record,
    checkup_queue,
    checkup_queue_counts,
    checkups_for_record,
    direct_payment_to_check,
    evidence_of_record,
    latest_balance,
)
from .documents import (
    AgreementPage,
    DocumentRow,
    agreement_page,
    agreement_version,
    current_direct_payment,
    direct_payment_to_agree,
    document_list,
    document_version_for_download,
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

__all__ = [
    "QUEUE_LABELS",
    "TEAM_BY_ROLE",
    "AgreementPage",
    "DirectPaymentSummary",
    "DocumentRow",
    "RecordView",
    "agreement_page",
    "agreement_version",
    "balance_history",
    "checkup_for_review",
    "checkup_of_record",
    "checkup_queue",
    "checkup_queue_counts",
    "checkups_for_record",
    "current_direct_payment",
    "direct_payment_summary",
    "direct_payment_to_agree",
    "direct_payment_to_check",
    "document_list",
    "document_version_for_download",
    "evidence_of_record",
    "latest_balance",
    "payment_history",
    "people_acted_for",
    "recipient_list",
    "record_views",
    "representatives_in_force",
]
