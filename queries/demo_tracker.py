"""Demo queries: a few in each state, for the queue, the requester pages and the reports.

Safe to run again: each story is keyed on its subject and is only told once.
Everything goes through the services (raising, replies, status, merging,
complaints, safeguarding), so the demo follows the same rules as real
queries. The only shortcut is moving a query's start into the past, so the
queue has something overdue; the clocks are then worked out again from the
timeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.notifications.models import OutboxMessage
from recipients.models import Recipient

from .models import CannedReply, Query, QueryEvent
from .services import escalation, triage
from .services.raising import query_raise
from .services.sla import sla_recompute
from .services.survey import survey_answer


@dataclass(frozen=True)
class Story:
    subject: str
    description: str
    asked_by: str  # an account's email, or "" for someone without an account
    about: str = ""  # a council reference, when asked about someone else
    name: str = ""
    email: str = ""
    phone: str = ""
    channel: str = Query.Channel.PORTAL
    # Working days ago the query was raised (0: now).
    days_ago: int = 0
    then: Callable[[Query, dict], None] | None = None
    key: str = ""


def _people() -> dict:
    return {
        "adviser": User.objects.get(email="adviser@example.com"),
        "manager": User.objects.get(email="manager@example.com"),
    }


def _canned(article_slug: str) -> CannedReply | None:
    return CannedReply.objects.filter(article__slug=article_slug, is_active=True).select_related("article").first()


def _reply_with_canned(query: Query, *, article_slug: str, by, body: str = "", otherwise: str = "", **options) -> None:
    """Reply using the canned reply that links to `article_slug`: in `body`'s words if given, else in the canned
    reply's own (or `otherwise`'s, if there is no such reply). `options` go to `triage.query_reply`."""
    canned = _canned(article_slug)
    words = body or (canned.body if canned else otherwise)
    triage.query_reply(query=query, body=words, actor=by, canned_reply=canned, **options)


def _backdate(query: Query, *, days: int) -> None:
    """Move the query's start (and what happened so far) `days` days back, then work its clocks out again."""
    when = timezone.now() - timedelta(days=days)
    Query.objects.filter(pk=query.pk).update(created_at=when)
    QueryEvent.objects.filter(query=query).update(created_at=when)
    query.refresh_from_db()
    sla_recompute(query=query)


def _in_progress_with_reply(query: Query, who: dict) -> None:
    triage.query_assign(query=query, assignee=who["adviser"], actor=who["manager"])
    _reply_with_canned(
        query,
        article_slug="paying-your-pa-payroll-and-hmrc",
        by=who["adviser"],
        otherwise="A payroll service sets up your employer reference with HMRC.",
    )


def _waiting(query: Query, who: dict) -> None:
    triage.query_assign(query=query, assignee=who["adviser"], actor=who["adviser"])
    _reply_with_canned(
        query,
        article_slug="payment-cards-lost-stolen-or-declined",
        by=who["adviser"],
        body="Thank you, David. Was the card declined in a shop or online? And do you still have it? "
        "Reply when you can and we will sort it out.",
        wait_for_requester=True,
    )


def _resolved_with_survey(query: Query, who: dict) -> None:
    _reply_with_canned(
        query,
        article_slug="what-your-direct-payment-can-pay-for",
        by=who["adviser"],
        body="Yes: Joan's support plan includes keeping active, so a gym pass can be paid for from her direct "
        "payment. Keep the receipt in case it comes up at her financial check-up.",
        resolve=True,
    )
    message = OutboxMessage.objects.filter(key=f"query-survey:{query.pk}").first()
    found = re.search(r"/survey/([^/\s]+)/", message.body) if message else None
    if found:
        survey_answer(token=found.group(1), score=5, comment="Quick and clear answer. Thank you.")


def _complaint(query: Query, who: dict) -> None:
    triage.query_assign(query=query, assignee=who["manager"], actor=who["manager"])
    escalation.query_complaint_mark(
        query=query, actor=who["manager"], note="Waited over a week for a call back about the check-up letter."
    )


def _safeguarding(query: Query, who: dict) -> None:
    triage.query_priority_set(query=query, priority=Query.Priority.URGENT, actor=who["adviser"])
    escalation.query_safeguarding_flag(
        query=query, actor=who["adviser"], note="Practitioner reports bruising seen on a home visit; PA named."
    )


def _merged(query: Query, who: dict) -> None:
    original = Query.objects.filter(subject=STORIES[6].subject).first()
    if original is not None and not original.is_finished:
        escalation.query_merge(duplicate=query, into=original, actor=who["adviser"])


def _redirected(query: Query, who: dict) -> None:
    escalation.query_redirect(
        query=query,
        to="HMRC, Income Tax helpline: 0300 200 3300",
        reason="Only HMRC can check and change a tax code. Have your payslip and National Insurance number to hand.",
        actor=who["adviser"],
    )


