"""The beat's check of the query clocks (every 5 minutes): stale states brought up to date, and one
warning or breach alert per clock, level and due time to the team lead (else the managers).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.selectors import manager_list
from dpss.formatting import clock_time

from ..business_time import WorkingCalendar
from ..models import Query, SlaAlert
from .calendar import working_calendar
from .clocks import FIRST_CONTACT, RESOLUTION, current_clock
from .messages import message_to_staff
from .sla import BATCH, open_queries, sla_calendar_follow, sla_recompute

logger = logging.getLogger(__name__)
# The alert each clock state gives.
ALERT_LEVELS: dict[str, str] = {
    Query.SlaState.WARNING: SlaAlert.Level.WARNING,
    Query.SlaState.BREACHED: SlaAlert.Level.BREACH,
}


def sla_check(*, now: datetime | None = None) -> int:
    """Bring stale clock states up to date and alert once per clock, level and due time. Returns alerts sent.

    Looks only at open queries past their warning moment (`warning_at`, indexed) whose stored state is
    out of date or not yet alerted, in batches, each recomputed from its timeline. First follows any
    change to the working calendar (`sla_calendar_follow`).
    """
    now = now or timezone.now()
    calendar = working_calendar()
    sla_calendar_follow(calendar=calendar, now=now)
    # Every query to look at has passed its warning moment (a warning or a breach implies it).
    candidates = open_queries().filter(warning_at__lte=now).filter(_needs_looking_at(now))
    sent = 0
    after: Q = Q()
    fallback: list[User] | None = None
    while True:
        # In the order of the index on (warning_at, id), a page at a time, resuming after the last one seen.
        batch = list(candidates.filter(after).select_related("team__lead").order_by("warning_at", "pk")[:BATCH])
        if not batch:
            return sent
        last = batch[-1]
        after = Q(warning_at__gt=last.warning_at) | Q(warning_at=last.warning_at, pk__gt=last.pk)
        for query in batch:
            with transaction.atomic():
                sla_recompute(query=query, now=now, calendar=calendar)
                level = ALERT_LEVELS.get(query.sla_state)
                if level is None or query.due_at is None:
                    continue
                team = query.team
                lead = team.lead if team is not None and team.lead_id else None
                if lead is not None and lead.is_active and lead.email:
                    to = [lead]
                else:
                    fallback = fallback if fallback is not None else manager_list()
                    to = fallback
                if _alert(query=query, level=level, to=to, now=now, calendar=calendar):
                    sent += 1


def _needs_looking_at(now: datetime) -> Q:
    """The stored state is out of date, or it is a warning or a breach nobody was alerted about yet (the
    state can move without the check, when an event is added after the 80% moment, say)."""
    stale = Q(sla_state=Query.SlaState.ON_TIME) | Q(due_at__lt=now, sla_state=Query.SlaState.WARNING)
    first_contact = Q(first_contact_at__isnull=True, due_at=F("first_contact_due_at"))

    def alerted(level: str, clock: str) -> Exists:
        return Exists(
            SlaAlert.objects.filter(query=OuterRef("pk"), level=level, clock=clock, due_at=OuterRef("due_at"))
        )

    def not_alerted(level: str) -> Q:
        return (first_contact & ~alerted(level, FIRST_CONTACT)) | (~first_contact & ~alerted(level, RESOLUTION))

    return (
        stale
        | (Q(sla_state=Query.SlaState.WARNING) & not_alerted(SlaAlert.Level.WARNING))
        | (Q(sla_state=Query.SlaState.BREACHED) & not_alerted(SlaAlert.Level.BREACH))
    )


def _alert(*, query: Query, level: str, to: list[User], now: datetime, calendar: WorkingCalendar) -> bool:
    """One alert per query, clock, level and due time (the SlaAlert constraint); False if it was sent before."""
    due_at = query.due_at
    assert due_at is not None  # sla_check alerts only about queries that have a due time
    clock = current_clock(query)
    try:
        with transaction.atomic():
            SlaAlert.objects.create(query=query, clock=clock, level=level, due_at=due_at, created_at=now)
    except IntegrityError:
        return False
    template = "query_sla_warning" if level == SlaAlert.Level.WARNING else "query_sla_breach"
    local_due = timezone.localtime(due_at, calendar.zone)
    context = {
        "reference": query.reference,
        "subject": query.subject,
        "clock": "first contact" if clock == FIRST_CONTACT else "an answer",
        "first_contact": clock == FIRST_CONTACT,
        "due": f"{clock_time(local_due.time())} on {local_due:%A} {local_due.day} {local_due:%B %Y}",
        "team": query.team.name if query.team is not None else "",
        "link": _query_link(query),
    }
    stamp = f"{due_at:%Y%m%d%H%M%S}"
    for person in to:
        message_to_staff(
            to=person.email,
            template=template,
            key=f"query-sla:{query.pk}:{clock}:{level}:{stamp}:{person.pk}",
            context=context,
        )
    if not to:
        logger.warning("No team lead or manager to alert about query %s", query.pk)
    return True


def _query_link(query: Query) -> str:
    site_url: str = settings.SITE_URL
    try:
        return site_url + reverse("queries:staff_query", kwargs={"pk": query.pk})
    except NoReverseMatch:
        return site_url + "/"
