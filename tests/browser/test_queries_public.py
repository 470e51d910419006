"""The help centre and queries for the people who ask, in Chromium: whole journeys, JavaScript on and off.

Every page reached passes axe (WCAG 2.2 AA tags), including the pages after a
form error: the help centre and "did this help?", raising a query with and
without an account (help articles offered first: live with htmx, a "Check
these first" step without), the link from the acknowledgement, a person's own
queries, a representative who may only read, the survey, and the keyboard alone.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import ArticleFeedback, HelpOfferArticle, Query, QueryAttachment, SatisfactionSurvey
from queries.services.raising import query_raise
from queries.services.status import query_status_set
from tests.browser.helpers import JS, check_error_summary_links, narrow_screen, page_width
from tests.queries.factories import ArticleFactory, TeamFactory, TopicFactory, TopicRuleFactory
from tests.recipients.factories import RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.browser

HOLIDAY = "Working out holiday pay for your PA"
PAYSLIPS = "Payslips for your personal assistant"
TOPIC = "Employing a personal assistant"
SUBJECT = "Holiday pay"
DESCRIPTION = "How do I work out holiday pay for my PA? She works different hours each week."
# A PDF made here: the smallest file the upload check accepts as a PDF.
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FOCUS_COLOUR = "rgb(255, 221, 0)"  # GOV.UK's focus yellow, #ffdd00
REFERENCE = re.compile(rf"DPSS-{timezone.localdate().year}-\d{{6}}")


@pytest.fixture
def help_pages(server):
    """Two topics (the default one too) and two articles, one with an Easy Read version."""
    employer = TeamFactory(name="Employer support")
    topic = TopicFactory(
        slug="employing-a-pa", name=TOPIC, team=employer, order=3, description="Contracts, pay, holidays and payroll."
    )
    TopicRuleFactory(topic=topic, phrase="holiday pay", weight=2)
    TopicFactory(slug="getting-help", name="Getting help", team=TeamFactory(name="Direct payments advice"), order=90)
    holiday = ArticleFactory(
        slug="holiday-pay",
        title=HOLIDAY,
        summary="How much holiday your PA gets, and what to pay them for it.",
        keywords="holiday leave annual",
        topic=topic,
        body="Your PA gets 5.6 weeks of paid holiday a year.\n\n## If their hours change\n\n"
        "Work out their pay from the last 52 weeks they worked.",
        easy_read_body="Your PA has holidays.\nYou pay them for their holidays.\nWe can help you work it out.",
    )
    payslips = ArticleFactory(
        slug="payslips",
        title=PAYSLIPS,
        summary="What a payslip must show, and who makes it.",
        keywords="payslip payroll wages",
        topic=topic,
    )
    return {"topic": topic, "holiday": holiday, "payslips": payslips}


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def error_summary(page: Page) -> Locator:
    return page.locator(".govuk-error-summary")


def follow_error_links(page: Page, *, js: bool) -> list[str]:
    """Each error summary link moves focus to its field: GOV.UK Frontend's script with JavaScript, the
    browser's own move to the link's target without it."""
    if js:
        return check_error_summary_links(page, press_enter=False)
    links = error_summary(page).locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "the error summary has no links"
    for i, href in enumerate(hrefs):
        links.nth(i).click()
        expect(page.locator(f"[id='{href[1:]}']")).to_be_focused()
    return hrefs


def outbox_path(*, to: str, template: str, pattern: str) -> str:
    """The path in the last message of this kind to this person, as the person would click it."""
    body = OutboxMessage.objects.filter(to=to, template=template).latest("id").body
    return re.search(pattern, body).group(0)


def describe_the_problem(page: Page, *, js: bool) -> None:
    """Step 1: the subject and the description. With JavaScript the articles come as the person types."""
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("What do you need help with?").fill(DESCRIPTION)
    if js:
        suggestions = page.locator("#ask-suggestions")
        expect(suggestions.get_by_role("link", name=HOLIDAY)).to_be_visible()
        # Shown in a polite live region, without sending the form.
        expect(suggestions).to_have_attribute("aria-live", "polite")
        expect(page).to_have_url(re.compile(r"/queries/ask/$"))


# --- The help centre ---------------------------------------------------------------


@JS
def test_the_help_centre_from_the_home_page_to_an_easy_read_article_and_a_search(
    server, open_page, assert_accessible, help_pages, js
):
    page = open_page(js=js)
    page.goto(server + "/help/")
    expect(heading(page)).to_have_text("Help with direct payments")
    assert_accessible(page, js=js)

    page.get_by_role("link", name=TOPIC, exact=True).click()
    expect(heading(page)).to_have_text(TOPIC)
    expect(page.get_by_text("Contracts, pay, holidays and payroll.")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name=HOLIDAY).click()
    expect(heading(page)).to_have_text(HOLIDAY)
    expect(page.get_by_role("heading", level=2, name="If their hours change")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Read this page in Easy Read").click()
    expect(page.get_by_text("This is the Easy Read version of this page.")).to_be_visible()
    expect(page.get_by_text("You pay them for their holidays.")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("link", name="Read the standard version of this page").click()
    expect(page.get_by_text("Your PA gets 5.6 weeks of paid holiday a year.")).to_be_visible()

    page.get_by_role("link", name="Help", exact=True).first.click()
    page.get_by_label("Search the help pages").fill("payslip")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="1 page found for “payslip”")).to_be_visible()
    expect(page.get_by_role("link", name=PAYSLIPS)).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_label("Search the help pages").fill("zebra crossing")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No pages found for “zebra crossing”")).to_be_visible()
    expect(page.get_by_label("Search the help pages")).to_have_value("zebra crossing")
    assert_accessible(page, js=js)


@JS
def test_did_this_help_yes_then_a_comment_and_no_on_another_page(server, open_page, assert_accessible, help_pages, js):
    page = open_page(js=js)
    page.goto(server + "/help/holiday-pay/")
    page.get_by_role("button", name=re.compile(r"^Yes\b.*this page helped")).click()
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    expect(page.get_by_text("We are glad this page helped.")).to_be_visible()
    # With htmx the answer is swapped in place; without, the page comes back at the same place.
    expect(page).to_have_url(re.compile(r"/help/holiday-pay/$" if js else r"/help/holiday-pay/#article-feedback$"))
    assert_accessible(page, js=js)

    page.get_by_label("Tell us more (optional)").fill("The example with changing hours helped.")
    page.get_by_role("button", name="Send your comment").click()
    expect(page.get_by_text("Thank you for your comment.")).to_be_visible()
    assert_accessible(page, js=js)
    feedback = ArticleFeedback.objects.get(article=help_pages["holiday"])
    assert feedback.helpful and feedback.comment == "The example with changing hours helped."

    page.goto(server + "/help/payslips/")
    page.get_by_role("button", name=re.compile(r"^No\b.*this page did not help")).click()
    expect(page.get_by_text("We are sorry this page did not help.")).to_be_visible()
    expect(page.get_by_role("link", name="ask us", exact=True)).to_be_visible()
    assert_accessible(page, js=js)
    assert not ArticleFeedback.objects.get(article=help_pages["payslips"]).helpful


def test_help_pages_fit_a_320px_wide_screen(server, open_page, help_pages):
    """WCAG 1.4.10 reflow: at 320 CSS pixels (400% zoom) nothing scrolls sideways."""
    page = open_page()
    with narrow_screen(page):
        widths = {}
        for name, path in {
            "home": "/help/",
            "topic": "/help/topics/employing-a-pa/",
            "article": "/help/holiday-pay/",
            "easy read": "/help/holiday-pay/?version=easy-read",
            "results": "/help/search/?q=holiday+pay",
            "no results": "/help/search/?q=" + "unfindable" * 12,
        }.items():
            page.goto(server + path)
            widths[name] = page_width(page)
        page.goto(server + "/help/holiday-pay/")
        page.get_by_role("button", name=re.compile(r"^No\b.*this page did not help")).click()
        expect(page.get_by_label("Tell us more (optional)")).to_be_visible()
        widths["comment"] = page_width(page)
    assert not {name: width for name, width in widths.items() if width > 320}, widths


# --- Raising a query ---------------------------------------------------------------------


@JS
def test_someone_without_an_account_checks_the_help_first_then_asks_and_replies_from_the_emailed_link(
    server, open_page, assert_accessible, help_pages, js
):
    page = open_page(js=js)
    page.goto(server + "/help/")
    page.get_by_role("link", name="Ask us a question").click()
    expect(heading(page)).to_have_text("What do you need help with?")
    assert_accessible(page, js=js)

    describe_the_problem(page, js=js)
    if js:
        assert_accessible(page, js=js)
        page.locator("#ask-suggestions").get_by_role("link", name=HOLIDAY).click()
    else:
        page.get_by_role("button", name="Continue").click()
        expect(heading(page)).to_have_text("Check these first")
        expect(page.get_by_role("link", name=PAYSLIPS)).to_have_count(0)  # only what matches
        assert_accessible(page, js=js)
        page.get_by_role("link", name=HOLIDAY).click()
    expect(heading(page)).to_have_text(HOLIDAY)
    assert_accessible(page, js=js)
    offered = HelpOfferArticle.objects.get(article=help_pages["holiday"])
    assert offered.opened_at is not None

    page.go_back()
    if js:
        # What was typed is kept; sent without looking at the live suggestions again, the check step follows.
        expect(page.get_by_label("Subject")).to_have_value(SUBJECT)
        page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check these first")
    page.get_by_role("button", name="I still need to ask").click()
    expect(heading(page)).to_have_text("Your details")
    assert_accessible(page, js=js)

    page.get_by_label("Your name").fill("Sam Carter")
    page.get_by_label("Email address (if you would like an email)").fill("sam.carter@example")
    page.get_by_role("button", name="Send your question").click()
    expect(error_summary(page)).to_contain_text("Enter an email address in the correct format")
    expect(error_summary(page)).to_contain_text("Tick the box")
    expect(page.get_by_label("Your name")).to_have_value("Sam Carter")
    assert_accessible(page, js=js)
    follow_error_links(page, js=js)
    assert not Query.objects.exists()

    page.get_by_label("Email address (if you would like an email)").fill("sam.carter@example.com")
    page.get_by_label("I agree that the Direct Payments Support Service may keep").check()
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Question sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    assert_accessible(page, js=js)
    query = Query.objects.get(reference=reference)
    assert query.help_offer_id == offered.offer_id and query.help_offer.went_on_to_ask_at is not None

    path = outbox_path(to="sam.carter@example.com", template="query_acknowledged", pattern=r"/queries/link/[^/\s]+/")
    page.goto(server + path)
    expect(heading(page)).to_have_text(SUBJECT)
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Query {reference}")
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send your reply").click()
    expect(error_summary(page)).to_contain_text("Write your reply")
    assert_accessible(page, js=js)
    follow_error_links(page, js=js)
    page.get_by_label("Your reply").fill("She worked 12 hours last week and 30 the week before.")
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_text("Thank you. We have your reply")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="You replied")).to_be_visible()
    assert_accessible(page, js=js)


@JS
def test_a_recipient_asks_sees_it_in_their_queries_and_replies_with_a_file(
    server, open_page, assert_accessible, help_pages, make_user, js
):
    user = make_user(Role.RECIPIENT, full_name="Margaret Ellis")
    RecipientFactory(user=user, full_name="Margaret Ellis")
    page = open_page(js=js, user=user)
    page.goto(server + "/queries/")
    expect(heading(page)).to_have_text("Your queries")
    expect(page.get_by_text("You have not asked us anything yet.")).to_be_visible()
    assert_accessible(page, js=js)

    page.get_by_role("button", name="Ask a question").click()
    describe_the_problem(page, js=js)
    if js:
        assert_accessible(page, js=js)
        page.get_by_role("button", name="Continue").click()  # the articles were seen: straight on
    else:
        page.get_by_role("button", name="Continue").click()
        expect(heading(page)).to_have_text("Check these first")
        page.get_by_role("button", name="I still need to ask").click()
    expect(heading(page)).to_have_text("How we reply")
    expect(page.get_by_label(f"By email (to {user.email})")).to_be_checked()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Question sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference)
    assert_accessible(page, js=js)

    page.get_by_role("link", name="Your queries").first.click()
    expect(heading(page)).to_have_text("Your queries")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(SUBJECT)
    assert_accessible(page, js=js)

    row.get_by_role("link", name=reference).click()
    expect(heading(page)).to_have_text(SUBJECT)
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_label("Your reply").fill("Here is her timesheet for the last month.")
    page.get_by_label("Add files (optional)").set_input_files(
        [{"name": "Timesheet March.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}]
    )
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_text("Thank you. We have your reply")).to_be_visible()
    expect(page.get_by_role("link", name="Timesheet March.pdf")).to_be_visible()
    assert_accessible(page, js=js)
    assert QueryAttachment.objects.get(event__query__reference=reference).original_name == "Timesheet March.pdf"


@JS
def test_a_representative_asks_about_the_person_they_act_for_and_only_reads_for_another(
    server, open_page, assert_accessible, help_pages, make_user, js
):
    carer = make_user(Role.REPRESENTATIVE, full_name="David Carter")
    joan = RecipientFactory(full_name="Joan Carter")
    RepresentativeFactory(user=carer, recipient=joan, can_act=True)
    ravi_user = make_user(Role.RECIPIENT, full_name="Ravi Patel")
    ravi = RecipientFactory(user=ravi_user, full_name="Ravi Patel")
    RepresentativeFactory(user=carer, recipient=ravi, can_act=False)  # may see, not act
    ravis = query_raise(actor=ravi_user, subject="My payment card", description="My card was declined.").query

    page = open_page(js=js, user=carer)
    page.goto(server + "/queries/ask/")
    page.get_by_label("Subject").fill("Joan needs a new carer")
    page.get_by_label("What do you need help with?").fill("Her carer is moving to Scotland in May.")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("How we reply")
    expect(page.get_by_role("radio", name="Joan Carter")).to_be_visible()
    expect(page.get_by_role("radio", name="Ravi Patel")).to_have_count(0)
    page.get_by_role("button", name="Send your question").click()
    expect(error_summary(page)).to_contain_text("Choose who your question is about")
    assert_accessible(page, js=js)
    follow_error_links(page, js=js)
    page.get_by_role("radio", name="Joan Carter").check()
    page.get_by_role("button", name="Send your question").click()
    expect(heading(page)).to_have_text("Question sent")
    assert_accessible(page, js=js)
    assert Query.objects.get(subject="Joan needs a new carer").about == joan

    page.get_by_role("link", name="Your queries").first.click()
    expect(page.get_by_role("row").filter(has_text="Joan needs a new carer")).to_contain_text("About Joan Carter")
    expect(page.get_by_role("row").filter(has_text="My payment card")).to_contain_text("About Ravi Patel")
    assert_accessible(page, js=js)
    page.get_by_role("link", name=ravis.reference).click()
    expect(heading(page)).to_have_text("My payment card")
    expect(page.get_by_text("Only Ravi or someone who may act for them can reply to it.")).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_count(0)
    expect(page.get_by_role("button", name="Send your reply")).to_have_count(0)
    expect(page.get_by_role("link", name="Withdraw this query")).to_have_count(0)
    assert_accessible(page, js=js)


# --- The survey --------------------------------------------------------------------


@JS
def test_the_survey_is_answered_with_the_keyboard_alone_and_the_link_works_once(
    server, open_page, assert_accessible, help_pages, make_user, js
):
    user = make_user(Role.RECIPIENT, full_name="Margaret Ellis")
    RecipientFactory(user=user, full_name="Margaret Ellis")
    query = query_raise(actor=user, subject=SUBJECT, description=DESCRIPTION).query
    query_status_set(query=query, status="resolved", actor=make_user(Role.ADVISER))
    path = outbox_path(to=user.email, template="query_survey", pattern=r"/survey/[^/\s]+/")

    page = open_page(js=js)
    page.goto(server + path)
    expect(heading(page)).to_have_text("Tell us how we did")
    expect(page.get_by_text(f"Query {query.reference}")).to_be_visible()
    assert_accessible(page, js=js)
    page.get_by_role("button", name="Send your answer").click()
    expect(error_summary(page)).to_contain_text("Choose how satisfied you are with the help you got")
    assert_accessible(page, js=js)
    follow_error_links(page, js=js)

    # From the top of the page, by keyboard alone: Tab to the answers, Space, an arrow, Tab, type, Enter.
    page.goto(server + path)
    very = page.get_by_role("radio", name="Very satisfied")
    tab_to(page, very)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(very).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Satisfied", exact=True)).to_be_checked()
    assert_focus_visible(page)
    tab_to(page, page.get_by_label("Tell us more (optional)"))
    assert_focus_visible(page)
    page.keyboard.type("Quick and kind.")
    tab_to(page, page.get_by_role("button", name="Send your answer"))
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Thank you")
    assert_accessible(page, js=js)
    survey = SatisfactionSurvey.objects.get(query=query)
    assert (survey.score, survey.comment) == (4, "Quick and kind.")

    page.goto(server + path)
    expect(heading(page)).to_have_text("You have already answered")
    assert_accessible(page, js=js)


# --- The keyboard alone ------------------------------------------------------------


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, locator: Locator, *, limit: int = 40) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab")


def assert_focus_visible(page: Page) -> None:
    """GOV.UK's focus state, in its yellow: an outline, a shadow or the background of the focused element, or
    for a radio or a checkbox, of the circle or box drawn before its label (the input itself is hidden).
    A button's usual shadow and outline are there without focus, so the colour is what tells."""
    style = page.evaluate(
        """() => {
          const element = document.activeElement;
          const box = ["radio", "checkbox"].includes(element.type)
            ? getComputedStyle(element.labels[0], "::before") : getComputedStyle(element);
          const outline = box.outlineStyle !== "none" && box.outlineWidth !== "0px" ? box.outlineColor : "";
          return {element: element.outerHTML.slice(0, 80), outline: outline, shadow: box.boxShadow,
                  background: box.backgroundColor};
        }"""
    )
    assert FOCUS_COLOUR in (style["outline"], style["background"]) or FOCUS_COLOUR in style["shadow"], style


