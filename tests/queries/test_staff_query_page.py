"""The staff query page (`/team/queries/<pk>/`): one timeline, the clocks, and an action form for each job."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.selectors.query_page import query_timeline
from queries.services import escalation, triage
from tests.queries.factories import CannedReplyFactory, TeamFactory, TopicFactory
from tests.queries.helpers import raised_query
from tests.recipients.factories import RecipientFactory

pytestmark = pytest.mark.django_db


def page_url(query: Query) -> str:
    return reverse("queries:staff_query", kwargs={"pk": query.pk})


def action_url(query: Query, action: str) -> str:
    return reverse(f"queries:staff_{action}", kwargs={"pk": query.pk})


@pytest.fixture
def query():
    return raised_query(subject="Paying my PA's holiday", description="How much holiday pay does my PA get?")


def test_the_page_shows_the_query_the_person_and_one_timeline_in_time_order(client, adviser, query, make_user):
    recipient = RecipientFactory(full_name="Joan Okafor")
    Query.objects.filter(pk=query.pk).update(
        about=recipient, suggested_topic=query.topic, topic_reason="it mentions “holiday pay”"
    )
    query.refresh_from_db()
    triage.query_assign(query=query, assignee=adviser, actor=adviser)
    triage.query_note_add(query=query, body="Check the contract first.", actor=adviser)
    triage.query_contact_log(
        query=query,
        kind="phone_call",
        direction="incoming",
        summary="She rang to ask.",
        counts_as_contact=True,
        actor=adviser,
    )
    triage.query_reply(query=query, body="Your PA gets 5.6 weeks a year.", actor=adviser)
    client.force_login(adviser)
    text = client.get(page_url(query)).text
    assert "Paying my PA&#x27;s holiday" in text and "How much holiday pay does my PA get?" in text
    assert reverse("recipients:staff_record", kwargs={"pk": recipient.pk}) in text
    assert re.search(r"[Ss]uggested\. It mentions “holiday pay”", text)
    assert "because It mentions" not in text
    order = [
        "Query raised",
        # Faker's names may have an apostrophe ("O'Brien"), which the HTML escapes.
        f"Assigned to {escape(adviser.full_name)}",
        f"Internal note by {escape(adviser.full_name)}",
        "Phone call from the person, logged",
        "Reply from",
    ]
    start = text.index('id="timeline"')
    positions = [text.index(marker, start) for marker in order]
    assert positions == sorted(positions)
    assert "Internal note: the person cannot see this" in text
    assert "counted as contact" in text


def test_the_clocks_show_working_and_wall_clock_time(client, adviser, query):
    triage.query_reply(query=query, body="Hello", actor=adviser)
    client.force_login(adviser)
    text = client.get(page_url(query)).text
    assert "First contact due" in text and "of working time" in text and "on the clock" in text
    assert "Answer due" in text


def test_the_page_costs_the_same_sql_queries_for_3_and_60_events(client, adviser, query, queries_of):
    client.force_login(adviser)
    triage.query_reply(query=query, body="First", actor=adviser, canned_reply=CannedReplyFactory())
    small = queries_of(lambda: client.get(page_url(query)))
    for n in range(57):
        QueryEvent.objects.create(query=query, kind=QueryEvent.Kind.INTERNAL_NOTE, body=f"Note {n}", author=adviser)
    assert query.events.count() >= 60
    large = queries_of(lambda: client.get(page_url(query)))
    assert small == large


def test_each_view_of_the_page_is_one_audit_entry(client, adviser, query):
    client.force_login(adviser)
    kind = ContentType.objects.get_for_model(Query)
    before = LogEntry.objects.filter(content_type=kind, object_id=query.pk, action=LogEntry.Action.ACCESS).count()
    client.get(page_url(query))
    after = LogEntry.objects.filter(content_type=kind, object_id=query.pk, action=LogEntry.Action.ACCESS)
    assert after.count() == before + 1
    assert after.latest("timestamp").actor == adviser


def test_only_staff_see_the_page(client, query, make_user):
    for role in (Role.RECIPIENT, Role.PRACTITIONER, Role.PERSONAL_ASSISTANT):
        client.force_login(make_user(role))
        assert client.get(page_url(query)).status_code == 403
    client.force_login(query.requester)
    assert client.get(page_url(query)).status_code == 403


# --- What the person who asked may see of the timeline --------------------------------------


def test_internal_notes_calls_and_assignments_never_reach_the_person(adviser, query, make_user):
    triage.query_assign(query=query, assignee=adviser, actor=adviser)
    triage.query_note_add(query=query, body="Secret note", actor=adviser)
    triage.query_contact_log(
        query=query, kind="letter", direction="outgoing", summary="Letter sent", counts_as_contact=False, actor=adviser
    )
    escalation.query_safeguarding_flag(query=query, actor=adviser, note="A worry")
    triage.query_reply(query=query, body="Public answer", actor=adviser)
    seen = query_timeline(query=query, fetched_by=query.requester)
    assert [e.body for e in seen if e.kind == QueryEvent.Kind.PUBLIC_REPLY] == ["Public answer"]
    assert all(e.is_public for e in seen)
    kinds = {e.kind for e in seen}
    assert kinds <= {
        QueryEvent.Kind.RAISED,
        QueryEvent.Kind.PUBLIC_REPLY,
        QueryEvent.Kind.STATUS,
        QueryEvent.Kind.ACKNOWLEDGED,
    }
    assert "Secret note" in [e.body for e in query_timeline(query=query, fetched_by=adviser)]


# --- The actions -------------------------------------------------------------------------------


def test_replying_from_the_page_sends_it_and_comes_back_with_a_banner(client, adviser, query):
    client.force_login(adviser)
    response = client.post(action_url(query, "reply"), {"reply-body": "Here you are.", "reply-after": "keep"})
    assert response.status_code == 302 and response.url.startswith(page_url(query))
    assert "Reply sent." in client.get(response.url).text
    assert OutboxMessage.objects.filter(template="query_reply", to=query.requester.email).exists()


def test_an_empty_reply_shows_the_page_again_with_the_error_and_keeps_the_choice(client, adviser, query):
    client.force_login(adviser)
    response = client.post(action_url(query, "reply"), {"reply-body": "  ", "reply-after": "wait"})
    assert response.status_code == 200
    assert "There is a problem" in response.text and 'href="#id_reply-body"' in response.text
    assert re.search(r'value="wait"[^>]*checked', response.text)


def test_use_this_reply_fills_in_the_canned_text_and_shows_its_article_without_javascript(client, adviser, query):
    canned = CannedReplyFactory(body="Holiday is 5.6 weeks.", article__title="Holiday for your PA")
    client.force_login(adviser)
    response = client.post(
        action_url(query, "reply"), {"reply-canned_reply": canned.pk, "reply-body": "", "use_canned": "1"}
    )
    assert response.status_code == 200
    assert "Holiday is 5.6 weeks.</textarea>" in response.text
    assert "Holiday for your PA" in response.text and "There is a problem" not in response.text
    assert not query.events.filter(kind=QueryEvent.Kind.PUBLIC_REPLY).exists()
    response = client.post(
        action_url(query, "reply"),
        {"reply-canned_reply": canned.pk, "reply-body": "Holiday is 5.6 weeks.", "reply-after": "keep"},
    )
    assert response.status_code == 302
    assert query.events.get(kind=QueryEvent.Kind.PUBLIC_REPLY).article == canned.article


def test_every_triage_action_works_from_the_page(client, adviser, manager, query):
    team, topic = TeamFactory(name="PA Finder"), TopicFactory(name="Finding a PA")
    client.force_login(adviser)
    posts = [
        ("note", {"note-body": "Thinking about it."}, "Internal note added"),
        (
            "contact",
            {"contact-kind": "phone_call", "contact-direction": "outgoing", "contact-summary": "Rang her."},
            "Phone call logged",
        ),
        ("assign", {"assign-assignee": manager.pk}, f"Assigned to {escape(manager.full_name)}"),
        ("team", {"team-team": team.pk}, "Team is now PA Finder"),
        ("topic", {"topic-topic": topic.pk}, "Topic is now “Finding a PA”"),
        ("priority", {"priority-priority": "high"}, "Priority is now high"),
        ("status", {"status-status": "awaiting_third_party", "status-note": ""}, "Status changed"),
        ("complaint", {"complaint-note": "Took too long."}, "Marked as a complaint"),
        ("safeguarding", {"safeguarding-note": "A worry."}, "Every manager has been alerted"),
    ]
    for action, data, banner in posts:
        response = client.post(action_url(query, action), data)
        assert response.status_code == 302, (action, response.content[:2000])
        assert banner in client.get(response.url).text, action
    query.refresh_from_db()
    assert (query.assignee, query.team, query.topic, query.priority) == (manager, team, topic, Query.Priority.HIGH)
    assert query.is_complaint and query.safeguarding and query.status == Query.Status.AWAITING_THIRD_PARTY


def test_merging_from_the_page_by_reference(client, adviser, query):
    duplicate = raised_query(requester=query.requester)
    client.force_login(adviser)
    response = client.post(action_url(duplicate, "merge"), {"merge-into": "DPSS-1999-000000"})
    assert response.status_code == 200 and "There is no query with the reference DPSS-1999-000000" in response.text
    response = client.post(action_url(duplicate, "merge"), {"merge-into": query.reference.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Query.Status.MERGED
    text = client.get(page_url(duplicate)).text
    assert f'Merged into <a class="govuk-link" href="{page_url(query)}">{query.reference}</a>' in text


def test_redirect_from_the_page(client, adviser, query):
    client.force_login(adviser)
    response = client.post(
        action_url(query, "redirect"), {"redirect-to": "Citizens Advice", "redirect-reason": "Benefits advice."}
    )
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.status == Query.Status.REDIRECTED


def test_actions_are_post_only_and_staff_only(client, adviser, query, make_user):
    client.force_login(adviser)
    page = reverse("queries:staff_query", kwargs={"pk": query.pk})
    for action in ("reply", "note", "contact", "status", "merge", "complaint", "safeguarding", "redirect"):
        # A GET of the action (the address shown after a mistake) goes back to the query page.
        response = client.get(action_url(query, action))
        assert response.status_code == 302 and response["Location"] == page
    client.force_login(query.requester)
    assert client.post(action_url(query, "note"), {"note-body": "Hi"}).status_code == 403
    client.logout()
    assert client.post(action_url(query, "note"), {"note-body": "Hi"}).status_code == 302
    assert not query.events.filter(kind=QueryEvent.Kind.INTERNAL_NOTE).exists()


def test_a_query_that_does_not_exist_is_not_found(client, adviser):
    client.force_login(adviser)
    assert client.get(reverse("queries:staff_query", kwargs={"pk": 987654})).status_code == 404
    assert client.post(reverse("queries:staff_note", kwargs={"pk": 987654}), {"note-body": "x"}).status_code == 404


NASTY = ["x\x00y", "a" * 10_240, "", "<script>alert(1)</script>"]


@pytest.mark.parametrize("value", NASTY, ids=["nul", "10kB", "empty", "html"])
def test_bad_input_to_every_action_is_a_message_never_an_error(client, adviser, value):
    query = raised_query()
    client.force_login(adviser)
    fields = {
        "reply": ["reply-body", "reply-canned_reply", "reply-after"],
        "note": ["note-body"],
        "contact": ["contact-kind", "contact-direction", "contact-summary"],
        "status": ["status-status", "status-note"],
        "priority": ["priority-priority"],
        "topic": ["topic-topic"],
        "team": ["team-team"],
        "assign": ["assign-assignee"],
        "merge": ["merge-into"],
        "complaint": ["complaint-note"],
        "safeguarding": ["safeguarding-note"],
        "redirect": ["redirect-to", "redirect-reason"],
    }
    for action, names in fields.items():
        response = client.post(action_url(query, action), dict.fromkeys(names, value))
        assert response.status_code in (200, 302), (action, response.status_code)
        if response.status_code == 200:
            assert "There is a problem" in response.text, action
    assert all("\x00" not in event.body for event in QueryEvent.objects.all())


def test_the_page_of_a_finished_query_offers_only_what_still_makes_sense(client, adviser, query):
    escalation.query_redirect(query=query, to="Adult Social Care", reason="They arrange care.", actor=adviser)
    client.force_login(adviser)
    text = client.get(page_url(query)).text
    assert "nothing more happens to it" in text
    assert action_url(query, "reply") not in text and action_url(query, "note") in text


def test_the_survey_answer_is_shown(client, adviser, query):
    from queries.models import SatisfactionSurvey

    SatisfactionSurvey.objects.create(
        query=query,
        token_hash="x" * 64,
        expires_at=timezone.now() + timedelta(days=28),
        answered_at=timezone.now(),
        score=5,
        comment="Very kind.",
    )
    client.force_login(adviser)
    assert "5 out of 5: “Very kind.”" in client.get(page_url(query)).text


def test_a_jump_to_the_reply_form_comes_before_the_timeline(client, adviser, query):
    client.force_login(adviser)
    text = client.get(page_url(query)).text
    jump = text.index('href="#reply"')
    assert jump < text.index('id="timeline"') < text.index('id="reply"')
    assert f">Reply to {escape(query.requester_name)}</a>" in text
    escalation.query_redirect(query=query, to="Adult Social Care", reason="They arrange care.", actor=adviser)
    text = client.get(page_url(query)).text
    assert 'href="#reply"' not in text and 'href="#actions"' in text
