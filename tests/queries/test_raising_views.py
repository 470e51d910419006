"""The "ask a question" pages: articles offered first (live with htmx, a step without JavaScript), the details
step, the draft kept in the session, and the confirmation with the reference."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import HelpOffer, HelpOfferArticle, Query
from tests.queries.helpers import pdf, text
from tests.recipients.factories import RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

PROBLEM = {"subject": "Holiday pay", "description": "How do I work out holiday pay for my PA?"}


def test_the_first_step_asks_what_you_need_help_with_and_wires_live_suggestions(client):
    page = text(client.get(reverse("queries:ask")))
    assert "What do you need help with?" in page
    # Posted from the form (with its CSRF token): a GET of the suggestions writes nothing.
    assert f'hx-post="{reverse("queries:ask_suggestions")}"' in page
    assert 'aria-live="polite"' in page and "delay:" in page


def test_as_you_type_matching_articles_come_back_as_a_partial_with_the_offer_key(client, holiday_article):
    response = client.post(reverse("queries:ask_suggestions"), PROBLEM)
    page = text(response)
    assert "<html" not in page  # a partial for htmx, not a whole page
    assert "Working out holiday pay for your PA" in page
    offer = HelpOffer.objects.get()
    assert f"/help/holiday-pay/?offer={offer.key}" in page
    assert HelpOfferArticle.objects.filter(offer=offer, article=holiday_article).exists()
    # Typing more reuses the same offer.
    client.post(reverse("queries:ask_suggestions"), {**PROBLEM, "description": "holiday pay and leave"})
    assert HelpOffer.objects.count() == 1


def test_no_match_gives_an_empty_partial_and_no_offer(client, holiday_article):
    response = client.get(reverse("queries:ask_suggestions"), {"subject": "", "description": "zebra crossing"})
    assert response.status_code == 200 and "may answer" not in text(response)
    assert not HelpOffer.objects.exists()


def test_without_javascript_step_one_shows_check_these_first_with_a_way_on(client, holiday_article):
    response = client.post(reverse("queries:ask"), PROBLEM)
    assert response.url == reverse("queries:ask_check")
    page = text(client.get(response.url))
    assert "Check these first" in page and "Working out holiday pay for your PA" in page
    assert "I still need to ask" in page and f'href="{reverse("queries:ask_details")}"' in page
    offer = HelpOffer.objects.get()
    assert f"?offer={offer.key}" in page


def test_someone_who_saw_the_articles_as_they_typed_goes_straight_on(client, holiday_article):
    response = client.post(reverse("queries:ask"), {**PROBLEM, "seen_suggestions": "1"})
    assert response.url == reverse("queries:ask_details")


def test_when_nothing_matches_the_check_step_is_skipped(client, topics):
    response = client.post(reverse("queries:ask"), {"subject": "Zebra", "description": "Zebra crossing near me"})
    assert response.url == reverse("queries:ask_details")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"subject": "", "description": ""}, "Enter a short subject"),
        ({"subject": "Pay\x00", "description": "x"}, "Remove the unusual character"),
        ({"subject": "a" * 10_240, "description": "x"}, "150 characters or fewer"),
        ({"subject": "Pay", "description": "b" * 10_240}, "5,000 characters or fewer"),
    ],
    ids=["empty", "nul", "long-subject", "long-description"],
)
def test_bad_input_on_step_one_gives_a_message_and_keeps_what_was_typed(client, data, words):
    response = client.post(reverse("queries:ask"), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and words in page


def test_the_draft_survives_going_back(client, topics):
    client.post(reverse("queries:ask"), PROBLEM)
    page = text(client.get(reverse("queries:ask")))
    assert 'value="Holiday pay"' in page and "How do I work out holiday pay for my PA?" in page


def test_the_later_steps_send_you_to_the_start_without_a_draft(client):
    for name in ("ask_check", "ask_details", "ask_done"):
        assert client.get(reverse(f"queries:{name}")).url == reverse("queries:ask")


def anonymous_details(**change):
    return {
        "requester_name": "Sam Carter",
        "reply_by": "email",
        "requester_email": "sam@example.com",
        "requester_phone": "",
        "area": "",
        "consent": "on",
        **change,
    }


def test_someone_without_an_account_asks_and_sees_the_reference_and_their_link_once(client, holiday_article):
    client.post(reverse("queries:ask"), PROBLEM)
    client.get(reverse("queries:ask_check"))
    response = client.post(reverse("queries:ask_details"), anonymous_details())
    assert response.url == reverse("queries:ask_done")
    query = Query.objects.get()
    assert query.subject == "Holiday pay" and query.requester_name == "Sam Carter"
    assert query.help_offer is not None and query.help_offer.went_on_to_ask_at is not None
    page = text(client.get(response.url))
    assert "Question sent" in page and query.reference in page and "within one working day" in page
    assert "/queries/link/" in page
    # The link is shown once; the reference stays.
    again = text(client.get(response.url))
    assert query.reference in again and "/queries/link/" not in again
    assert OutboxMessage.objects.filter(template="query_acknowledged", to="sam@example.com").exists()


def test_missing_details_are_explained_and_everything_typed_is_kept(client, topics):
    client.post(reverse("queries:ask"), PROBLEM)
    response = client.post(
        reverse("queries:ask_details"), anonymous_details(consent="", requester_email="not-an-email")
    )
    page = text(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Tick the box to say we may keep your name" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="Sam Carter"' in page and 'value="not-an-email"' in page
    assert not Query.objects.exists()
    # Going back to step 1 and on again still has the details.
    assert 'value="Sam Carter"' in text(client.get(reverse("queries:ask_details")))


def test_a_bad_file_is_named_with_why_and_nothing_else_is_lost(client, topics):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(reverse("queries:ask"), PROBLEM)
    bad = SimpleUploadedFile("payslip.exe.pdf", b"%PDF-1.4 x")
    response = client.post(reverse("queries:ask_details"), {**anonymous_details(), "attachments": [pdf(), bad]})
    page = text(response)
    assert "“payslip.exe.pdf” has more than one file ending" in page
    assert 'value="Sam Carter"' in page and not Query.objects.exists()


def test_a_recipient_is_asked_only_how_to_reply_and_their_record_is_used(client, margaret):
    user, record = margaret
    client.force_login(user)
    client.post(reverse("queries:ask"), PROBLEM)
    page = text(client.get(reverse("queries:ask_details")))
    assert "How would you like us to reply?" in page and user.email in page
    assert "Your name" not in page and "Who is your question about?" not in page
    response = client.post(reverse("queries:ask_details"), {"reply_by": "email"})
    query = Query.objects.get()
    assert query.about == record and query.requester == user
    assert "See your question and our replies" in text(client.get(response.url))


def test_a_representative_picks_from_the_people_they_act_for(client, make_user, topics):
    carer = make_user(Role.REPRESENTATIVE)
    mum = RecipientFactory(full_name="Joan Carter")
    stranger = RecipientFactory(full_name="Ada Stranger")
    RepresentativeFactory(user=carer, recipient=mum, can_act=True)
    client.force_login(carer)
    client.post(reverse("queries:ask"), PROBLEM)
    page = text(client.get(reverse("queries:ask_details")))
    assert "Who is your question about?" in page and "Joan Carter" in page and "Ada Stranger" not in page
    refused = client.post(reverse("queries:ask_details"), {"about": str(stranger.pk), "reply_by": "email"})
    assert "Choose who your question is about, from the list" in text(refused)
    client.post(reverse("queries:ask_details"), {"about": str(mum.pk), "reply_by": "email"})
    assert Query.objects.get().about == mum


def test_staff_may_use_the_form_as_anyone_else(client, adviser, topics):
    client.force_login(adviser)
    assert client.get(reverse("queries:ask")).status_code == 200


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=300),
    email=st.text(max_size=300),
    reply_by=st.text(max_size=20),
    area=st.text(max_size=80),
)
def test_generated_details_never_crash_the_form(client, topics, name, email, reply_by, area):
    client.post(reverse("queries:ask"), {**PROBLEM, "seen_suggestions": "1"})
    response = client.post(
        reverse("queries:ask_details"),
        {"requester_name": name, "requester_email": email, "reply_by": reply_by, "area": area, "consent": "on"},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in text(response)
