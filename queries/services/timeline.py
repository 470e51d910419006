"""The one way anything is added to a query's timeline, and the query references.

Every service that changes a query writes an event here; the clocks are then
recomputed from the whole timeline (services/sla.py), so they never drift
from what happened.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.text import clean_text

from ..models import Article, Query, QueryEvent, ReferenceCounter
from .sla import sla_recompute


def query_reference_next(*, year: int | None = None) -> str:
    """The next reference, like DPSS-2026-000123: numbered per year, never given twice (row locked)."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(year=year)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"DPSS-{year}-{counter.last:06d}"


def event_add(
    *,
    query: Query,
    kind: str,
    actor: User | None = None,
    body: str = "",
    is_public: bool = False,
    counts_as_contact: bool = False,
    old_value: str = "",
    new_value: str = "",
    article: Article | None = None,
    at: datetime | None = None,
    recompute: bool = True,
) -> QueryEvent:
    """Add one event to the timeline and bring the query's clocks up to date with it.

    `body` is cleaned (NUL bytes refused, line endings made plain) by `clean_text`.
    """
    event = QueryEvent(
        query=query,
        kind=kind,
        author=actor if actor is not None and actor.is_authenticated else None,
        body=clean_text(body, field="body") if body else "",
        is_public=is_public,
        counts_as_contact=counts_as_contact,
        old_value=str(old_value)[:200],
        new_value=str(new_value)[:200],
        article=article,
        created_at=at or timezone.now(),
    )
    event.full_clean(exclude=["query", "author", "article"])
    event.save()
    if recompute:
        sla_recompute(query=query)
    return event
