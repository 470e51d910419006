"""The staff pages' layout on a common office screen (1280 by 800), in Chromium: "Sign out" stays beside the
council's name for a manager (the role with the most links), no header link wraps, and the query queue never
breaks a word in the middle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from dpss.accounts.models import Role
from queries.models import Query
from tests.browser.helpers import JS, NARROW, USUAL
from tests.queries.factories import QueryFactory

pytestmark = pytest.mark.browser

OFFICE: ViewportSize = {"width": 1280, "height": 800}

# The words in `element` that the browser drew across more than one line.
BROKEN_WORDS = """element => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# The element's text if the browser drew it on more than one line (a link label that wrapped).
WRAPPED = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
  return tops.size > 1 ? [element.textContent.trim()] : [];
}"""


def office_screen(page: Page) -> None:
    page.set_viewport_size(OFFICE)


@JS
def test_a_managers_sign_out_stays_on_the_councils_row_and_no_link_wraps(
    server, open_page, assert_accessible, make_user, js
):
    """Sign out sits in the header beside the council's name, not last in a dozen links that wrap."""
    manager = make_user(Role.MANAGER, full_name="Morgan Hale")
    page = open_page(js=js, user=manager)
    office_screen(page)
    try:
        page.goto(f"{server}/team/queries/")
        banner = page.get_by_role("banner")
        council, sign_out = banner.get_by_role("link").first, banner.get_by_role("link", name="Sign out")
        council_box, sign_out_box = council.bounding_box(), sign_out.bounding_box()
        assert council_box is not None and sign_out_box is not None
        # On the same row: each box's top is above the other's bottom.
        assert sign_out_box["y"] < council_box["y"] + council_box["height"]
        assert council_box["y"] < sign_out_box["y"] + sign_out_box["height"]
        assert sign_out_box["x"] > council_box["x"] + council_box["width"]
        links = page.locator(".govuk-service-navigation__list .govuk-service-navigation__link")
        expect(links.filter(has_text="Undelivered messages")).to_have_count(1)
        expect(links.filter(has_text="Sign out")).to_have_count(0)
        assert sign_out.evaluate(BROKEN_WORDS) == []
        assert [word for index in range(links.count()) for word in links.nth(index).evaluate(WRAPPED)] == []
        assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE["width"]
        assert_accessible(page, js=js)

        page.set_viewport_size(NARROW)
        expect(sign_out).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    finally:
        page.set_viewport_size(USUAL)


@JS
def test_the_query_queue_never_breaks_a_name_in_the_middle_of_a_word(server, open_page, make_user, js):
    adviser = make_user(Role.ADVISER, full_name="Asha Green")
    now = timezone.now()
    for hours in range(1, 6):
        QueryFactory(
            requester_name="Margaret Representative",
            requester_role=Query.RequesterRole.REPRESENTATIVE,
            subject="Paying my personal assistant's holiday pay and the employer's pension contributions",
            due_at=now + timedelta(hours=hours),
            assignee=adviser,
        )
    page = open_page(js=js, user=adviser)
    office_screen(page)
    try:
        page.goto(f"{server}/team/queries/")
        cells = page.locator(".govuk-table__body .govuk-table__cell")
        expect(cells.filter(has_text="Margaret Representative")).to_have_count(5)
        broken = [word for index in range(cells.count()) for word in cells.nth(index).evaluate(BROKEN_WORDS)]
        assert broken == []
    finally:
        page.set_viewport_size(USUAL)
