"""Suggesting a topic from what someone wrote, and the rules managers edit."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.models import Topic, TopicRule
from queries.services.topics import topic_default, topic_rule_add, topic_rule_remove, topic_suggest
from tests.queries.factories import TopicFactory, TopicRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employing():
    topic = TopicFactory(slug="employing-a-pa", name="Employing a personal assistant", order=30)
    for phrase, weight in [("payroll", 3), ("hmrc", 3), ("tax", 1), ("holiday pay", 3)]:
        TopicRuleFactory(topic=topic, phrase=phrase, weight=weight)
    return topic


@pytest.fixture
def wallet():
    topic = TopicFactory(slug="virtual-wallet-and-cards", name="Virtual Wallet and payment cards", order=40)
    for phrase, weight in [("card", 1), ("payment card", 3), ("virtual wallet", 4)]:
        TopicRuleFactory(topic=topic, phrase=phrase, weight=weight)
    return topic


def test_the_topic_with_the_most_weight_is_suggested_with_a_reason_staff_can_read(employing, wallet):
    suggestion = topic_suggest(text="My payroll company says HMRC has not been paid.")
    assert suggestion.topic == employing
    assert suggestion.phrases == ("payroll", "hmrc")
    assert suggestion.score == 6
    # The person's own words are quoted, in the order they wrote them.
    assert suggestion.reason == "It mentions “payroll” and “HMRC”, which suggest Employing a personal assistant."


def test_one_phrase_reads_as_one(employing):
    assert (
        topic_suggest(text="What about tax?").reason
        == "It mentions “tax”, which suggests Employing a personal assistant."
    )


def test_three_phrases_are_listed_with_commas(employing):
    reason = topic_suggest(text="Tax, payroll and HMRC").reason
    assert reason == "It mentions “Tax”, “payroll” and “HMRC”, which suggest Employing a personal assistant."


def test_phrases_match_whole_words_only(employing, wallet):
    # "taxi" is not "tax"; "discard" is not "card".
    assert topic_suggest(text="I paid for a taxi and will discard the receipt") is None
    assert topic_suggest(text="My card!").topic == wallet


def test_a_phrase_of_several_words_matches_across_any_spacing_and_case(employing, wallet):
    suggestion = topic_suggest(text="How is HOLIDAY\n  Pay worked out?")
    assert suggestion.topic == employing and suggestion.phrases == ("holiday pay",)
    assert "“HOLIDAY Pay”" in suggestion.reason


def test_weights_add_up_across_phrases(employing, wallet):
    # payment card (3) + card (1) = 4 beats tax (1).
    assert topic_suggest(text="Can I pay tax with my payment card?").topic == wallet
    # payroll (3) + tax (1) = 4 beats card (1).
    assert topic_suggest(text="Can I pay payroll tax with my card?").topic == employing


def test_a_tie_goes_to_the_topic_listed_first(employing, wallet):
    # tax (1) against card (1): employing-a-pa comes first (order 30 < 40).
    assert topic_suggest(text="tax card").topic == employing
    Topic.objects.filter(pk=wallet.pk).update(order=5)
    assert topic_suggest(text="tax card").topic.slug == "virtual-wallet-and-cards"


def test_no_match_suggests_nothing(employing, wallet):
    assert topic_suggest(text="When is the next coffee morning?") is None
    assert topic_suggest(text="") is None
    assert topic_suggest(text="   ") is None


def test_the_default_topic_is_getting_help_and_made_once():
    first = topic_default()
    assert (first.slug, first.name) == ("getting-help", "Getting help")
    assert topic_default() == first
    assert Topic.objects.filter(slug="getting-help").count() == 1


def test_suggesting_costs_one_query_however_many_rules(employing, wallet, queries_of):
    assert queries_of(lambda: topic_suggest(text="payroll")) == 1
    for number in range(50):
        TopicRuleFactory(topic=wallet, phrase=f"extra phrase {number}")
    assert queries_of(lambda: topic_suggest(text="payroll")) == 1


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=2000))
def test_any_text_gives_a_suggestion_or_none_never_an_error(employing, wallet, text):
    suggestion = topic_suggest(text=text)
    assert suggestion is None or suggestion.topic in (employing, wallet)


# --- Managers edit the phrases ---------------------------------------------------


def test_a_phrase_is_kept_tidy(employing, manager):
    rule = topic_rule_add(topic=employing, phrase="   Statutory   SICK pay ", weight=2, actor=manager)
    assert (rule.phrase, rule.weight, rule.created_by) == ("statutory sick pay", 2, manager)
    assert topic_suggest(text="Is my PA owed statutory sick pay?").phrases == ("statutory sick pay",)


@pytest.mark.parametrize(
    ("phrase", "weight", "field", "message"),
    [
        ("x", 1, "phrase", "at least 2 characters"),
        ("  ", 1, "phrase", "at least 2 characters"),
        ("a" * 101, 1, "phrase", "100 characters or fewer"),
        ("!!", 1, "phrase", "letters or numbers"),
        ("nul\x00byte", 1, "phrase", "unusual character"),
        ("PAYROLL", 1, "phrase", "“payroll” already suggests Employing a personal assistant"),
        ("pension", 0, "weight", "from 1 to 10"),
        ("pension", 11, "weight", "from 1 to 10"),
    ],
)
def test_a_phrase_that_cannot_work_is_refused_with_a_clear_message(employing, manager, phrase, weight, field, message):
    with pytest.raises(ValidationError) as refused:
        topic_rule_add(topic=employing, phrase=phrase, weight=weight, actor=manager)
    assert message in " ".join(refused.value.message_dict[field])
    assert TopicRule.objects.filter(topic=employing).count() == 4


def test_the_same_phrase_may_suggest_two_topics(employing, wallet, manager):
    topic_rule_add(topic=wallet, phrase="tax", actor=manager)
    assert TopicRule.objects.filter(phrase="tax").count() == 2


def test_removing_a_phrase_stops_it_suggesting(employing, manager):
    rule = TopicRule.objects.get(topic=employing, phrase="tax")
    topic_rule_remove(rule=rule, actor=manager)
    assert topic_suggest(text="tax") is None
