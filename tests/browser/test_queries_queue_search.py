"""An adviser finds a query as people ask for it, in Chromium: from the dashboard's counts, by a name with an
apostrophe, by a reference read out on the phone, and by the reference in the address; then jumps from the top
of the query page to the reply form. 0 axe violations with JavaScript on and off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dpss.accounts.models import Role
from queries.models import Query
from tests.browser.helpers import JS
from tests.queries.factories import QueryFactory

pytestmark = pytest.mark.browser


@JS
def test_an_adviser_finds_a_query_from_the_dashboard_by_name_and_by_reference(
    server, open_page, assert_accessible, make_user, js
):
    adviser = make_user(Role.ADVISER, full_name="Asha Green")
    now = timezone.now()
    obrien = QueryFactory(
        requester_name="Siobhan O'Brien", subject="Paying my PA", due_at=now - timedelta(hours=3), assignee=adviser
    )
    QueryFactory(requester_name="Sam Jones", subject="My card was refused", due_at=now + timedelta(days=3))
    closed = QueryFactory(requester_name="Sam Jones", status=Query.Status.CLOSED, reference="DPSS-2026-000013")

    page = open_page(js=js, user=adviser)
    page.goto(f"{server}/dashboard/adviser/")
    expect(page.get_by_role("link", name="Overdue: 1")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Assigned to you: 1").click()
    expect(page.locator("#results-heading")).to_have_text("1 query match these filters")

    page.get_by_label("Search by reference, name, email or words").fill("o'brien")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=obrien.reference)).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search by reference, name, email or words").fill("dpss-2026-13")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_have_text("1 query match these filters")
    expect(page.get_by_role("link", name=closed.reference)).to_be_visible()

    page.goto(f"{server}/team/queries/{obrien.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Paying my PA")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Reply to Siobhan O'Brien").click()
    assert page.url.endswith("#reply")
    expect(page.get_by_role("heading", name="Reply to Siobhan O'Brien")).to_be_in_viewport()
