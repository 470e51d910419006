"""The person's pages: their queries, one query's public timeline, replying, withdrawing, files, the link."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from queries.models import Query, QueryEvent
from queries.services.raising import query_raise
from queries.services.status import query_status_set
from queries.services.timeline import event_add
from tests.queries.factories import QueryFactory
from tests.queries.helpers import pdf, text
from tests.recipients.factories import RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(margaret, adviser, topics):
    """Margaret's query with a file, an internal note and a public reply."""
    user, _ = margaret
    query = query_raise(actor=user, subject="Paying my PA", description="Payroll question", attachments=[pdf()]).query
    event_add(query=query, kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="SECRET: check her records first")
    event_add(
        query=query, kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, body="Here is how payroll works.", is_public=True
    )
    return query


def detail(query):
    return reverse("queries:query_detail", kwargs={"reference": query.reference})


def test_the_person_sees_status_the_public_timeline_and_their_file_but_never_internal_notes(client, asked, margaret):
    client.force_login(margaret[0])
    page = text(client.get(detail(asked)))
    assert asked.reference in page and "Paying my PA" in page
    assert "You asked" in page and "Payroll question" in page
    assert "Here is how payroll works." in page and "Our reply" in page
    assert "SECRET" not in page and "check her records" not in page
    assert "letter.pdf" in page and "Withdraw this query" in page and "Send your reply" in page


def test_each_view_of_a_query_is_one_audit_entry(client, asked, margaret):
    client.force_login(margaret[0])
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(detail(asked))
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    assert entries.latest("timestamp").object_pk == str(asked.pk)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("recipient_b", 404),
        ("personal_assistant", 404),
        ("practitioner", 404),
        ("representative_today", 200),
        ("representative_see_only", 200),
        ("representative_ended", 404),
        ("adviser", 200),
    ],
)
def test_who_can_see_a_query(client, asked, margaret, make_user, who, status):
    _, record = margaret
    today = timezone.localdate()
    role = {
        "recipient_b": Role.RECIPIENT,
        "personal_assistant": Role.PERSONAL_ASSISTANT,
        "practitioner": Role.PRACTITIONER,
        "adviser": Role.ADVISER,
    }.get(who, Role.REPRESENTATIVE)
    user = make_user(role)
    if who == "representative_today":
        RepresentativeFactory(user=user, recipient=record, can_act=True)
    elif who == "representative_see_only":
        RepresentativeFactory(user=user, recipient=record, can_act=False)
    elif who == "representative_ended":
        RepresentativeFactory(
            user=user,
            recipient=record,
            can_act=True,
            valid_from=today - timedelta(days=9),
            valid_to=today - timedelta(days=1),
        )
    client.force_login(user)
    assert client.get(detail(asked)).status_code == status
    file_pk = asked.events.get(kind=QueryEvent.Kind.RAISED).attachments.get().pk
    download = reverse("queries:attachment", kwargs={"reference": asked.reference, "pk": file_pk})
    assert client.get(download).status_code == status


def test_a_representative_who_may_only_see_reads_the_query_but_cannot_answer_or_withdraw_it(
    client, asked, margaret, make_user
):
    user = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=user, recipient=margaret[1], can_act=False)
    client.force_login(user)
    page = client.get(detail(asked)).content.decode()
    assert asked.subject in page and 'name="body"' not in page
    assert client.post(detail(asked), {"body": "An answer for her"}).status_code == 403
    withdraw = reverse("queries:query_withdraw", kwargs={"reference": asked.reference})
    assert client.post(withdraw, {"reason": "No longer needed"}).status_code == 403
    assert not asked.events.filter(kind=QueryEvent.Kind.REQUESTER_REPLY).exists()


def test_a_pa_never_sees_a_recipients_query_even_in_their_list(client, asked, make_user):
    pa = make_user(Role.PERSONAL_ASSISTANT)
    client.force_login(pa)
    assert asked.reference not in text(client.get(reverse("queries:my_queries")))


