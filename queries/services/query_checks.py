"""What every staff change to a query shares: the row locked for the change, the refusal of a change to a
query that has ended or finished, the caller's object brought up to date, and the link to the staff page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from ..models import TERMINAL_STATUSES, Query


def query_locked(query: Query) -> Query:
    """The query, locked for this change, so two people acting at once cannot undo each other."""
    return Query.objects.select_for_update().get(pk=query.pk)


def ended_refuse(query: Query, *, doing: str) -> None:
    if query.status in TERMINAL_STATUSES:
        raise ValidationError(
            f"This query is “{query.get_status_display().lower()}”, so you cannot {doing}. Nothing more happens to it."
        )


def finished_refuse(query: Query, *, doing: str) -> None:
    ended_refuse(query, doing=doing)
    if query.is_finished:
        raise ValidationError(
            f"This query is “{query.get_status_display().lower()}”. Reopen it first if you need to {doing}."
        )


def query_refreshed(query: Query, locked: Query) -> Query:
    """Bring the caller's object up to date with what was saved (the clocks included)."""
    query.refresh_from_db()
    locked.refresh_from_db()
    return locked


def staff_query_url(query: Query) -> str:
    site_url: str = settings.SITE_URL
    return site_url + reverse("queries:staff_query", kwargs={"pk": query.pk})
