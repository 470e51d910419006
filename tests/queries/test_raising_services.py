"""Raising a query (services/raising.py): who may ask about whom, topic, reference, acknowledgement, files."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import HelpOffer, Query, QueryAttachment, QueryEvent
from queries.services.help import help_offer_start
from queries.services.raising import query_raise
from recipients.models import FormatPreference
from tests.queries.helpers import pdf, png
from tests.recipients.factories import RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

PAYROLL = "My PA's payslip is wrong and the payroll company does not answer."


def raise_it(raised_by, **kwargs):
    values = {"subject": "Paying my PA", "description": PAYROLL, **kwargs}
    return query_raise(actor=raised_by, **values)


def test_a_recipient_asks_about_their_own_direct_payment(topics, margaret):
    user, record = margaret
    raised = raise_it(user)
    query = raised.query
    assert query.about == record and query.requester == user
    assert query.requester_role == Query.RequesterRole.RECIPIENT
    assert query.area == "Winchester"  # from the person's record
    assert raised.link_token == "" and query.access_token_hash == ""
    assert query.requester_name == "Margaret Ellis"


def test_the_reference_is_dpss_year_and_six_digits_and_never_repeats(topics, margaret):
    user, _ = margaret
    first, second = raise_it(user).query, raise_it(user).query
    year = timezone.localdate().year
    assert re.fullmatch(rf"DPSS-{year}-\d{{6}}", first.reference)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_the_topic_is_suggested_from_the_words_with_the_reason_and_the_team_follows(topics, margaret):
    query = raise_it(margaret[0]).query
    assert query.topic == topics and query.suggested_topic == topics
    assert "payroll" in query.topic_reason and "payslip" in query.topic_reason
    assert query.team.name == "Employer support"


def test_no_matching_words_gives_the_getting_help_topic(topics, margaret):
    query = raise_it(margaret[0], description="Who do I talk to about my review meeting?").query
    assert query.topic.slug == "getting-help" and query.suggested_topic is None and query.topic_reason == ""
    assert query.team.name == "Direct payments advice"


def test_the_timeline_starts_with_the_question_then_the_acknowledgement(topics, margaret):
    query = raise_it(margaret[0]).query
    events = list(query.events.order_by("created_at", "id"))
    assert [e.kind for e in events] == [QueryEvent.Kind.RAISED, QueryEvent.Kind.ACKNOWLEDGED]
    assert all(e.is_public for e in events)
    assert events[0].body == PAYROLL and events[0].author == margaret[0]
    assert query.reference in events[1].body


def test_the_acknowledgement_gives_the_reference_what_happens_next_and_the_link(topics, margaret):
    user, _ = margaret
    query = raise_it(user).query
    message = OutboxMessage.objects.get(template="query_acknowledged")
    assert message.to == user.email
    assert query.reference in message.subject and query.reference in message.body
    assert "within one working day" in message.body
    assert f"/queries/{query.reference}/" in message.body


def test_someone_who_prefers_easy_read_gets_the_easy_read_acknowledgement(topics, make_user):
    user = make_user(Role.RECIPIENT)
    RecipientFactory(user=user, format_preference=FormatPreference.EASY_READ)
    raise_it(user)
    body = OutboxMessage.objects.get(template="query_acknowledged").body
    assert "We have got it." in body and "within 1 working day" in body


def test_the_same_query_is_acknowledged_once(topics, margaret):
    query = raise_it(margaret[0]).query
    assert OutboxMessage.objects.filter(key=f"query-acknowledged:{query.pk}").count() == 1


def test_someone_without_an_account_gets_a_link_whose_token_is_only_kept_as_a_hash(topics, anonymous_asker):
    raised = raise_it(None, **anonymous_asker)
    query = raised.query
    assert query.requester is None and query.requester_role == Query.RequesterRole.PUBLIC
    assert len(raised.link_token) >= 40
    assert query.access_token_hash == hashlib.sha256(raised.link_token.encode()).hexdigest()
    assert raised.link_token not in str(query.__dict__)
    assert query.consent_given_at is not None and query.area == "Hart"
    message = OutboxMessage.objects.get(template="query_acknowledged")
    assert message.to == "sam@example.com"
    assert f"/queries/link/{raised.link_token}/" in message.body


@pytest.fixture
def anonymous_asker():
    return {
        "requester_name": "Sam Carter",
        "requester_email": "sam@example.com",
        "reply_by": "email",
        "consent": True,
        "area": "Hart",
    }


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"requester_name": ""}, "requester_name", "Enter your name"),
        ({"consent": False}, "consent", "Tick the box"),
        ({"requester_email": ""}, "requester_email", "Enter your email address"),
        ({"requester_email": "not an email"}, "requester_email", "correct format"),
        ({"reply_by": "phone", "requester_email": ""}, "requester_phone", "Enter a phone number"),
        ({"reply_by": "pigeon"}, "reply_by", "Choose how you would like us to reply"),
        ({"requester_name": "Sam\x00"}, "requester_name", "unusual character"),
    ],
)
def test_someone_without_an_account_is_told_how_to_fix_each_missing_detail(
    topics, anonymous_asker, change, field, words
):
    with pytest.raises(ValidationError) as refused:
        raise_it(None, **{**anonymous_asker, **change})
    assert any(words in message for message in refused.value.message_dict[field])
    assert not OutboxMessage.objects.exists()


def test_someone_without_an_account_can_ask_to_be_phoned_and_gets_no_email(topics, anonymous_asker):
    details = {**anonymous_asker, "requester_email": "", "reply_by": "phone", "requester_phone": "01632 960 001"}
    raised = raise_it(None, **details)
    assert raised.query.reply_by == "phone" and raised.query.requester_phone == "01632 960 001"
    assert not OutboxMessage.objects.filter(template="query_acknowledged").exists()
    assert "showed the reference on screen" in raised.query.events.get(kind=QueryEvent.Kind.ACKNOWLEDGED).body


def test_a_representative_asks_about_a_person_they_act_for_today(topics, make_user):
    carer = make_user(Role.REPRESENTATIVE)
    person = RecipientFactory(area="Havant")
    RepresentativeFactory(user=carer, recipient=person, can_act=True)
    query = raise_it(carer, about=person).query
    assert (
        query.about == person and query.requester_role == Query.RequesterRole.REPRESENTATIVE and query.area == "Havant"
    )


@pytest.mark.parametrize("authority", ["ended", "see_only", "none"])
def test_a_representative_cannot_ask_about_someone_they_do_not_act_for_today(topics, make_user, authority):
    carer = make_user(Role.REPRESENTATIVE)
    person = RecipientFactory()
    today = timezone.localdate()
    if authority == "ended":
        RepresentativeFactory(
            user=carer,
            recipient=person,
            can_act=True,
            valid_from=today - timedelta(days=30),
            valid_to=today - timedelta(days=1),
        )
    elif authority == "see_only":
        RepresentativeFactory(user=carer, recipient=person, can_act=False)
    with pytest.raises(ValidationError) as refused:
        raise_it(carer, about=person)
    assert "a person you act for today" in refused.value.message_dict["about"][0]


def test_nobody_can_ask_about_another_recipient(topics, margaret):
    other = RecipientFactory()
    with pytest.raises(ValidationError) as refused:
        raise_it(margaret[0], about=other)
    assert "about" in refused.value.message_dict


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PRACTITIONER, Query.RequesterRole.PRACTITIONER),
        (Role.PERSONAL_ASSISTANT, Query.RequesterRole.PERSONAL_ASSISTANT),
        (Role.COPRODUCTION, Query.RequesterRole.PUBLIC),
        (Role.ADVISER, Query.RequesterRole.PUBLIC),
    ],
)
def test_practitioners_pas_and_others_ask_general_questions(topics, make_user, role, expected, anonymous_asker):
    asker = make_user(role)
    query = raise_it(asker, area="Gosport").query
    assert query.requester == asker and query.about is None and query.requester_role == expected
    assert query.area == "Gosport"


def test_a_help_offer_is_linked_and_marked_as_asked(topics, margaret):
    offer = help_offer_start(user=margaret[0])
    query = raise_it(margaret[0], help_offer=offer).query
    offer.refresh_from_db()
    assert query.help_offer == offer and offer.went_on_to_ask_at is not None
    # The same offer sent again (a form sent twice) is not taken by a second query.
    again = raise_it(margaret[0], help_offer=offer).query
    assert again.help_offer is None and HelpOffer.objects.count() == 1


def test_files_are_kept_on_the_question_with_their_checksum(topics, margaret):
    query = raise_it(margaret[0], attachments=[pdf(), png()]).query
    files = QueryAttachment.objects.filter(event__query=query, event__kind=QueryEvent.Kind.RAISED).order_by("id")
    assert [(f.original_name, f.content_type) for f in files] == [
        ("letter.pdf", "application/pdf"),
        ("photo.png", "image/png"),
    ]
    with files[0].file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == files[0].sha256


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not really a pdf"), "is not a PDF, JPEG or PNG"),
        (SimpleUploadedFile("invoice.php.pdf", b"%PDF-1.4 hello"), "more than one file ending"),
        (pdf(size=10 * 1024 * 1024 + 1), "bigger than 10 MB"),
        (SimpleUploadedFile("empty.pdf", b""), "is empty"),
    ],
    ids=["wrong-content", "double-extension", "too-big", "empty"],
)
def test_a_bad_file_is_refused_by_name_with_why_and_nothing_is_kept(topics, margaret, upload, words):
    with pytest.raises(ValidationError) as refused:
        raise_it(margaret[0], attachments=[pdf("fine.pdf"), upload])
    messages = refused.value.message_dict["attachments"]
    assert any(words in message and upload.name in message for message in messages)
    assert not QueryAttachment.objects.exists()
    assert not margaret[0].queries_raised.exists()


def test_more_than_five_files_are_refused(topics, margaret):
    with pytest.raises(ValidationError) as refused:
        raise_it(margaret[0], attachments=[pdf(f"page{n}.pdf") for n in range(6)])
    assert "up to 5 files" in refused.value.message_dict["attachments"][0]


def test_every_problem_is_reported_at_once(topics):
    with pytest.raises(ValidationError) as refused:
        query_raise(actor=None, subject="", description="x" * 5001, consent=False)
    assert {"subject", "description", "requester_name", "consent", "requester_email"} <= set(refused.value.message_dict)


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    subject=st.text(max_size=200),
    description=st.text(max_size=6000),
    name=st.text(max_size=250),
    email=st.one_of(st.emails(), st.text(max_size=300)),
    phone=st.text(max_size=40),
    reply_by=st.sampled_from(["email", "phone", "letter", "pigeon", ""]),
    consent=st.booleans(),
)
def test_generated_input_is_either_raised_or_refused_with_messages(
    topics, subject, description, name, email, phone, reply_by, consent
):
    try:
        raised = query_raise(
            actor=None,
            subject=subject,
            description=description,
            requester_name=name,
            requester_email=email,
            requester_phone=phone,
            reply_by=reply_by,
            consent=consent,
        )
    except ValidationError as refused:
        assert refused.message_dict and all(refused.message_dict.values())
    else:
        assert raised.query.pk and raised.link_token and "\x00" not in raised.query.subject
