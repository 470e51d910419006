"""The "Log a query" page (`/team/queries/log/`): staff record a query that came by phone, email, letter or
in person."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from queries.forms.intake import time_parse
from queries.models import Query, QueryEvent
from tests.queries.factories import TeamFactory, TopicFactory
from tests.queries.helpers import PAYROLL_LOGGED as PAYROLL
from tests.queries.helpers import TUESDAY_10AM, text
from tests.recipients.factories import RecipientFactory

pytestmark = pytest.mark.django_db

URL = "/team/queries/log/"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(TUESDAY_10AM, tick=False) as traveller:
        yield traveller


def posted(**changes) -> dict:
    data = {
        "channel": "phone",
        "received_on_0": "10",
        "received_on_1": "3",
        "received_on_2": "2026",
        "received_time": "9:30am",
        "requester_name": "Joan Okafor",
        "requester_role": "recipient",
        "council_reference": "",
        "reply_by": "email",
        "requester_email": "joan@example.com",
        "requester_phone": "",
        "subject": "Paying my PA",
        "description": PAYROLL,
        "topic": "",
        "priority": "normal",
        "consent_noted": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def summary_targets(page: str) -> list[str]:
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


@pytest.fixture
def adviser_client(client, make_user):
    client.force_login(make_user(Role.ADVISER, full_name="Sam Adviser"))
    return client


# --- Who may use it ---------------------------------------------------------------------------


def test_only_advisers_and_managers_reach_the_page(client, make_user):
    assert reverse("queries:staff_log_query") == URL
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for roles in ((Role.RECIPIENT,), (Role.PRACTITIONER,), (Role.PERSONAL_ASSISTANT,), (Role.COPRODUCTION,)):
        client.force_login(make_user(*roles))
        assert client.get(URL).status_code == 403
        assert client.post(URL, posted()).status_code == 403
    assert not Query.objects.exists()
    for role in (Role.ADVISER, Role.MANAGER):
        client.force_login(make_user(role))
        assert client.get(URL).status_code == 200


def test_the_queue_has_a_button_to_log_a_query(adviser_client):
    page = text(adviser_client.get(reverse("queries:staff_queue")))
    assert f'href="{URL}" role="button"' in page and ">Log a query</a>" in page


# --- The form ---------------------------------------------------------------------------------


def test_the_form_starts_with_today_and_now_and_offers_to_suggest_a_topic(adviser_client, topics):
    page = text(adviser_client.get(URL))
    assert '<h1 class="govuk-heading-xl">Log a query</h1>' in page
    assert 'name="received_on_0" value="10"' in page and 'name="received_on_2" value="2026"' in page
    assert 'name="received_time" value="10:00"' in page
    assert '<option value="" selected>Suggest one from the description</option>' in page
    assert "Employing a personal assistant" in page
    for label in ("Phone call", "Email", "Letter", "In person"):
        assert f"> {label} </label>" in page


def test_the_page_costs_the_same_number_of_sql_queries_with_more_topics(adviser_client, queries_of):
    TopicFactory.create_batch(2)
    few = queries_of(lambda: adviser_client.get(URL))
    TopicFactory.create_batch(60)
    assert queries_of(lambda: adviser_client.get(URL)) == few


# --- A good query ------------------------------------------------------------------------------


def test_logging_a_call_goes_to_the_new_query_with_the_reference_to_read_out(adviser_client, topics):
    response = adviser_client.post(URL, posted(), follow=True)
    query = Query.objects.get()
    assert response.redirect_chain[-1][0] == reverse("queries:staff_query", kwargs={"pk": query.pk})
    page = text(response)
    assert "govuk-notification-banner--success" in page
    assert f"Its reference is {query.reference}. Read the reference to them" in page
    assert query.created_at == datetime(2026, 3, 10, 9, 30, tzinfo=LONDON)
    assert query.topic == topics and "It mentions" in query.topic_reason
    assert "Logged by Sam Adviser from a phone call." in page


def test_a_council_reference_links_the_persons_record(adviser_client, topics):
    joan = RecipientFactory(full_name="Joan Okafor", council_reference="HCC0012345", area="Fareham")
    adviser_client.post(URL, posted(council_reference=" hcc0012345 ", reply_by="letter", requester_email=""))
    query = Query.objects.get()
    assert query.about == joan and query.area == "Fareham" and query.reply_by == "letter"


def test_a_chosen_topic_and_priority_are_kept(adviser_client, topics):
    reviews = TopicFactory(slug="reviews", name="Reviews", team=TeamFactory(name="Direct payments advice"))
    adviser_client.post(
        URL, posted(topic=str(reviews.pk), priority="high", channel="letter", received_time="noon", received_on_0="9")
    )
    query = Query.objects.get()
    assert query.topic == reviews and query.priority == "high" and query.channel == "letter"
    assert query.created_at == datetime(2026, 3, 9, 12, 0, tzinfo=LONDON)


def test_talked_through_on_the_call_stops_the_first_contact_clock_at_the_call(adviser_client, topics):
    adviser_client.post(URL, posted(talked_through="on"))
    query = Query.objects.get()
    assert query.first_contact_at == datetime(2026, 3, 10, 9, 30, tzinfo=LONDON)
    assert query.status == Query.Status.IN_PROGRESS
    assert query.events.filter(kind=QueryEvent.Kind.PHONE_CALL, counts_as_contact=True).exists()


# --- Mistakes --------------------------------------------------------------------------------


def test_an_empty_form_lists_every_problem_and_each_link_moves_to_its_field(adviser_client, topics):
    response = adviser_client.post(URL, {"topic": "", "priority": "normal"})
    assert response.status_code == 200 and not Query.objects.exists()
    page = text(response)
    assert "There is a problem" in page and "<title>Error: Log a query" in page
    for message in (
        "Choose how the query reached us",
        "Enter the date it reached us",
        "Enter the time it reached us",
        "Enter the name of the person who asked",
        "Choose who asked",
        "Choose how they would like us to reply",
        "Enter a short subject",
        "Enter what they need help with",
    ):
        assert message in page, message
    targets = summary_targets(page)
    assert {"id_channel_1", "id_received_on_0", "id_requester_role_1", "id_reply_by_1"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in page, target


def test_an_unknown_council_reference_is_a_clear_error_and_nothing_typed_is_lost(adviser_client, topics):
    response = adviser_client.post(URL, posted(council_reference="HCC9999999", requester_name="Joan O'Kafor"))
    page = text(response)
    assert "No one has the council reference “HCC9999999”" in page
    assert 'href="#id_council_reference"' in page
    assert (
        'value="HCC9999999"' in page and 'value="Joan O&#x27;Kafor"' in page and PAYROLL.replace("'", "&#x27;") in page
    )
    assert not Query.objects.exists()


def test_a_time_later_today_is_put_on_the_date_with_the_reason(adviser_client, topics):
    page = text(adviser_client.post(URL, posted(received_time="2:30pm")))
    assert "must be now or earlier" in page and 'href="#id_received_on_0"' in page
    assert 'value="2:30pm"' in page
    assert not Query.objects.exists()


def test_a_service_refusal_lands_on_its_field(adviser_client, topics):
    page = text(adviser_client.post(URL, posted(consent_noted=None, channel="email", talked_through="on")))
    assert "Tick the box to confirm they agreed" in page and 'href="#id_consent_noted"' in page
    assert "phone call or in person" in page and 'href="#id_talked_through"' in page
    assert not Query.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "Pay\x00"},
        {"description": "x" * 10_241},
        {"requester_name": "n" * 10_000},
        {"received_time": "\x00"},
        {"received_on_0": "\x00", "received_on_1": "99"},
        {"council_reference": "HCC\x00"},
        {"topic": "not-a-number"},
        {"topic": "\x00"},
        {"channel": "portal"},
        {"received_time": "25:00"},
        {"received_on_0": "31", "received_on_1": "2"},
    ],
)
def test_bad_input_gives_the_form_again_with_an_error_never_a_crash(adviser_client, topics, changes):
    response = adviser_client.post(URL, posted(**changes))
    assert response.status_code == 200 and "There is a problem" in text(response)
    assert not Query.objects.exists()


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(sorted(posted())),
    value=st.one_of(st.text(max_size=50), st.sampled_from(["\x00", "x" * 10_240, "-1", "99999999999999999999"])),
)
def test_any_value_in_any_field_is_logged_or_refused_never_a_crash(adviser_client, topics, field, value):
    response = adviser_client.post(URL, posted(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in text(response)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("14:30", time(14, 30)),
        ("2:30pm", time(14, 30)),
        ("2.30 PM", time(14, 30)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12:15pm", time(12, 15)),
        ("noon", time(12, 0)),
        ("0:05", time(0, 5)),
        ("13pm", None),
        ("24:00", None),
        ("9:60", None),
        ("half nine", None),
        ("", None),
    ],
)
def test_times_are_read_as_people_type_them(typed, meant):
    assert time_parse(typed) == meant
