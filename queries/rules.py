"""Who may do what with queries and help content (docs/domain.md#roles).

Seeing a query follows `Query.objects.visible_to(user)`: staff see every
query; others the ones they raised and, for recipients and representatives,
the ones about a person they are or act for today. A personal assistant
never sees a recipient's query. Someone without an account reaches their
query only through its link (the token), never through these rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from dpss.accounts.rules import is_dpss_staff, is_manager
from dpss.accounts.types import AnyUser
from recipients.rules import can_act_for

if TYPE_CHECKING:
    from .models import Query

# "Your queries" in the header: signed-in people other than staff (staff work from the queue).
raises_own_queries = rules.is_authenticated & ~is_dpss_staff

# Triage, reply, assign, merge, mark complaints and safeguarding.
rules.add_perm("queries.triage", is_dpss_staff)
# Edit topic rules, closure days and help articles; see overdue articles and query reports.
rules.add_perm("queries.manage", is_manager)
rules.add_perm("queries.view_reports", is_manager)


@rules.predicate
def may_answer(user: AnyUser | None, query: Query | None) -> bool:
    """Reply to or withdraw a query: the person who asked, or someone who may act for the person it is about.
    A representative who may only see the person's record reads the query but cannot answer it."""
    if query is None or not (user and user.is_authenticated):
        return False
    if query.requester_id == user.pk:
        return True
    return query.about is not None and can_act_for(user, query.about)


rules.add_perm("queries.answer", may_answer)
