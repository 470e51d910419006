"""Reads for the help centre: topics with their articles, one article, search, and articles to review.

Search is done on the server so it works without JavaScript. On PostgreSQL it
uses full-text search (English stemming, weighted: title and keywords count
most, then the summary, then the body). SQLite has no full-text search that
Django can use, so there the same words are matched as whole words (with
common endings) and scored with the same weights: the same kind of answer.
Only published articles are ever found.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce

from django.db import connection
from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from ..models import Article, ArticleFeedback, Topic

# Articles whose review-by date is this close (or past) are listed for managers.
REVIEW_WINDOW_DAYS = 30
# Long free text is cut to this before it is searched, and to this many distinct words.
TEXT_MOST = 2000
WORDS_MOST = 16

# Words that say little about what someone needs: left out before searching.
_COMMON = """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves im ive id dont doesnt cant wont isnt also get got getting go going know
    like need needs needed want wants wanted please thanks thank hello hi help helping question ask asking
    tell someone something anyone anything one much many really still yet sure able way make made use
"""
COMMON_WORDS = frozenset(_COMMON.split())

_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The words of `text` worth searching for, in the order typed, each once (lower case)."""
    words: list[str] = []
    for word in _WORD.findall(str(text or "")[:TEXT_MOST].lower().replace("’", "'").replace("'s", "")):
        if word in COMMON_WORDS or len(word) < 2 or word in words:
            continue
        words.append(word[:40])
        if len(words) == WORDS_MOST:
            break
    return words


def _stem(word: str) -> str:
    """A rough stem for the SQLite fallback ("paying" -> "pay", "wages" -> "wage"); PostgreSQL stems properly."""
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


# The endings a stem may take in the SQLite fallback: "pay" finds "paying" and "pays", not "payment".
_ENDINGS = r"(?:s|e|es|ed|ing|y|ies|er|ers)?"


def _word_pattern(word: str) -> str:
    return r"\b" + re.escape(_stem(word)) + _ENDINGS + r"\b"


def published_articles() -> QuerySet[Article]:
    return Article.objects.published().select_related("topic")


def topics_with_articles() -> list[Topic]:
    """Every topic that has a published article, in order, each with its articles (two queries)."""
    articles = Prefetch("articles", queryset=Article.objects.published().order_by("title"), to_attr="published")
    topics = Topic.objects.filter(articles__is_published=True).distinct().prefetch_related(articles)
    return list(topics.order_by("order", "name"))


def topic_get(*, slug: str) -> Topic | None:
    articles = Prefetch("articles", queryset=Article.objects.published().order_by("title"), to_attr="published")
    return Topic.objects.prefetch_related(articles).filter(slug=slug).first()


def article_get(*, slug: str) -> Article | None:
    """A published article, or None."""
    return published_articles().filter(slug=slug).first()


def article_feedback_get(*, article: Article, pk: str | int | None) -> ArticleFeedback | None:
    """An answer given on `article` (the view keeps its pk in the person's session), or None."""
    if pk is None:
        return None
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return ArticleFeedback.objects.filter(article=article, pk=number).first()


def articles_search(*, text: str, limit: int = 10) -> list[Article]:
    """Articles for what someone typed in the search box, best first.

    Articles with every word come first; if none has them all, those with any
    of the words (so a typo in one word still finds something).
    """
    words = search_words(text)
    if not words:
        return []
    found = _ranked(words, every=True, limit=limit)
    return found or _ranked(words, every=False, limit=limit)


def articles_for_problem(*, text: str, limit: int = 5) -> list[Article]:
    """Articles that may answer a problem described in the person's own words, best first.

    Common words are dropped; an article matching any remaining word is a
    candidate, ranked by how many words it matches and where (title and
    keywords above the summary, above the body).
    """
    words = search_words(text)
    if not words:
        return []
    return _ranked(words, every=False, limit=limit)


def _ranked(words: list[str], *, every: bool, limit: int) -> list[Article]:
    if connection.vendor == "postgresql":
        articles = _ranked_postgres(words, every=every)
    else:
        articles = _ranked_plain(words, every=every)
    return list(articles.order_by("-rank", "topic__order", "title")[: max(0, int(limit))])


def _ranked_postgres(words: list[str], *, every: bool) -> QuerySet[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("keywords", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    parts = [SearchQuery(word, config="english") for word in words]
    query = reduce(operator.and_ if every else operator.or_, parts)
    return (
        published_articles()
        # An alias, not a column: the vector is worked out for the filter and the rank only.
        .alias(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
    )


# Where a word is found, and what that is worth (as PostgreSQL's weights A, B, C).
_PLACES = (("title", 10), ("keywords", 10), ("summary", 4), ("body", 1))


def _ranked_plain(words: list[str], *, every: bool) -> QuerySet[Article]:
    # For each word, the best place it is found (as a whole word, give or take an ending) gives its points.
    scores = {
        f"word_{number}": Case(
            *[When(**{f"{field}__iregex": _word_pattern(word)}, then=Value(points)) for field, points in _PLACES],
            default=Value(0),
            output_field=IntegerField(),
        )
        for number, word in enumerate(words)
    }
    articles = published_articles().alias(**scores)
    if every:
        articles = articles.filter(**{f"{name}__gt": 0 for name in scores})
    return articles.annotate(rank=reduce(operator.add, (F(name) for name in scores))).filter(rank__gt=0)


@dataclass(frozen=True)
class ArticleToReview:
    article: Article
    days_left: int

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def articles_to_review(*, today: date | None = None) -> list[ArticleToReview]:
    """Articles past or within 30 days of their review-by date, the most overdue first (one query)."""
    today = today or timezone.localdate()
    due = (
        Article.objects.select_related("topic", "owner")
        .filter(review_by__lte=today + timedelta(days=REVIEW_WINDOW_DAYS))
        .order_by("review_by", "title")
    )
    return [ArticleToReview(article=article, days_left=(article.review_by - today).days) for article in due]


def topics_with_rules() -> list[Topic]:
    """Every topic with its phrases (two queries)."""
    return list(Topic.objects.prefetch_related("rules").order_by("order", "name"))
