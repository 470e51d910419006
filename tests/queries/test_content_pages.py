"""Managers' pages for help articles and canned replies (queries/views/content.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from queries.models import Article, CannedReply
from tests.factories import UserFactory
from tests.queries.factories import ArticleFactory, CannedReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db

ARTICLES = reverse("queries:content_articles")
ADD = reverse("queries:content_article_add")
REPLIES = reverse("queries:canned_replies")
ADD_REPLY = reverse("queries:canned_reply_add")


def days(n):
    return timezone.localdate() + timedelta(days=n)


def change_url(article):
    return reverse("queries:content_article_change", kwargs={"slug": article.slug})


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def topic():
    return TopicFactory(slug="employing-a-pa", name="Employing a personal assistant")


@pytest.fixture
def posted(topic, adviser):
    """What a manager types to add an article."""
    return {
        "title": "Holiday pay for your PA",
        "slug": "",
        "summary": "How much holiday your PA gets and how to pay it.",
        "topic": str(topic.pk),
        "audience": "employers",
        "keywords": "annual leave",
        "body": "## How much holiday\n\n- 5.6 weeks a year\n- pro rata for part time\n\n"
        "[Holiday entitlement](https://www.gov.uk/holiday-entitlement-rights)",
        "easy_read_body": "Your PA gets paid holiday.\nAsk us if you need help.",
        "owner": str(adviser.pk),
        **date_parts("review_by", days(120)),
        "is_published": "yes",
    }


# --- Who may see the pages ------------------------------------------------------------------


def test_only_managers_open_the_article_and_canned_reply_pages(client, make_user):
    article = ArticleFactory()
    reply = CannedReplyFactory(article=article)
    pages = [
        ARTICLES,
        ADD,
        change_url(article),
        REPLIES,
        ADD_REPLY,
        reverse("queries:canned_reply_change", kwargs={"pk": reply.pk}),
    ]
    for page in pages:
        assert client.get(page).status_code == 302
    client.force_login(make_user(Role.ADVISER))
    for page in pages:
        assert client.get(page).status_code == 403
    assert client.post(ADD, {"title": "Sneaky"}).status_code == 403
    switch = reverse("queries:canned_reply_switch", kwargs={"pk": reply.pk})
    assert client.post(switch, {"active": "off"}).status_code == 403
    client.force_login(make_user(Role.MANAGER))
    for page in pages:
        assert client.get(page).status_code == 200
    assert client.get(reverse("queries:content_article_change", kwargs={"slug": "no-such-page"})).status_code == 404
    assert client.get(reverse("queries:canned_reply_change", kwargs={"pk": 999_999})).status_code == 404
    CannedReply.objects.get(pk=reply.pk, is_active=True)


# --- The list of articles -------------------------------------------------------------------


def test_the_article_list_shows_every_article_with_owner_review_by_and_status(client, manager, topic):
    owner = UserFactory(full_name="Sian Morgan", roles=(Role.ADVISER,))
    published = ArticleFactory(title="Paying your PA", topic=topic, owner=owner, review_by=days(-3))
    ArticleFactory(title="A draft about pensions", topic=topic, owner=owner, is_published=False)
    CannedReplyFactory(article=published)
    client.force_login(manager)
    page = client.get(ARTICLES).text
    assert "2 help pages" in page
    assert "Paying your PA" in page and "A draft about pensions" in page
    assert "Sian Morgan" in page and "Employing a personal assistant" in page
    assert ">Published<" in page and ">Draft<" in page and ">Overdue<" in page
    assert "1 canned reply links here" in page
    assert f'href="{change_url(published)}"' in page
    assert f'href="{ARTICLES}"' in client.get(reverse("queries:content_review")).text


def test_the_two_lists_cost_the_same_queries_at_two_sizes(client, manager, queries_of):
    def add(count):
        for _ in range(count):
            article = ArticleFactory(topic=TopicFactory(), owner=UserFactory())
            CannedReplyFactory(article=article, topic=article.topic)

    client.force_login(manager)
    client.get(ARTICLES)  # the session and the user are loaded once the same way each time
    for size in (3, 40):
        add(size)
        assert queries_of(lambda: client.get(ARTICLES)) == ARTICLE_LIST_QUERIES
        assert queries_of(lambda: client.get(REPLIES)) == REPLY_LIST_QUERIES
    assert client.get(ARTICLES).text.count("govuk-table__row") == 1 + 43
    assert client.get(REPLIES).text.count("govuk-table__row") == 1 + 43


# Session, user, roles, second factor, the rows (one query), the outbox banner, the session saved, and
# the savepoints of the request transaction: the same at any size.
ARTICLE_LIST_QUERIES = 11
REPLY_LIST_QUERIES = 11


# --- Adding and changing an article ---------------------------------------------------------


def test_a_manager_adds_an_article_and_sees_it_previewed_as_people_will(client, manager, posted, adviser):
    client.force_login(manager)
    form = client.get(ADD).text
    assert "Leave it blank to make one from the title" in form
    assert "<code>##</code>" in form and "<code>-</code>" in form and "[the words]" in form
    response = client.post(ADD, {**posted, "save": "save"}, follow=True)
    article = Article.objects.get()
    assert article.slug == "holiday-pay-for-your-pa"
    assert (article.owner, article.review_by, article.is_published) == (adviser, days(120), True)
    page = response.text
    assert response.redirect_chain[-1][0] == change_url(article)
    assert "“Holiday pay for your PA” is published." in page
    assert 'id="article-preview"' in page and "as saved" in page
    assert '<h2 class="govuk-heading-m">How much holiday</h2>' in page
    assert "<li>5.6 weeks a year</li>" in page
    assert 'href="https://www.gov.uk/holiday-entitlement-rights"' in page
    assert '<p class="govuk-body-l">Your PA gets paid holiday.</p>' in page
    assert client.get(reverse("queries:help_article", kwargs={"slug": article.slug})).status_code == 200


def test_preview_shows_what_was_typed_without_saving_it(client, manager, posted):
    client.force_login(manager)
    response = client.post(ADD, {**posted, "body": "## Before you start\n\nRead this first.", "preview": "preview"})
    assert response.status_code == 200
    assert not Article.objects.exists()
    page = response.text
    assert "not saved yet" in page
    assert '<h2 class="govuk-heading-m">Before you start</h2>' in page
    assert "/help/holiday-pay-for-your-pa/" in page
    assert 'value="holiday-pay-for-your-pa"' in page  # the suggested address is filled in
    assert f'formaction="{ADD}#article-preview"' in page


def test_preview_on_the_change_page_does_not_change_the_article(client, manager):
    article = ArticleFactory(title="Old title", body="Old words.")
    client.force_login(manager)
    assert "Old words." in client.get(change_url(article)).text
    data = {
        "title": "New title",
        "slug": article.slug,
        "summary": article.summary,
        "topic": str(article.topic_id),
        "audience": "everyone",
        "body": "**New** words.",
        "owner": str(manager.pk),
        **date_parts("review_by", days(60)),
        "is_published": "yes",
        "preview": "preview",
    }
    page = client.post(change_url(article), data).text
    assert "<strong>New</strong> words." in page and "not saved yet" in page
    article.refresh_from_db()
    assert article.title == "Old title" and article.body == "Old words."


def test_an_unwelcome_word_is_refused_naming_it_and_what_to_say_instead(client, manager, posted):
    client.force_login(manager)
    response = client.post(ADD, {**posted, "body": "We audit every account.", "save": "save"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Do not use “audit”: use “financial check-up” instead" in response.text
    assert not Article.objects.exists()
    preview = client.post(ADD, {**posted, "easy_read_body": "A service user can ask.", "preview": "preview"}).text
    assert "Do not use “service user”" in preview and "not saved yet" in preview


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "a" * 10_240}, "The title must be 150 characters or fewer"),
        ({"title": "Holiday\x00pay"}, "Remove the unusual character"),
        ({"body": "nul\x00"}, "Remove the unusual character"),
        ({"title": ""}, "Enter a title"),
        ({"slug": "Holiday Pay!"}, "lower-case letters, numbers and single hyphens"),
        ({"topic": "999999"}, "Choose a topic from the list"),
        ({"topic": "x\x00"}, "Choose a topic from the list"),
        ({"owner": "9" * 5000}, "Choose an owner from the list"),
        ({"review_by_0": "31", "review_by_1": "2"}, "the review-by date as a real date"),
        ({"review_by_0": ""}, "as a day, month and year"),
        ({"review_by_2": "9" * 10_240}, "as a real date"),
        ({"review_by_0": "1\x00"}, "as a real date"),
        ({"is_published": "maybe"}, "Choose yes to publish the page"),
        ({"audience": ["everyone", "x" * 10_240]}, "Choose who the page is for"),
        (date_parts("review_by", days(-1)), "today or later to publish"),
    ],
)
def test_bad_input_gets_a_message_not_an_error(client, manager, posted, changes, message):
    client.force_login(manager)
    response = client.post(ADD, {**posted, **changes, "save": "save"})
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not Article.objects.exists()


def test_an_owner_who_is_not_staff_cannot_be_chosen(client, manager, posted, make_user):
    recipient = make_user(Role.RECIPIENT, full_name="Not Staff")
    client.force_login(manager)
    assert "Not Staff" not in client.get(ADD).text
    response = client.post(ADD, {**posted, "owner": str(recipient.pk), "save": "save"})
    assert "Choose an owner from the list" in response.text


def test_an_address_already_used_is_refused_with_a_clear_message(client, manager, posted):
    ArticleFactory(slug="holiday-pay", title="Holiday pay (old)")
    client.force_login(manager)
    response = client.post(ADD, {**posted, "slug": "holiday-pay", "save": "save"})
    assert "“Holiday pay (old)” already uses this web address" in response.text
    assert Article.objects.count() == 1


def test_unpublishing_an_article_canned_replies_link_to_is_refused_naming_them(client, manager):
    article = ArticleFactory(title="Holiday pay", owner=manager)
    CannedReplyFactory(article=article, title="How much holiday")
    client.force_login(manager)
    page = client.get(change_url(article)).text
    assert "1 canned reply links to this page" in page
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "topic": str(article.topic_id),
        "audience": "everyone",
        "body": article.body,
        "owner": str(manager.pk),
        **date_parts("review_by", article.review_by),
        "is_published": "no",
        "save": "save",
    }
    response = client.post(change_url(article), data)
    assert "A canned reply links to this page: “How much holiday”" in response.text
    assert Article.objects.get(pk=article.pk).is_published
    CannedReply.objects.update(is_active=False)
    response = client.post(change_url(article), data, follow=True)
    assert "“Holiday pay” is saved as a draft." in response.text
    assert not Article.objects.get(pk=article.pk).is_published


def test_reviewed_sets_the_next_review_by_date_with_a_post(client, manager):
    article = ArticleFactory(title="Paying your PA", review_by=days(-5))
    reviewed = reverse("queries:content_article_reviewed", kwargs={"slug": article.slug})
    client.force_login(manager)
    page = client.get(change_url(article)).text
    assert f'action="{reviewed}"' in page and "Reviewed: next review by this date" in page
    assert client.get(reviewed).status_code == 405
    next_date = days(200)
    response = client.post(reviewed, date_parts("next_review_by", next_date), follow=True)
    assert f"“Paying your PA” is reviewed. Next review by {next_date.day} {next_date:%B %Y}." in response.text
    article.refresh_from_db()
    assert article.review_by == next_date
    refused = client.post(reviewed, date_parts("next_review_by", days(0)))
    assert refused.status_code == 200
    assert "There is a problem" in refused.text and "must be after today" in refused.text
    assert 'href="#id_next_review_by_0"' in refused.text
    article.refresh_from_db()
    assert article.review_by == next_date


# --- Canned replies -------------------------------------------------------------------------


def test_a_manager_adds_a_canned_reply_linked_to_a_published_article(client, manager, topic):
    article = ArticleFactory(title="Registering with HMRC", topic=topic)
    ArticleFactory(title="A draft page", is_published=False)
    client.force_login(manager)
    form = client.get(ADD_REPLY).text
    assert "Registering with HMRC (Employing a personal assistant)" in form
    assert "A draft page" not in form
    data = {"title": "HMRC", "body": "Thank you. This page explains it.", "article": str(article.pk), "topic": ""}
    response = client.post(ADD_REPLY, data, follow=True)
    assert "The canned reply “HMRC” is saved. It links to “Registering with HMRC”." in response.text
    reply = CannedReply.objects.get()
    assert (reply.article, reply.topic, reply.is_active) == (article, None, True)
    assert "Any topic" in client.get(REPLIES).text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"article": ""}, "Choose the help page this reply links to"),
        ({"article": "{draft}"}, "Choose a published help page from the list"),
        ({"body": "Your audit is due."}, "Do not use “audit”"),
        ({"title": "t" * 10_240}, "120 characters or fewer"),
        ({"body": "x\x00"}, "Remove the unusual character"),
        ({"topic": "nope"}, "Choose a topic from the list, or leave it blank"),
    ],
)
def test_a_canned_reply_that_cannot_be_saved_gets_a_message(client, manager, changes, message):
    article = ArticleFactory()
    draft = ArticleFactory(is_published=False)
    data = {"title": "HMRC", "body": "Thank you.", "article": str(article.pk), "topic": "", **changes}
    data = {key: value.replace("{draft}", str(draft.pk)) for key, value in data.items()}
    client.force_login(manager)
    response = client.post(ADD_REPLY, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not CannedReply.objects.exists()


def test_a_manager_changes_a_canned_reply(client, manager, topic):
    reply = CannedReplyFactory(title="Old title")
    url = reverse("queries:canned_reply_change", kwargs={"pk": reply.pk})
    client.force_login(manager)
    assert 'value="Old title"' in client.get(url).text
    data = {"title": "New title", "body": "New words.", "article": str(reply.article_id), "topic": str(topic.pk)}
    client.post(url, data)
    reply.refresh_from_db()
    assert (reply.title, reply.body, reply.topic) == ("New title", "New words.", topic)


def test_switching_a_canned_reply_off_and_on_from_the_list(client, manager):
    reply = CannedReplyFactory(title="Sick pay")
    switch = reverse("queries:canned_reply_switch", kwargs={"pk": reply.pk})
    client.force_login(manager)
    page = client.get(REPLIES).text
    assert f'action="{switch}"' in page and "Switch off" in page
    assert client.get(switch).status_code == 405
    response = client.post(switch, {"active": "off"}, follow=True)
    assert "“Sick pay” is switched off: staff are no longer offered it." in response.text
    assert not CannedReply.objects.get().is_active
    assert ">Off<" in response.text and "Switch on" in response.text
    response = client.post(switch, {"active": "on"}, follow=True)
    assert "“Sick pay” is switched on" in response.text and CannedReply.objects.get().is_active
    response = client.post(switch, {"active": "x\x00" * 5000}, follow=True)
    assert "Choose whether to switch the canned reply on or off." in response.text
    assert CannedReply.objects.get().is_active


def test_a_canned_reply_whose_article_is_a_draft_is_not_switched_on(client, manager):
    reply = CannedReplyFactory(title="Old reply", is_active=False, article=ArticleFactory(title="Draft page"))
    Article.objects.update(is_published=False)
    client.force_login(manager)
    switch = reverse("queries:canned_reply_switch", kwargs={"pk": reply.pk})
    response = client.post(switch, {"active": "on"}, follow=True)
    assert "“Old reply” links to “Draft page”, which is not published." in response.text
    assert not CannedReply.objects.get().is_active


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(max_size=200),
    body=st.text(max_size=300),
    slug=st.text(max_size=120),
    day=st.text(max_size=6),
    owner=st.text(max_size=12),
)
def test_generated_input_on_the_forms_never_gives_an_error_page(client, manager, posted, title, body, slug, day, owner):
    client.force_login(manager)
    article_data = {**posted, "title": title, "body": body, "slug": slug, "review_by_0": day, "save": "save"}
    assert client.post(ADD, article_data).status_code in (200, 302)
    assert client.post(ADD, {**article_data, "preview": "preview"}).status_code == 200
    reply_data = {"title": title, "body": body, "article": owner, "topic": slug}
    assert client.post(ADD_REPLY, reply_data).status_code == 200
    assert all("\x00" not in article.title + article.body for article in Article.objects.all())
