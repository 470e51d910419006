"""The demo queries (`manage.py seed_demo`): every state the queue shows, built by the services, safe to run twice."""

from __future__ import annotations

import pytest

from dpss.accounts.demo import seed_demo_accounts
from queries.demo_help import seed_demo_help
from queries.demo_tracker import STORIES, seed_demo_tracker
from queries.models import Query, QueryEvent
from recipients.demo import seed_demo_recipients

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_query_in_each_state_and_can_be_run_again():
    seed_demo_accounts()
    seed_demo_recipients()
    seed_demo_help()
    seed_demo_tracker()
    seed_demo_tracker()
    queries = {q.subject: q for q in Query.objects.all()}
    assert len(queries) == len(STORIES) == 12
    statuses = {q.status for q in queries.values()}
    assert {
        Query.Status.NEW,
        Query.Status.IN_PROGRESS,
        Query.Status.AWAITING_REQUESTER,
        Query.Status.RESOLVED,
        Query.Status.MERGED,
        Query.Status.REDIRECTED,
    } <= statuses
    assert any(q.is_complaint for q in queries.values())
    assert any(q.safeguarding for q in queries.values())
    assert any(q.sla_state == Query.SlaState.BREACHED for q in queries.values())
    gym = queries["Can Joan's direct payment pay for a gym pass?"]
    assert gym.survey.score == 5 and gym.requester.email == "representative@example.com"
    assert gym.about.full_name == "Joan Okafor"
    payroll = queries["Payroll company asked for my employer reference"]
    assert payroll.events.get(kind=QueryEvent.Kind.PUBLIC_REPLY).article is not None
    assert {q.requester_role for q in queries.values()} >= {"recipient", "representative", "practitioner", "public"}
