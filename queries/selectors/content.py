"""Reads for managers' content pages: every help article, one article to change, and canned replies.

Each list is one SQL query whatever its length (joined, with counts done in SQL).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from dpss.accounts.models import STAFF_ROLES, User

from ..models import Article, CannedReply


def articles_for_managers() -> list[Article]:
    """Every help article, published or draft, by topic then title, each with its topic, its owner and
    `active_replies` (how many canned replies that are on link to it). One query."""
    return list(
        Article.objects.select_related("topic", "owner")
        .annotate(active_replies=Count("canned_replies", filter=Q(canned_replies__is_active=True)))
        .order_by("topic__order", "topic__name", "title")
    )


def article_for_change(*, slug: str) -> Article | None:
    """An article, published or not, with `linked_replies`: the canned replies on that link to it (two queries)."""
    linked = Prefetch(
        "canned_replies",
        queryset=CannedReply.objects.filter(is_active=True).order_by("title"),
        to_attr="linked_replies",
    )
    return Article.objects.select_related("topic", "owner").prefetch_related(linked).filter(slug=slug).first()


def article_owner_choices() -> QuerySet[User]:
    """Who can own an article: active DPSS advisers and managers, by name."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=STAFF_ROLES)
        .distinct()
        .only("pk", "full_name", "email")
        .order_by("full_name", "email")
    )


def articles_to_link() -> QuerySet[Article]:
    """The articles a canned reply may link to: published ones, by topic then title."""
    return Article.objects.published().select_related("topic").order_by("topic__order", "topic__name", "title")


def canned_replies_for_managers() -> list[CannedReply]:
    """Every canned reply, those switched on first, then by title, each with its article and topic. One query."""
    return list(CannedReply.objects.select_related("article", "topic").order_by("-is_active", "title", "pk"))


def canned_reply_get(*, pk: int) -> CannedReply | None:
    return CannedReply.objects.select_related("article", "topic").filter(pk=pk).first()
