"""The staff record page: the whole of one person's record, for DPSS staff and the person's practitioner."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from dpss.accounts.models import Role
from recipients.models import (
    AdviserTask,
    DirectPayment,
    Document,
    DocumentVersion,
    FinancialCheckup,
    FormatPreference,
    Payment,
    Representative,
)
from recipients.services.money_records import balance_record, direct_payment_suspend
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def url(recipient) -> str:
    return reverse("recipients:staff_record", kwargs={"pk": recipient.pk})


def text_of(response) -> str:
    """The page as a person reads it: no markup, entities decoded, spaces squeezed."""
    return " ".join(html.unescape(strip_tags(response.text)).split())


def add_payments(dp, count, start=date(2020, 1, 6)):
    Payment.objects.bulk_create(
        Payment(
            direct_payment=dp, kind=Payment.Kind.PAID, amount=Decimal("1540.00"), due_date=start + timedelta(weeks=n)
        )
        for n in range(count)
    )


@pytest.fixture
def margaret(make_user):
    practitioner = make_user(Role.PRACTITIONER, full_name="Priya Shah")
    person = RecipientFactory(
        full_name="Margaret Ellis",
        council_reference="HCC0000101",
        date_of_birth=date(1946, 3, 14),
        address_line_1="1 Demo Street",
        town="Winchester",
        postcode="SO23 8UJ",
        area="Winchester",
        communication_needs="Uses a hearing loop",
        format_preference=FormatPreference.LARGE_PRINT,
        email="margaret@example.com",
        contact_by_phone=False,
    )
    dp = DirectPaymentFactory(
        recipient=person,
        practitioner=practitioner,
        personal_budget_weekly=Decimal("420.00"),
        contribution_weekly=Decimal("35.00"),
        amount_per_period=Decimal("1540.00"),
        date_requested=date(2025, 1, 6),
        first_payment_date=date(2025, 2, 3),
        account_verified=True,
    )
    DirectPaymentFactory(
        recipient=person,
        kind=DirectPayment.Kind.ONE_OFF,
        status=DirectPayment.Status.ENDED,
        end_date=date(2024, 6, 30),
        end_reason=DirectPayment.EndReason.COULD_NOT_RECRUIT,
        end_avoidable=True,
        created_at=timezone.now() - timedelta(days=700),
    )
    return person, dp, practitioner


def test_staff_see_the_person_and_their_direct_payments(client, adviser, margaret):
    person, _dp, _practitioner = margaret
    client.force_login(adviser)
    text = text_of(client.get(url(person)))
    for fact in (
        "Margaret Ellis",
        "HCC0000101",
        "14 March 1946",
        "1 Demo Street",
        "SO23 8UJ",
        "Adults' services",
        "Physical disability",
        "Uses a hearing loop",
        "Large print",
        "margaret@example.com",
        "No account yet",
        # the current direct payment
        "Ongoing direct payment: active",
        "£420.00 a week",
        "£35.00 a week",
        "Net: the council pays the budget less the contribution",
        "£1,540.00 every 4 weeks",
        "Virtual Wallet",
        "Priya Shah",
        "6 January 2025",
        "3 February 2025",
        # the earlier one, with its coded reason and the avoidable flag
        "One-off direct payment, ended 30 June 2024",
        "Could not recruit a personal assistant",
        "Counted as avoidable",
    ):
        assert fact in text, fact
    assert "Happy to be contacted by Email Post Account" in text  # not by phone


def test_the_page_shows_the_latest_10_payments_and_links_to_all_of_them(client, adviser, margaret):
    person, dp, _ = margaret
    add_payments(dp, 12)
    client.force_login(adviser)
    page = client.get(url(person)).text
    assert "The latest 10 payments, newest first" in page
    assert "23 Mar 2020" in page  # the 12th payment
    assert "6 Jan 2020" not in page  # the first: only on the full history
    assert reverse("recipients:money_history", kwargs={"pk": person.pk}) in page


def test_balances_show_surplus_and_weeks_and_a_neutral_note_above_the_threshold(client, adviser, margaret):
    person, dp, _ = margaret
    client.force_login(adviser)
    balance_record(direct_payment=dp, taken_on=date(2026, 1, 5), balance=Decimal("1925.00"))
    text = text_of(client.get(url(person)))
    assert "5 Jan 2026 £1,925.00 £0.00 £0.00 £1,925.00 5" in text  # 1925 / 385 = 5 weeks of support
    assert "more than 8 weeks of support" not in text

    balance_record(
        direct_payment=dp, taken_on=date(2026, 2, 2), balance=Decimal("5000.00"), known_liabilities=Decimal("500.00")
    )
    text = text_of(client.get(url(person)))
    assert "On 2 February 2026 the surplus was £4,500.00, which is more than 8 weeks of support" in text
    assert "supportive check-in" in text
    assert "Nothing is asked back without that conversation" in text
    assert "Supportive check-in about money building up, waiting since" in text


def test_documents_check_ups_and_representatives_are_listed(client, adviser, make_user, margaret):
    person, dp, _ = margaret
    today = timezone.localdate()
    agreement = Document.objects.create(
        recipient=person, direct_payment=dp, kind=Document.Kind.AGREEMENT, title="Your direct payment agreement"
    )
    DocumentVersion.objects.create(document=agreement, number=1, template="x", status=DocumentVersion.Status.READY)
    DocumentVersion.objects.create(document=agreement, number=2, template="x")
    FinancialCheckup.objects.create(
        direct_payment=dp,
        period_start=date(2025, 2, 3),
        period_end=date(2025, 3, 24),
        due_date=date(2025, 4, 7),
        method=FinancialCheckup.Method.ONLINE_ACCOUNT,
        status=FinancialCheckup.Status.COMPLETED,
        outcome=FinancialCheckup.Outcome.ALL_IN_ORDER,
    )
    attorney = make_user(Role.REPRESENTATIVE, full_name="David Okafor")
    RepresentativeFactory(
        recipient=person,
        user=attorney,
        kind=Representative.Kind.AUTHORISED_PERSON,
        legal_basis=Representative.LegalBasis.ATTORNEY,
        can_act=True,
        can_sign=True,
        valid_from=today - timedelta(days=30),
        approved_by=adviser,
    )
    RepresentativeFactory(
        recipient=person,
        user=make_user(Role.REPRESENTATIVE, full_name="Joan Price"),
        valid_from=today - timedelta(days=300),
        valid_to=today - timedelta(days=10),
    )
    client.force_login(adviser)
    text = text_of(client.get(url(person)))
    assert "Your direct payment agreement" in text and "Being prepared" in text  # the newest version, 2
    assert "3 Feb 2025 to 24 Mar 2025" in text and "Everything is in order" in text
    now_table, ended_table = text.split("Authority in force now or starting later")[1].split("Authority that has ended")
    assert "David Okafor" in now_table and "Lasting power of attorney" in now_table
    assert "See, act, sign" in now_table and adviser.full_name in now_table
    assert "Joan Price" in ended_table and "Last day" in ended_table


def test_each_view_writes_exactly_one_audit_entry(client, adviser, margaret):
    person, _dp, _ = margaret
    client.force_login(adviser)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(url(person))
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    assert entries.latest("timestamp").actor == adviser


def test_the_practitioner_sees_the_record_but_no_actions(client, adviser, margaret):
    person, dp, practitioner = margaret
    client.force_login(practitioner)
    page = client.get(url(person)).text
    assert "Margaret Ellis" in page
    assert reverse("recipients:staff_payment_new", kwargs={"pk": person.pk, "dp_pk": dp.pk}) not in page
    assert reverse("recipients:staff_representative_add", kwargs={"pk": person.pk}) not in page

    client.force_login(adviser)
    page = client.get(url(person)).text
    for name in ("staff_payment_new", "staff_balance_new", "staff_pause", "staff_end"):
        assert reverse(f"recipients:{name}", kwargs={"pk": person.pk, "dp_pk": dp.pk}) in page, name
    assert reverse("recipients:staff_representative_add", kwargs={"pk": person.pk}) in page
    assert reverse("recipients:staff_recipient_invite", kwargs={"pk": person.pk}) in page


def test_the_history_shows_who_changed_what_in_words(client, adviser, manager, margaret):
    person, dp, _ = margaret
    with set_actor(manager):
        direct_payment_suspend(direct_payment=dp, reason="In hospital for a few weeks", actor=manager)
    client.force_login(adviser)
    text = text_of(client.get(url(person)))
    history = text.split("History of changes")[-1]
    assert manager.full_name in history
    assert "Direct payment changed Ongoing direct payment for Margaret Ellis (HCC0000101)" in history
    assert "Status: from Active to Paused" in history
    assert "Why it is paused: from nothing to “In hospital for a few weeks”" in history
    assert "Personal details added" in history


def test_masked_fields_stay_masked_in_the_history(client, adviser, margaret):
    person, _dp, _ = margaret
    person.communication_needs = "Needs British Sign Language"
    person.date_of_birth = date(1946, 4, 14)
    person.save()
    client.force_login(adviser)
    text = text_of(client.get(url(person)))
    history = text.split("History of changes")[-1]
    assert "Communication needs changed (not shown, to protect the person's privacy)" in history
    assert "Date of birth changed (not shown" in history
    assert "hearing loop" not in text  # the old value is nowhere on the page
    assert "14 March 1946" not in text


def test_the_page_costs_the_same_queries_at_10_and_2000_payments(client, adviser, margaret, queries_of):
    person, dp, _ = margaret
    client.force_login(adviser)
    add_payments(dp, 10)
    client.get(url(person))
    small = queries_of(lambda: client.get(url(person)))
    add_payments(dp, 1990, start=date(2000, 1, 3))
    assert queries_of(lambda: client.get(url(person))) == small


def test_no_query_per_history_row_representative_or_document(client, adviser, make_user, margaret, queries_of):
    person, dp, _ = margaret
    client.force_login(adviser)

    def add_rows(count):
        for n in range(count):
            RepresentativeFactory(recipient=person, user=make_user(Role.REPRESENTATIVE), approved_by=adviser)
            document = Document.objects.create(recipient=person, kind=Document.Kind.STATEMENT, title=f"Statement {n}")
            DocumentVersion.objects.create(document=document, number=1, template="x")
            with set_actor(adviser):
                dp.suspension_reason = f"Reason {n}"
                dp.save()
        balance_record(direct_payment=dp, taken_on=date(2026, 1, 5) + timedelta(days=count), balance=Decimal("99999"))

    add_rows(1)
    client.get(url(person))
    small = queries_of(lambda: client.get(url(person)))
    add_rows(25)
    page = client.get(url(person)).text
    assert "The latest 20 changes" in page  # a full page of history
    assert page.count("Direct payment changed") >= 5 and page.count("Someone who acts for them added") >= 5
    assert queries_of(lambda: client.get(url(person))) == small
    assert AdviserTask.objects.filter(direct_payment=dp).count() == 1


def test_the_record_links_to_documents_check_ups_and_the_agreement(client, adviser, margaret):
    person, dp, practitioner = margaret
    statement = Document.objects.create(
        recipient=person, direct_payment=dp, kind=Document.Kind.STATEMENT, title="Statement"
    )
    ready = DocumentVersion.objects.create(
        document=statement, number=1, template="x", status=DocumentVersion.Status.READY
    )
    checkup = FinancialCheckup.objects.create(
        direct_payment=dp,
        period_start=date(2025, 2, 3),
        period_end=date(2025, 3, 24),
        due_date=date(2025, 4, 7),
        method=FinancialCheckup.Method.ONLINE_ACCOUNT,
        status=FinancialCheckup.Status.SUBMITTED,
    )
    links = {
        "download": reverse("recipients:document_download", kwargs={"pk": person.pk, "version_pk": ready.pk}),
        "review": reverse("recipients:checkup_review", kwargs={"pk": checkup.pk}),
    }
    start = reverse("recipients:checkup_start", kwargs={"pk": person.pk})
    client.force_login(adviser)
    page = client.get(url(person)).text
    assert all(link in page for link in links.values())
    assert start not in page  # one check-up at a time: this one is waiting for an adviser
    FinancialCheckup.objects.filter(pk=checkup.pk).update(status=FinancialCheckup.Status.COMPLETED)
    assert start in client.get(url(person)).text
    prepare = reverse("recipients:agreement_prepare", kwargs={"pk": person.pk})
    assert prepare not in page  # an active direct payment has its agreement already

    dp.status = DirectPayment.Status.DRAFT
    dp.save()
    assert prepare in client.get(url(person)).text

    client.force_login(practitioner)  # sees the record and its documents, but does not manage it
    page = client.get(url(person)).text
    assert links["download"] in page
    assert links["review"] not in page and start not in page and prepare not in page
