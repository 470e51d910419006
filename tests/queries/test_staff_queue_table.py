"""The queue's rows, worked out in Python (`selectors/queue_table.py`): each cell says what it always said."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from queries.models import Query
from tests.queries.factories import QueryFactory, TeamFactory
from tests.recipients.factories import RecipientFactory

pytestmark = pytest.mark.django_db

URL = reverse("queries:staff_queue")
BULK = reverse("queries:staff_bulk_assign")


def row_of(text: str, reference: str) -> str:
    """The table row (its HTML) of the query with this reference."""
    rows = re.findall(r'<tr class="govuk-table__row">.*?</tr>', text, flags=re.S)
    return next(row for row in rows if reference in row)


def test_a_row_shows_the_person_who_it_is_about_the_team_the_priority_and_the_due_time(client, adviser, make_user):
    colleague = make_user(Role.ADVISER, full_name="Priya Shah")
    summer = datetime(2026, 7, 6, 13, 30, tzinfo=UTC)  # 14:30 in London (summer time)
    query = QueryFactory(
        requester_name="Sam Carer",
        requester_role=Query.RequesterRole.REPRESENTATIVE,
        about=RecipientFactory(full_name="Alex Jones"),
        team=TeamFactory(name="Employer support"),
        assignee=colleague,
        priority=Query.Priority.URGENT,
        due_at=summer,
        sla_state=Query.SlaState.BREACHED,
    )
    client.force_login(adviser)
    row = row_of(client.get(URL, {"status": "any"}).text, query.reference)
    assert f'href="{reverse("queries:staff_query", kwargs={"pk": query.pk})}"' in row
    assert "about Alex Jones" in row and "Carer or representative" in row
    assert "Employer support" in row and "Priya Shah" in row
    assert '<strong class="govuk-tag govuk-tag--red">Urgent<span class="govuk-visually-hidden"> priority</span>' in row
    # In local time, the time as every page writes it (dpss.formatting.clock_time).
    assert "Mon 6 Jul, 2:30pm" in row
    assert re.search(r'<strong class="govuk-tag govuk-tag--red">Overdue by \d+ days</strong>', row)


def test_a_row_says_you_or_nobody_and_hides_about_when_it_is_the_person_who_asked(client, adviser):
    mine = QueryFactory(assignee=adviser, due_at=timezone.now() + timedelta(days=3), sla_state=Query.SlaState.ON_TIME)
    nobodys = QueryFactory(requester_name="Alex Jones", about=RecipientFactory(full_name="Alex Jones"))
    client.force_login(adviser)
    text = client.get(URL).text
    assert "You" in row_of(text, mine.reference) and "Due in" in row_of(text, mine.reference)
    assert "Nobody yet" in row_of(text, nobodys.reference) and "about Alex Jones" not in row_of(text, nobodys.reference)


def test_a_bulk_assignment_with_a_mistake_keeps_the_ticks_and_the_choice(client, manager, adviser):
    ticked, left = QueryFactory(), QueryFactory()
    client.force_login(manager)
    response = client.post(BULK, {"bulk-selected": [ticked.pk], "bulk-assignee": "", "bulk-back": ""})
    assert response.status_code == 200 and "Choose who to assign them to" in response.text
    assert re.search(rf'value="{ticked.pk}" checked>', response.text)
    assert not re.search(rf'value="{left.pk}" checked>', response.text)
    # Each tick box's label points at it.
    for box in re.findall(r'id="(id_bulk-selected_\d+)"', response.text):
        assert f'for="{box}"' in response.text
