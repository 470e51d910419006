"""The satisfaction survey: sent once on resolution through a single-use link, answered 1-5 with a comment."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent, SatisfactionSurvey
from queries.services.raising import query_raise
from queries.services.status import query_status_set
from queries.services.survey import survey_answer, survey_send
from tests.queries.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(margaret, topics, adviser):
    query = query_raise(actor=margaret[0], subject="Paying my PA", description="Payroll question").query
    query_status_set(query=query, status=Query.Status.RESOLVED, actor=adviser)
    return query


def survey_token() -> str:
    body = OutboxMessage.objects.get(template="query_survey").body
    return re.search(r"/survey/([^/\s]+)/", body).group(1)


def test_resolving_a_query_sends_the_survey_link_once_and_keeps_only_its_hash(resolved, margaret, adviser):
    survey = SatisfactionSurvey.objects.get(query=resolved)
    message = OutboxMessage.objects.get(template="query_survey")
    assert message.to == margaret[0].email and resolved.reference in message.subject
    token = survey_token()
    assert survey.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in survey.token_hash
    assert timedelta(days=27, hours=23) < survey.expires_at - survey.sent_at <= timedelta(days=28)
    # Reopened and resolved again: no second survey.
    query_status_set(query=resolved, status=Query.Status.REOPENED, actor=adviser)
    query_status_set(query=resolved, status=Query.Status.RESOLVED, actor=adviser)
    assert survey_send(query=resolved) is None
    assert (
        SatisfactionSurvey.objects.count() == 1 and OutboxMessage.objects.filter(template="query_survey").count() == 1
    )


def test_no_survey_for_someone_we_cannot_email(topics, adviser):
    query = query_raise(
        actor=None,
        subject="Call me",
        description="Please phone",
        requester_name="Sam",
        reply_by="phone",
        requester_phone="01632 960 001",
        consent=True,
    ).query
    query_status_set(query=query, status=Query.Status.RESOLVED, actor=adviser)
    assert not SatisfactionSurvey.objects.exists()
    assert not OutboxMessage.objects.filter(template="query_survey").exists()


def test_answering_records_the_score_once_and_puts_it_on_the_timeline_for_staff_only(client, resolved, margaret):
    url = reverse("queries:survey", kwargs={"token": survey_token()})
    page = text(client.get(url))
    assert "How satisfied are you with the help you got?" in page and "Very satisfied" in page
    response = client.post(url, {"score": "4", "comment": "Quick and kind."})
    assert response.url == reverse("queries:survey_thanks")
    assert "Thank you" in text(client.get(response.url))
    survey = SatisfactionSurvey.objects.get()
    assert (survey.score, survey.comment) == (4, "Quick and kind.") and survey.answered_at is not None
    event = resolved.events.get(kind=QueryEvent.Kind.SURVEY)
    assert event.new_value == "4" and not event.is_public
    # The link is single-use: the page says so, and a second answer changes nothing.
    again = client.get(url)
    assert again.status_code == 200 and "You have already answered" in text(again)
    client.post(url, {"score": "1"})
    survey.refresh_from_db()
    assert survey.score == 4
    client.force_login(margaret[0])
    detail = text(client.get(reverse("queries:query_detail", kwargs={"reference": resolved.reference})))
    assert "Quick and kind." not in detail


def test_an_expired_link_says_so(client, resolved):
    token = survey_token()
    SatisfactionSurvey.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("queries:survey", kwargs={"token": token}))
    assert response.status_code == 410 and "This link has expired" in text(response)
    with pytest.raises(ValidationError) as refused:
        survey_answer(token=token, score=5)
    assert refused.value.code == "expired"


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 500, "nul\x00"])
def test_an_unknown_link_gets_a_clear_page_not_an_error(client, token):
    response = client.get(f"/survey/{token}/")
    assert response.status_code == 404 and "This link does not work" in text(response)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, "Choose how satisfied you are"),
        ({"score": "9"}, "Choose how satisfied you are, from the list"),
        ({"score": "abc"}, "Choose how satisfied you are, from the list"),
        ({"score": "5", "comment": "x" * 10_240}, "2,000 characters or fewer"),
        ({"score": "5", "comment": "nul\x00"}, "Remove the unusual character"),
    ],
    ids=["missing", "out-of-range", "not-a-number", "long-comment", "nul"],
)
def test_bad_answers_are_form_errors_and_leave_the_link_usable(client, resolved, data, words):
    url = reverse("queries:survey", kwargs={"token": survey_token()})
    response = client.post(url, data)
    assert response.status_code == 200 and words in text(response)
    assert SatisfactionSurvey.objects.get().answered_at is None


@pytest.mark.parametrize("score", [0, 6, "5", True, None])
def test_the_service_only_takes_a_whole_number_from_1_to_5(resolved, score):
    with pytest.raises(ValidationError) as refused:
        survey_answer(token=survey_token(), score=score)
    assert "score" in refused.value.message_dict
