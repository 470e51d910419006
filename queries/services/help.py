"""Writes for the help centre: "did this help?", and the record of articles offered before someone asks.

The strategy wants people to find answers online without having to ask. To
know whether that works, each attempt at raising a query starts a HelpOffer:
the articles we offered, which of them the person opened, and whether they
still went on to ask (the raising page calls these functions). The offer itself
keeps how many articles were offered and when the first was opened, so the
reports count offers without joining the offered articles.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.types import AnyUser
from dpss.text import clean_text

from ..models import Article, ArticleFeedback, HelpOffer, HelpOfferArticle

COMMENT_MOST = 2000


def _signed_in(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def _comment(comment: str) -> str:
    comment = clean_text(comment, field="comment")
    if len(comment) > COMMENT_MOST:
        raise ValidationError({"comment": f"Your comment must be {COMMENT_MOST:,} characters or fewer"})
    return comment


@transaction.atomic
def article_feedback_give(
    *, article: Article, helpful: bool, comment: str = "", user: AnyUser | None = None
) -> ArticleFeedback:
    """Record whether an article helped, with an optional comment. Anyone may answer, signed in or not."""
    if not isinstance(helpful, bool):
        raise ValidationError({"helpful": "Choose yes if this page helped, or no if it did not"})
    feedback = ArticleFeedback(article=article, helpful=helpful, comment=_comment(comment), user=_signed_in(user))
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def article_feedback_comment_add(*, feedback: ArticleFeedback, comment: str) -> ArticleFeedback:
    """Add the optional comment to an answer already given (the second step of "did this help?")."""
    comment = _comment(comment)
    if not comment:
        raise ValidationError({"comment": "Write your comment, or leave the page if you do not want to add one"})
    feedback.comment = comment
    feedback.full_clean()
    feedback.save(update_fields=["comment"])
    return feedback


@transaction.atomic
def help_offer_start(*, user: AnyUser | None = None) -> HelpOffer:
    """Start the record of one attempt at raising a query, before any article is offered."""
    return HelpOffer.objects.create(user=_signed_in(user))


@transaction.atomic
def help_offer_articles_record(*, offer: HelpOffer, articles: Iterable[Article]) -> None:
    """Note the articles offered (again offering one already noted changes nothing)."""
    offered = {article.pk: article for article in articles}
    if not offered:
        return
    # Two pages offering to the same person at once wait for each other here, so the count below is right.
    HelpOffer.objects.select_for_update().filter(pk=offer.pk).values_list("pk", flat=True).first()
    already = set(
        HelpOfferArticle.objects.filter(offer=offer, article_id__in=offered).values_list("article_id", flat=True)
    )
    now = timezone.now()
    HelpOfferArticle.objects.bulk_create(
        [
            HelpOfferArticle(offer=offer, article=article, offered_at=now)
            for pk, article in offered.items()
            if pk not in already
        ],
        ignore_conflicts=True,
    )
    # The reports count offers by this number (services keep it; nothing else writes offered articles).
    offer.articles_offered = HelpOfferArticle.objects.filter(offer=offer).count()
    HelpOffer.objects.filter(pk=offer.pk).update(articles_offered=offer.articles_offered)


@transaction.atomic
def help_offer_article_opened(*, offer_key: object, article: Article) -> None:
    """Note that an offered article was opened (the first time counts). Unknown or malformed keys are ignored."""
    try:
        key = offer_key if isinstance(offer_key, uuid.UUID) else uuid.UUID(str(offer_key))
    except (TypeError, ValueError, AttributeError):
        return
    now = timezone.now()
    opened = HelpOfferArticle.objects.filter(offer__key=key, article=article, opened_at__isnull=True).update(
        opened_at=now
    )
    if opened:
        # When the first offered article was opened, kept on the offer for the reports.
        HelpOffer.objects.filter(key=key, first_opened_at__isnull=True).update(first_opened_at=now)


@transaction.atomic
def help_offer_asked(*, offer: HelpOffer) -> None:
    """Note that the person sent their query after all (the first time counts)."""
    if offer.went_on_to_ask_at is None:
        offer.went_on_to_ask_at = timezone.now()
        HelpOffer.objects.filter(pk=offer.pk, went_on_to_ask_at__isnull=True).update(
            went_on_to_ask_at=offer.went_on_to_ask_at
        )