def _practitioner_referral(query: Query, who: dict) -> None:
    triage.query_assign(query=query, assignee=who["manager"], actor=who["manager"])
    triage.query_priority_set(query=query, priority=Query.Priority.HIGH, actor=who["manager"])
    triage.query_note_add(
        query=query, body="Check the budget with the finance team before we call.", actor=who["manager"]
    )
    triage.query_contact_log(
        query=query,
        kind="phone_call",
        direction="outgoing",
        summary="Called Priya: agreed to send the set-up checklist and a Virtual Wallet leaflet.",
        counts_as_contact=True,
        actor=who["manager"],
    )


def _third_party(query: Query, who: dict) -> None:
    triage.query_assign(query=query, assignee=who["adviser"], actor=who["adviser"])
    triage.query_reply(
        query=query,
        body="We have asked your social work team for your review date and will let you know as soon as they reply.",
        actor=who["adviser"],
    )
    triage.query_status_change(
        query=query,
        status=Query.Status.AWAITING_THIRD_PARTY,
        actor=who["adviser"],
        note="Waiting for the social work team.",
    )


def _phone_call(query: Query, who: dict) -> None:
    triage.query_contact_log(
        query=query,
        kind="phone_call",
        direction="incoming",
        summary="Her son rang: his mother is moving into a care home next month.",
        counts_as_contact=True,
        actor=who["adviser"],
    )


STORIES: list[Story] = [
    Story(
        "Holiday pay for my PA over Christmas",
        "My PA wants two weeks off at Christmas. How much holiday pay should I give her?",
        "recipient@example.com",
    ),
    Story(
        "Payroll company asked for my employer reference",
        "The payroll company needs my employer PAYE reference from HMRC. I do not know where to find it.",
        "recipient@example.com",
        days_ago=1,
        then=_in_progress_with_reply,
    ),
    Story(
        "Joan's payment card was declined",
        "Joan's payment card was declined at the chemist today. There should be money on it.",
        "representative@example.com",
        about="HCC0000102",
        then=_waiting,
    ),
    Story(
        "Can Joan's direct payment pay for a gym pass?",
        "Joan's physio says swimming and the gym would help. Can her direct payment pay for a monthly pass?",
        "representative@example.com",
        about="HCC0000102",
        days_ago=2,
        then=_resolved_with_survey,
    ),
    Story(
        "Nobody called me back about my check-up letter",
        "I asked for a call about my financial check-up letter last week and nobody has rung me.",
        "recipient@example.com",
        days_ago=6,
        then=_complaint,
    ),
    Story(
        "Worried about a person I visited",
        "On a visit today I was worried about how the person is being treated. Please call me.",
        "practitioner@example.com",
        then=_safeguarding,
    ),
    Story(
        "Thinking about becoming a personal assistant",
        "I would like to work as a PA near Fareham. What checks do I need and how do I find work?",
        "",
        name="Amira Hassan",
        email="amira.hassan@example.com",
        days_ago=4,
    ),
    Story(
        "Becoming a PA: asking again",
        "I asked about becoming a PA a few days ago. Could someone get back to me?",
        "",
        name="Amira Hassan",
        email="amira.hassan@example.com",
        days_ago=1,
        then=_merged,
    ),
    Story(
        "My tax code looks wrong",
        "My payslip shows an emergency tax code. Can you change it?",
        "pa@example.com",
        then=_redirected,
    ),
    Story(
        "Setting up a direct payment for a new referral",
        "I have a new referral who wants to employ two PAs. What do I need before the first payment?",
        "practitioner@example.com",
        days_ago=1,
        then=_practitioner_referral,
    ),
    Story(
        "When is my next review?",
        "I have not heard about my yearly review. When will it be?",
        "recipient@example.com",
        days_ago=3,
        then=_third_party,
    ),
    Story(
        "Ending my mother's direct payment",
        "My mother is moving into a care home. What happens to her direct payment and her PA?",
        "",
        name="Peter Lawson",
        phone="01632 960 555",
        channel=Query.Channel.PHONE,
        then=_phone_call,
    ),
]


def _raise(story: Story) -> Query:
    user = User.objects.get(email=story.asked_by) if story.asked_by else None
    about = Recipient.objects.get(council_reference=story.about) if story.about else None
    raised = query_raise(
        actor=user,
        subject=story.subject,
        description=story.description,
        about=about,
        requester_name=story.name,
        requester_email=story.email,
        requester_phone=story.phone,
        reply_by=Query.ReplyBy.EMAIL if (user or story.email) else Query.ReplyBy.PHONE,
        consent=user is None,
        area="Fareham" if user is None else "",
        channel=story.channel,
    )
    return raised.query


@transaction.atomic
def seed_demo_tracker() -> list[str]:
    """About a dozen queries across the states the queue shows; each story is told once."""
    who = _people()
    lines = ["Demo queries:"]
    for story in STORIES:
        query = Query.objects.filter(subject=story.subject).first()
        if query is None:
            query = _raise(story)
            if story.days_ago:
                _backdate(query, days=story.days_ago)
            if story.then is not None:
                story.then(query, who)
            query.refresh_from_db()
        lines.append(f"  {query.reference} {query.subject}: {query.get_status_display().lower()}")
    return lines
