"""Objects the authorisation matrix needs on the queries pages (see tests/policy_queries/__init__.py)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from dpss.tokens import link_token_hash
from queries.models import ClosureDay, Query, QueryAttachment, QueryEvent, SatisfactionSurvey
from tests import authz_policy as policy
from tests.queries.factories import (
    ArticleFactory,
    CannedReplyFactory,
    QueryFactory,
    TopicFactory,
    TopicRuleFactory,
)

QUERY_TOKEN = "matrix-query-token-0123456789abcdef"
SURVEY_TOKEN = "matrix-survey-token-0123456789abcdef"


def query_matrix_records(*, actors, records) -> dict[str, str]:
    from recipients.models import Recipient

    a = Recipient.objects.get(pk=records["recipient_a"])
    topic = TopicFactory(slug="matrix-topic", name="Matrix topic")
    article = ArticleFactory(topic=topic, slug="matrix-article", owner=actors[policy.MANAGER])
    query_a = QueryFactory(
        requester=actors[policy.RECIPIENT_A], about=a, topic=topic, requester_role=Query.RequesterRole.RECIPIENT
    )
    query_b = QueryFactory(requester=actors[policy.RECIPIENT_B], topic=topic)
    anonymous = QueryFactory(
        requester=None,
        requester_role=Query.RequesterRole.PUBLIC,
        requester_email="someone@example.com",
        access_token_hash=link_token_hash(QUERY_TOKEN),
        topic=topic,
    )
    raised = QueryEvent.objects.create(query=query_a, kind=QueryEvent.Kind.RAISED, is_public=True, body="Question")
    attachment = _file_on(raised)
    about_a = _queries_about_a(actors=actors, a=a, topic=topic)
    SatisfactionSurvey.objects.create(
        query=query_a, token_hash=link_token_hash(SURVEY_TOKEN), expires_at=timezone.now() + timedelta(days=28)
    )
    closure = ClosureDay.objects.create(
        day=timezone.localdate().replace(month=12, day=29) + timedelta(days=366 * 3),
        name="Council closure",
        kind=ClosureDay.Kind.COUNCIL_CLOSURE,
    )
    rule = TopicRuleFactory(topic=topic, phrase="matrix phrase")
    canned_reply = CannedReplyFactory(article=article, topic=topic, title="Matrix canned reply")
    return {
        "query_a": query_a.reference,
        "query_a_pk": str(query_a.pk),
        "query_b": query_b.reference,
        "query_b_pk": str(query_b.pk),
        "query_anonymous_pk": str(anonymous.pk),
        "query_token": QUERY_TOKEN,
        "survey_token": SURVEY_TOKEN,
        "article": article.slug,
        "topic": topic.slug,
        "attachment_a": str(attachment.pk),
        "closure_day": str(closure.pk),
        "topic_rule": str(rule.pk),
        "canned_reply": str(canned_reply.pk),
        **about_a,
    }


def _file_on(event: QueryEvent) -> QueryAttachment:
    attachment = QueryAttachment(event=event, original_name="letter.pdf", content_type="application/pdf", size=8)
    attachment.sha256 = hashlib.sha256(b"%PDF-1.4").hexdigest()
    attachment.file.save("letter.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return attachment


def _queries_about_a(*, actors, a, topic) -> dict[str, str]:
    """Queries about A that A and A's representatives must not all see (docs/domain.md#queries-about-a-person):
    a neighbour's call staff logged, a practitioner's question, A's own safeguarding concern, and one the
    representative whose authority ended (yesterday) raised a month ago, with a file from then and one on a
    reply from today, after their authority ended."""
    third_party = QueryFactory(
        requester=None,
        requester_role=Query.RequesterRole.PUBLIC,
        requester_name="Pat Neighbour",
        channel=Query.Channel.PHONE,
        about=a,
        topic=topic,
    )
    by_practitioner = QueryFactory(
        requester=actors[policy.PRACTITIONER_OF_A],
        requester_role=Query.RequesterRole.PRACTITIONER,
        about=a,
        topic=topic,
    )
    safeguarding = QueryFactory(requester=actors[policy.RECIPIENT_A], about=a, topic=topic, safeguarding=True)
    month_ago = timezone.now() - timedelta(days=30)
    ended = QueryFactory(
        requester=actors[policy.REPRESENTATIVE_ENDED],
        requester_role=Query.RequesterRole.REPRESENTATIVE,
        raised_as=Query.RaisedAs.REPRESENTATIVE,
        about=a,
        topic=topic,
        created_at=month_ago,
    )
    asked = QueryEvent.objects.create(
        query=ended, kind=QueryEvent.Kind.RAISED, is_public=True, body="Question", created_at=month_ago
    )
    replied = QueryEvent.objects.create(query=ended, kind=QueryEvent.Kind.PUBLIC_REPLY, is_public=True, body="Reply")
    return {
        "query_third_party": third_party.reference,
        "query_by_practitioner": by_practitioner.reference,
        "query_safeguarding": safeguarding.reference,
        "query_ended": ended.reference,
        "attachment_ended_before": str(_file_on(asked).pk),
        "attachment_ended_after": str(_file_on(replied).pk),
    }
