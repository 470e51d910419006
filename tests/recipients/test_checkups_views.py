"""Financial check-up pages: the person answers and sends; staff start, list and finish them."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from recipients.models import CheckupEvidence, DirectPayment, Document, FinancialCheckup, Recipient
from recipients.services.money_records import balance_record
from tests.recipients.checkup_files import html_pretending_to_be_pdf, pdf_upload, png_upload
from tests.recipients.factories import (
    TINY_PDF,
    CheckupEvidenceFactory,
    DirectPaymentFactory,
    FinancialCheckupFactory,
    RecipientFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

NASTY = ["a" * 10_240, "nul\x00byte", "<script>alert(1)</script>", "′ OR 1=1 --", "-5", "NaN", "1e999999", ""]
NASTY_IDS = ["10kB", "nul", "html", "sqlish", "negative", "nan", "huge", ""]


@pytest.fixture
def joan(make_user):
    """Joan, paid into a bank account, with a check-up waiting for her."""
    user = make_user(Role.RECIPIENT, email="joan@example.com")
    recipient = RecipientFactory(user=user, full_name="Joan Price", email="joan@example.com")
    dp = DirectPaymentFactory(
        recipient=recipient,
        payment_method=DirectPayment.PaymentMethod.BANK_ACCOUNT,
        first_payment_date=timezone.localdate() - timedelta(weeks=9),
    )
    checkup = FinancialCheckupFactory(direct_payment=dp)
    return user, recipient, checkup


def checkup_url(checkup, name="recipients:checkup"):
    return reverse(name, kwargs={"pk": checkup.direct_payment.recipient_id, "checkup_pk": checkup.pk})


def text_of(response) -> str:
    return " ".join(response.text.split())


def summary_targets_exist(html: str) -> bool:
    """Every error-summary link points at an element on the page (axe does not check this)."""
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.DOTALL)
    assert summary, "no error summary"
    targets = re.findall(r'href="#([^"]+)"', summary.group(0))
    assert targets
    return all(f'id="{target}"' in html for target in targets)


# --- "Your direct payment" ------------------------------------------------------------


def test_your_direct_payment_shows_a_friendly_task_while_a_check_up_is_due(client, joan, make_user):
    user, recipient, checkup = joan
    client.force_login(user)
    text = text_of(client.get(reverse("recipients:direct_payment", kwargs={"pk": recipient.pk})))
    assert f"Your financial check-up: please do this by {checkup.due_date.day} " in text
    assert "Nothing else changes." in text
    assert f'href="{checkup_url(checkup)}">Do the financial check-up' in text

    practitioner = make_user(Role.PRACTITIONER)
    DirectPayment.objects.filter(pk=checkup.direct_payment_id).update(practitioner=practitioner)
    client.force_login(practitioner)
    text = text_of(client.get(reverse("recipients:direct_payment", kwargs={"pk": recipient.pk})))
    assert "See the financial check-up" in text and "Do the financial check-up" not in text


def test_the_direct_payment_page_costs_the_same_queries_with_one_or_five_check_ups(client, joan, queries_of):
    user, recipient, checkup = joan
    client.force_login(user)
    url = reverse("recipients:direct_payment", kwargs={"pk": recipient.pk})
    client.get(url)
    one = queries_of(lambda: client.get(url))
    for weeks in range(60, 260, 52):
        FinancialCheckupFactory(
            direct_payment=checkup.direct_payment,
            period_start=timezone.localdate() - timedelta(weeks=weeks + 52),
            period_end=timezone.localdate() - timedelta(weeks=weeks),
            status=FinancialCheckup.Status.COMPLETED,
        )
    assert queries_of(lambda: client.get(url)) == one


# --- The person answers -------------------------------------------------------------------


def test_a_person_sends_statements_and_the_money_in_and_out_after_checking_their_answers(client, joan):
    user, _recipient, checkup = joan
    client.force_login(user)
    page = text_of(client.get(checkup_url(checkup)))
    assert "What it is" in page and "Nothing else changes" in page
    assert 'inputmode="decimal"' in page and "govuk-input__prefix" in page

    response = client.post(
        checkup_url(checkup),
        {"files": [pdf_upload(), png_upload()], "money_in": "1540.00", "money_out": "£1,320.45", "note": "All paid."},
    )
    assert response.status_code == 302 and response.url == checkup_url(checkup, "recipients:checkup_check")

    answers = text_of(client.get(response.url))
    assert "Check your answers before sending" in answers
    assert "statement.pdf" in answers and "receipt.png" in answers
    assert "£1,540.00" in answers and "£1,320.45" in answers and "All paid." in answers

    sent = client.post(response.url)
    assert sent.status_code == 302 and sent.url == checkup_url(checkup, "recipients:checkup_sent")
    assert "Financial check-up sent" in client.get(sent.url).text
    checkup.refresh_from_db()
    assert checkup.status == FinancialCheckup.Status.SUBMITTED
    assert checkup.submitted_by == user
    assert OutboxMessage.objects.filter(template="checkup_sent", to="joan@example.com").exists()


def test_a_refused_upload_keeps_what_was_typed_and_the_files_that_were_fine(client, joan):
    user, _recipient, checkup = joan
    client.force_login(user)
    response = client.post(
        checkup_url(checkup),
        {
            "files": [pdf_upload("march.pdf"), html_pretending_to_be_pdf("april.pdf")],
            "money_in": "1,540.50",
            "money_out": "",
            "note": "Agency bill was late",
        },
    )
    assert response.status_code == 200
    html = response.text
    text = text_of(response)
    assert "There is a problem" in text
    assert "“april.pdf” is not a PDF, JPEG or PNG file" in text
    assert "Enter the money out" in text
    assert 'value="1,540.50"' in html and "Agency bill was late" in html
    assert "Files you have added" in text and "march.pdf" in text
    assert list(CheckupEvidence.objects.values_list("original_name", flat=True)) == ["march.pdf"]
    assert summary_targets_exist(html)


def test_the_online_check_up_is_one_confirmation(client, make_user):
    user = make_user(Role.RECIPIENT)
    dp = DirectPaymentFactory(recipient=RecipientFactory(user=user), payment_method="virtual_wallet")
    checkup = FinancialCheckupFactory(direct_payment=dp)
    client.force_login(user)
    assert "I confirm my online account is up to date" in client.get(checkup_url(checkup)).text
    refused = client.post(checkup_url(checkup), {"note": ""})
    assert "Tick the box to confirm" in refused.text and summary_targets_exist(refused.text)
    assert client.post(checkup_url(checkup), {"confirmed_online_account": "on"}).status_code == 302
    assert client.post(checkup_url(checkup, "recipients:checkup_check")).status_code == 302
    checkup.refresh_from_db()
    assert checkup.status == FinancialCheckup.Status.SUBMITTED and checkup.confirmed_online_account


def test_sending_with_something_missing_says_what_and_links_to_it(client, joan):
    user, _recipient, checkup = joan
    client.force_login(user)
    response = client.post(checkup_url(checkup, "recipients:checkup_check"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Add at least one statement or receipt" in text
    assert f'href="{checkup_url(checkup)}#id_money_in"' in text
    checkup.refresh_from_db()
    assert checkup.status == FinancialCheckup.Status.DUE


def answer(client, user, checkup):
    client.force_login(user)
    return client.post(checkup_url(checkup), {"files": [pdf_upload()], "money_in": "1", "money_out": "1"})


def test_only_the_person_and_who_may_act_for_them_today_can_answer(client, joan, make_user, adviser):
    _user, recipient, checkup = joan
    today = timezone.localdate()
    sees_only = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=sees_only, recipient=recipient)
    ended = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(
        user=ended, recipient=recipient, can_act=True, valid_from=today - timedelta(days=60), valid_to=today
    )
    practitioner = make_user(Role.PRACTITIONER)
    DirectPayment.objects.filter(pk=checkup.direct_payment_id).update(practitioner=practitioner)
    stranger = make_user(Role.RECIPIENT)
    RecipientFactory(user=stranger)

    assert answer(client, sees_only, checkup).status_code == 403
    assert answer(client, practitioner, checkup).status_code == 403
    assert answer(client, adviser, checkup).status_code == 403
    assert answer(client, stranger, checkup).status_code == 404
    assert not CheckupEvidence.objects.exists()
    with_authority_ending_today = answer(client, ended, checkup)
    assert with_authority_ending_today.status_code == 302  # valid to the end of its last day

    acting = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=acting, recipient=recipient, can_act=True)
    assert answer(client, acting, checkup).status_code == 302
    RepresentativeFactory._meta.model.objects.filter(user=ended).update(valid_to=today - timedelta(days=1))
    assert answer(client, ended, checkup).status_code == 404


def test_after_sending_everyone_who_can_see_the_record_sees_what_was_sent(client, joan, make_user):
    _user, recipient, checkup = joan
    CheckupEvidenceFactory(checkup=checkup, original_name="May statement.pdf")
    FinancialCheckup.objects.filter(pk=checkup.pk).update(
        status=FinancialCheckup.Status.SUBMITTED,
        submitted_at=timezone.now(),
        money_in=Decimal("1540"),
        money_out=Decimal("1499.99"),
    )
    carer = make_user(Role.REPRESENTATIVE)
    RepresentativeFactory(user=carer, recipient=recipient)
    client.force_login(carer)
    text = text_of(client.get(checkup_url(checkup)))
    assert "What was sent" in text and "May statement.pdf" in text and "£1,499.99" in text
    assert 'enctype="multipart/form-data"' not in text and ">Continue</button>" not in text


def test_every_view_of_a_check_up_writes_one_entry_in_the_log(client, joan):
    user, recipient, checkup = joan
    client.force_login(user)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(checkup_url(checkup))
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    assert entries.latest("timestamp").object_pk == str(recipient.pk)


def test_files_download_only_for_people_who_can_see_the_record_and_each_download_is_logged(
    client, joan, adviser, make_user
):
    _user, _recipient, checkup = joan
    evidence = CheckupEvidenceFactory(checkup=checkup, original_name="March statement.pdf")
    url = reverse(
        "recipients:checkup_evidence",
        kwargs={"pk": checkup.direct_payment.recipient_id, "checkup_pk": checkup.pk, "evidence_pk": evidence.pk},
    )
    client.force_login(adviser)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "March statement.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    logged = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(CheckupEvidence),
        object_pk=str(evidence.pk),
    )
    assert logged.count() == 1 and logged.get().actor == adviser

    someone_else = make_user(Role.RECIPIENT)
    RecipientFactory(user=someone_else)
    client.force_login(someone_else)
    assert client.get(url).status_code == 404
    other_checkup = FinancialCheckupFactory()
    client.force_login(adviser)
    wrong_pair = reverse(
        "recipients:checkup_evidence",
        kwargs={"pk": other_checkup.direct_payment.recipient_id, "checkup_pk": checkup.pk, "evidence_pk": evidence.pk},
    )
    assert client.get(wrong_pair).status_code == 404


def test_a_file_added_by_mistake_can_be_removed_before_sending(client, joan):
    user, _recipient, checkup = joan
    client.force_login(user)
    client.post(checkup_url(checkup), {"files": [pdf_upload("wrong one.pdf")], "money_in": "", "money_out": ""})
    evidence = CheckupEvidence.objects.get()
    remove = reverse(
        "recipients:checkup_evidence_remove",
        kwargs={"pk": checkup.direct_payment.recipient_id, "checkup_pk": checkup.pk, "evidence_pk": evidence.pk},
    )
    response = client.post(remove, follow=True)
    assert "We removed “wrong one.pdf”" in response.text
    assert not CheckupEvidence.objects.exists()


@pytest.mark.parametrize("value", NASTY, ids=NASTY_IDS)
def test_the_answer_form_meets_bad_input_with_a_message(client, joan, value):
    user, _recipient, checkup = joan
    client.force_login(user)
    response = client.post(checkup_url(checkup), {"money_in": value, "money_out": value, "note": value})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    checkup.refresh_from_db()
    assert "\x00" not in checkup.person_note


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(money_in=st.text(max_size=40), money_out=st.text(max_size=40), note=st.text(max_size=300))
def test_generated_answers_never_break_the_page(client, joan, money_in, money_out, note):
    user, _recipient, checkup = joan
    client.force_login(user)
    response = client.post(checkup_url(checkup), {"money_in": money_in, "money_out": money_out, "note": note})
    assert response.status_code in (200, 302)


# --- Staff -----------------------------------------------------------------------------------


def sent_checkup(name, *, days_ago, **kwargs):
    email = name.lower().replace(" ", ".") + "@example.com"
    dp = DirectPaymentFactory(recipient=RecipientFactory(full_name=name, email=email), payment_method="bank_account")
    return FinancialCheckupFactory(
        direct_payment=dp,
        status=FinancialCheckup.Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        money_in=Decimal("1540.00"),
        money_out=Decimal("1400.00"),
        **kwargs,
    )


def test_the_queue_lists_sent_check_ups_oldest_first_and_those_past_their_date(client, adviser):
    sent_checkup("Newer Person", days_ago=1)
    sent_checkup("Older Person", days_ago=9)
    today = timezone.localdate()
    FinancialCheckupFactory(direct_payment__recipient__full_name="Late Person", due_date=today - timedelta(days=3))
    FinancialCheckupFactory(direct_payment__recipient__full_name="Waiting Person", due_date=today + timedelta(days=3))
    client.force_login(adviser)
    text = text_of(client.get(reverse("recipients:checkup_queue")))
    assert text.index("Older Person") < text.index("Newer Person")
    assert "Late Person" not in text
    assert "Sent to us (2)" in text and "Past their due date (1)" in text and "Waiting for the person (1)" in text
    overdue = text_of(client.get(reverse("recipients:checkup_queue") + "?show=overdue"))
    assert "Late Person" in overdue and "Waiting Person" not in overdue


def test_the_queue_costs_the_same_queries_at_3_and_60_check_ups(client, adviser, queries_of):
    url = reverse("recipients:checkup_queue")
    client.force_login(adviser)
    for n in range(3):
        sent_checkup(f"Person {n}", days_ago=n)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    for n in range(3, 60):
        CheckupEvidenceFactory(checkup=sent_checkup(f"Person {n}", days_ago=n))
    assert queries_of(lambda: client.get(url)) == few
    assert "Page 1 of 3" in client.get(url).text


def test_an_adviser_sees_what_was_sent_with_the_latest_balance_and_finishes_the_check_up(client, adviser):
    checkup = sent_checkup("Joan Price", days_ago=2)
    balance_record(direct_payment=checkup.direct_payment, taken_on=timezone.localdate(), balance=Decimal("2310.00"))
    CheckupEvidenceFactory(checkup=checkup, original_name="June statement.pdf")
    url = reverse("recipients:checkup_review", kwargs={"pk": checkup.pk})
    client.force_login(adviser)
    page = text_of(client.get(url))
    assert "June statement.pdf" in page and "£1,540.00" in page and "£2,310.00" in page

    missing_note = client.post(url, {"outcome": "more_information", "outcome_note": ""})
    assert "Say what information you need" in missing_note.text and summary_targets_exist(missing_note.text)

    done = client.post(url, {"outcome": "all_in_order", "outcome_note": "Thank you, Joan."})
    assert done.status_code == 302
    checkup.refresh_from_db()
    assert checkup.status == FinancialCheckup.Status.COMPLETED and checkup.reviewer == adviser
    assert checkup.letter.kind == Document.Kind.CHECKUP_LETTER
    assert OutboxMessage.objects.filter(template="checkup_outcome").count() == 1
    after = text_of(client.get(url))
    assert "Everything is in order" in after and "Thank you, Joan." in after


def test_the_review_page_costs_the_same_queries_with_one_or_eight_files(client, adviser, queries_of):
    checkup = sent_checkup("Joan Price", days_ago=2)
    CheckupEvidenceFactory(checkup=checkup)
    url = reverse("recipients:checkup_review", kwargs={"pk": checkup.pk})
    client.force_login(adviser)
    client.get(url)
    one = queries_of(lambda: client.get(url))
    for _ in range(7):
        CheckupEvidenceFactory(checkup=checkup)
    assert queries_of(lambda: client.get(url)) == one


def test_staff_start_a_check_up_from_suggested_dates(client, adviser, joan):
    _user, recipient, checkup = joan
    FinancialCheckup.objects.filter(pk=checkup.pk).update(status=FinancialCheckup.Status.COMPLETED)
    url = reverse("recipients:checkup_start", kwargs={"pk": recipient.pk})
    client.force_login(adviser)
    page = client.get(url).text
    today = timezone.localdate()
    assert f'value="{today.year}"' in page
    due = today + timedelta(days=14)
    start = checkup.period_end + timedelta(days=1)
    response = client.post(
        url,
        {
            "period_start_0": start.day,
            "period_start_1": start.month,
            "period_start_2": start.year,
            "period_end_0": today.day,
            "period_end_1": today.month,
            "period_end_2": today.year,
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
        },
    )
    opened = FinancialCheckup.objects.exclude(pk=checkup.pk).get()
    assert response.status_code == 302 and response.url == reverse(
        "recipients:checkup_review", kwargs={"pk": opened.pk}
    )
    assert (opened.period_start, opened.period_end, opened.due_date, opened.created_by) == (start, today, due, adviser)
    assert OutboxMessage.objects.filter(template="checkup_opened", to="joan@example.com").exists()


def test_the_start_page_says_so_when_there_is_nothing_to_check(client, adviser):
    recipient = RecipientFactory(full_name="Ron Price")
    client.force_login(adviser)
    text = text_of(client.get(reverse("recipients:checkup_start", kwargs={"pk": recipient.pk})))
    assert "has no direct payment being paid at the moment" in text and "Start the check-up" not in text
    assert (
        client.get(reverse("recipients:checkup_start", kwargs={"pk": Recipient.objects.count() + 99})).status_code
        == 404
    )


def test_a_check_up_is_offered_only_when_none_is_waiting(client, adviser, joan):
    _user, recipient, checkup = joan
    client.force_login(adviser)
    record = reverse("recipients:staff_record", kwargs={"pk": recipient.pk})
    start = reverse("recipients:checkup_start", kwargs={"pk": recipient.pk})
    assert f'href="{start}"' not in client.get(record).text
    text = text_of(client.get(start))
    assert "There is already a check-up waiting for this direct payment" in text
    assert "Start the check-up" not in text
    assert reverse("recipients:checkup_review", kwargs={"pk": checkup.pk}) in text
    # A form sent anyway (another tab, say) opens nothing and shows the same page.
    sent = client.post(start, {})
    assert sent.status_code == 200 and "There is already a check-up waiting" in text_of(sent)
    assert FinancialCheckup.objects.count() == 1

    FinancialCheckup.objects.filter(pk=checkup.pk).update(status=FinancialCheckup.Status.COMPLETED)
    assert f'href="{start}"' in client.get(record).text
    empty = text_of(client.post(start, {}))
    assert "There is a problem" in empty and "There is already a check-up waiting" not in empty
    assert "Enter the due date, like 27 3 2026" in empty


@pytest.mark.parametrize("value", NASTY, ids=NASTY_IDS)
def test_staff_forms_meet_bad_input_with_a_message(client, adviser, joan, value):
    _user, recipient, checkup = joan
    FinancialCheckup.objects.filter(pk=checkup.pk).update(status=FinancialCheckup.Status.COMPLETED)
    review = sent_checkup("Sam Sent", days_ago=1)
    client.force_login(adviser)
    start = client.post(
        reverse("recipients:checkup_start", kwargs={"pk": recipient.pk}),
        {f"{field}_{part}": value for field in ("period_start", "period_end", "due_date") for part in range(3)},
    )
    assert start.status_code == 200 and "There is a problem" in start.text
    assert summary_targets_exist(start.text)
    finish = client.post(
        reverse("recipients:checkup_review", kwargs={"pk": review.pk}), {"outcome": value, "outcome_note": value}
    )
    assert finish.status_code == 200 and "There is a problem" in finish.text
    assert summary_targets_exist(finish.text)


def test_an_impossible_date_gets_a_plain_message(client, adviser, joan):
    _user, recipient, checkup = joan
    FinancialCheckup.objects.filter(pk=checkup.pk).update(status=FinancialCheckup.Status.COMPLETED)
    client.force_login(adviser)
    fields = {"period_start": ("31", "2", "2026"), "period_end": ("1", "1", "99999999999"), "due_date": ("", "", "")}
    response = client.post(
        reverse("recipients:checkup_start", kwargs={"pk": recipient.pk}),
        {f"{name}_{i}": part for name, parts in fields.items() for i, part in enumerate(parts)},
    )
    text = text_of(response)
    assert "Enter the start of the period as a real date" in text
    assert "Enter the end of the period as a real date" in text
    assert "Enter the due date, like 27 3 2026" in text


def test_a_downloaded_file_cannot_run_anything_in_the_browser(client, joan):
    user, _recipient, checkup = joan
    evidence = CheckupEvidenceFactory(checkup=checkup)
    client.force_login(user)
    response = client.get(
        reverse(
            "recipients:checkup_evidence",
            kwargs={"pk": checkup.direct_payment.recipient_id, "checkup_pk": checkup.pk, "evidence_pk": evidence.pk},
        )
    )
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_the_check_up_page_costs_the_same_queries_with_one_or_eight_files(client, joan, queries_of):
    user, _recipient, checkup = joan
    CheckupEvidenceFactory(checkup=checkup)
    client.force_login(user)
    client.get(checkup_url(checkup))
    one = queries_of(lambda: client.get(checkup_url(checkup)))
    for _ in range(7):
        CheckupEvidenceFactory(checkup=checkup)
    assert queries_of(lambda: client.get(checkup_url(checkup))) == one
