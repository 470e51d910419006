"""The wording faults people met on the query pages (issue 11, item 9)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from queries.models import Query, QueryEvent
from queries.services import escalation
from queries.services.raising import query_raise
from queries.services.status import query_status_set
from queries.services.timeline import event_add
from tests.queries.helpers import raised_query, text

pytestmark = pytest.mark.django_db


def test_an_ended_query_says_ask_a_new_question_once_as_a_link(client, margaret, adviser, topics):
    user, _ = margaret
    asked = query_raise(actor=user, subject="Paying my PA", description="Payroll question").query
    escalation.query_redirect(query=asked, to="Citizens Advice", reason="They help with this.", actor=adviser)
    client.force_login(user)
    page = text(client.get(reverse("queries:query_detail", kwargs={"reference": asked.reference})))
    assert len(re.findall(r"ask a new question", page, re.IGNORECASE)) == 1
    assert re.search(r'<a class="govuk-link" href="[^"]+">ask a new question</a>\.', page)


def test_the_person_sees_times_as_6_05am_never_a_m(client, margaret, adviser, topics):
    user, _ = margaret
    asked = query_raise(actor=user, subject="Paying my PA", description="Payroll question").query
    client.force_login(user)
    page = text(client.get(reverse("queries:query_detail", kwargs={"reference": asked.reference})))
    assert "a.m." not in page and "p.m." not in page
    assert re.search(r"\d{1,2} \w+ \d{4} at (\d{1,2}:\d\d[ap]m|midday|midnight)", page)


def test_a_paused_clock_is_said_once_and_staff_see_times_like_everyone(client, adviser):
    query = raised_query(subject="Holiday pay", description="How much holiday pay?")
    query_status_set(query=query, status=Query.Status.AWAITING_REQUESTER, actor=adviser)
    event_add(query=query, kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="Waiting.")
    client.force_login(adviser)
    page = text(client.get(reverse("queries:staff_query", kwargs={"pk": query.pk})))
    assert "Clock paused" in page and "Clock paused: paused" not in page
    assert not re.search(r", \d\d:\d\d\b", page)  # no "Tuesday 10 March 2026, 06:23"
    assert re.search(r"\w+day \d{1,2} \w+ \d{4} at (\d{1,2}:\d\d[ap]m|midday|midnight)", page)
