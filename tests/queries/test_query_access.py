"""Who sees, answers and withdraws a query about a person (docs/domain.md#queries-about-a-person, issue 10: 2, 4).

Joan has a direct payment; David may act for her. A neighbour's call about
Joan, a practitioner's question and a safeguarding concern are never shown to
David or to Joan. A query is its requester's: only they withdraw it. A
representative whose authority ended sees their query only up to that moment.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.services.escalation import query_safeguarding_flag
from queries.services.intake import query_log
from queries.services.raising import query_raise
from queries.services.requester import query_withdraw
from queries.services.triage import query_reply
from tests.queries.factories import QueryFactory
from tests.queries.helpers import LONDON, TUESDAY_10AM, pdf, text
from tests.recipients.factories import RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

NEIGHBOUR_WORDS = "I am worried about Joan next door, nobody has visited her for a week."


@pytest.fixture
def joan(make_user, topics):
    user = make_user(Role.RECIPIENT, full_name="Joan Okafor")
    return user, RecipientFactory(user=user, full_name="Joan Okafor", area="Winchester")


@pytest.fixture
def david(make_user, joan):
    """Joan's representative, who may act for her today."""
    user = make_user(Role.REPRESENTATIVE, full_name="David Okafor")
    RepresentativeFactory(user=user, recipient=joan[1], can_act=True, valid_from=date(2025, 1, 1))
    return user


@pytest.fixture
def ruth(make_user, joan):
    """Another representative who may act for Joan today."""
    user = make_user(Role.REPRESENTATIVE, full_name="Ruth Okafor")
    RepresentativeFactory(user=user, recipient=joan[1], can_act=True, valid_from=date(2025, 1, 1))
    return user


def detail(query: Query) -> str:
    return reverse("queries:query_detail", kwargs={"reference": query.reference})


def withdraw(query: Query) -> str:
    return reverse("queries:query_withdraw", kwargs={"reference": query.reference})


def listed(client, user) -> str:
    client.force_login(user)
    return text(client.get(reverse("queries:my_queries")))


def asked(user, person, subject="Paying my PA") -> Query:
    return query_raise(actor=user, subject=subject, description="Payroll question", about=person).query


@pytest.fixture
def neighbours_call(joan, adviser, topics):
    """Staff log a phone call from Joan's neighbour about her."""
    return query_log(
        actor=adviser,
        channel=Query.Channel.PHONE,
        received_at=TUESDAY_10AM,
        requester_role=Query.RequesterRole.PUBLIC,
        requester_name="Pat Neighbour",
        requester_phone="01632 960 001",
        reply_by=Query.ReplyBy.PHONE,
        about=joan[1],
        subject="Worried about Joan",
        description=NEIGHBOUR_WORDS,
        consent_noted=True,
    )


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(TUESDAY_10AM, tick=False) as traveller:
        yield traveller


# --- Raised by someone else: never shown to the person or their representatives ------------------------------


@pytest.mark.parametrize("flagged", [False, True], ids=["third party", "third party and safeguarding"])
def test_a_representative_neither_sees_nor_withdraws_a_neighbours_call_about_the_person(
    client, neighbours_call, david, manager, flagged
):
    if flagged:
        query_safeguarding_flag(query=neighbours_call, actor=manager, note="Possible neglect")
    page = listed(client, david)
    assert neighbours_call.reference not in page and "Pat Neighbour" not in page
    assert client.get(detail(neighbours_call)).status_code == 404
    assert client.get(withdraw(neighbours_call)).status_code == 404
    assert client.post(withdraw(neighbours_call), {"reason": "Not needed"}).status_code == 404
    neighbours_call.refresh_from_db()
    assert neighbours_call.status != Query.Status.WITHDRAWN


@pytest.mark.parametrize("flagged", [False, True], ids=["third party", "third party and safeguarding"])
def test_the_person_does_not_see_a_query_someone_else_raised_about_them(
    client, neighbours_call, joan, manager, flagged
):
    if flagged:
        query_safeguarding_flag(query=neighbours_call, actor=manager, note="Possible neglect")
    page = listed(client, joan[0])
    assert neighbours_call.reference not in page and "Pat Neighbour" not in page
    assert client.get(detail(neighbours_call)).status_code == 404
    file_on_it = reverse("queries:attachment", kwargs={"reference": neighbours_call.reference, "pk": 1})
    assert client.get(file_on_it).status_code == 404


