"""The help centre: articles grouped by topic, what people thought of them, and answers offered before asking."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Team(models.Model):
    """A team of the support service that answers queries; its lead hears about breaches and safeguarding."""

    name = models.CharField(max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams_led"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """What a query or an article is about. Queries are counted by topic (docs/kpis.md#kpi-queries-received)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=50)
    # Queries on this topic go to this team unless someone changes it.
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="topics")
    # Working hours to resolve a query on this topic; empty: the target for its priority.
    resolution_hours = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TopicRule(models.Model):
    """A phrase that suggests a topic when someone describes their problem. Managers edit these."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="rules")
    phrase = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["topic__order", "phrase"]
        constraints = [models.UniqueConstraint(fields=["topic", "phrase"], name="topic_rule_phrase_once")]

    def __str__(self) -> str:
        return f"“{self.phrase}” suggests {self.topic}"


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> ArticleQuerySet:
        return self.filter(is_published=True)


class Article(models.Model):
    """A help article in plain English, optionally with an Easy Read version. Bodies are Markdown."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        RECIPIENTS = "recipients", "People with a direct payment and their carers"
        EMPLOYERS = "employers", "People who employ a personal assistant"
        PERSONAL_ASSISTANTS = "personal_assistants", "Personal assistants"
        PRACTITIONERS = "practitioners", "Practitioners"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    audience = models.CharField(max_length=24, choices=Audience.choices, default=Audience.EVERYONE)
    body = models.TextField()
    easy_read_body = models.TextField(blank=True)
    # Words people use that the title may not (for example "HMRC", "payslip"), used by search.
    keywords = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_owned")
    review_by = models.DateField()
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "title"]
        indexes = [models.Index(fields=["review_by"], name="article_review_by")]

    def __str__(self) -> str:
        return self.title


class ArticleFeedback(models.Model):
    """ "Did this help?" on an article, with an optional comment."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{'Helped' if self.helpful else 'Did not help'}: {self.article}"


class HelpOffer(models.Model):
    """One attempt at raising a query: which articles we offered first, which were opened, and whether
    the person still went on to ask (so deflection can be counted)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    # Set when the person sent the query after all.
    went_on_to_ask_at = models.DateTimeField(null=True, blank=True)
    # Kept by services/help.py as articles are offered and opened, so the reports count the offers alone
    # (one aggregate) instead of joining every HelpOfferArticle.
    articles_offered = models.PositiveSmallIntegerField(default=0)
    first_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The reports count the period's offers from this index alone (an index-only scan).
        indexes = [
            models.Index(
                fields=["started_at"],
                include=["went_on_to_ask_at", "articles_offered", "first_opened_at"],
                name="help_offer_started",
            )
        ]

    def __str__(self) -> str:
        return f"Help offered {self.started_at:%d %b %Y %H:%M}"


class HelpOfferArticle(models.Model):
    offer = models.ForeignKey(HelpOffer, on_delete=models.CASCADE, related_name="articles")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    offered_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offer", "article"], name="help_offer_article_once")]

    def __str__(self) -> str:
        return f"{self.article} offered{' and opened' if self.opened_at else ''}"
