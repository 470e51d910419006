"""Searching the help articles: the search box, and a problem described in someone's own words.

These run on SQLite (a plain fallback) and on PostgreSQL (full-text search):
the answers must be the same kind on both.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.selectors.help import articles_for_problem, articles_search, search_words
from tests.queries.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    employing = TopicFactory(slug="employing-a-pa", name="Employing a personal assistant", order=30)
    wallet = TopicFactory(slug="virtual-wallet-and-cards", name="Virtual Wallet and payment cards", order=40)
    return {
        "payroll": ArticleFactory(
            topic=employing,
            slug="payroll",
            title="Paying your PA: payroll, HMRC and payslips",
            keywords="payroll, HMRC, PAYE, tax, payslip, wages",
            summary="A payroll service works out tax and payslips for you.",
            body="Send the payroll service your PA's hours. Pay your PA the amount on the payslip.",
        ),
        "holiday": ArticleFactory(
            topic=employing,
            slug="holiday",
            title="Holiday and holiday pay for your PA",
            keywords="annual leave, bank holidays",
            summary="Your PA is entitled to 5.6 weeks of paid holiday.",
            body="Pay your PA their normal wages when they are on holiday.",
        ),
        "card": ArticleFactory(
            topic=wallet,
            slug="card",
            title="Payment cards: lost, stolen or declined",
            keywords="prepaid card, PIN",
            summary="What to do if your card will not work.",
            body="Phone the card provider straight away.",
        ),
        "draft": ArticleFactory(
            topic=employing,
            slug="draft",
            title="Payroll draft that is not published",
            keywords="payroll wages",
            summary="Payroll",
            body="Payroll payroll payroll wages.",
            is_published=False,
        ),
    }


def slugs(found):
    return [article.slug for article in found]


def test_a_problem_in_someones_own_words_finds_the_payroll_article_first(articles):
    found = articles_for_problem(text="I need help paying my PA's wages through payroll")
    assert slugs(found)[0] == "payroll"
    # Any remaining word is enough to be offered: the holiday page mentions wages too.
    assert "holiday" in slugs(found)
    assert "card" not in slugs(found)


def test_long_free_text_still_finds_the_answer(articles):
    text = (
        "Hello, I hope you can help me. My mum has a direct payment and I look after her money. "
        "Her card was declined at the chemist this morning and I do not know why, there should be money on it. "
        "What should I do? Thank you very much."
    )
    assert slugs(articles_for_problem(text=text))[0] == "card"


def test_title_and_keywords_count_more_than_the_body(articles):
    topic = articles["payroll"].topic
    ArticleFactory(topic=topic, slug="body-only", title="Something else", summary="Other", body="A note on payslips.")
    assert slugs(articles_for_problem(text="payslip"))[0] == "payroll"


def test_matching_more_words_ranks_higher(articles):
    found = slugs(articles_for_problem(text="holiday wages"))
    assert found[0] == "holiday"


def test_only_published_articles_are_found(articles):
    assert "draft" not in slugs(articles_for_problem(text="payroll wages"))
    assert "draft" not in slugs(articles_search(text="payroll"))


def test_common_words_alone_find_nothing(articles):
    assert articles_for_problem(text="I need some help please, can you tell me what to do?") == []
    assert articles_for_problem(text="") == []
    assert articles_search(text="   ") == []


def test_the_limit_is_kept(articles):
    assert len(articles_for_problem(text="pay your pa card holiday payroll", limit=2)) == 2
    assert articles_for_problem(text="payroll", limit=0) == []


def test_the_search_box_prefers_articles_with_every_word(articles):
    assert slugs(articles_search(text="holiday pay")) == ["holiday"]


def test_the_search_box_falls_back_to_any_word_when_none_has_them_all(articles):
    found = slugs(articles_search(text="payroll spaceship"))
    assert found == ["payroll"]


def test_search_words_drop_common_words_and_repeats():
    assert search_words("I need help paying my PA's wages through payroll, payroll!") == [
        "paying",
        "pa",
        "wages",
        "payroll",
    ]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_any_text_is_searched_without_an_error(articles, text):
    found = articles_for_problem(text=text)
    assert all(article.is_published for article in found)
    articles_search(text=text)
