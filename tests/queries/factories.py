"""Queries test data."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from queries.models import Article, CannedReply, Query, QueryEvent, Team, Topic, TopicRule
from tests.factories import UserFactory


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    team = factory.SubFactory(TeamFactory)


class TopicRuleFactory(DjangoModelFactory):
    class Meta:
        model = TopicRule

    topic = factory.SubFactory(TopicFactory)
    phrase = factory.Sequence(lambda n: f"phrase {n}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"How to do thing {n}")
    summary = "What to do, in a few words."
    topic = factory.SubFactory(TopicFactory)
    body = "First paragraph.\n\nSecond paragraph."
    owner = factory.SubFactory(UserFactory)
    review_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))


class CannedReplyFactory(DjangoModelFactory):
    class Meta:
        model = CannedReply

    title = factory.Sequence(lambda n: f"Canned reply {n}")
    body = "Thank you for asking. This article explains it."
    article = factory.SubFactory(ArticleFactory)


class QueryFactory(DjangoModelFactory):
    """A query row as the database holds it (no clocks, no timeline): services build real ones."""

    class Meta:
        model = Query

    reference = factory.Sequence(lambda n: f"DPSS-2026-{900000 + n:06d}")
    requester = factory.SubFactory(UserFactory)
    requester_role = Query.RequesterRole.RECIPIENT
    requester_name = factory.Faker("name", locale="en_GB")
    about = None
    # The person's own query when they asked about themselves; otherwise say who asked (`raised_as=`).
    raised_as = factory.LazyAttribute(
        lambda row: (
            Query.RaisedAs.PERSON
            if row.about is not None and row.requester is not None and row.about.user_id == row.requester.pk
            else Query.RaisedAs.THIRD_PARTY
        )
    )
    subject = "Help with paying my PA"
    description = "I am not sure how to pay my personal assistant's wages."
    topic = factory.SubFactory(TopicFactory)
    status = Query.Status.NEW
    priority = Query.Priority.NORMAL


class QueryEventFactory(DjangoModelFactory):
    class Meta:
        model = QueryEvent

    query = factory.SubFactory(QueryFactory)
    kind = "raised"
