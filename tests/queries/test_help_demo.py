"""The demo help centre: enough to show every journey, in words the service has agreed to use."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.demo import seed_demo_accounts
from dpss.notifications.tone import unwelcome_words
from queries.demo_help import ARTICLES, CANNED_REPLIES, TOPICS, seed_demo_help
from queries.models import Article, CannedReply, Team, Topic, TopicRule
from queries.selectors.help import articles_for_problem
from queries.services.topics import topic_suggest

pytestmark = pytest.mark.django_db

TOPIC_SLUGS = {
    "using-your-direct-payment",
    "becoming-an-employer",
    "employing-a-pa",
    "virtual-wallet-and-cards",
    "financial-check-ups",
    "reviews",
    "ending-a-direct-payment",
    "finding-a-pa",
    "getting-help",
}


@pytest.fixture
def demo():
    seed_demo_accounts()
    seed_demo_help()


def test_the_demo_has_the_teams_topics_articles_and_replies_everyone_uses(demo):
    seed_demo_help()  # safe to run again: nothing doubles
    assert set(Team.objects.values_list("name", flat=True)) == {
        "Direct payments advice",
        "Employer support",
        "PA Finder",
    }
    assert {team.lead.email for team in Team.objects.select_related("lead")} == {"manager@example.com"}
    assert set(Topic.objects.values_list("slug", flat=True)) == TOPIC_SLUGS
    assert Topic.objects.filter(team__isnull=True).count() == 0
    assert TopicRule.objects.count() == sum(len(topic.rules) for topic in TOPICS)
    assert all(Topic.objects.get(slug=slug).rules.count() >= 5 for slug in TOPIC_SLUGS)
    assert 16 <= Article.objects.published().count() == len(ARTICLES) <= 20
    assert Article.objects.exclude(easy_read_body="").count() >= 5
    assert {a.owner.email for a in Article.objects.select_related("owner")} == {
        "manager@example.com",
        "adviser@example.com",
    }
    assert Article.objects.filter(review_by__lt=timezone.localdate()).count() == 2
    # Every topic has something to read; every canned reply points to a help page.
    assert not Topic.objects.filter(articles__isnull=True).exists()
    assert 6 <= CannedReply.objects.count() == len(CANNED_REPLIES) <= 8
    assert all(reply.article.is_published for reply in CannedReply.objects.select_related("article"))


def test_running_it_again_keeps_phrases_managers_added(demo, manager):
    from queries.services.topics import topic_rule_add

    topic_rule_add(topic=Topic.objects.get(slug="reviews"), phrase="care act", actor=manager)
    seed_demo_help()
    assert TopicRule.objects.filter(phrase="care act").exists()


def test_every_demo_article_and_canned_reply_uses_the_agreed_words():
    """The same word check as tests/notifications/test_tone.py, over content that lives in the database."""
    texts = {f"article {a.slug}": " ".join([a.title, a.summary, a.keywords, a.body, a.easy_read]) for a in ARTICLES}
    texts |= {f"reply {r.title}": r.title + " " + r.body for r in CANNED_REPLIES}
    texts |= {f"topic {t.slug}": " ".join([t.name, t.description, *(p for p, _ in t.rules)]) for t in TOPICS}
    found = {name: words for name, text in texts.items() if (words := unwelcome_words(text))}
    assert not found


def test_the_figures_in_the_demo_are_the_ones_in_the_domain_notes():
    everything = " ".join(a.body + a.easy_read for a in ARTICLES)
    assert "£12.71 an hour from April 2026" in everything
    assert "5.6 weeks" in everything
    assert "22 or over" in everything and "£10,000 a year" in everything
    assert "£10" in everything  # receipts only above this


@pytest.mark.parametrize(
    ("text", "topic", "article"),
    [
        ("I need help paying my PA's wages through payroll", "employing-a-pa", "paying-your-pa-payroll-and-hmrc"),
        (
            "My payment card was declined in the shop",
            "virtual-wallet-and-cards",
            "payment-cards-lost-stolen-or-declined",
        ),
        ("How much holiday does my PA get and do I pay her for it?", "employing-a-pa", "holiday-and-holiday-pay"),
        ("Does my PA need a pension? She is 30.", "employing-a-pa", "workplace-pensions-for-your-pa"),
        ("I can't log in to my Virtual Wallet", "virtual-wallet-and-cards", "using-your-virtual-wallet"),
        (
            "I got a letter about a financial check-up, what do I send?",
            "financial-check-ups",
            "financial-check-ups-what-happens",
        ),
        ("I want to stop my direct payment", "ending-a-direct-payment", "ending-your-direct-payment"),
        (
            "Can I spend my direct payment on a short break?",
            "using-your-direct-payment",
            "what-your-direct-payment-can-pay-for",
        ),
        ("I am looking for a PA near Winchester", "finding-a-pa", "finding-a-personal-assistant"),
    ],
)
def test_realistic_problems_get_the_right_topic_and_the_right_article_first(demo, text, topic, article):
    assert topic_suggest(text=text).topic.slug == topic
    assert articles_for_problem(text=text)[0].slug == article


def test_every_demo_article_page_renders(demo, client):
    for article in Article.objects.all():
        assert client.get(reverse("queries:help_article", kwargs={"slug": article.slug})).status_code == 200
        if article.easy_read_body:
            easy = client.get(reverse("queries:help_article", kwargs={"slug": article.slug}) + "?version=easy-read")
            assert "govuk-body-l" in easy.text
