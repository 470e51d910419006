"""The staff dashboards count what is waiting (dpss/ui/dashboard.py): queries new, due later today, overdue and
assigned to you, and the check-ups waiting, each a link to the list it counts, filtered to the same rows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dpss.accounts.models import Role
from queries.models import Query
from recipients.models import FinancialCheckup
from tests.queries.factories import QueryFactory
from tests.recipients.factories import FinancialCheckupFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A Wednesday afternoon: "later today" and "tomorrow" are both working time.
NOW = datetime(2026, 12, 2, 14, 0, tzinfo=LONDON)


def counts_shown(text: str) -> dict[str, tuple[str, int]]:
    """Each task on the dashboard: its label, the link and the count."""
    return {
        label: (url.replace("&amp;", "&"), int(count))
        for url, label, count in re.findall(r'<a class="govuk-link" href="([^"]+)">([^<:]+): (\d+)</a>', text)
    }


def seed(adviser, colleague) -> None:
    QueryFactory(status=Query.Status.NEW, due_at=NOW + timedelta(days=2))
    QueryFactory(status=Query.Status.NEW, due_at=NOW + timedelta(hours=2), assignee=adviser)
    QueryFactory(status=Query.Status.OPEN, due_at=NOW + timedelta(hours=11))  # tomorrow: not today
    QueryFactory(status=Query.Status.IN_PROGRESS, due_at=NOW - timedelta(hours=1), assignee=adviser)
    QueryFactory(status=Query.Status.OPEN, due_at=NOW - timedelta(days=3), assignee=colleague)
    QueryFactory(status=Query.Status.CLOSED, due_at=None, assignee=adviser)  # finished: never counted
    FinancialCheckupFactory(status=FinancialCheckup.Status.SUBMITTED)
    FinancialCheckupFactory(status=FinancialCheckup.Status.SUBMITTED)
    FinancialCheckupFactory(status=FinancialCheckup.Status.DUE, due_date=NOW.date() - timedelta(days=1))


@pytest.mark.parametrize("role", [Role.ADVISER, Role.MANAGER])
def test_the_staff_dashboard_counts_the_queue_and_the_check_ups_each_a_link_to_its_list(client, make_user, role):
    person, colleague = make_user(role), make_user(Role.ADVISER)
    with time_machine.travel(NOW, tick=False):
        seed(person, colleague)
        client.force_login(person)
        text = client.get(reverse("accounts:dashboard", kwargs={"role": role.value})).text
        shown = counts_shown(text)
        assert {label: count for label, (_, count) in shown.items()} == {
            "New": 2,
            "Due later today": 1,
            "Overdue": 2,
            "Assigned to you": 2,
            "Sent to us, waiting for a review": 2,
            "Past their due date": 1,
        }
        assert '<a class="govuk-link" href="/team/queries/">Queries</a>' in text
        # Each link opens the list it counts, with as many rows.
        for label in ("New", "Due later today", "Overdue", "Assigned to you"):
            url, count = shown[label]
            page = client.get(url).text
            assert len(re.findall(r'href="/team/queries/\d+/">DPSS-', page)) == count, label
        for label in ("Sent to us, waiting for a review", "Past their due date"):
            assert shown[label][0].startswith(reverse("recipients:checkup_queue") + "?show=")


def test_other_dashboards_show_no_team_counts(client, make_user):
    QueryFactory(status=Query.Status.NEW)
    client.force_login(make_user(Role.PRACTITIONER))
    text = client.get(reverse("accounts:dashboard", kwargs={"role": "practitioner"})).text
    assert counts_shown(text) == {} and "/team/queries/" not in text


def test_the_counts_cost_the_same_sql_queries_whatever_is_waiting(client, make_user, queries_of):
    adviser = make_user(Role.ADVISER)
    client.force_login(adviser)
    url = reverse("accounts:dashboard", kwargs={"role": "adviser"})
    client.get(url)
    few = queries_of(lambda: client.get(url))
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            seed(adviser, adviser)
    assert queries_of(lambda: client.get(url)) == few
