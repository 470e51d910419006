"""The query tracker as advisers and managers use it, in Chromium: triage and reply, the actions with their
mistakes, logging a phone call, the managers' pages, and 320px. 0 axe violations with JavaScript on and
off on every page reached, error-summary links that move focus, no sideways scrolling at 320px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Article, CannedReply, ClosureDay, Query, TopicRule
from queries.services.raising import query_raise
from tests.browser.helpers import JS, check_error_summary_links, narrow_screen, page_width
from tests.queries.factories import ArticleFactory, CannedReplyFactory, TeamFactory, TopicFactory, TopicRuleFactory
from tests.recipients.factories import RecipientFactory

pytestmark = pytest.mark.browser

MARGARET = "margaret.ellis@example.com"
TOM = "tom.baker@example.com"
CANNED_BODY = "Thank you for asking. You can pay your PA through a payroll service: the help page explains how."
NOTE = "Check her PA's contract before we answer."


@pytest.fixture
def desk(make_user):
    """An adviser and a manager, three topics, a help page with a canned reply, and three queries raised
    through the service: two from Margaret (one a duplicate) and one, overdue, from Tom who has no account."""
    adviser = make_user(Role.ADVISER, full_name="Asha Green")
    manager = make_user(Role.MANAGER, full_name="Morgan Hale")
    advice = TeamFactory(name="Direct payments advice")
    payroll = TopicFactory(
        slug="employing-a-pa", name="Employing a personal assistant", team=TeamFactory(name="Employer support"), order=3
    )
    TopicRuleFactory(topic=payroll, phrase="payroll", weight=2)
    wallet = TopicFactory(slug="virtual-wallet-and-cards", name="Virtual wallet and cards", team=advice, order=4)
    TopicRuleFactory(topic=wallet, phrase="card")
    TopicFactory(slug="getting-help", name="Getting help", team=advice, order=90)
    article = ArticleFactory(
        slug="paying-your-pa", title="Paying your personal assistant", topic=payroll, owner=manager
    )
    canned = CannedReplyFactory(title="How payroll works", body=CANNED_BODY, article=article, topic=payroll)
    person = make_user(Role.RECIPIENT, full_name="Margaret Ellis", email=MARGARET)
    RecipientFactory(user=person, full_name="Margaret Ellis", area="Winchester")
    first = query_raise(
        actor=person, subject="Paying my PA", description="How do I set up payroll for my new PA?"
    ).query
    duplicate = query_raise(
        actor=person, subject="Paying my PA again", description="I asked before about payroll for my PA."
    ).query
    tom = query_raise(
        actor=None,
        requester_name="Tom Baker",
        requester_email=TOM,
        consent=True,
        area="Basingstoke",
        subject="My card was refused",
        description="My virtual wallet card was refused at the chemist.",
    ).query
    # Overdue: as the periodic check leaves a query whose time to answer has passed.
    Query.objects.filter(pk=tom.pk).update(
        sla_state=Query.SlaState.BREACHED, due_at=timezone.now() - timedelta(hours=2)
    )
    return {
        "adviser": adviser,
        "manager": manager,
        "person": person,
        "canned": canned,
        "article": article,
        "first": first,
        "duplicate": duplicate,
        "tom": tom,
    }


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def errors_shown(page: Page, *, js: bool) -> list[str]:
    """The error summary's links, each of which moves focus to the field it names. With JavaScript the
    fixtures' check also wants the summary focused on load (GOV.UK Frontend does that); without, the
    browser's own jump to the link's target does the moving."""
    if js:
        return check_error_summary_links(page, press_enter=False)
    links = page.locator(".govuk-error-summary a")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for i, href in enumerate(hrefs):
        assert href.startswith("#"), href
        target = page.locator(f"[id='{href[1:]}']")
        expect(target).to_have_count(1)
        links.nth(i).click()
        expect(target).to_be_focused()
    return hrefs


def show_filters(page: Page) -> None:
    details = page.locator("details.govuk-details")
    if details.get_attribute("open") is None:
        page.get_by_text("Filter the queries").click()


def outbox(to: str) -> list[str]:
    return list(OutboxMessage.objects.filter(to=to).order_by("pk").values_list("template", flat=True))


# --- 1. Triage and reply as an adviser ----------------------------------------------------------


@JS
def test_an_adviser_triages_replies_and_resolves_a_query(server, open_page, assert_accessible, desk, js):
    first, tom, canned = desk["first"], desk["tom"], desk["canned"]
    page = open_page(js=js, user=desk["adviser"])
    page.goto(f"{server}/team/queries/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queries")
    expect(page.locator("#results-heading")).to_have_text("3 queries")
    assert_accessible(page, js=js)

    # Filter: topic, then time to answer, then "assigned to me".
    show_filters(page)
    page.get_by_label("Topic", exact=True).select_option(label="Employing a personal assistant")
    page.get_by_role("button", name="Show queries").click()
    expect(page.locator("#results-heading")).to_have_text("2 queries match these filters")
    expect(page.get_by_role("link", name=tom.reference)).to_have_count(0)
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Clear filters").first.click()
    show_filters(page)
    page.get_by_label("Time to answer").select_option(label="Overdue")
    page.get_by_role("button", name="Show queries").click()
    expect(page.locator("#results-heading")).to_have_text("1 query match these filters")
    expect(page.get_by_role("link", name=tom.reference)).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Clear filters").first.click()
    show_filters(page)
    page.get_by_label("Assigned to", exact=True).select_option(label="Me")
    page.get_by_role("button", name="Show queries").click()
    expect(page.locator("#results-heading")).to_have_text("No queries match these filters")
    assert_accessible(page, js=js)

    # Bulk assign: a mistake first (nothing chosen), then two queries to me.
    page.goto(f"{server}/team/queries/")
    page.get_by_role("button", name="Assign", exact=True).click()
    errors_shown(page, js=js)
    assert_accessible(page, js=js)
    page.get_by_label(f"Choose {first.reference}").check()
    page.get_by_label(f"Choose {tom.reference}").check()
    page.get_by_label("Assign the chosen queries to").select_option(label="Asha Green")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(banner(page)).to_contain_text("2 queries assigned to Asha Green.")
    assert_accessible(page, js=js)
    show_filters(page)
    page.get_by_label("Assigned to", exact=True).select_option(label="Me")
    page.get_by_role("button", name="Show queries").click()
    expect(page.locator("#results-heading")).to_have_text("2 queries match these filters")

    # The query page: the suggested topic and why.
    page.get_by_role("link", name=first.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paying my PA")
    topic_row = page.locator(".govuk-summary-list__row", has_text="Topic")
    expect(topic_row).to_contain_text("Suggested. It mentions")
    expect(topic_row).to_contain_text("payroll")
    assert_accessible(page, js=js)

    page.locator("#topic").get_by_label("Topic").select_option(label="Getting help")
    page.get_by_role("button", name="Change topic").click()
    expect(banner(page)).to_contain_text("Topic is now “Getting help”.")
    expect(topic_row).to_contain_text("“Employing a personal assistant” was suggested. It mentions")
    assert_accessible(page, js=js)

    # An internal note: empty first.
    page.get_by_role("button", name="Add note").click()
    assert errors_shown(page, js=js) == ["#id_note-body"]
    assert_accessible(page, js=js)
    page.get_by_role("textbox", name="Internal note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(banner(page)).to_contain_text("Internal note added.")

    # A phone call that counts as contact.
    contact = page.locator("#contact")
    contact.get_by_label("A phone call").check()
    contact.get_by_label("From the person").check()
    contact.get_by_label("What was said").fill("She rang to say her PA starts on Monday.")
    contact.get_by_label("We spoke to or wrote to the person about their query").check()
    page.get_by_role("button", name="Log it").click()
    expect(banner(page)).to_contain_text("Phone call logged as contact with the person.")
    assert_accessible(page, js=js)

    # A canned reply: choose it, "Use this reply", and its help page is shown; then wait for her answer.
    reply = page.locator("#reply")
    reply.get_by_label("Start from a canned reply (optional)").select_option(
        label="How payroll works (links to “Paying your personal assistant”)"
    )
    page.get_by_role("button", name="Use this reply").click()
    expect(reply.locator(".govuk-inset-text")).to_contain_text("The reply box now holds “How payroll works”")
    expect(reply.get_by_role("link", name="Paying your personal assistant")).to_be_visible()
    expect(reply.get_by_label("Your reply")).to_have_value(CANNED_BODY)
    assert_accessible(page, js=js)
    reply.get_by_label("Wait for their answer").check()
    page.get_by_role("button", name="Send reply").click()
    expect(banner(page)).to_contain_text("The query is waiting for the person's answer")
    assert_accessible(page, js=js)

    # Resolve it.
    page.locator("#status").get_by_label("New status").select_option(label="Resolved")
    page.get_by_role("button", name="Change status").click()
    expect(banner(page)).to_contain_text("Status changed to “resolved”.")
    assert_accessible(page, js=js)

    # The timeline shows each step, in order.
    titles = page.locator("h2#timeline ~ ol").first.locator("li > h3").all_inner_texts()
    steps = [
        "Query raised",
        "Assigned to Asha Green",
        "Topic changed from “Employing a personal assistant” to “Getting help”",
        "Internal note by Asha Green",
        "Phone call from the person, logged by Asha Green (counted as contact)",
        "Reply from Asha Green",
        "to “waiting for the person who asked”",
        "to “resolved”",
    ]
    where = -1
    for step in steps:
        later = [i for i, title in enumerate(titles) if step in title and i > where]
        assert later, f"{step!r} is not on the timeline after step {where}: {titles}"
        where = later[0]
    expect(page.locator("h2#timeline ~ ol").first).to_contain_text(NOTE)

    # Margaret's emails: the acknowledgements, the reply with its help page, and the question about how we did.
    sent = outbox(MARGARET)
    assert sent.count("query_acknowledged") == 2
    assert "query_reply" in sent and "query_survey" in sent, sent
    reply_email = OutboxMessage.objects.get(to=MARGARET, template="query_reply")
    assert CANNED_BODY in reply_email.body and canned.article.title in reply_email.body
    assert NOTE not in " ".join(OutboxMessage.objects.filter(to=MARGARET).values_list("body", flat=True))

    # Margaret's own page: the reply, never the internal note or the call.
    page = open_page(js=js, user=desk["person"])
    page.goto(f"{server}/queries/{first.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Paying my PA")
    expect(page.locator("main")).to_contain_text(CANNED_BODY)
    expect(page.locator("main")).not_to_contain_text(NOTE)
    expect(page.locator("main")).not_to_contain_text("Phone call")
    assert_accessible(page, js=js)


# --- 2. Merge, complaint, safeguarding, redirect: each with a mistake first ----------------------


@JS
def test_merge_complaint_safeguarding_and_redirect_each_after_a_mistake(server, open_page, assert_accessible, desk, js):
    first, duplicate, tom, manager = desk["first"], desk["duplicate"], desk["tom"], desk["manager"]
    page = open_page(js=js, user=desk["adviser"])

    page.goto(f"{server}/team/queries/{duplicate.pk}/")
    merge = page.locator("#merge")
    merge.get_by_label("Reference of the query to merge this one into").fill("DPSS-2020-999999")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There is no query with the reference DPSS-2020-999999"
    )
    assert errors_shown(page, js=js) == ["#id_merge-into"]
    assert_accessible(page, js=js)
    merge.get_by_label("Reference of the query to merge this one into").fill(first.reference.lower())
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(banner(page)).to_contain_text(f"Merged into {first.reference}.")
    expect(page.get_by_role("link", name=first.reference)).to_be_visible()
    assert_accessible(page, js=js)
    assert "query_merged" in outbox(MARGARET)

    page.goto(f"{server}/team/queries/{first.pk}/")
    expect(page.locator("main")).to_contain_text(f"{duplicate.reference} merged into this query")
    page.get_by_role("button", name="Mark as a complaint").click()
    assert errors_shown(page, js=js) == ["#id_complaint-note"]
    assert_accessible(page, js=js)
    page.get_by_label("What is the person unhappy about?").fill("She waited two weeks for an answer.")
    page.get_by_role("button", name="Mark as a complaint").click()
    expect(banner(page)).to_contain_text("Marked as a complaint.")
    expect(page.locator("main .govuk-tag--orange", has_text="Complaint").first).to_be_visible()
    assert_accessible(page, js=js)
    assert "query_complaint" in outbox(MARGARET)

    page.get_by_role("button", name="Record the concern and alert managers").click()
    assert errors_shown(page, js=js) == ["#id_safeguarding-note"]
    assert_accessible(page, js=js)
    page.get_by_label("What is the concern?").fill("Her PA may be taking money from her purse.")
    page.get_by_role("button", name="Record the concern and alert managers").click()
    expect(banner(page)).to_contain_text("Every manager has been alerted.")
    assert_accessible(page, js=js)
    alert = OutboxMessage.objects.get(to=manager.email, template="query_safeguarding")
    assert first.reference in alert.subject + alert.body
    assert "purse" not in alert.body  # the concern stays on the query
    assert "query_safeguarding" not in outbox(MARGARET)

    page.goto(f"{server}/team/queries/{tom.pk}/")
    page.get_by_role("button", name="Send to another service").click()
    assert errors_shown(page, js=js) == ["#id_redirect-to", "#id_redirect-reason"]
    assert_accessible(page, js=js)
    page.get_by_label("Which service should the person contact?").fill("Adult Social Care, 0300 555 1386")
    page.get_by_label("Why can they help?").fill("They look after card payments for people without an account.")
    page.get_by_role("button", name="Send to another service").click()
    expect(banner(page)).to_contain_text("The query has been sent to another service")
    expect(page.locator("main")).to_contain_text("Sent to Adult Social Care, 0300 555 1386.")
    assert_accessible(page, js=js)
    assert "query_redirected" in outbox(TOM)


# --- 3. Logging a query from a phone call ------------------------------------------------------


@JS
def test_an_adviser_logs_a_query_from_a_phone_call(server, open_page, assert_accessible, desk, js):
    page = open_page(js=js, user=desk["adviser"])
    page.goto(f"{server}/team/queries/")
    page.get_by_role("button", name="Log a query").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a query")
    assert_accessible(page, js=js)

    page.get_by_role("button", name="Log the query").click()
    hrefs = errors_shown(page, js=js)
    assert "#id_channel_1" in hrefs and "#id_requester_name" in hrefs and "#id_subject" in hrefs, hrefs
    assert_accessible(page, js=js)

    page.get_by_label("Phone call").check()
    page.get_by_label("Name of the person who asked").fill("Priya Shah")
    page.get_by_label("Member of the public").check()
    page.get_by_label("By phone").check()
    page.get_by_label("Their phone number (if they want a call)").fill("01632 960 001")
    page.get_by_label("Subject").fill("Becoming an employer")
    page.get_by_label("What do they need help with?").fill("Her mother wants to employ a PA and asks about payroll.")
    page.get_by_label("They agreed that we keep their name and contact details to answer them").check()
    page.get_by_role("button", name="Log the query").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Becoming an employer")
    logged = Query.objects.get(subject="Becoming an employer")
    expect(banner(page)).to_contain_text(f"Query logged. Its reference is {logged.reference}.")
    expect(banner(page)).to_contain_text("Read the reference to them")
    assert logged.channel == "phone" and logged.topic.slug == "employing-a-pa"
    assert_accessible(page, js=js)


# --- 4. Managers' pages --------------------------------------------------------------------------


def _bank_holiday_ahead() -> ClosureDay:
    """The next bank holiday (every database has them: they are loaded after migrating)."""
    today = timezone.localdate()
    return ClosureDay.objects.filter(kind=ClosureDay.Kind.BANK_HOLIDAY, is_closed=True, day__gt=today).earliest("day")


def _free_weekday(after_days: int):
    """A working day at least `after_days` ahead on which the service is open."""
    day = timezone.localdate() + timedelta(days=after_days)
    while day.weekday() >= 5 or ClosureDay.objects.filter(day=day).exists():
        day += timedelta(days=1)
    return day


@JS
def test_a_manager_runs_the_calendar_topics_help_pages_canned_replies_and_reports(
    server, open_page, assert_accessible, desk, js
):
    bank_holiday = _bank_holiday_ahead()
    on = f"on {bank_holiday.name}, {bank_holiday.day.day} {bank_holiday.day:%B %Y}"
    closure = _free_weekday(20)
    page = open_page(js=js, user=desk["manager"])

    # Working calendar: a mistake, a council closure day, a bank holiday marked open.
    page.goto(f"{server}/team/queries/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working calendar")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Add closure day").click()
    hrefs = errors_shown(page, js=js)
    assert hrefs[0] == "#id_day_0" and "#id_name" in hrefs, hrefs
    assert_accessible(page, js=js)
    page.get_by_label("Day", exact=True).fill(str(closure.day))
    page.get_by_label("Month", exact=True).fill(str(closure.month))
    page.get_by_label("Year", exact=True).fill(str(closure.year))
    page.get_by_label("Name", exact=True).fill("Council staff training day")
    page.get_by_role("button", name="Add closure day").click()
    expect(banner(page)).to_contain_text(f"The service is closed on {closure:%A} {closure.day} {closure:%B %Y}.")
    expect(page.get_by_role("cell", name=re.compile(r"^Council staff training day"))).to_be_visible()
    page.get_by_role("button", name=f"Mark open {on}").click()
    expect(banner(page)).to_contain_text(f"The service is open on {bank_holiday.day:%A} {bank_holiday.day.day}")
    expect(page.get_by_role("button", name=f"Mark closed {on}")).to_be_visible()
    assert_accessible(page, js=js)
    bank_holiday.refresh_from_db()
    assert bank_holiday.is_closed is False

    # Topic rules: a mistake, then add a phrase and remove it.
    page.goto(f"{server}/team/queries/topics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phrases that suggest a topic")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Add phrase").click()
    errors_shown(page, js=js)
    assert_accessible(page, js=js)
    page.get_by_label("Topic", exact=True).select_option(label="Virtual wallet and cards")
    page.get_by_label("Phrase", exact=True).fill("top up")
    page.get_by_label("Weight", exact=True).fill("2")
    page.get_by_role("button", name="Add phrase").click()
    expect(banner(page)).to_contain_text("“top up” now suggests Virtual wallet and cards.")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Remove “top up” from Virtual wallet and cards").click()
    expect(banner(page)).to_contain_text("“top up” no longer suggests Virtual wallet and cards.")
    assert not TopicRule.objects.filter(phrase="top up").exists()

    # Help pages: the list, a new page with a mistake and a preview, then a change.
    page.goto(f"{server}/team/help/articles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help pages")
    expect(page.get_by_role("link", name="Paying your personal assistant")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Add a help page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a help page")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Save help page").click()
    errors_shown(page, js=js)
    assert_accessible(page, js=js)
    page.get_by_label("Title", exact=True).fill("Topping up your virtual wallet")
    page.get_by_label("Summary", exact=True).fill("How to add money to your virtual wallet.")
    page.get_by_label("Topic", exact=True).select_option(label="Virtual wallet and cards")
    page.get_by_label("The page", exact=True).fill("Sign in to your wallet.\n\nChoose **Top up**.")
    page.get_by_label("Owner", exact=True).select_option(label="Morgan Hale")
    review = timezone.localdate() + timedelta(days=180)
    review_by = page.get_by_role("group", name="Review by")
    review_by.get_by_label("Day").fill(str(review.day))
    review_by.get_by_label("Month").fill(str(review.month))
    review_by.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#article-preview")
    expect(preview).to_contain_text("Preview: not saved yet")
    expect(preview.locator("strong", has_text="Top up")).to_be_visible()
    assert_accessible(page, js=js)
    assert not Article.objects.filter(title="Topping up your virtual wallet").exists()
    page.get_by_role("button", name="Save help page").click()
    expect(banner(page)).to_contain_text("“Topping up your virtual wallet” is published.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change “Topping up your virtual wallet”")
    assert_accessible(page, js=js)
    page.get_by_label("Summary", exact=True).fill("How to add money to your virtual wallet, and when it arrives.")
    page.get_by_role("button", name="Save changes").click()
    expect(banner(page)).to_contain_text("is published")
    assert Article.objects.get(title="Topping up your virtual wallet").summary.endswith("when it arrives.")

    # Canned replies: the list, then add one with a mistake first.
    page.goto(f"{server}/team/queries/canned-replies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Canned replies")
    expect(page.get_by_role("link", name="How payroll works")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Add a canned reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a canned reply")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Save canned reply").click()
    errors_shown(page, js=js)
    assert_accessible(page, js=js)
    page.get_by_label("Title", exact=True).fill("Topping up")
    page.get_by_label("Reply", exact=True).fill("You can top up your wallet online. The help page shows how.")
    page.get_by_label("Help page it links to").select_option(
        label="Topping up your virtual wallet (Virtual wallet and cards)"
    )
    page.get_by_role("button", name="Save canned reply").click()
    expect(banner(page)).to_contain_text("The canned reply “Topping up” is saved.")
    assert_accessible(page, js=js)
    assert CannedReply.objects.get(title="Topping up").article.title == "Topping up your virtual wallet"

    # Help pages to review: one overdue.
    ArticleFactory(
        title="Ending a direct payment",
        topic=desk["article"].topic,
        owner=desk["manager"],
        review_by=timezone.localdate() - timedelta(days=3),
    )
    page.goto(f"{server}/team/help/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help pages to review")
    expect(page.locator("main")).to_contain_text("Overdue by 3 days")
    assert_accessible(page, js=js)

    # Reports: the default period, a mistake, a period, and the CSV.
    page.goto(f"{server}/team/queries/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Query reports")
    assert_accessible(page, js=js)
    today = timezone.localdate()
    page.locator("#id_from_month").fill("13")
    page.get_by_role("button", name="Show the figures").click()
    errors_shown(page, js=js)
    assert_accessible(page, js=js)
    page.locator("#id_from_month").fill(str(today.month))
    page.locator("#id_from_year").fill(str(today.year))
    page.locator("#id_to_month").fill(str(today.month))
    page.locator("#id_to_year").fill(str(today.year))
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator("#figures")).to_have_text(f"{today:%B %Y} to {today:%B %Y}")
    expect(page.locator("main")).to_contain_text("3 queries received.")
    assert_accessible(page, js=js)
    link = page.get_by_role("link", name="Download queries by topic, area and month (CSV)")
    href = link.get_attribute("href")
    assert href.startswith("/team/queries/reports/queries-by-topic-area-month.csv?"), href
    csv = page.request.get(server + href)
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    assert csv.text().splitlines()[0] == "Month,Topic,Area (district),Queries received"


# --- 5. 320px wide --------------------------------------------------------------------------------


def test_the_queue_query_page_and_reports_work_at_320px_without_sideways_scrolling(server, open_page, desk):
    page = open_page(user=desk["manager"])
    with narrow_screen(page):
        for path in (
            "/team/queries/",
            f"/team/queries/{desk['first'].pk}/",
            "/team/queries/log/",
            "/team/queries/reports/",
        ):
            page.goto(server + path)
            expect(page.locator("h1")).to_be_visible()
            assert page_width(page) <= 320, path
        # The queue's table scrolls in its own box, which the keyboard can reach, as on the staff record.
        page.goto(f"{server}/team/queries/")
        table = page.get_by_role("region", name="3 queries")
        assert table.get_attribute("tabindex") == "0"
        assert table.evaluate("el => el.scrollWidth > el.clientWidth")
