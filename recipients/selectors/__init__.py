"""Reads of the direct payment record, already scoped to who is asking and already joined.

One module per part of the record; callers import from here.
"""

from .imports import import_run_list
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
from .search import PeopleSearch, area_choices, direct_payments_shown, people_search

__all__ = [
    "TEAM_BY_ROLE",
    "DirectPaymentSummary",
    "PeopleSearch",
    "RecordView",
    "area_choices",
    "balance_history",
    "direct_payment_summary",
    "direct_payments_shown",
    "import_run_list",
    "payment_history",
    "people_acted_for",
    "people_search",
    "recipient_list",
    "record_views",
    "representatives_in_force",
]
