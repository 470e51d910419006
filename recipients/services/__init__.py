"""Every write to the direct payment record, with its rules (DOMAIN.md section 3).

One module per part of the record; callers import from here
(`from recipients import services; services.balance_record(...)`).
"""

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

__all__ = [
    "balance_record",
    "direct_payment_activate_if_ready",
    "direct_payment_end",
    "direct_payment_resume",
    "direct_payment_suspend",
    "direct_payment_verify_account",
    "import_file",
    "import_file_check",
    "import_run_create",
    "import_run_execute",
    "import_run_summary",
    "import_runs_sweep",
    "payment_paid_date",
    "payment_record",
    "surplus_check_in_open",
    "surplus_needs_a_conversation",
]
