"""The one-question satisfaction survey after a query is resolved (the issue: "after the answer").

Sent once per query, through a single-use link that lasts 28 days; only the
SHA-256 hash of its token is kept. "Satisfied" means 4 or 5 (the KPI "% satisfied
after contact", docs/kpis.md#kpi-satisfaction). Someone we cannot email gets no survey.
The answer also goes on the query's timeline (not shown to the person), so
staff see it beside the conversation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dpss.text import clean_text
from dpss.tokens import link_token_hash, link_token_new

from ..models import Query, QueryEvent, SatisfactionSurvey
from .messages import message_to_requester, requester_email
from .timeline import event_add

SURVEY_DAYS = 28
COMMENT_MOST = 2000
SCORES = (1, 2, 3, 4, 5)
SATISFIED = frozenset({4, 5})

# Codes on the ValidationError for a link that cannot be used (the page says which).
UNKNOWN, USED, EXPIRED = "unknown", "used", "expired"


@transaction.atomic
def survey_send(*, query: Query) -> SatisfactionSurvey | None:
    """Send the survey for a resolved query, once ever; None if it was sent before or we cannot email."""
    if not requester_email(query) or SatisfactionSurvey.objects.filter(query=query).exists():
        return None
    token = link_token_new()
    now = timezone.now()
    try:
        with transaction.atomic():
            survey = SatisfactionSurvey.objects.create(
                query=query,
                token_hash=link_token_hash(token),
                sent_at=now,
                expires_at=now + timedelta(days=SURVEY_DAYS),
            )
    except IntegrityError:  # sent meanwhile by another request
        return None
    message_to_requester(
        query=query,
        template="query_survey",
        key=f"query-survey:{query.pk}",
        context={
            "reference": query.reference,
            "path": reverse("queries:survey", kwargs={"token": token}),
            "expires_at": survey.expires_at,
        },
    )
    return survey


def survey_check(survey: SatisfactionSurvey | None, *, now: datetime | None = None) -> None:
    """Refuse a link that is unknown, already used or out of date, with a code the page can explain."""
    now = now or timezone.now()
    if survey is None:
        raise ValidationError("This link is not right. Check you copied all of it from the email.", code=UNKNOWN)
    if survey.answered_at is not None:
        raise ValidationError("You have already answered. Thank you: each link can be used once.", code=USED)
    if survey.expires_at <= now:
        raise ValidationError("This link has expired: each link lasts 28 days.", code=EXPIRED)


@transaction.atomic
def survey_answer(*, token: str, score: int, comment: str = "") -> SatisfactionSurvey:
    """Record the answer (1 to 5, and an optional comment) once; the link cannot be used again."""
    survey = (
        SatisfactionSurvey.objects.select_for_update()
        .select_related("query")
        .filter(token_hash=link_token_hash(token))
        .first()
        if isinstance(token, str) and 0 < len(token) <= 200
        else None
    )
    survey_check(survey)
    assert survey is not None  # survey_check refuses a missing survey
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        raise ValidationError({"score": "Choose how satisfied you are, from 1 to 5"})
    comment = clean_text(comment, field="comment")
    if len(comment) > COMMENT_MOST:
        raise ValidationError({"comment": f"Your comment must be {COMMENT_MOST:,} characters or fewer"})
    survey.score = score
    survey.comment = comment
    survey.answered_at = timezone.now()
    survey.full_clean()
    survey.save(update_fields=["score", "comment", "answered_at"])
    event_add(
        query=survey.query,
        kind=QueryEvent.Kind.SURVEY,
        body=comment,
        new_value=str(score),
        is_public=False,
        at=survey.answered_at,
    )
    return survey
