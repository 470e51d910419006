"""Every write to the direct payment record, with its rules (docs/domain.md#rules).

One module per part of the record; callers import from here
(`from recipients import services; services.balance_record(...)`).
"""

from .agreements import (
    agreement_consent_wording,
    agreement_prepare,
    agreement_sign,
    signing_authority,
)
from .check_ins import (
    check_in_close,
    recovery_decide,
    recovery_propose,
)
from .checkup_answers import (
    checkup_answers_save,
    checkup_evidence_add,
    checkup_evidence_remove,
    checkup_submit,
)
from .checkups import (
    checkup_complete,
    checkup_method_for,
    checkup_open,
    checkup_period_to_open,
    checkup_suggested_period,
    checkups_schedule,
)
from .contacts import (
    Contact,
    people_to_tell,
    people_who_may_sign,
)
from .documents import (
    document_request,
    document_version_render,
    document_versions_sweep,
)
from .imports import (
    import_file,
    import_file_check,
    import_run_create,
    import_run_execute,
    import_run_summary,
    import_runs_sweep,
)
from .money_records import (
    balance_record,
    direct_payment_activate_if_ready,
    direct_payment_end,
    direct_payment_resume,
    direct_payment_suspend,
    direct_payment_verify_account,
    payment_paid_date,
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
from .statements import (
    statement_request,
)

__all__ = [
    "Contact",
    "RepresentativeAdded",
    "agreement_consent_wording",
    "agreement_prepare",
    "agreement_sign",
    "balance_record",
    "check_in_close",
    "checkup_answers_save",
    "checkup_complete",
    "checkup_evidence_add",
    "checkup_evidence_remove",
    "checkup_method_for",
    "checkup_open",
    "checkup_period_to_open",
    "checkup_submit",
    "checkup_suggested_period",
    "checkups_schedule",
    "direct_payment_activate_if_ready",
    "direct_payment_end",
    "direct_payment_resume",
    "direct_payment_suspend",
    "direct_payment_verify_account",
    "document_request",
    "document_version_render",
    "document_versions_sweep",
    "import_file",
    "import_file_check",
    "import_run_create",
    "import_run_execute",
    "import_run_summary",
    "import_runs_sweep",
    "invitation_link_accepted",
    "payment_paid_date",
    "payment_record",
    "people_to_tell",
    "people_who_may_sign",
    "recipient_invite",
    "recovery_decide",
    "recovery_propose",
    "representative_add",
    "representative_change",
    "representative_end",
    "signing_authority",
    "statement_request",
    "surplus_check_in_open",
    "surplus_needs_a_conversation",
]
