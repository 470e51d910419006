"""A phone number is checked only when the person asks to be phoned (issue 11, item 18): a bad number left in
the form must not stop a question that is to be answered by email."""

import pytest
from django.urls import reverse

from queries.models import Query
from tests.queries.helpers import text
from tests.queries.test_raising_views import PROBLEM, anonymous_details

pytestmark = pytest.mark.django_db


def test_a_bad_phone_number_does_not_block_a_question_answered_by_email_and_is_not_kept(client, topics):
    client.post(reverse("queries:ask"), PROBLEM)
    response = client.post(reverse("queries:ask_details"), anonymous_details(requester_phone="call me"))
    assert response.status_code == 302 and response.url == reverse("queries:ask_done")
    query = Query.objects.get()
    assert query.reply_by == Query.ReplyBy.EMAIL and query.requester_phone == ""


def test_a_good_phone_number_is_kept_with_a_question_answered_by_email(client, topics):
    client.post(reverse("queries:ask"), PROBLEM)
    client.post(reverse("queries:ask_details"), anonymous_details(requester_phone="01632 960 001"))
    assert Query.objects.get().requester_phone == "01632 960 001"


def test_a_bad_phone_number_is_refused_when_phone_is_the_way_to_reply(client, topics):
    client.post(reverse("queries:ask"), PROBLEM)
    response = client.post(
        reverse("queries:ask_details"), anonymous_details(reply_by="phone", requester_phone="call me")
    )
    page = text(response)
    assert response.status_code == 200 and "Enter a phone number, like 01632 960 001 or 07700 900 982" in page
    assert not Query.objects.exists()
