"""Financial check-ups: when they open, who is told, what a person sends and how an adviser finishes one."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tone import unwelcome_words
from dpss.uploads import check_upload
from recipients.models import (
    CheckupEvidence,
    DirectPayment,
    Document,
    FinancialCheckup,
    FormatPreference,
)
from recipients.services import checkup_answers, checkups
from recipients.services.checkup_answers import EVIDENCE_MAX_FILES
from recipients.services.checkups import checkup_period_to_open
from tests.recipients.checkup_files import html_pretending_to_be_pdf, image_bytes, jpeg_upload, pdf_upload, png_upload
from tests.recipients.factories import (
    TINY_PDF,
    CheckupEvidenceFactory,
    DirectPaymentFactory,
    FinancialCheckupFactory,
    RecipientFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

Method = DirectPayment.PaymentMethod


def a_direct_payment(*, first_payment_date=None, method=Method.BANK_ACCOUNT, email="joan@example.com", **kwargs):
    recipient = RecipientFactory(full_name="Joan Price", email=email)
    return DirectPaymentFactory(
        recipient=recipient,
        payment_method=method,
        first_payment_date=first_payment_date or timezone.localdate() - timedelta(weeks=7),
        **kwargs,
    )


def period_to_open(*, first_payment_date, last_period_end, today):
    """`checkup_period_to_open` for a direct payment the portal has held since before its first payment."""
    return checkup_period_to_open(
        first_payment_date=first_payment_date, last_period_end=last_period_end, today=today, came_in=first_payment_date
    )


def emails(template: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template=template).order_by("pk"))


# --- When check-ups open (docs/domain.md#rule-13) ------------------------------------


def test_the_first_check_up_covers_seven_weeks_from_the_first_payment_and_is_due_two_weeks_later():
    first = date(2026, 1, 5)
    assert period_to_open(first_payment_date=first, last_period_end=None, today=date(2026, 2, 22)) is None
    period = period_to_open(first_payment_date=first, last_period_end=None, today=date(2026, 2, 23))
    assert (period.start, period.end, period.due) == (date(2026, 1, 5), date(2026, 2, 23), date(2026, 3, 9))


def test_after_the_first_a_check_up_covers_the_following_year():
    first = date(2026, 1, 5)
    last_end = date(2026, 2, 23)
    assert period_to_open(first_payment_date=first, last_period_end=last_end, today=date(2027, 2, 22)) is None
    period = period_to_open(first_payment_date=first, last_period_end=last_end, today=date(2027, 2, 23))
    assert (period.start, period.end, period.due) == (date(2026, 2, 24), date(2027, 2, 23), date(2027, 3, 9))


def test_a_record_years_behind_is_asked_only_for_the_newest_year_with_two_weeks_to_answer():
    today = date(2026, 6, 1)
    period = period_to_open(first_payment_date=date(2020, 1, 6), last_period_end=None, today=today)
    assert period.end <= today < period.end + timedelta(days=366)
    assert period.start == period.end.replace(year=period.end.year - 1) + timedelta(days=1)
    assert period.due == today + timedelta(weeks=2)


@settings(deadline=None)
@given(
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    gap_days=st.integers(min_value=0, max_value=20 * 366),
    previous=st.one_of(st.none(), st.integers(min_value=0, max_value=10 * 366)),
)
def test_periods_follow_on_without_gaps_and_always_leave_two_weeks(first, gap_days, previous):
    today = first + timedelta(days=gap_days)
    last_end = None if previous is None else min(first + timedelta(days=49 + previous), today)
    period = period_to_open(first_payment_date=first, last_period_end=last_end, today=today)
    if period is None:
        return
    assert period.start <= period.end <= today
    assert (period.end - period.start).days in (49, 364, 365)  # the first 7 weeks, or a year
    if last_end is not None:
        assert period.start > last_end
    else:
        assert period.start >= first
    assert (today - period.end).days < 366  # the newest period that has ended, never an old one
    assert period.due >= period.end + timedelta(weeks=2)
    assert period.due >= today + timedelta(weeks=2)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Method.VIRTUAL_WALLET, FinancialCheckup.Method.ONLINE_ACCOUNT),
        (Method.PREPAID_CARD, FinancialCheckup.Method.ONLINE_ACCOUNT),
        (Method.BANK_ACCOUNT, FinancialCheckup.Method.STATEMENTS),
        (Method.MANAGED_ACCOUNT, FinancialCheckup.Method.STATEMENTS),
    ],
)
def test_accounts_we_can_see_online_only_need_a_confirmation(method, expected):
    assert checkups.checkup_method_for(payment_method=method) == expected


# --- The daily schedule --------------------------------------------------------------


def test_the_daily_schedule_opens_the_check_ups_due_and_tells_the_person_kindly():
    dp = a_direct_payment(method=Method.VIRTUAL_WALLET)
    assert checkups.checkups_schedule() == 1
    checkup = FinancialCheckup.objects.get(direct_payment=dp)
    assert checkup.method == FinancialCheckup.Method.ONLINE_ACCOUNT
    assert checkup.due_date == timezone.localdate() + timedelta(weeks=2)
    [message] = emails("checkup_opened")
    assert message.to == "joan@example.com"
    assert f"{checkup.due_date:%d}".lstrip("0") in message.subject
    text = " ".join(message.body.split())
    for said in ("What it is", "Why we do it", "Nothing else changes", "call us on", "no statements to send"):
        assert said in text
    assert f"/direct-payment/{dp.recipient_id}/check-up/{checkup.pk}/" in text
    assert unwelcome_words(message.subject + message.body) == []
    for threat in ("suspend", "pause", "stop", "council-arranged", "commissioned"):
        assert threat not in text.lower()


def test_statement_check_ups_ask_for_receipts_only_above_the_threshold(settings):
    settings.CHECKUP_RECEIPTS_OVER = Decimal("25")
    a_direct_payment(method=Method.BANK_ACCOUNT)
    checkups.checkups_schedule()
    body = " ".join(emails("checkup_opened")[0].body.split())
    assert "receipts for anything that cost more than £25" in body


def test_running_the_schedule_twice_opens_one_check_up_and_sends_one_email():
    dp = a_direct_payment()
    assert checkups.checkups_schedule() == 1
    assert checkups.checkups_schedule() == 0
    assert dp.checkups.count() == 1
    assert len(emails("checkup_opened")) == 1


def test_the_schedule_leaves_alone_payments_not_active_not_started_not_due_or_with_one_open():
    a_direct_payment(status=DirectPayment.Status.SUSPENDED)
    a_direct_payment(status=DirectPayment.Status.ENDED, end_reason="moved_away")
    DirectPaymentFactory(first_payment_date=None)
    a_direct_payment(first_payment_date=timezone.localdate() - timedelta(weeks=6))
    waiting = a_direct_payment(first_payment_date=timezone.localdate() - timedelta(weeks=60))
    FinancialCheckupFactory(direct_payment=waiting, period_start=waiting.first_payment_date)
    assert checkups.checkups_schedule() == 0
    assert FinancialCheckup.objects.count() == 1


def test_a_year_after_the_last_check_up_the_next_one_opens():
    today = timezone.localdate()
    dp = a_direct_payment(first_payment_date=today - timedelta(days=500))
    last = FinancialCheckupFactory(
        direct_payment=dp,
        period_start=dp.first_payment_date,
        period_end=today - timedelta(days=365),
        status=FinancialCheckup.Status.COMPLETED,
    )
    checkups.checkups_schedule(today=today - timedelta(days=1))
    assert dp.checkups.count() == 1
    checkups.checkups_schedule(today=today)
    newest = dp.checkups.order_by("-period_end").first()
    assert newest.pk != last.pk
    assert newest.period_start == last.period_end + timedelta(days=1)
    assert newest.period_end == today


@pytest.mark.parametrize("came_in", ["imported", "seeded_for_the_demo"])
def test_a_direct_payment_brought_in_after_its_first_weeks_gets_its_first_check_up_a_year_on_never_a_past_one(
    came_in,
):
    """Issue 11: the first run opened check-ups for 25 February to 15 April 2026, due 16 December, and emailed."""
    with time_machine.travel(datetime(2026, 12, 2, 6, 30, tzinfo=UTC), tick=False):
        dp = a_direct_payment(first_payment_date=date(2026, 2, 25))  # held by the portal from today
        assert checkups.checkups_schedule() == 0
    assert not dp.checkups.exists() and not emails("checkup_opened")

    assert checkups.checkups_schedule(today=date(2027, 11, 30)) == 0
    assert checkups.checkups_schedule(today=date(2027, 12, 1)) == 1
    checkup = dp.checkups.get()
    assert (checkup.period_start, checkup.period_end, checkup.due_date) == (
        date(2026, 12, 2),
        date(2027, 12, 1),
        date(2027, 12, 15),
    )


def test_a_direct_payment_held_since_before_its_first_payment_still_gets_the_early_check_up():
    with time_machine.travel(datetime(2026, 2, 20, 9, 0, tzinfo=UTC), tick=False):
        dp = a_direct_payment(first_payment_date=date(2026, 2, 25))
    assert checkups.checkups_schedule(today=date(2026, 4, 15)) == 1
    checkup = dp.checkups.get()
    assert (checkup.period_start, checkup.period_end) == (date(2026, 2, 25), date(2026, 4, 15))


def test_without_an_email_for_the_person_the_representatives_who_may_act_are_told(make_user):
    dp = a_direct_payment(email="")
    today = timezone.localdate()
    acting = make_user(Role.REPRESENTATIVE, email="david@example.com", full_name="David Okafor")
    RepresentativeFactory(recipient=dp.recipient, user=acting, can_act=True)
    RepresentativeFactory(recipient=dp.recipient, user=make_user(Role.REPRESENTATIVE, email="sees@example.com"))
    RepresentativeFactory(
        recipient=dp.recipient,
        user=make_user(Role.REPRESENTATIVE, email="ended@example.com"),
        can_act=True,
        valid_from=today - timedelta(days=90),
        valid_to=today - timedelta(days=1),
    )
    checkups.checkups_schedule()
    [message] = emails("checkup_opened")
    assert message.to == "david@example.com"
    assert "Dear David" in message.body
    assert "you help Joan Price with their direct payment" in message.body


def test_the_schedule_costs_the_same_queries_however_many_payments_are_not_due(queries_of):
    def not_due(count):
        for _ in range(count):
            a_direct_payment(first_payment_date=timezone.localdate() - timedelta(weeks=2))

    not_due(3)
    few = queries_of(checkups.checkups_schedule)
    not_due(40)
    assert queries_of(checkups.checkups_schedule) == few


def test_many_due_check_ups_are_opened_batch_by_batch():
    for _ in range(25):
        a_direct_payment()
    assert checkups.checkups_schedule(batch_size=10) == 25
    assert FinancialCheckup.objects.count() == 25


# --- Opened by staff -------------------------------------------------------------------


def test_staff_open_a_check_up_for_a_period_that_has_ended_and_the_person_is_told(adviser):
    dp = a_direct_payment(first_payment_date=timezone.localdate() - timedelta(days=200))
    today = timezone.localdate()
    checkup = checkups.checkup_open(
        direct_payment=dp,
        period_start=today - timedelta(days=90),
        period_end=today - timedelta(days=1),
        due_date=today + timedelta(days=14),
        actor=adviser,
    )
    assert checkup.created_by == adviser
    assert checkup.status == FinancialCheckup.Status.DUE
    assert len(emails("checkup_opened")) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": 5}, "period_end"),  # in the future
        ({"due_date": 0}, "due_date"),  # no time to answer
        ({"period_start": -400}, "period_start"),  # before the first payment
    ],
)
def test_staff_are_told_what_to_change_in_a_period_that_cannot_be(adviser, change, field):
    today = timezone.localdate()
    dp = a_direct_payment(first_payment_date=today - timedelta(days=200))
    values = {"period_start": -90, "period_end": -1, "due_date": 14, **change}
    with pytest.raises(ValidationError) as raised:
        checkups.checkup_open(
            direct_payment=dp, actor=adviser, **{k: today + timedelta(days=v) for k, v in values.items()}
        )
    assert field in raised.value.message_dict


def test_staff_cannot_open_a_second_check_up_while_one_is_waiting(adviser):
    today = timezone.localdate()
    waiting = FinancialCheckupFactory(direct_payment=a_direct_payment(first_payment_date=today - timedelta(days=200)))
    with pytest.raises(ValidationError, match="already a check-up waiting"):
        checkups.checkup_open(
            direct_payment=waiting.direct_payment,
            period_start=today - timedelta(days=30),
            period_end=today,
            due_date=today + timedelta(days=14),
            actor=adviser,
        )


# --- Files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [(pdf_upload, "application/pdf"), (png_upload, "image/png"), (jpeg_upload, "image/jpeg")],
    ids=["pdf", "png", "jpeg"],
)
def test_statements_and_receipts_are_kept_under_a_random_name_with_their_hash(make_user, upload, content_type):
    user = make_user(Role.RECIPIENT)
    checkup = FinancialCheckupFactory()
    evidence = checkup_answers.checkup_evidence_add(checkup=checkup, upload=upload(), actor=user)
    assert evidence.content_type == content_type
    assert evidence.original_name in ("statement.pdf", "receipt.png", "receipt.jpg")
    assert evidence.original_name not in evidence.file.name
    assert len(evidence.sha256) == 64
    assert evidence.file.storage.exists(evidence.file.name)


def oversized_pdf():
    return SimpleUploadedFile("big.pdf", TINY_PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (lambda: SimpleUploadedFile("empty.pdf", b""), "is empty"),
        (html_pretending_to_be_pdf, "is not a PDF, JPEG or PNG"),
        (lambda: SimpleUploadedFile("photo.png", b"GIF89a" + b"\x00" * 40), "is not a PDF, JPEG or PNG"),
        (lambda: SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "is not a PDF, JPEG or PNG"),
        (lambda: pdf_upload(name="statement.php.pdf"), "more than one file ending"),
        (lambda: pdf_upload(name="statement.pdf.exe"), "more than one file ending"),
        (lambda: pdf_upload(name="statement.docx"), "is not a PDF, JPEG or PNG"),
        (oversized_pdf, "bigger than 10 MB"),
    ],
    ids=["empty", "html-as-pdf", "gif-as-png", "broken-png", "php-pdf", "pdf-exe", "word", "too-big"],
)
def test_files_are_refused_with_a_message_saying_what_to_do(make_upload, message):
    checkup = FinancialCheckupFactory()
    with pytest.raises(ValidationError, match=message) as raised:
        checkup_answers.checkup_evidence_add(checkup=checkup, upload=make_upload(), actor=None)
    assert any(word in raised.value.messages[0] for word in ("try again", "choose it again", "separate files"))
    assert not CheckupEvidence.objects.exists()


@pytest.fixture
def person(make_user):
    return make_user(Role.RECIPIENT)


def test_a_date_in_a_file_name_is_not_taken_for_a_second_file_ending(person):
    evidence = checkup_answers.checkup_evidence_add(
        checkup=FinancialCheckupFactory(), upload=pdf_upload(name="Statement 01.03.2026.pdf"), actor=person
    )
    assert evidence.original_name == "Statement 01.03.2026.pdf"


def test_no_more_than_ten_files_can_be_added(person):
    checkup = FinancialCheckupFactory()
    for _ in range(EVIDENCE_MAX_FILES):
        checkup_answers.checkup_evidence_add(checkup=checkup, upload=pdf_upload(), actor=person)
    with pytest.raises(ValidationError, match="up to 10 files"):
        checkup_answers.checkup_evidence_add(checkup=checkup, upload=png_upload(), actor=person)


def test_files_cannot_be_added_or_removed_once_the_check_up_is_sent():
    evidence = CheckupEvidenceFactory(checkup=FinancialCheckupFactory(status=FinancialCheckup.Status.SUBMITTED))
    with pytest.raises(ValidationError, match="already been sent"):
        checkup_answers.checkup_evidence_add(checkup=evidence.checkup, upload=pdf_upload(), actor=None)
    with pytest.raises(ValidationError, match="already been sent"):
        checkup_answers.checkup_evidence_remove(evidence=evidence, actor=None)
    assert CheckupEvidence.objects.count() == 1


def test_a_file_removed_by_mistake_is_gone_from_the_check_up_and_the_disk(person, django_capture_on_commit_callbacks):
    evidence = checkup_answers.checkup_evidence_add(
        checkup=FinancialCheckupFactory(), upload=pdf_upload(), actor=person
    )
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        checkup_answers.checkup_evidence_remove(evidence=evidence, actor=None)
    assert not CheckupEvidence.objects.exists()
    assert not storage.exists(name)


@settings(deadline=None)
@given(name=st.text(max_size=300), data=st.binary(max_size=2048))
def test_any_file_is_either_accepted_as_pdf_jpeg_or_png_or_refused_with_a_message(name, data):
    try:
        upload = SimpleUploadedFile(name, data)  # as a browser could send it, NUL bytes and all
    except SuspiciousFileOperation:  # Django itself refuses names like "" and ".."
        assume(False)
    try:
        checked = check_upload(upload, max_bytes=1024)
    except ValidationError as error:
        assert error.messages and "\x00" not in error.messages[0]
        return
    assert checked.content_type in ("application/pdf", "image/jpeg", "image/png")
    assert len(checked.name) <= 200 and "\x00" not in checked.name


def test_a_real_jpeg_named_png_is_stored_as_what_it_is():
    upload = SimpleUploadedFile("receipt.png", image_bytes("JPEG"))
    checked = check_upload(upload, max_bytes=1024 * 1024)
    assert (checked.content_type, checked.extension) == ("image/jpeg", "jpg")


# --- Answering and sending ------------------------------------------------------------------


def test_a_statements_check_up_is_not_sent_without_a_file_and_the_money_in_and_out(make_user):
    checkup = FinancialCheckupFactory(direct_payment=a_direct_payment())
    with pytest.raises(ValidationError) as raised:
        checkup_answers.checkup_submit(checkup=checkup, actor=make_user(Role.RECIPIENT))
    assert set(raised.value.message_dict) == {"files", "money_in", "money_out"}
    assert "call us" in raised.value.message_dict["files"][0]
    checkup.refresh_from_db()
    assert checkup.status == FinancialCheckup.Status.DUE


def test_an_online_check_up_needs_the_confirmation(make_user):
    checkup = FinancialCheckupFactory(direct_payment=a_direct_payment(method=Method.PREPAID_CARD))
    with pytest.raises(ValidationError) as raised:
        checkup_answers.checkup_submit(checkup=checkup, actor=make_user(Role.RECIPIENT))
    assert list(raised.value.message_dict) == ["confirmed_online_account"]


def test_sending_marks_it_sent_and_confirms_by_email_to_the_person_and_whoever_sent_it(make_user):
    dp = a_direct_payment()
    carer = make_user(Role.REPRESENTATIVE, email="david@example.com", full_name="David Okafor")
    checkup = FinancialCheckupFactory(direct_payment=dp)
    checkup_answers.checkup_evidence_add(checkup=checkup, upload=pdf_upload(), actor=carer)
    checkup_answers.checkup_answers_save(
        checkup=checkup, actor=carer, money_in=Decimal("1540"), money_out=Decimal("1234.567"), note=" Thanks "
    )
    sent = checkup_answers.checkup_submit(checkup=checkup, actor=carer)
    assert sent.status == FinancialCheckup.Status.SUBMITTED
    assert sent.submitted_by == carer and sent.submitted_at is not None
    assert (sent.money_in, sent.money_out, sent.person_note) == (Decimal("1540.00"), Decimal("1234.57"), "Thanks")
    messages = emails("checkup_sent")
    assert [m.to for m in messages] == ["joan@example.com", "david@example.com"]
    assert "We have Joan Price's financial check-up" in messages[1].subject
    with pytest.raises(ValidationError, match="already been sent"):
        checkup_answers.checkup_submit(checkup=checkup, actor=carer)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    money_in=st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    money_out=st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2)),
    note=st.text(max_size=6000),
)
def test_generated_answers_are_kept_or_refused_with_a_message(money_in, money_out, note):
    checkup = FinancialCheckupFactory(direct_payment=a_direct_payment())
    try:
        saved = checkup_answers.checkup_answers_save(
            checkup=checkup, actor=None, money_in=money_in, money_out=money_out, note=note
        )
    except ValidationError as error:
        assert error.messages
        return
    assert saved.money_in is None or saved.money_in >= 0
    assert len(saved.person_note) <= 5000 and "\x00" not in saved.person_note


# --- The adviser's review -------------------------------------------------------------------


def sent_checkup(*, preference=FormatPreference.STANDARD):
    dp = a_direct_payment()
    dp.recipient.format_preference = preference
    dp.recipient.save()
    return FinancialCheckupFactory(
        direct_payment=dp,
        status=FinancialCheckup.Status.SUBMITTED,
        submitted_at=timezone.now(),
        money_in=Decimal("1540.00"),
        money_out=Decimal("1400.00"),
    )


def test_finishing_records_the_reviewer_asks_for_the_letter_and_emails_the_outcome(adviser):
    checkup = sent_checkup()
    done = checkups.checkup_complete(
        checkup=checkup, outcome=FinancialCheckup.Outcome.ALL_IN_ORDER, note="", actor=adviser
    )
    assert done.status == FinancialCheckup.Status.COMPLETED
    assert done.reviewer == adviser and done.reviewed_at is not None
    letter = done.letter
    assert letter.kind == Document.Kind.CHECKUP_LETTER
    version = letter.versions.get()
    assert version.template == "recipients/checkups/letter.html"
    assert version.large_print is False
    assert version.context["outcome"] == "all_in_order"
    [message] = emails("checkup_outcome")
    body = message.body
    assert "everything is in order" in message.subject
    assert body.index("What stays the same") < body.index("What we found")
    assert "make a complaint" in body and checkup.direct_payment.recipient.email == message.to
    assert unwelcome_words(message.subject + body) == []
    # Nothing is posted (docs/domain.md#check-ups): the email points to the letter with the documents.
    assert "sending a letter" not in body and "post" not in body.lower().replace("postcode", "")
    assert f"/direct-payment/{checkup.direct_payment.recipient_id}/documents/" in body


def test_the_letter_follows_the_persons_format_preference(adviser):
    easy = checkups.checkup_complete(
        checkup=sent_checkup(preference=FormatPreference.EASY_READ),
        outcome=FinancialCheckup.Outcome.ALL_IN_ORDER,
        note="",
        actor=adviser,
    )
    large = checkups.checkup_complete(
        checkup=sent_checkup(preference=FormatPreference.LARGE_PRINT),
        outcome=FinancialCheckup.Outcome.ALL_IN_ORDER,
        note="",
        actor=adviser,
    )
    assert easy.letter.versions.get().template == "recipients/checkups/letter_easy_read.html"
    assert large.letter.versions.get().large_print is True


@pytest.mark.parametrize("word", ["audit", "misspent", "clawback"])
def test_a_note_with_words_we_agreed_not_to_use_is_refused_with_what_to_say(adviser, word):
    with pytest.raises(ValidationError) as raised:
        checkups.checkup_complete(
            checkup=sent_checkup(),
            outcome=FinancialCheckup.Outcome.TALK_ABOUT_SPENDING,
            note=f"This {word} found a problem.",
            actor=adviser,
        )
    assert "instead of" in raised.value.message_dict["outcome_note"][0]
    assert not Document.objects.exists() and not emails("checkup_outcome")


@pytest.mark.parametrize(
    "outcome", [FinancialCheckup.Outcome.TALK_ABOUT_SPENDING, FinancialCheckup.Outcome.MORE_INFORMATION]
)
def test_a_chat_or_more_information_needs_a_note_saying_what(adviser, outcome):
    with pytest.raises(ValidationError) as raised:
        checkups.checkup_complete(checkup=sent_checkup(), outcome=outcome, note="  ", actor=adviser)
    assert "outcome_note" in raised.value.message_dict


def test_only_a_check_up_the_person_has_sent_can_be_finished(adviser):
    with pytest.raises(ValidationError, match="Only a check-up the person has sent"):
        checkups.checkup_complete(checkup=FinancialCheckupFactory(), outcome="all_in_order", note="", actor=adviser)


def test_beat_names_a_task_that_opens_the_check_ups(settings):
    from celery import current_app

    entry = settings.CELERY_BEAT_SCHEDULE["checkups-schedule"]
    dp = a_direct_payment()
    current_app.tasks[entry["task"]].delay()  # a misspelt task name would never open anything
    assert dp.checkups.count() == 1
