"""Managers' pages: help articles due for review, and the phrases that suggest a topic."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from queries.models import TopicRule
from tests.factories import UserFactory
from tests.queries.factories import ArticleFactory, TopicFactory, TopicRuleFactory

pytestmark = pytest.mark.django_db

REVIEW = reverse("queries:content_review")
RULES = reverse("queries:topic_rules")


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.mark.parametrize("page", [REVIEW, RULES])
def test_only_managers_see_the_content_pages(client, make_user, page):
    assert client.get(page).status_code == 302
    for role in (Role.ADVISER, Role.RECIPIENT, Role.COPRODUCTION):
        client.force_login(make_user(role))
        assert client.get(page).status_code == 403
    client.force_login(make_user(Role.MANAGER))
    assert client.get(page).status_code == 200


def test_articles_due_for_review_are_listed_most_overdue_first_with_their_owner(client, manager):
    topic = TopicFactory(name="Employing a personal assistant")
    owner = UserFactory(full_name="Sian Morgan")
    ArticleFactory(topic=topic, title="Due in a fortnight", owner=owner, review_by=days(14))
    ArticleFactory(topic=topic, title="Badly overdue", owner=owner, review_by=days(-40))
    ArticleFactory(topic=topic, title="Just overdue", owner=owner, review_by=days(-1))
    ArticleFactory(topic=topic, title="Fine for months", owner=owner, review_by=days(120))
    ArticleFactory(topic=topic, title="Hidden draft", owner=owner, review_by=days(-3), is_published=False)
    client.force_login(manager)
    page = client.get(REVIEW).text
    assert "Fine for months" not in page
    order = [page.index(title) for title in ("Badly overdue", "Hidden draft", "Just overdue", "Due in a fortnight")]
    assert order == sorted(order)
    assert "Overdue by 40 days" in page and "Overdue by 1 day<" in page and "Due in 14 days" in page
    assert "Sian Morgan" in page
    assert "(not published)" in page
    assert "4 help pages to review" in page


def test_the_review_page_says_when_nothing_is_due(client, manager):
    ArticleFactory(review_by=days(200))
    client.force_login(manager)
    assert "No help pages are due for review" in client.get(REVIEW).text


def test_a_manager_adds_a_phrase_and_sees_it(client, manager):
    topic = TopicFactory(slug="employing-a-pa", name="Employing a personal assistant")
    client.force_login(manager)
    response = client.post(RULES, {"topic": topic.pk, "phrase": "  Sick   Pay ", "weight": "3"})
    assert response.status_code == 302
    page = client.get(RULES).text
    assert "“sick pay” now suggests Employing a personal assistant." in page
    assert "“sick pay”" in page
    assert TopicRule.objects.get(topic=topic).weight == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phrase": "pension", "weight": "1"}, "Choose a topic"),
        ({"topic": "999999", "phrase": "pension", "weight": "1"}, "Choose a topic from the list"),
        ({"topic": "x\x00", "phrase": "pension", "weight": "1"}, "Choose a topic from the list"),
        ({"topic": "{topic}", "phrase": "", "weight": "1"}, "Enter a phrase"),
        ({"topic": "{topic}", "phrase": "a" * 10_240, "weight": "1"}, "100 characters or fewer"),
        ({"topic": "{topic}", "phrase": "nul\x00", "weight": "1"}, "Remove the unusual character"),
        ({"topic": "{topic}", "phrase": "x", "weight": "1"}, "at least 2 characters"),
        ({"topic": "{topic}", "phrase": "PAYROLL", "weight": "1"}, "“payroll” already suggests"),
        ({"topic": "{topic}", "phrase": "pension", "weight": "lots"}, "whole number from 1 to 10"),
        ({"topic": "{topic}", "phrase": "pension", "weight": "9" * 5000}, "whole number from 1 to 10"),
        ({"topic": "{topic}", "phrase": "pension", "weight": "0"}, "from 1 to 10"),
    ],
)
def test_a_phrase_that_cannot_be_added_gets_a_message(client, manager, data, message):
    topic = TopicFactory(name="Employing a personal assistant")
    TopicRuleFactory(topic=topic, phrase="payroll")
    data = {key: value.replace("{topic}", str(topic.pk)) for key, value in data.items()}
    client.force_login(manager)
    response = client.post(RULES, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert TopicRule.objects.count() == 1


def test_a_manager_removes_a_phrase_with_a_post(client, manager, make_user):
    rule = TopicRuleFactory(topic=TopicFactory(name="Reviews"), phrase="reassessment")
    remove = reverse("queries:topic_rule_remove", kwargs={"pk": rule.pk})
    client.force_login(make_user(Role.ADVISER))
    assert client.post(remove).status_code == 403
    client.force_login(manager)
    assert client.get(remove).status_code == 405
    page = client.get(RULES).text
    assert f'action="{remove}"' in page
    response = client.post(remove, follow=True)
    assert "“reassessment” no longer suggests Reviews." in response.text
    assert not TopicRule.objects.exists()
    assert client.post(remove).status_code == 404


def test_the_content_pages_cost_the_same_queries_at_two_sizes(client, manager, queries_of):
    def add(count):
        for number in range(count):
            topic = TopicFactory()
            TopicRuleFactory(topic=topic)
            TopicRuleFactory(topic=topic)
            ArticleFactory(topic=topic, owner=UserFactory(), review_by=days(number % 60 - 20))

    client.force_login(manager)
    add(3)
    small = [queries_of(lambda page=page: client.get(page)) for page in (REVIEW, RULES)]
    add(60)
    large = [queries_of(lambda page=page: client.get(page)) for page in (REVIEW, RULES)]
    assert small == large, (small, large)
