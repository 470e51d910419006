"""Reads of the direct payment record, already scoped to who is asking and already joined.

One module per part of the record; callers import from here.
"""

from .check_ins import (
    check_in_list,
    open_check_ins,
    recoveries_for_check_in,
    recoveries_waiting,
    recovery_list,
)
from .checkups import (
    QUEUE_LABELS,
    checkup_for_review,
    checkup_of_record,
    checkup_queue,
    checkup_queue_counts,
    checkups_for_record,
    direct_payment_to_check,
    evidence_of_record,
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
from .imports import (
    import_run_list,
)
from .record import (
    TEAM_BY_ROLE,
    DirectPaymentSummary,
    RecordView,
    balance_history,
    direct_payment_summary,
    latest_balance,
    payment_history,
    people_acted_for,
    recipient_list,
    record_views,
    representatives_in_force,
)
from .search import (
    PeopleSearch,
    area_choices,
    direct_payments_shown,
    people_search,
)
from .staff import (
    StaffRecord,
    recipient_invitations,
    record_history,
    staff_record,
)

__all__ = [
    "QUEUE_LABELS",
    "TEAM_BY_ROLE",
    "AgreementPage",
    "DirectPaymentSummary",
    "DocumentRow",
    "PeopleSearch",
    "RecordView",
    "StaffRecord",
    "agreement_page",
    "agreement_version",
    "area_choices",
    "balance_history",
    "check_in_list",
    "checkup_for_review",
    "checkup_of_record",
    "checkup_queue",
    "checkup_queue_counts",
    "checkups_for_record",
    "current_direct_payment",
    "direct_payment_summary",
    "direct_payment_to_agree",
    "direct_payment_to_check",
    "direct_payments_shown",
    "document_list",
    "document_version_for_download",
    "evidence_of_record",
    "import_run_list",
    "latest_balance",
    "open_check_ins",
    "payment_history",
    "people_acted_for",
    "people_search",
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
