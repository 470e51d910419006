"""The public help centre pages: for everyone, signed in or not, without JavaScript and with htmx."""

import pytest
from django.urls import reverse

from dpss.accounts.models import Role
from queries.forms.help import HelpSearchForm
from queries.models import ArticleFeedback, HelpOfferArticle
from queries.services.help import help_offer_articles_record, help_offer_start
from tests.queries.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(slug="employing-a-pa", name="Employing a personal assistant", order=30)


@pytest.fixture
def article(topic):
    return ArticleFactory(
        topic=topic,
        slug="holiday-pay",
        title="Holiday and holiday pay for your PA",
        summary="Your PA is entitled to 5.6 weeks of paid holiday a year.",
        body="## How much holiday\n\nA PA is entitled to **5.6 weeks** of paid holiday.\n\n- agree dates\n- keep a record",
        easy_read_body="Your PA can have paid holiday.\nAsk us if you need help.",
    )


def url(name, **kwargs):
    return reverse(f"queries:{name}", kwargs=kwargs or None)


@pytest.mark.parametrize("role", [None, Role.RECIPIENT, Role.PERSONAL_ASSISTANT, Role.ADVISER])
def test_everyone_can_read_the_help_centre(client, make_user, article, role):
    if role:
        client.force_login(make_user(role))
    home = client.get(url("help_home"))
    assert home.status_code == 200
    assert "Employing a personal assistant" in home.text
    assert url("help_article", slug="holiday-pay") in home.text
    assert 'action="/help/search/"' in home.text
    topic = client.get(url("help_topic", slug="employing-a-pa"))
    assert topic.status_code == 200 and "5.6 weeks of paid holiday a year" in topic.text
    page = client.get(url("help_article", slug="holiday-pay"))
    assert page.status_code == 200
    assert '<h2 class="govuk-heading-m">How much holiday</h2>' in page.text
    assert '<ul class="govuk-list govuk-list--bullet">' in page.text
    assert "Did this page help you?" in page.text


def test_the_header_offers_the_help_pages_to_everyone(client, make_user):
    assert 'href="/help/"' in client.get(reverse("ui:home")).text
    client.force_login(make_user(Role.RECIPIENT))
    assert 'href="/help/"' in client.get(reverse("queries:help_home")).text


def test_unpublished_and_unknown_articles_are_not_found(client, article, topic):
    ArticleFactory(topic=topic, slug="draft", title="A draft page", is_published=False)
    assert client.get(url("help_article", slug="draft")).status_code == 404
    assert client.get(url("help_article", slug="nothing-here")).status_code == 404
    assert client.get(url("help_topic", slug="nothing-here")).status_code == 404
    assert "A draft page" not in client.get(url("help_topic", slug="employing-a-pa")).text
    assert "A draft page" not in client.get(url("help_search"), {"q": "draft page"}).text


def test_topics_without_published_articles_are_not_listed(client, article):
    TopicFactory(slug="empty-topic", name="A topic with nothing yet")
    assert "A topic with nothing yet" not in client.get(url("help_home")).text


def test_the_easy_read_version_is_one_click_away_and_links_back(client, article):
    standard = client.get(url("help_article", slug="holiday-pay"))
    easy_read_url = url("help_article", slug="holiday-pay") + "?version=easy-read"
    assert f'href="{easy_read_url}"' in standard.text
    assert "Read this page in Easy Read" in standard.text

    easy = client.get(easy_read_url)
    assert easy.status_code == 200
    # One idea per line, in larger text; the standard body is not shown.
    assert '<p class="govuk-body-l">Your PA can have paid holiday.</p>' in easy.text
    assert '<p class="govuk-body-l">Ask us if you need help.</p>' in easy.text
    assert "How much holiday" not in easy.text
    assert "Read the standard version of this page" in easy.text
    assert "(Easy Read)" in easy.text


def test_asking_for_easy_read_where_there_is_none_shows_the_standard_page_and_says_so(client, topic):
    ArticleFactory(topic=topic, slug="plain", body="Only the standard words.", easy_read_body="")
    page = client.get(url("help_article", slug="plain") + "?version=easy-read")
    assert "Only the standard words." in page.text
    assert "There is no Easy Read version of this page yet" in page.text
    assert "Read this page in Easy Read" not in client.get(url("help_article", slug="plain")).text


