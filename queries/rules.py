"""Who may do what with queries and help content (docs/domain.md#roles, docs/domain.md#queries-about-a-person).

Seeing a query follows `Query.objects.visible_to(user)`: staff see every
query; others the ones they raised and, for recipients and representatives,
the ones about a person they are or act for today, but only those the person
or someone with authority for them raised, and never a safeguarding concern.
A query someone else raised about the person (a neighbour's call staff
logged, a practitioner, a PA, the public) is theirs alone: the service
shares what it decides to with the person by replying to them separately.
A personal assistant never sees a recipient's query. Someone without an
account reaches their query only through its link (the token), never
through these rules.

A query is its requester's:

- Only the requester withdraws it (`may_withdraw`), while it is still open:
  not the person it is about, not a representative acting for them.
- The requester replies. So does whoever may act for the person today
  (the person, a representative with authority to act), but only on a query
  the person or someone acting for them raised that is not a safeguarding
  concern: the conversation is about the person's own direct payment and
  they see all of it anyway. Nobody answers for someone else's query.
- A requester who asked as a representative speaks for the person only while
  that authority lasts: once it has ended they read what was said up to then
  (selectors/requester.authority_ended_at) and can no longer reply or
  withdraw.
"""

from __future__ import annotations

import rules

from dpss.accounts.rules import is_dpss_staff, is_manager
from dpss.accounts.types import AnyUser
from recipients.rules import can_act_for

from .models import SHARED_RAISED_AS, Query

# "Your queries" in the header: signed-in people other than staff (staff work from the queue).
raises_own_queries = rules.is_authenticated & ~is_dpss_staff

# Triage, reply, assign, merge, mark complaints and safeguarding.
rules.add_perm("queries.triage", is_dpss_staff)
# Edit topic rules, closure days and help articles; see overdue articles and query reports.
rules.add_perm("queries.manage", is_manager)
rules.add_perm("queries.view_reports", is_manager)


@rules.predicate
def is_requester(user: AnyUser | None, query: Query | None) -> bool:
    """The signed-in person who raised the query."""
    if query is None or user is None or not user.is_authenticated:
        return False
    return query.requester_id == user.pk


@rules.predicate
def speaks_for_the_person_today(user: AnyUser | None, query: Query | None) -> bool:
    """A query raised as someone's representative is answered for them only while that authority lets the
    requester act for them; any other query does not depend on it."""
    if query is None or query.raised_as != Query.RaisedAs.REPRESENTATIVE or query.about is None:
        return query is not None
    return bool(can_act_for(user, query.about))


@rules.predicate
def shared_with_the_person(user: AnyUser | None, query: Query | None) -> bool:
    """Raised by the person or by someone with authority for them, and not a safeguarding concern."""
    return query is not None and query.raised_as in SHARED_RAISED_AS and not query.safeguarding


@rules.predicate
def acts_for_the_person(user: AnyUser | None, query: Query | None) -> bool:
    """The person the query is about, or a representative who may act for them today."""
    return query is not None and query.about is not None and can_act_for(user, query.about)


# Withdraw: only the requester, and one who asked as a representative only while their authority lasts.
may_withdraw = is_requester & speaks_for_the_person_today
# Reply: the requester (as for withdrawing), or whoever may act today for the person a shared query is about.
may_answer = may_withdraw | (shared_with_the_person & acts_for_the_person)

rules.add_perm("queries.answer", may_answer)
rules.add_perm("queries.withdraw", may_withdraw)
