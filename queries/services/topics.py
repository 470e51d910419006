"""Suggesting a topic for a query from the words the person used, with rules managers edit.

Each topic has phrases (TopicRule), each with a weight. A phrase counts when
it appears in the text as whole words, in any case; the topic with the
highest total weight is suggested, and a tie goes to the topic listed first
(its `order`). Staff see the reason in words and can change the topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from dpss.accounts.models import User
from dpss.text import clean_text

from ..models import Topic, TopicRule

DEFAULT_TOPIC_SLUG = "getting-help"
PHRASE_FEWEST, PHRASE_MOST = 2, 100
WEIGHT_MOST = 10
# Only the start of a very long description is read.
TEXT_MOST = 10_000


@dataclass(frozen=True)
class TopicSuggestion:
    topic: Topic
    # The rules' phrases that matched, in the order they first appear in the text.
    phrases: tuple[str, ...]
    score: int
    # Why, in words staff read: It mentions “payroll” and “HMRC”, which suggest Employing a personal assistant.
    reason: str


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def _quoted_list(items: list[str]) -> str:
    quoted = [f"“{item}”" for item in items]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def topic_suggest(*, text: str) -> TopicSuggestion | None:
    """The topic the text most suggests, and why; None when no phrase matches (one query)."""
    text = str(text or "")[:TEXT_MOST]
    if not text.strip():
        return None
    totals: dict[int, int] = {}
    found: dict[int, list[tuple[int, str, str]]] = {}
    topics: dict[int, Topic] = {}
    for rule in TopicRule.objects.select_related("topic"):
        match = _pattern(rule.phrase).search(text)
        if match is None:
            continue
        topics[rule.topic_id] = rule.topic
        totals[rule.topic_id] = totals.get(rule.topic_id, 0) + rule.weight
        found.setdefault(rule.topic_id, []).append((match.start(), rule.phrase, match.group(0)))
    if not totals:
        return None
    best = min(totals, key=lambda pk: (-totals[pk], topics[pk].order, topics[pk].name, pk))
    matches = sorted(found[best])
    said = [" ".join(words.split()) for _, _, words in matches]
    verb = "suggests" if len(said) == 1 else "suggest"
    return TopicSuggestion(
        topic=topics[best],
        phrases=tuple(phrase for _, phrase, _ in matches),
        score=totals[best],
        reason=f"It mentions {_quoted_list(said)}, which {verb} {topics[best].name}.",
    )


@transaction.atomic
def topic_default() -> Topic:
    """The topic a query gets when no rule matches: "Getting help" (made if it is missing)."""
    topic, _ = Topic.objects.get_or_create(
        slug=DEFAULT_TOPIC_SLUG,
        defaults={"name": "Getting help", "description": "Anything else, and how to ask us.", "order": 90},
    )
    return topic


def phrase_clean(phrase: str) -> str:
    """A phrase as it is kept: single spaces, lower case. Refused (with what to do) if it cannot match well."""
    phrase = " ".join(clean_text(phrase, field="phrase").split()).lower()
    if len(phrase) < PHRASE_FEWEST:
        raise ValidationError({"phrase": f"Enter a phrase of at least {PHRASE_FEWEST} characters"})
    if len(phrase) > PHRASE_MOST:
        raise ValidationError({"phrase": f"Enter a phrase of {PHRASE_MOST} characters or fewer"})
    if not re.search(r"\w", phrase):
        raise ValidationError({"phrase": "Enter a phrase with letters or numbers in it, like “payroll”"})
    return phrase


@transaction.atomic
def topic_rule_add(*, topic: Topic, phrase: str, weight: int = 1, actor: User) -> TopicRule:
    """Add a phrase that suggests `topic`. The same phrase twice on one topic is refused."""
    phrase = phrase_clean(phrase)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= WEIGHT_MOST:
        raise ValidationError({"weight": f"Enter a weight from 1 to {WEIGHT_MOST}: higher counts for more"})
    if TopicRule.objects.filter(topic=topic, phrase__iexact=phrase).exists():
        raise ValidationError({"phrase": f"“{phrase}” already suggests {topic.name}. Enter a different phrase"})
    rule = TopicRule(topic=topic, phrase=phrase, weight=weight, created_by=actor if actor.is_authenticated else None)
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def topic_rule_remove(*, rule: TopicRule, actor: User) -> None:
    """Remove a phrase; queries already raised keep their topic."""
    TopicRule.objects.filter(pk=rule.pk).delete()