def test_a_file_downloads_as_an_attachment_that_browsers_will_not_sniff(client, asked, margaret):
    client.force_login(margaret[0])
    file_pk = asked.events.get(kind=QueryEvent.Kind.RAISED).attachments.get().pk
    response = client.get(reverse("queries:attachment", kwargs={"reference": asked.reference, "pk": file_pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "letter.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_file_on_an_internal_note_is_not_the_persons_to_download(client, asked, margaret, adviser):
    from queries.services.attachments import attachments_save

    note = event_add(query=asked, kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="Scan")
    hidden = attachments_save(event=note, files=[pdf("internal.pdf")])[0]
    url = reverse("queries:attachment", kwargs={"reference": asked.reference, "pk": hidden.pk})
    client.force_login(margaret[0])
    assert client.get(url).status_code == 404
    assert "internal.pdf" not in text(client.get(detail(asked)))
    client.force_login(adviser)
    assert client.get(url).status_code == 200


def test_a_reply_goes_on_the_timeline_and_resumes_a_query_waiting_for_the_person(client, asked, margaret, adviser):
    query_status_set(query=asked, status=Query.Status.AWAITING_REQUESTER, actor=adviser)
    client.force_login(margaret[0])
    response = client.post(detail(asked), {"body": "Here are the payslips.", "attachments": [pdf("payslip.pdf")]})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == Query.Status.IN_PROGRESS
    page = text(client.get(detail(asked)))
    assert "You replied" in page and "Here are the payslips." in page and "payslip.pdf" in page
    assert "We have your reply" in page


def test_an_empty_or_nasty_reply_is_a_form_error_not_a_500(client, asked, margaret):
    client.force_login(margaret[0])
    for body in ("", "nul\x00", "x" * 10_240):
        response = client.post(detail(asked), {"body": body})
        assert response.status_code == 200 and "There is a problem" in text(response)


def test_staff_see_the_page_read_only_and_cannot_reply_as_the_person(client, asked, adviser):
    client.force_login(adviser)
    page = text(client.get(detail(asked)))
    assert "This is the page the person who asked sees" in page and "Send your reply" not in page
    assert client.post(detail(asked), {"body": "Pretending"}).status_code == 403


def test_withdrawing_asks_first_then_ends_the_query(client, asked, margaret):
    client.force_login(margaret[0])
    url = reverse("queries:query_withdraw", kwargs={"reference": asked.reference})
    assert "Withdraw this query" in text(client.get(url))
    response = client.post(url, {"reason": "I found the answer"})
    assert response.url == detail(asked)
    asked.refresh_from_db()
    assert asked.status == Query.Status.WITHDRAWN
    page = text(client.get(detail(asked)))
    assert "Withdrawn" in page and "ask a new question" in page and "Send your reply" not in page


def test_someone_without_an_account_reaches_their_query_only_through_its_link(client, topics):
    raised = query_raise(
        actor=None,
        subject="PA Finder",
        description="How do I find a PA?",
        requester_name="Sam",
        requester_email="sam@example.com",
        consent=True,
        attachments=[pdf()],
    )
    link = reverse("queries:query_link", kwargs={"token": raised.link_token})
    page = text(client.get(link))
    assert raised.query.reference in page and "How do I find a PA?" in page
    assert client.get(reverse("queries:query_link", kwargs={"token": raised.link_token[:-1] + "x"})).status_code == 404
    file_pk = raised.query.events.get(kind=QueryEvent.Kind.RAISED).attachments.get().pk
    assert (
        client.get(reverse("queries:attachment_link", kwargs={"token": raised.link_token, "pk": file_pk})).status_code
        == 200
    )
    client.post(link, {"body": "Any news?"})
    assert raised.query.events.filter(kind=QueryEvent.Kind.REQUESTER_REPLY, author=None).exists()


def test_my_queries_lists_newest_first_with_status_in_words(client, margaret, topics):
    user, record = margaret
    old = QueryFactory(
        requester=user,
        about=record,
        subject="Older one",
        status=Query.Status.AWAITING_REQUESTER,
        created_at=timezone.now() - timedelta(days=3),
    )
    new = QueryFactory(requester=user, about=record, subject="Newer one", status=Query.Status.RESOLVED)
    client.force_login(user)
    page = text(client.get(reverse("queries:my_queries")))
    assert page.index(new.reference) < page.index(old.reference)
    assert "Waiting for your reply" in page and "Answered" in page


def test_a_representative_sees_queries_about_the_person_they_act_for(client, margaret, make_user, topics):
    user, record = margaret
    carer = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=carer, recipient=record, can_act=True)
    about_her = QueryFactory(requester=user, about=record)
    elsewhere = QueryFactory(about=RecipientFactory())
    client.force_login(carer)
    page = text(client.get(reverse("queries:my_queries")))
    assert about_her.reference in page and elsewhere.reference not in page
    assert f"About {record.full_name}" in page


def test_staff_are_sent_to_the_queue(client, adviser):
    client.force_login(adviser)
    assert client.get(reverse("queries:my_queries")).url == reverse("queries:staff_queue")


@pytest.mark.parametrize("rows", [3, 30])
def test_my_queries_uses_a_fixed_number_of_sql_queries(client, margaret, make_user, topics, rows, queries_of):
    user, record = margaret
    carer = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=carer, recipient=record, can_act=True)
    for n in range(rows):
        QueryFactory(requester=carer if n % 2 else user, about=record)
    client.force_login(carer)
    assert client.get(reverse("queries:my_queries")).status_code == 200  # and the session is warm
    assert queries_of(lambda: client.get(reverse("queries:my_queries"))) == MY_QUERIES_SQL


@pytest.mark.parametrize("replies", [1, 12])
def test_a_query_page_uses_a_fixed_number_of_sql_queries(client, asked, margaret, adviser, replies, queries_of):
    for n in range(replies):
        event = event_add(
            query=asked, kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, body=f"Reply {n}", is_public=True
        )
        if n % 3 == 0:
            from queries.services.attachments import attachments_save

            attachments_save(event=event, files=[pdf(f"f{n}.pdf")])
    client.force_login(margaret[0])
    assert client.get(detail(asked)).status_code == 200  # and the session is warm
    assert queries_of(lambda: client.get(detail(asked))) == DETAIL_SQL


# Session, user, roles, the outbox banner check, savepoints and the session touch, then the page's own:
# the list is a COUNT, one SELECT (the person each is about joined in) and the viewer's representative
# records (whose authority ended, docs/domain.md#queries-about-a-person); the query page is the query,
# its public timeline with authors and articles, the files of every event at once, and the audit entry.
MY_QUERIES_SQL = 12
DETAIL_SQL = 13
