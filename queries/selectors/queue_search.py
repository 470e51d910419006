"""Finding queries in the staff queue: the search box (a reference, or words in the names, email, subject and
description), a reference in the address, and the "Due" filter the staff dashboard's counts link to.

A reference is found along its unique index, in the form it is stored in
(`DPSS-2026-000013`), whatever case and padding was typed. Words are
`icontains` (a parameter, never part of the SQL; the same on SQLite and
PostgreSQL): not indexed, so a search reads the open queries in due order until
a page is full, like any narrow filter (docs/quality.md#p95).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from dpss.accounts.models import User

from ..models import Query

# The "Due" filter, which the staff dashboard's counts link to (`queue_counts`).
DUE_OVERDUE = "overdue"
DUE_TODAY = "today"
DUE_CHOICES = ((DUE_OVERDUE, "Overdue"), (DUE_TODAY, "Due later today"))

# A reference as people type it: "DPSS-2026-000013", "dpss-2026-13" or "2026-000013".
REFERENCE_TYPED = re.compile(r"^(?:DPSS-?)?(\d{4})-(\d{1,6})$", re.IGNORECASE)
# Fields the search box looks in for each word (icontains: a parameter, never part of the SQL; works the same on
# SQLite and PostgreSQL). The person it is about is a join the rows make anyway.
SEARCHED_FIELDS = ("requester_name", "requester_email", "about__full_name", "subject", "description")
SEARCH_WORDS_MOST = 8


def reference_typed(text: str) -> str:
    """The reference `text` stands for ("DPSS-2026-000013"), or "" when it is not one."""
    found = REFERENCE_TYPED.match(text.strip())
    return f"DPSS-{found[1]}-{int(found[2]):06d}" if found else ""


def searched(queries: QuerySet[Query], search: str) -> QuerySet[Query]:
    """Queries matching what was typed: a reference exactly (along its unique index), otherwise every word in
    the requester's name or email, the name of the person it is about, the subject or the description."""
    reference = reference_typed(search)
    if reference:
        return queries.filter(reference=reference)
    for word in search.split()[:SEARCH_WORDS_MOST]:
        anywhere = Q()
        for name in SEARCHED_FIELDS:
            anywhere |= Q(**{f"{name}__icontains": word})
        queries = queries.filter(anywhere)
    return queries


def due_when(due: str, *, now: datetime) -> Q:
    """Open queries overdue now (their due time has passed), or due later today (before local midnight)."""
    if due == DUE_OVERDUE:
        return Q(due_at__lte=now)
    midnight = timezone.make_aware(datetime.combine(timezone.localtime(now).date() + timedelta(days=1), time()))
    return Q(due_at__gt=now, due_at__lt=midnight)


def query_pk_by_reference(*, fetched_by: User, reference: str) -> int | None:
    """The id of the query `reference` (as typed: `reference_typed`) that `fetched_by` may see, or None."""
    canonical = reference_typed(reference)
    if not canonical:
        return None
    return Query.objects.visible_to(fetched_by).filter(reference=canonical).values_list("pk", flat=True).first()
