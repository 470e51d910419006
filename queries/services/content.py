"""Managers edit the help content: help articles (the canned replies that link to them are in
`canned_replies`).

Two rules from the issue live here and nowhere else:

- Each article has an owner (a DPSS adviser or manager) and a review-by date;
  a published article is never saved with its review-by date in the past.
- A canned reply must link to a published help article, so an answer and the
  online information stay the same. So a reply cannot be linked to a draft,
  and an article that active canned replies link to cannot be unpublished.

Text people read is checked with the same word check as the message
templates (docs/domain.md#words, `dpss.notifications.tone`): "audit",
"service user" and the rest are refused, naming the word to use instead.
Keywords are not checked: they are the words people search with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dpss.accounts.models import Role, User
from dpss.accounts.types import AnyUser
from dpss.formatting import long_date
from dpss.notifications.tone import unwelcome_words
from dpss.text import text_checked

from ..models import Article, Topic

TITLE_MOST = 150
SLUG_MOST = 100
SUMMARY_MOST = 300
KEYWORDS_MOST = 300
BODY_MOST = 20_000
# A review-by date further ahead than this is taken for a typing slip.
REVIEW_YEARS_MOST = 3
# Article addresses the help centre uses for its own pages (/help/search/).
RESERVED_SLUGS = frozenset({"search"})

ARTICLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "topic",
    "audience",
    "keywords",
    "body",
    "easy_read_body",
    "owner",
    "review_by",
    "is_published",
)
# What each text field is called in a message, and whether it must be filled in.
_TEXTS = {
    "title": ("the title", TITLE_MOST, True),
    "slug": ("the web address", SLUG_MOST, False),
    "summary": ("the summary", SUMMARY_MOST, True),
    "keywords": ("the search words", KEYWORDS_MOST, False),
    "body": ("the page", BODY_MOST, True),
    "easy_read_body": ("the Easy Read version", BODY_MOST, False),
}
_REQUIRED_MESSAGES = {
    "title": "Enter a title",
    "summary": "Enter a summary of the page in one or two sentences",
    "topic": "Choose a topic",
    "body": "Write the page",
    "owner": "Choose who owns this page",
    "review_by": "Enter the date by which the page should be checked",
}
# The article's words people read, checked for unwelcome words.
TONE_FIELDS = ("title", "summary", "body", "easy_read_body")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def manager_only(actor: AnyUser | None) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm("queries.manage"):
        raise PermissionDenied("Only managers can change help pages and canned replies.")


def _quoted_list(items: list[str]) -> str:
    quoted = [f"“{item}”" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --- Checks shared by articles and canned replies --------------------------------------------


def tone_problems(text: str) -> list[str]:
    """A message for each unwelcome word in `text` (each word once), saying what to write instead."""
    messages: list[str] = []
    seen: set[str] = set()
    for word, instead in unwelcome_words(str(text or "")):
        if word.lower() in seen:
            continue
        seen.add(word.lower())
        alternative = instead if "“" in instead else f"“{instead}”"
        messages.append(f"Do not use “{word}”: use {alternative} instead")
    return messages


def tone_check(**texts: str) -> None:
    """Refuse unwelcome words (docs/domain.md#words) in any of `texts` (field name: text), on each field."""
    errors = {field: problems for field, text in texts.items() if (problems := tone_problems(text))}
    if errors:
        raise ValidationError(errors)


def text_problem(value: object, *, what: str, most: int) -> tuple[str, str | None]:
    """The text without surrounding spaces, and what is wrong with it (None when nothing is)."""
    try:
        return text_checked(value, field="text", what=what, most=most, required=False), None
    except ValidationError as error:
        return "", error.messages[0]


def _years_ahead(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _review_by(
    value: object, *, field: str, publishing: bool, errors: dict[str, Any], after_today: bool = False
) -> None:
    today = timezone.localdate()
    if not isinstance(value, date) or isinstance(value, datetime):
        errors[field] = "Enter the date as a day, month and year, like 27 3 2027"
        return
    if after_today and value <= today:
        errors[field] = (
            f"The next review-by date must be after today, {long_date(today)}: "
            "choose when the page should next be checked"
        )
    elif publishing and value < today:
        errors[field] = (
            f"The review-by date must be today or later to publish the page. If it has been checked, "
            f"enter when it should next be checked, like {long_date(today + timedelta(days=182))}"
        )
    elif value > _years_ahead(today, REVIEW_YEARS_MOST):
        errors[field] = f"The review-by date must be within {REVIEW_YEARS_MOST} years from today: check the year"


# --- Help articles -----------------------------------------------------------------------------


def article_slug_suggest(*, title: str, exclude: Article | None = None) -> str:
    """A web address made from `title` that no other article uses ("paying-your-pa", "paying-your-pa-2")."""
    base = slugify(str(title or "").replace("\x00", ""))[: SLUG_MOST - 4].strip("-") or "help-page"
    if base in RESERVED_SLUGS:
        base = f"{base}-help"
    others = Article.objects.filter(slug__startswith=base)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _slug_problem(slug: str, article: Article) -> str | None:
    if not _SLUG.fullmatch(slug):
        example = slugify(slug) or "paying-your-pa"
        return f"The web address can only have lower-case letters, numbers and single hyphens, like “{example}”"
    if slug in RESERVED_SLUGS:
        return f"“{slug}” is used by the help centre itself. Choose a different web address"
    other = Article.objects.filter(slug=slug).exclude(pk=article.pk).only("title").first()
    if other is not None:
        free = article_slug_suggest(title=slug, exclude=article)
        return f"“{other.title}” already uses this web address. Choose a different one, like “{free}”"
    return None


def _is_staff(user: object) -> bool:
    return isinstance(user, User) and user.is_active and user.has_role(Role.ADVISER, Role.MANAGER)


# What a check gives back: the value to set, or None and what is wrong with it.
_Checked = tuple[object, str | None]


def _check_topic(value: object) -> _Checked:
    return (value, None) if isinstance(value, Topic) and value.pk is not None else (None, _REQUIRED_MESSAGES["topic"])


def _check_owner(value: object) -> _Checked:
    if value is None:
        return None, _REQUIRED_MESSAGES["owner"]
    return (value, None) if _is_staff(value) else (None, "Choose an owner who is a DPSS adviser or manager")


def _check_audience(value: object) -> _Checked:
    return (value, None) if value in Article.Audience.values else (None, "Choose who the page is for")


def _check_published(value: object) -> _Checked:
    if isinstance(value, bool):
        return value, None
    return None, "Choose yes to publish the page, or no to keep it as a draft"


def _check_review_by(value: object) -> _Checked:
    # Only that there is one: the date itself is checked once the article is known to be published or not.
    return (value, None) if value is not None else (None, _REQUIRED_MESSAGES["review_by"])


_CHECKS: dict[str, Callable[[object], _Checked]] = {
    "topic": _check_topic,
    "owner": _check_owner,
    "audience": _check_audience,
    "is_published": _check_published,
    "review_by": _check_review_by,
}


def _check_text_field(name: str, value: object) -> tuple[str, str | None]:
    what, most, required = _TEXTS[name]
    value, problem = text_problem(value, what=what, most=most)
    if problem is None and required and not value:
        problem = _REQUIRED_MESSAGES[name]
    return (value.lower() if name == "slug" else value), problem


def _article_values(article: Article, fields: dict, errors: dict) -> None:
    """Check each given field and set it on `article`; problems go in `errors` (field: message)."""
    for name, value in fields.items():
        check = _CHECKS.get(name)
        value, problem = check(value) if check is not None else _check_text_field(name, value)
        if problem is None:
            setattr(article, name, value)
        else:
            errors[name] = problem


def _unpublish_problem(article: Article) -> str | None:
    linked = list(article.canned_replies.filter(is_active=True).order_by("title").values_list("title", flat=True))
    if not linked:
        return None
    one = len(linked) == 1
    return (
        f"{'A canned reply links' if one else 'Canned replies link'} to this page: {_quoted_list(linked)}. "
        f"Link {'it' if one else 'them'} to another help page or switch {'it' if one else 'them'} off "
        "first, then unpublish this page"
    )


def _article_problems(article: Article, *, was_published: bool, errors: dict) -> None:
    """What is wrong with the article as a whole: its address, review-by date, words, and unpublishing."""
    if not article.slug and "slug" not in errors and "title" not in errors and article.title:
        article.slug = article_slug_suggest(title=article.title, exclude=article)
    if article.slug and "slug" not in errors and (problem := _slug_problem(article.slug, article)):
        errors["slug"] = problem
    if "review_by" not in errors and article.review_by is not None:
        _review_by(article.review_by, field="review_by", publishing=article.is_published, errors=errors)
    for name in TONE_FIELDS:
        if name not in errors and (problems := tone_problems(getattr(article, name))):
            errors[name] = problems
    unpublishing = was_published and not article.is_published and "is_published" not in errors
    if unpublishing and (problem := _unpublish_problem(article)):
        errors["is_published"] = problem


@transaction.atomic
def article_save(*, article: Article | None = None, actor: User, **fields: object) -> Article:
    """Add a help article (`article=None`) or change the given fields of one. Managers only.

    `fields` are any of ARTICLE_FIELDS. A new article needs a title, summary,
    topic, body, owner and review-by date; its web address is made from the
    title when none is given. Refused, with a message on the field: a web
    address in use or badly formed, an owner who is not DPSS staff, a
    review-by date in the past on a published page (or more than 3 years
    ahead), unwelcome words (docs/domain.md#words), and unpublishing a page
    that active canned replies link to (they would send people to a page
    that is not there).
    """
    manager_only(actor)
    unknown = sorted(set(fields) - set(ARTICLE_FIELDS))
    if unknown:
        raise TypeError(f"article_save() got fields it does not know: {', '.join(unknown)}")
    errors: dict[str, str | list[str]] = {}
    if article is None:
        was_published = False
        article = Article()
        for name in _REQUIRED_MESSAGES:
            if name not in fields:
                errors[name] = _REQUIRED_MESSAGES[name]
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        was_published = article.is_published
    _article_values(article, fields, errors)
    _article_problems(article, was_published=was_published, errors=errors)
    if errors:
        raise ValidationError(errors)
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_review_done(*, article: Article, actor: User, review_by: date) -> Article:
    """Say the article has been checked and is still right: it is next due for review by `review_by`.

    The date must be after today and within 3 years. Only the review-by date changes.
    """
    manager_only(actor)
    errors: dict[str, str] = {}
    _review_by(review_by, field="review_by", publishing=False, errors=errors, after_today=True)
    if errors:
        raise ValidationError(errors)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.review_by = review_by
    article.full_clean()
    article.save(update_fields=["review_by", "updated_at"])
    return article