@JS
def test_a_query_can_be_raised_with_the_keyboard_alone_and_focus_is_always_visible(server, open_page, help_pages, js):
    page = open_page(js=js)
    page.goto(server + "/queries/ask/")
    tab_to(page, page.get_by_label("Subject"))
    assert_focus_visible(page)
    page.keyboard.type(SUBJECT)
    page.keyboard.press("Tab")
    assert is_focused(page.get_by_label("What do you need help with?"))
    assert_focus_visible(page)
    page.keyboard.type(DESCRIPTION)
    if js:
        # The live suggestions come between the description and the button; their links take focus too.
        offered = page.locator("#ask-suggestions").get_by_role("link", name=HOLIDAY)
        expect(offered).to_be_visible()
        tab_to(page, offered)
        assert_focus_visible(page)
    tab_to(page, page.get_by_role("button", name="Continue"))
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    if not js:
        expect(heading(page)).to_have_text("Check these first")
        tab_to(page, page.get_by_role("button", name="I still need to ask"))
        assert_focus_visible(page)
        page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Your details")
    tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type("Sam Carter")
    # A group of radios is one stop for Tab; the arrow keys choose within it.
    tab_to(page, page.get_by_role("radio", name="By email"))
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="By phone")).to_be_checked()
    assert_focus_visible(page)
    tab_to(page, page.get_by_label("Phone number (if you would like a call)"))
    assert_focus_visible(page)
    page.keyboard.type("01632 960 001")
    consent = page.get_by_label("I agree that the Direct Payments Support Service may keep")
    tab_to(page, consent)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send your question"))
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Question sent")
    tab_to(page, page.get_by_role("link", name="Go to the help pages"))
    assert_focus_visible(page)
    query = Query.objects.get()
    assert (query.requester_name, query.reply_by, query.requester_phone) == ("Sam Carter", "phone", "01632 960 001")