def test_a_practitioners_query_about_the_person_is_the_practitioners_alone(client, joan, david, make_user, topics):
    practitioner = make_user(Role.PRACTITIONER)
    theirs = QueryFactory(requester=practitioner, requester_role=Query.RequesterRole.PRACTITIONER, about=joan[1])
    for user in (joan[0], david):
        client.force_login(user)
        assert client.get(detail(theirs)).status_code == 404
    client.force_login(practitioner)
    assert client.get(detail(theirs)).status_code == 200
    assert client.post(withdraw(theirs), {"reason": "Sorted"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == Query.Status.WITHDRAWN


def test_a_safeguarding_concern_on_a_representatives_query_is_hidden_from_the_person_and_the_others(
    client, joan, david, ruth, manager
):
    ruths = asked(ruth, joan[1], subject="Money for Joan's care")
    client.force_login(david)
    assert client.get(detail(ruths)).status_code == 200  # shared, until the concern is recorded
    query_safeguarding_flag(query=ruths, actor=manager, note="Ruth says money is going missing")
    for user in (david, joan[0]):
        assert ruths.reference not in listed(client, user)
        assert client.get(detail(ruths)).status_code == 404
    assert ruths.reference in listed(client, ruth)
    assert client.get(detail(ruths)).status_code == 200


def test_the_person_who_raised_a_safeguarding_concern_still_sees_it_their_representative_does_not(
    client, joan, david, manager
):
    hers = asked(joan[0], joan[1])
    query_safeguarding_flag(query=hers, actor=manager, note="Joan is afraid of her PA")
    client.force_login(joan[0])
    assert client.get(detail(hers)).status_code == 200
    client.force_login(david)
    assert client.get(detail(hers)).status_code == 404


# --- A query is its requester's: only they withdraw it ------------------------------------------------------


def test_only_the_requester_withdraws_the_person_may_reply(client, joan, david):
    davids = asked(david, joan[1])
    client.force_login(joan[0])
    page = text(client.get(detail(davids)))
    assert "Withdraw this query" not in page and 'name="body"' in page
    assert client.get(withdraw(davids)).status_code == 403
    assert client.post(withdraw(davids), {"reason": "Not needed"}).status_code == 403
    davids.refresh_from_db()
    assert davids.status != Query.Status.WITHDRAWN
    assert client.post(detail(davids), {"body": "I can add to this"}).status_code == 302
    assert davids.events.filter(kind=QueryEvent.Kind.REQUESTER_REPLY, author=joan[0]).exists()
    # David, who asked, may.
    client.force_login(david)
    assert "Withdraw this query" in text(client.get(detail(davids)))
    assert client.post(withdraw(davids), {"reason": "Found the answer"}).status_code == 302
    davids.refresh_from_db()
    assert davids.status == Query.Status.WITHDRAWN


def test_a_representative_who_may_act_cannot_withdraw_the_persons_own_query(client, joan, david):
    hers = asked(joan[0], joan[1])
    client.force_login(david)
    assert "Withdraw this query" not in text(client.get(detail(hers)))
    assert client.post(withdraw(hers), {"reason": "She does not need it"}).status_code == 403
    hers.refresh_from_db()
    assert hers.status != Query.Status.WITHDRAWN


def test_the_service_refuses_a_withdrawal_by_anyone_but_the_requester(joan, david):
    davids = asked(david, joan[1])
    with pytest.raises(PermissionDenied):
        query_withdraw(query=davids, actor=joan[0], reason="")
    davids.refresh_from_db()
    assert davids.status != Query.Status.WITHDRAWN


# --- A representative whose authority ended ---------------------------------------------------------------


@pytest.fixture
def ended(joan, make_user, adviser, travel):
    """Former representative Mo asked about Joan on 10 March; we replied on the 11th; his authority ended at the
    end of 13 March; on the 16th we replied with Joan's new budget. It is now 19 March."""
    mo = make_user(Role.REPRESENTATIVE, full_name="Mo Okafor")
    RepresentativeFactory(
        user=mo, recipient=joan[1], can_act=True, valid_from=date(2025, 1, 1), valid_to=date(2026, 3, 13)
    )
    query = asked(mo, joan[1])
    travel.move_to(datetime(2026, 3, 11, 10, 0, tzinfo=LONDON))
    early = query_reply(query=query, body="We are looking into it.", actor=adviser, attachments=[pdf("early.pdf")])
    travel.move_to(datetime(2026, 3, 16, 10, 0, tzinfo=LONDON))
    late = query_reply(
        query=query, body="Joan's new budget is £450 a week.", actor=adviser, attachments=[pdf("budget.pdf")]
    )
    travel.move_to(datetime(2026, 3, 19, 10, 0, tzinfo=LONDON))
    query.refresh_from_db()
    return {
        "mo": mo,
        "query": query,
        "early_file": early.attachments.get().pk,
        "late_file": late.attachments.get().pk,
        "late": late,
    }


def test_a_former_representative_sees_their_query_only_up_to_the_end_of_their_authority(client, ended, joan):
    query = ended["query"]
    page = listed(client, ended["mo"])
    assert query.reference in page and "Your authority ended" in page
    page = text(client.get(detail(query)))
    assert "Payroll question" in page and "We are looking into it." in page
    assert "£450" not in page and "new budget" not in page and "budget.pdf" not in page
    assert "Your authority for Joan ended on 13 March 2026" in page and "contact the support service" in page
    assert 'name="body"' not in page and "Withdraw this query" not in page
    # Joan, whom it is about, still sees all of it.
    client.force_login(joan[0])
    page = text(client.get(detail(query)))
    assert "£450" in page and "Your authority" not in page


def test_a_former_representative_gets_files_only_from_before_their_authority_ended(client, ended):
    client.force_login(ended["mo"])
    file_url = "queries:attachment"
    reference = ended["query"].reference
    assert client.get(reverse(file_url, kwargs={"reference": reference, "pk": ended["early_file"]})).status_code == 200
    assert client.get(reverse(file_url, kwargs={"reference": reference, "pk": ended["late_file"]})).status_code == 404


def test_a_former_representative_can_no_longer_reply_or_withdraw(client, ended):
    query = ended["query"]
    client.force_login(ended["mo"])
    assert client.post(detail(query), {"body": "What about her budget?"}).status_code == 403
    assert client.get(withdraw(query)).status_code == 403
    assert client.post(withdraw(query), {"reason": "Not needed"}).status_code == 403
    query.refresh_from_db()
    assert query.status != Query.Status.WITHDRAWN
    assert not query.events.filter(kind=QueryEvent.Kind.REQUESTER_REPLY).exists()


def test_a_former_representative_is_not_emailed_what_we_said_after_their_authority_ended(ended):
    assert OutboxMessage.objects.filter(key=f"query-reply:{ended['late'].pk}").count() == 0
    assert OutboxMessage.objects.filter(template="query_reply", to=ended["mo"].email).count() == 1


# --- Recorded when the query is raised, and worked out for existing queries --------------------------------


def test_who_asked_is_recorded_when_the_query_is_raised(joan, david, neighbours_call, make_user):
    assert asked(joan[0], joan[1]).raised_as == Query.RaisedAs.PERSON
    assert asked(david, joan[1]).raised_as == Query.RaisedAs.REPRESENTATIVE
    assert neighbours_call.raised_as == Query.RaisedAs.THIRD_PARTY


def test_the_migration_works_out_who_asked_existing_queries(joan, david, make_user, topics):
    practitioner = make_user(Role.PRACTITIONER)
    stranger = make_user(Role.REPRESENTATIVE)
    other_person = RecipientFactory()
    rows = {
        "hers": QueryFactory(requester=joan[0], about=joan[1]),
        "his": QueryFactory(requester=david, about=joan[1], requester_role=Query.RequesterRole.REPRESENTATIVE),
        "practitioners": QueryFactory(requester=practitioner, about=joan[1]),
        "strangers": QueryFactory(requester=stranger, about=joan[1], requester_role=Query.RequesterRole.REPRESENTATIVE),
        "logged": QueryFactory(requester=None, about=joan[1]),
        "davids_elsewhere": QueryFactory(requester=david, about=other_person),
    }
    Query.objects.update(raised_as=Query.RaisedAs.THIRD_PARTY)
    importlib.import_module("queries.migrations.0002_query_raised_as").raised_as_derive(apps, None)
    found = {name: Query.objects.get(pk=row.pk).raised_as for name, row in rows.items()}
    assert found == {
        "hers": Query.RaisedAs.PERSON,
        "his": Query.RaisedAs.REPRESENTATIVE,
        "practitioners": Query.RaisedAs.THIRD_PARTY,
        "strangers": Query.RaisedAs.THIRD_PARTY,
        "logged": Query.RaisedAs.THIRD_PARTY,
        "davids_elsewhere": Query.RaisedAs.THIRD_PARTY,
    }


def test_staff_see_that_a_neighbours_call_is_not_shown_to_the_person(client, neighbours_call, adviser):
    client.force_login(adviser)
    page = text(client.get(reverse("queries:staff_query", kwargs={"pk": neighbours_call.pk})))
    assert "Raised by someone else: not shown to them or their representatives." in page