def test_search_finds_articles_and_says_when_nothing_matches(client, article):
    found = client.get(url("help_search"), {"q": "holiday pay"})
    assert found.status_code == 200
    assert "1 page found for “holiday pay”" in found.text
    assert url("help_article", slug="holiday-pay") in found.text
    nothing = client.get(url("help_search"), {"q": "spaceship"})
    assert "No pages found for “spaceship”" in nothing.text
    assert "Try fewer words" in nothing.text
    assert "No pages found" not in client.get(url("help_search")).text


@pytest.mark.parametrize("q", ["a" * 10_240, "nul\x00byte", "<script>alert(1)</script>", "′ OR 1=1 --"])
def test_bad_search_input_gives_a_message_or_no_results_never_an_error(client, article, q):
    response = client.get(url("help_search"), {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    if len(q) > 200 or "\x00" in q:
        assert "There is a problem" in response.text


@pytest.mark.parametrize("name", ["help_home", "help_search"])
def test_the_search_box_is_capped_at_what_the_form_takes(client, article, name):
    most = HelpSearchForm.base_fields["q"].max_length
    assert most == 200
    assert f'maxlength="{most}"' in client.get(url(name)).text


def test_a_very_long_search_gets_the_form_message_on_the_service_page(client, article):
    response = client.get(url("help_search"), {"q": "holiday pay " * 420})  # about 5,000 characters
    assert response.status_code == 200
    assert "There is a problem" in response.text and "Enter 200 characters or fewer" in response.text
    assert "govuk-footer" in response.text


def test_search_takes_a_list_of_values_politely(client, article):
    assert client.get(url("help_search") + "?q=holiday&q=pay").status_code == 200


# --- Did this help? -------------------------------------------------------------


def test_answering_yes_without_javascript_thanks_you_and_offers_a_comment(client, article):
    response = client.post(url("help_feedback", slug="holiday-pay"), {"helpful": "yes"})
    assert response.status_code == 302
    assert response["Location"].endswith("/help/holiday-pay/#article-feedback")
    feedback = ArticleFeedback.objects.get()
    assert feedback.helpful is True and feedback.comment == "" and feedback.user is None

    page = client.get(response["Location"])
    assert "Thank you for telling us" in page.text
    assert "We are glad this page helped" in page.text
    assert "Did this page help you?" not in page.text
    assert 'name="comment"' in page.text


def test_answering_no_then_adding_a_comment(client, make_user, article):
    user = make_user(Role.RECIPIENT)
    client.force_login(user)
    client.post(url("help_feedback", slug="holiday-pay"), {"helpful": "no"})
    page = client.get(url("help_article", slug="holiday-pay"))
    assert "We are sorry this page did not help" in page.text
    # How to ask us: the question form when it exists, else the contact page.
    assert "ask us</a>" in page.text or "contact us</a>" in page.text

    response = client.post(
        url("help_feedback", slug="holiday-pay"), {"comment": "  It did not say how to pay for cover.  "}
    )
    assert response.status_code == 302
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.user) == (False, "It did not say how to pay for cover.", user)
    done = client.get(url("help_article", slug="holiday-pay"))
    assert "Thank you for your comment" in done.text
    assert 'name="comment"' not in done.text


def test_with_htmx_the_answer_is_swapped_in_place(client, article):
    response = client.post(url("help_feedback", slug="holiday-pay"), {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="article-feedback"' in response.text
    assert "<html" not in response.text
    assert "Thank you for telling us" in response.text
    response = client.post(
        url("help_feedback", slug="holiday-pay"), {"comment": "Clear, thanks"}, HTTP_HX_REQUEST="true"
    )
    assert "Thank you for your comment" in response.text
    assert ArticleFeedback.objects.get().comment == "Clear, thanks"


def test_the_question_form_works_with_htmx_and_without(client, article):
    page = client.get(url("help_article", slug="holiday-pay"))
    feedback_url = url("help_feedback", slug="holiday-pay")
    assert f'action="{feedback_url}"' in page.text and f'hx-post="{feedback_url}"' in page.text
    assert 'name="helpful" value="yes"' in page.text and 'name="helpful" value="no"' in page.text


def test_the_easy_read_page_comes_back_to_easy_read_after_answering(client, article):
    response = client.post(url("help_feedback", slug="holiday-pay"), {"helpful": "yes", "version": "easy-read"})
    assert response["Location"].endswith("/help/holiday-pay/?version=easy-read#article-feedback")


@pytest.mark.parametrize(
    "data",
    [{}, {"helpful": "maybe"}, {"helpful": "a" * 10_240}, {"helpful": "yes\x00"}, {"comment": "hello"}],
    ids=["nothing", "maybe", "10kB", "nul", "comment-first"],
)
def test_a_bad_answer_gets_a_message_and_records_nothing(client, article, data):
    response = client.post(url("help_feedback", slug="holiday-pay"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Choose yes or no" in response.text
    assert 'href="#id_helpful"' in response.text and 'id="id_helpful"' in response.text
    assert not ArticleFeedback.objects.exists()


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("", "Write your comment"),
        ("x" * 10_240, "must be 2,000 characters or fewer"),
        ("nul\x00byte", "Remove the unusual character"),
    ],
)
def test_a_bad_comment_gets_a_message_and_keeps_the_answer(client, article, comment, message):
    client.post(url("help_feedback", slug="holiday-pay"), {"helpful": "no"})
    response = client.post(url("help_feedback", slug="holiday-pay"), {"comment": comment})
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert 'href="#id_comment"' in response.text
    feedback = ArticleFeedback.objects.get()
    assert feedback.helpful is False and feedback.comment == ""


def test_feedback_on_an_unpublished_article_is_not_found(client, topic):
    ArticleFactory(topic=topic, slug="draft", is_published=False)
    assert client.post(url("help_feedback", slug="draft"), {"helpful": "yes"}).status_code == 404
    assert client.get(url("help_feedback", slug="draft"), follow=True).status_code == 404


def test_opening_the_feedback_address_goes_to_the_article(client, article):
    response = client.get(url("help_feedback", slug="holiday-pay"))
    assert response.status_code == 302
    assert response["Location"] == url("help_article", slug="holiday-pay") + "#article-feedback"


# --- Offered before asking ------------------------------------------------------


def test_opening_an_offered_article_is_recorded_once(client, article, topic):
    other = ArticleFactory(topic=topic, slug="other")
    offer = help_offer_start()
    help_offer_articles_record(offer=offer, articles=[article, other])

    client.get(url("help_article", slug="holiday-pay") + f"?offer={offer.key}")
    opened = HelpOfferArticle.objects.get(offer=offer, article=article).opened_at
    assert opened is not None
    assert HelpOfferArticle.objects.get(offer=offer, article=other).opened_at is None
    client.get(url("help_article", slug="holiday-pay") + f"?offer={offer.key}")
    client.get(url("help_article", slug="other") + f"?offer={offer.key}")
    assert HelpOfferArticle.objects.get(offer=offer, article=article).opened_at == opened
    # The offer keeps what the reports count: two articles offered, the first opened when it was.
    offer.refresh_from_db()
    assert (offer.articles_offered, offer.first_opened_at) == (2, opened)


def test_offering_the_same_articles_again_does_not_count_them_twice(article, topic):
    other = ArticleFactory(topic=topic, slug="other")
    offer = help_offer_start()
    help_offer_articles_record(offer=offer, articles=[article])
    help_offer_articles_record(offer=offer, articles=[article, other])
    help_offer_articles_record(offer=offer, articles=[other])
    offer.refresh_from_db()
    assert offer.articles_offered == HelpOfferArticle.objects.filter(offer=offer).count() == 2


@pytest.mark.parametrize("key", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "x" * 5000, "nul\x00"])
def test_an_unknown_offer_is_ignored(client, article, key):
    assert client.get(url("help_article", slug="holiday-pay"), {"offer": key}).status_code == 200
    assert not HelpOfferArticle.objects.filter(opened_at__isnull=False).exists()


# --- Query counts ---------------------------------------------------------------


def test_the_help_pages_cost_the_same_queries_for_few_and_many_articles(client, queries_of, topic):
    def add(count):
        for _ in range(count):
            ArticleFactory(topic=TopicFactory(), body="About holiday pay.")
            ArticleFactory(topic=topic, body="About holiday pay.")

    pages = [
        url("help_home"),
        url("help_topic", slug="employing-a-pa"),
        url("help_search") + "?q=holiday+pay",
    ]
    add(3)
    small = [queries_of(lambda page=page: client.get(page)) for page in pages]
    add(40)
    large = [queries_of(lambda page=page: client.get(page)) for page in pages]
    assert small == large, (small, large)
