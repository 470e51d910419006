"""Staff logging a query that came by phone, email, letter or in person (services/intake.py)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.services.intake import query_log
from tests.queries.factories import TeamFactory, TopicFactory
from tests.queries.helpers import LONDON, TUESDAY_10AM
from tests.queries.helpers import PAYROLL_LOGGED as PAYROLL
from tests.recipients.factories import RecipientFactory

pytestmark = pytest.mark.django_db

CALL_AT = datetime(2026, 3, 10, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(TUESDAY_10AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sam(make_user):
    return make_user(Role.ADVISER, full_name="Sam Adviser")


def log(by, **kwargs) -> Query:
    values = {
        "channel": Query.Channel.PHONE,
        "received_at": CALL_AT,
        "requester_role": Query.RequesterRole.RECIPIENT,
        "requester_name": "Joan Okafor",
        "requester_email": "joan@example.com",
        "reply_by": "email",
        "subject": "Paying my PA",
        "description": PAYROLL,
        "consent_noted": True,
        **kwargs,
    }
    return query_log(actor=by, **values)


def refused(by, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        log(by, **kwargs)
    return error.value.message_dict


# --- Each way a query reaches us -------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (Query.Channel.PHONE, "from a phone call"),
        (Query.Channel.EMAIL, "from an email"),
        (Query.Channel.LETTER, "from a letter"),
        (Query.Channel.IN_PERSON, "from a conversation in person"),
    ],
)
def test_each_channel_is_logged_by_the_adviser_and_its_clock_starts_when_it_reached_us(topics, sam, channel, words):
    query = log(sam, channel=channel)
    assert query.channel == channel and query.reference.startswith("DPSS-2026-")
    assert query.requester is None and query.requester_name == "Joan Okafor"
    assert query.created_at == CALL_AT
    raised = query.events.get(kind=QueryEvent.Kind.RAISED)
    assert raised.author == sam and raised.created_at == CALL_AT and raised.is_public
    assert raised.body.startswith(f"Logged by Sam Adviser {words}.") and PAYROLL in raised.body
    # 8 working hours from 9:30 on Tuesday: 9:30 on Wednesday, not 10:00 (when it was typed in).
    assert query.first_contact_due_at == datetime(2026, 3, 11, 9, 30, tzinfo=LONDON)
    assert query.status == Query.Status.NEW and query.first_contact_at is None


def test_online_is_not_a_way_to_log_a_query_nor_is_anything_else(topics, sam):
    assert "channel" in refused(sam, channel=Query.Channel.PORTAL)
    assert "channel" in refused(sam, channel="pigeon")
    assert "channel" in refused(sam, channel=None)


def test_only_advisers_and_managers_can_log_a_query(topics, make_user):
    for roles in ((Role.RECIPIENT,), (Role.PRACTITIONER,), (Role.PERSONAL_ASSISTANT,)):
        with pytest.raises(PermissionDenied):
            log(make_user(*roles))
    assert not Query.objects.exists()
    assert log(make_user(Role.MANAGER)).pk


# --- When it reached us ----------------------------------------------------------------------


def test_a_time_later_today_is_refused_with_a_hint_about_am_and_pm(topics, sam):
    errors = refused(sam, received_at=TUESDAY_10AM + timedelta(minutes=1))
    assert "am or pm" in errors["received_at"][0]
    assert not Query.objects.exists()


def test_more_than_30_days_ago_is_refused_but_29_days_ago_is_logged(topics, sam):
    errors = refused(sam, received_at=TUESDAY_10AM - timedelta(days=31))
    assert "last 30 days" in errors["received_at"][0] and "today's date" in errors["received_at"][0]
    letter = log(sam, channel=Query.Channel.LETTER, received_at=TUESDAY_10AM - timedelta(days=29))
    assert letter.sla_state == Query.SlaState.BREACHED  # 29 days with no contact is late, and the queue says so


def test_a_moment_without_a_time_zone_or_not_a_moment_is_refused(topics, sam):
    assert "received_at" in refused(sam, received_at=datetime(2026, 3, 10, 9, 30))
    assert "received_at" in refused(sam, received_at="yesterday")


# --- Who asked and how to reply --------------------------------------------------------------


def test_the_person_gets_the_same_acknowledgement_as_online_with_a_link_only_they_hold(topics, sam):
    query = log(sam)
    email = OutboxMessage.objects.get(to="joan@example.com")
    assert query.reference in email.subject and query.reference in email.body
    token = re.search(r"/queries/link/([^/\s]+)/", email.body).group(1)
    assert query.access_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert query.events.filter(kind=QueryEvent.Kind.ACKNOWLEDGED, counts_as_contact=False).exists()
    assert query.first_contact_at is None  # an acknowledgement is not contact


def test_a_phone_reply_needs_a_number_and_sends_no_email(topics, sam):
    errors = refused(sam, reply_by="phone", requester_email="")
    assert errors["requester_phone"] == ["Enter their phone number, or choose another way to reply"]
    query = log(sam, reply_by="phone", requester_email="", requester_phone="01632 960 001")
    assert query.requester_phone == "01632 960 001" and query.access_token_hash
    assert not OutboxMessage.objects.exists()
    assert "requester_phone" in refused(sam, reply_by="phone", requester_phone="call me")


def test_an_email_reply_needs_a_real_address(topics, sam):
    assert refused(sam, requester_email="")["requester_email"] == [
        "Enter their email address, or choose another way to reply"
    ]
    assert "name@example.com" in refused(sam, requester_email="joan at example")["requester_email"][0]


def test_a_person_with_a_direct_payment_gives_the_area_and_an_address_for_a_letter(topics, sam):
    assert "council reference" in refused(sam, reply_by="letter", requester_email="")["reply_by"][0]
    joan = RecipientFactory(full_name="Joan Okafor", area="Fareham")
    query = log(sam, about=joan, reply_by="letter", requester_email="")
    assert query.about == joan and query.area == "Fareham" and query.reply_by == "letter"


def test_without_a_record_the_area_is_not_known(topics, sam):
    assert log(sam, requester_role=Query.RequesterRole.PUBLIC).area == ""


def test_their_consent_must_be_noted(topics, sam):
    assert "consent_noted" in refused(sam, consent_noted=False)
    assert "consent_noted" in refused(sam, consent_noted="yes")
    assert log(sam).consent_given_at is not None


def test_every_problem_is_reported_at_once_on_its_own_field(topics, sam):
    errors = refused(
        sam,
        channel="",
        received_at=None,
        requester_role="alien",
        requester_name="",
        reply_by="fax",
        subject="",
        description="",
        priority="whenever",
        consent_noted=False,
    )
    assert set(errors) >= {
        "channel",
        "received_at",
        "requester_role",
        "requester_name",
        "reply_by",
        "subject",
        "description",
        "priority",
        "consent_noted",
    }


# --- Topic and priority ----------------------------------------------------------------------


def test_without_a_topic_one_is_suggested_from_the_words_with_the_reason_kept(topics, sam):
    query = log(sam)
    assert query.topic == topics and query.suggested_topic == topics and query.team.name == "Employer support"
    assert query.topic_reason == "It mentions “payslip” and “payroll”, which suggest Employing a personal assistant."


def test_with_no_matching_words_it_gets_the_default_topic(topics, sam):
    query = log(sam, subject="A question", description="Can I buy a laptop with my budget?")
    assert query.topic.slug == "getting-help" and query.suggested_topic is None


def test_a_topic_staff_chose_is_kept_and_says_who_chose_it(topics, sam):
    reviews = TopicFactory(slug="reviews", name="Reviews", team=TeamFactory(name="Direct payments advice"))
    query = log(sam, topic=reviews)
    assert query.topic == reviews and query.suggested_topic is None and query.team == reviews.team
    assert query.topic_reason == "Chosen by Sam Adviser when logging the query."


def test_an_urgent_query_is_due_sooner(topics, sam):
    normal, urgent = log(sam), log(sam, priority=Query.Priority.URGENT)
    assert urgent.priority == Query.Priority.URGENT and urgent.resolution_due_at < normal.resolution_due_at


# --- The call that answered them --------------------------------------------------------------


def test_a_call_that_talked_it_through_is_first_contact_at_the_time_of_the_call(topics, sam):
    query = log(sam, talked_through=True)
    call = query.events.get(kind=QueryEvent.Kind.PHONE_CALL)
    assert call.counts_as_contact and not call.is_public and call.author == sam and call.created_at == CALL_AT
    assert "talked this through with Joan Okafor on the phone" in call.body
    assert query.first_contact_at == CALL_AT and query.first_contact_wall_seconds == 0
    assert query.status == Query.Status.IN_PROGRESS
    assert query.due_at == query.resolution_due_at  # the next thing due is the answer, not first contact


def test_a_visit_can_be_talked_through_but_a_letter_or_email_cannot(topics, sam):
    assert log(sam, channel=Query.Channel.IN_PERSON, talked_through=True).first_contact_at == CALL_AT
    for channel in (Query.Channel.EMAIL, Query.Channel.LETTER):
        assert "phone call or in person" in refused(sam, channel=channel, talked_through=True)["talked_through"][0]


# --- Bad input ---------------------------------------------------------------------------------


def test_nul_bytes_and_very_long_text_are_refused_with_messages(topics, sam):
    errors = refused(sam, subject="Pay\x00", description="x" * 10_241, requester_name="Jo\x00an")
    assert errors["subject"] == ["Remove the unusual character from this text, then try again."]
    assert errors["requester_name"] == ["Remove the unusual character from this text, then try again."]
    assert "10,000 characters or fewer" in errors["description"][0]
    assert "150 characters or fewer" in refused(sam, subject="s" * 151)["subject"][0]
    assert log(sam, description="y" * 10_000).description == "y" * 10_000


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=300),
    email=st.text(max_size=300),
    phone=st.text(max_size=40),
    subject=st.text(max_size=200),
    description=st.one_of(st.text(max_size=300), st.integers(), st.none()),
    channel=st.sampled_from(["phone", "email", "letter", "in_person", "portal", ""]),
    reply_by=st.sampled_from(["email", "phone", "letter", "", "pigeon"]),
    minutes_ago=st.integers(min_value=-100, max_value=50_000),
    talked_through=st.booleans(),
)
def test_generated_input_is_either_logged_or_refused_with_messages(
    topics, sam, name, email, phone, subject, description, channel, reply_by, minutes_ago, talked_through
):
    try:
        query = log(
            sam,
            requester_name=name,
            requester_email=email,
            requester_phone=phone,
            subject=subject,
            description=description,
            channel=channel,
            reply_by=reply_by,
            received_at=TUESDAY_10AM - timedelta(minutes=minutes_ago),
            talked_through=talked_through,
        )
    except ValidationError as error:
        assert error.message_dict and all(error.message_dict.values())
    else:
        assert query.pk and "\x00" not in query.subject and query.events.filter(kind=QueryEvent.Kind.RAISED).exists()


def test_values_of_the_wrong_type_are_refused_with_messages(topics, sam):
    errors = refused(
        sam, channel=["phone"], talked_through=True, requester_role={}, reply_by=3, priority=None, about="HCC1"
    )
    assert {"channel", "requester_role", "reply_by", "priority", "about"} <= set(errors)
    assert "talked_through" in refused(sam, talked_through="yes")
    assert "topic" in refused(sam, topic="reviews")
