from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Role
from dpss.formatting import long_date
from recipients.models import Payment
from recipients.selectors import record as record_selectors
from recipients.services.money_records import balance_record
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def margaret(make_user):
    user = make_user(Role.RECIPIENT)
    recipient = RecipientFactory(user=user, full_name="Margaret Ellis")
    dp = DirectPaymentFactory(
        recipient=recipient,
        personal_budget_weekly=Decimal("420.00"),
        contribution_weekly=Decimal("35.00"),
        amount_per_period=Decimal("1540.00"),
        outcomes="To get out to my choir on Tuesdays.",
    )
    balance_record(direct_payment=dp, taken_on=timezone.localdate(), balance=Decimal("2310.00"))
    Payment.objects.create(
        direct_payment=dp,
        kind=Payment.Kind.SCHEDULED,
        amount=Decimal("1540.00"),
        due_date=timezone.localdate() + timedelta(days=9),
    )
    return user, recipient, dp


def page_for(client, user, recipient):
    client.force_login(user)
    return client.get(reverse("recipients:direct_payment", kwargs={"pk": recipient.pk}))


def test_the_page_shows_money_in_pounds_and_weeks_and_the_next_payment(client, margaret):
    user, recipient, _dp = margaret
    text = " ".join(page_for(client, user, recipient).text.split())
    assert "Your direct payment" in text
    assert "£2,310.00" in text
    assert "about <strong>6 weeks</strong> of support" in text  # 2310 / 385
    assert "£1,540.00</strong> is due on" in text
    assert "every 4 weeks" in text
    assert "Virtual Wallet" in text
    assert "£35.00 a week" in text
    assert "To get out to my choir on Tuesdays." in text


def test_each_view_writes_exactly_one_audit_entry(client, margaret):
    user, recipient, _dp = margaret
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    page_for(client, user, recipient)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    assert entries.latest("timestamp").actor == user


def test_the_page_costs_the_same_queries_at_10_and_2000_payments(client, margaret, queries_of):
    user, recipient, dp = margaret
    start = date(2020, 1, 6)

    def add_payments(count):
        Payment.objects.bulk_create(
            Payment(
                direct_payment=dp,
                kind=Payment.Kind.PAID,
                amount=Decimal("1540.00"),
                due_date=start + timedelta(weeks=n),
            )
            for n in range(count)
        )

    add_payments(10)
    page_for(client, user, recipient)
    small = queries_of(lambda: page_for(client, user, recipient))
    add_payments(1990)
    assert queries_of(lambda: page_for(client, user, recipient)) == small


def test_a_representative_chooses_among_the_people_they_act_for(client, make_user):
    carer = make_user(Role.REPRESENTATIVE)
    mum = RepresentativeFactory(user=carer, recipient=RecipientFactory(full_name="Joan Price")).recipient
    dad = RepresentativeFactory(user=carer, recipient=RecipientFactory(full_name="Ron Price")).recipient
    client.force_login(carer)
    text = client.get(reverse("recipients:my_direct_payment")).text
    assert "Joan Price" in text and "Ron Price" in text
    page = client.get(reverse("recipients:direct_payment", kwargs={"pk": dad.pk})).text
    assert "Their direct payment" in page
    assert mum.full_name not in page


def test_a_representative_whose_authority_ended_is_told_kindly_and_sees_nothing(client, make_user):
    carer = make_user(Role.REPRESENTATIVE)
    today = timezone.localdate()
    past = RepresentativeFactory(user=carer, valid_from=today - timedelta(days=30), valid_to=today - timedelta(days=1))
    client.force_login(carer)
    assert "No direct payment to show yet" in client.get(reverse("recipients:my_direct_payment")).text
    assert client.get(reverse("recipients:direct_payment", kwargs={"pk": past.recipient.pk})).status_code == 404


def test_a_recipient_sees_who_can_act_for_them_and_which_teams_looked(client, margaret, make_user, adviser):
    user, recipient, dp = margaret
    carer = make_user(Role.REPRESENTATIVE, full_name="David Okafor")
    RepresentativeFactory(user=carer, recipient=recipient, can_act=True)
    practitioner = make_user(Role.PRACTITIONER)
    dp.practitioner = practitioner
    dp.save()
    for viewer in (adviser, practitioner, carer):
        page_for(client, viewer, recipient)

    text = " ".join(page_for(client, user, recipient).text.split())
    assert "David Okafor, your carer or family member: can see and act for you" in text
    assert text.count("Direct Payments Support Service</td>") == 1
    assert "Social care (your social worker&#x27;s team)" in text or "Social care (your social worker's team)" in text
    assert "Someone who acts for you</td>" in text
    assert text.count("once</td>") == 3  # one row per team; their own views are not listed


def test_the_record_views_cost_no_query_per_viewer(client, margaret, make_user, queries_of):
    user, recipient, _dp = margaret
    page_for(client, make_user(Role.ADVISER), recipient)
    page_for(client, user, recipient)
    one_viewer = queries_of(lambda: page_for(client, user, recipient))
    for _ in range(8):
        page_for(client, make_user(Role.ADVISER), recipient)
    page_for(client, user, recipient)  # sign back in as the person before measuring
    assert queries_of(lambda: page_for(client, user, recipient)) == one_viewer


def test_nine_views_by_an_adviser_in_a_day_are_one_row_saying_9_times(client, margaret, adviser, queries_of):
    user, recipient, _dp = margaret
    for _ in range(10):
        page_for(client, adviser, recipient)
    yesterday = timezone.now() - timedelta(days=1)
    first_view = LogEntry.objects.filter(actor=adviser, action=LogEntry.Action.ACCESS).order_by("pk").first()
    LogEntry.objects.filter(pk=first_view.pk).update(timestamp=yesterday)

    assert queries_of(lambda: record_selectors.record_views(recipient=recipient)) == 1
    text = " ".join(page_for(client, user, recipient).text.split())
    cell = '</td> <td class="govuk-table__cell">'
    today_row = f"Direct Payments Support Service{cell}{long_date(timezone.localdate())}{cell}9 times</td>"
    older_row = f"Direct Payments Support Service{cell}{long_date(timezone.localdate(yesterday))}{cell}once</td>"
    assert today_row in text
    assert text.index(today_row) < text.index(older_row)  # newest day first
    assert text.count("Direct Payments Support Service</td>") == 2
    assert adviser.full_name not in text  # the team, never the staff member's name


def test_a_representative_can_switch_to_another_person_from_the_page(client, make_user, margaret):
    _user, recipient, _dp = margaret
    carer = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=carer, recipient=recipient)
    client.force_login(carer)
    page = client.get(reverse("recipients:direct_payment", kwargs={"pk": recipient.pk})).text
    assert "Switch to another person you act for" in page
    assert f'href="{reverse("recipients:my_direct_payment")}"' in page


def test_a_recipient_who_acts_for_nobody_sees_no_switch(client, margaret):
    user, recipient, _dp = margaret
    assert "Switch to another person" not in page_for(client, user, recipient).text
