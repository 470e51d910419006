"""Canned replies: managers' ready answers, each linking to a published help article, so an answer and the
online information stay the same (docs/domain.md). The words are checked as the articles' are (`content`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dpss.accounts.models import User

from ..models import Article, CannedReply, Topic
from .content import manager_only, text_problem, tone_problems

REPLY_TITLE_MOST = 120
REPLY_BODY_MOST = 5_000


def _published_article(article: object, errors: dict[str, Any]) -> Article | None:
    """The article locked for the rest of the transaction (so it cannot be unpublished meanwhile)."""
    if not isinstance(article, Article) or article.pk is None:
        errors["article"] = "Choose the help page this reply links to"
        return None
    locked = Article.objects.select_for_update().filter(pk=article.pk).first()
    if locked is None:
        errors["article"] = "Choose the help page this reply links to"
        return None
    if not locked.is_published:
        errors["article"] = (
            f"“{locked.title}” is not published. Link a published help page, so the reply matches "
            "what people can read online"
        )
    return locked


def _canned_reply_texts(
    *, title: object, body: object, canned_reply: CannedReply | None, errors: dict[str, Any]
) -> tuple[str, str]:
    title, problem = text_problem(title, what="the title", most=REPLY_TITLE_MOST)
    if problem is None and not title:
        problem = "Enter a title that tells staff what the reply is about"
    if problem is None:
        same = CannedReply.objects.filter(title__iexact=title)
        if canned_reply is not None:
            same = same.exclude(pk=canned_reply.pk)
        if same.exists():
            problem = f"Another canned reply is called “{title}”. Choose a title staff can tell apart"
    if problem is not None:
        errors["title"] = problem
    body, problem = text_problem(body, what="the reply", most=REPLY_BODY_MOST)
    if problem is None and not body:
        problem = "Write the reply"
    if problem is not None:
        errors["body"] = problem
    for field, text in (("title", title), ("body", body)):
        if field not in errors and (problems := tone_problems(text)):
            errors[field] = problems
    return title, body


@transaction.atomic
def canned_reply_save(
    *,
    canned_reply: CannedReply | None = None,
    actor: User,
    title: str,
    body: str,
    article: Article,
    topic: Topic | None = None,
) -> CannedReply:
    """Add a canned reply (`canned_reply=None`) or change one. Managers only.

    It must link to a published help article (the issue: answers and the
    online information stay the same). Titles are unique, so staff can tell
    replies apart; the body is checked for unwelcome words (docs/domain.md#words).
    """
    manager_only(actor)
    errors: dict[str, str | list[str]] = {}
    title, body = _canned_reply_texts(title=title, body=body, canned_reply=canned_reply, errors=errors)
    locked_article = _published_article(article, errors)
    if topic is not None and (not isinstance(topic, Topic) or topic.pk is None):
        errors["topic"] = "Choose a topic from the list, or leave it blank"
    if errors:
        raise ValidationError(errors)
    # `_published_article` gives None only after adding an error for "article", refused just above.
    assert locked_article is not None
    if canned_reply is None:
        canned_reply = CannedReply()
    else:
        canned_reply = CannedReply.objects.select_for_update().get(pk=canned_reply.pk)
    canned_reply.title, canned_reply.body = title, body
    canned_reply.article, canned_reply.topic = locked_article, topic
    canned_reply.full_clean()
    canned_reply.save()
    return canned_reply


@transaction.atomic
def canned_reply_switch(*, canned_reply: CannedReply, active: bool, actor: User) -> CannedReply:
    """Switch a canned reply on or off. Switched off, staff are no longer offered it; replies sent stay as
    they are. It can only be switched on while its help article is published."""
    manager_only(actor)
    if not isinstance(active, bool):
        raise ValidationError({"active": "Choose whether to switch the canned reply on or off"})
    canned_reply = CannedReply.objects.select_for_update().get(pk=canned_reply.pk)
    if active and not canned_reply.is_active:
        errors: dict[str, str] = {}
        locked = _published_article(canned_reply.article, errors)
        if errors:
            title = locked.title if locked is not None else "its help page"
            raise ValidationError(
                {
                    "active": f"“{canned_reply.title}” links to “{title}”, which is not published. "
                    "Change the reply to link a published help page, or publish that page first"
                }
            )
    canned_reply.is_active = active
    canned_reply.save(update_fields=["is_active"])
    return canned_reply