def test_the_pages_for_asking_fit_a_320px_wide_screen(server, open_page, help_pages, make_user):
    """WCAG 1.4.10 reflow: at 320 CSS pixels (400% zoom) nothing scrolls sideways, errors and all."""
    page = open_page(js=False)
    with narrow_screen(page):
        widths = {}
        page.goto(server + "/queries/ask/")
        page.get_by_role("button", name="Continue").click()
        expect(error_summary(page)).to_be_visible()
        widths["ask with errors"] = page_width(page)
        page.get_by_label("Subject").fill("A subject with a rather long word: Supercalifragilisticexpialidocious")
        page.get_by_label("What do you need help with?").fill(DESCRIPTION)
        page.get_by_role("button", name="Continue").click()
        expect(heading(page)).to_have_text("Check these first")
        widths["check these first"] = page_width(page)
        page.get_by_role("button", name="I still need to ask").click()
        page.get_by_role("button", name="Send your question").click()
        expect(error_summary(page)).to_be_visible()
        widths["details with errors"] = page_width(page)
        page.get_by_label("Your name").fill("Sam Carter")
        page.get_by_label("Email address (if you would like an email)").fill("sam.carter@example.com")
        page.get_by_label("I agree that the Direct Payments Support Service may keep").check()
        page.get_by_role("button", name="Send your question").click()
        expect(heading(page)).to_have_text("Question sent")
        widths["question sent"] = page_width(page)
        page.goto(
            server
            + outbox_path(to="sam.carter@example.com", template="query_acknowledged", pattern=r"/queries/link/[^/\s]+/")
        )
        widths["query by its link"] = page_width(page)
        user = make_user(Role.RECIPIENT)
        RecipientFactory(user=user)
        query = query_raise(actor=user, subject=SUBJECT, description=DESCRIPTION).query
        query_status_set(query=query, status="resolved", actor=make_user(Role.ADVISER))
        page.goto(server + outbox_path(to=user.email, template="query_survey", pattern=r"/survey/[^/\s]+/"))
        widths["survey"] = page_width(page)
        page = open_page(js=False, user=user)
        page.goto(server + "/queries/")
        widths["your queries"] = page_width(page)
        page.goto(server + f"/queries/{query.reference}/")
        widths["your query"] = page_width(page)
    assert not {name: width for name, width in widths.items() if width > 320}, widths
