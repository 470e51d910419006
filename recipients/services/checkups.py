"""Financial check-ups: opening them, the person's answers, the adviser's review (docs/domain.md#rule-9, #rule-13).

A check-up is a light, proportionate look at how the money is going. The
first comes early (the first 7 weeks after the first payment), then one a
year, each period starting the day after the last one ended; the person has
2 weeks after the period ends. Virtual Wallet and prepaid card accounts can be
seen online, so the person only confirms the account is up to date; for a bank
or managed account they send statements or receipts (receipts only above
`CHECKUP_RECEIPTS_OVER`) and the money in and out. Every message reads as a
partner, never an auditor (docs/domain.md#words): what it is, why, what to do
and by when, that nothing else changes, and how to get help.

This module opens check-ups and finishes them; `checkup_answers` keeps what
the person sends in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.formatting import long_date
from dpss.notifications.services import outbox_enqueue_email
from dpss.notifications.tone import unwelcome_words
from dpss.text import text_checked

from .. import money
from ..models import (
    DirectPayment,
    Document,
    FinancialCheckup,
    FormatPreference,
    Representative,
)
from .contacts import Contact, people_to_tell
from .documents import document_request

FIRST_PERIOD = timedelta(weeks=7)
TIME_TO_RESPOND = timedelta(weeks=2)
NOTE_MAX_LENGTH = 5000
SCHEDULE_BATCH = 500

ONLINE_METHODS = {DirectPayment.PaymentMethod.VIRTUAL_WALLET, DirectPayment.PaymentMethod.PREPAID_CARD}
OPEN_STATUSES = (FinancialCheckup.Status.DUE, FinancialCheckup.Status.SUBMITTED)
LETTER_TEMPLATE = "recipients/checkups/letter.html"
LETTER_TEMPLATE_EASY_READ = "recipients/checkups/letter_easy_read.html"


# --- Periods -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckupPeriod:
    start: date
    end: date
    due: date


def checkup_method_for(*, payment_method: str) -> str:
    """docs/domain.md#rule-13: accounts we can see online need only a confirmation; others need statements or receipts."""
    if payment_method in ONLINE_METHODS:
        return FinancialCheckup.Method.ONLINE_ACCOUNT
    return FinancialCheckup.Method.STATEMENTS


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _year_after(period_end: date) -> tuple[date, date]:
    start = period_end + timedelta(days=1)
    return start, _add_years(start, 1) - timedelta(days=1)


def checkup_period_to_open(
    *, first_payment_date: date, last_period_end: date | None, today: date, came_in: date
) -> CheckupPeriod | None:
    """The period the next check-up should cover, if it has ended by `today`; else None.

    docs/domain.md#rule-13: the first period is the first payment date to 7 weeks later; each later one is a year,
    starting the day after the last one ended. A check-up opens on the day its period ends, due 2 weeks later. One
    that came into the portal (`came_in`) after its first 7 weeks ended starts with the year from that day, never a
    period long gone. If several periods passed without one, only the newest is asked for, with 2 weeks from today.
    """
    if last_period_end is None and came_in > first_payment_date + FIRST_PERIOD:
        last_period_end = came_in - timedelta(days=1)
    if last_period_end is None:
        start, end = first_payment_date, first_payment_date + FIRST_PERIOD
    else:
        start, end = _year_after(last_period_end)
    if end > today:
        return None
    while (following := _year_after(end))[1] <= today:
        start, end = following
    return CheckupPeriod(start=start, end=end, due=max(end, today) + TIME_TO_RESPOND)


def checkup_suggested_period(*, direct_payment: DirectPayment, today: date | None = None) -> CheckupPeriod:
    """What a check-up opened by staff today would cover: since the last one (or the first payment) to today."""
    today = today or timezone.localdate()
    last_end = direct_payment.checkups.aggregate(last=Max("period_end"))["last"]
    if last_end is not None and last_end < today:
        start = last_end + timedelta(days=1)
    else:
        start = min(direct_payment.first_payment_date or today, today)
    return CheckupPeriod(start=start, end=today, due=today + TIME_TO_RESPOND)


# --- Who we write to -------------------------------------------------------------


def _acting_prefetch(today: date) -> Prefetch:
    return Prefetch(
        "recipient__representatives",
        queryset=Representative.objects.in_force(today).filter(can_act=True).select_related("user"),
        to_attr="acting_today",
    )


def checkup_notify(*, event: str, checkup: FinancialCheckup, contacts: list[Contact], extra: dict | None = None) -> int:
    """Write one email per contact to the outbox, in the caller's transaction. The key makes it once only."""
    recipient = checkup.direct_payment.recipient
    context = {
        "checkup": checkup,
        "person_name": recipient.full_name,
        "period_start": checkup.period_start,
        "period_end": checkup.period_end,
        "due_date": checkup.due_date,
        "online": checkup.method == FinancialCheckup.Method.ONLINE_ACCOUNT,
        "account": checkup.direct_payment.get_payment_method_display(),
        "receipts_over": money.to_pennies(settings.CHECKUP_RECEIPTS_OVER),
        "path": reverse("recipients:checkup", kwargs={"pk": recipient.pk, "checkup_pk": checkup.pk}),
        "documents_path": reverse("recipients:documents", kwargs={"pk": recipient.pk}),
        **(extra or {}),
    }
    for contact in contacts:
        outbox_enqueue_email(
            key=f"checkup-{event}-{checkup.pk}-{contact.email.lower()}",
            to=contact.email,
            template=f"checkup_{event}",
            context={**context, "name": contact.name, "on_behalf": contact.on_behalf},
        )
    return len(contacts)


# --- Opening ---------------------------------------------------------------------


def _create(
    *,
    direct_payment: DirectPayment,
    period: CheckupPeriod,
    actor: User | None,
    acting: list[Representative] | None = None,
) -> FinancialCheckup:
    checkup = FinancialCheckup(
        direct_payment=direct_payment,
        period_start=period.start,
        period_end=period.end,
        due_date=period.due,
        method=checkup_method_for(payment_method=direct_payment.payment_method),
        created_by=actor,
    )
    checkup.full_clean(validate_constraints=False)  # the database enforces one per period, race-free
    checkup.save()
    checkup_notify(
        event="opened", checkup=checkup, contacts=people_to_tell(recipient=direct_payment.recipient, acting=acting)
    )
    return checkup


@transaction.atomic
def checkup_open(
    *, direct_payment: DirectPayment, period_start: date, period_end: date, due_date: date, actor: User | None = None
) -> FinancialCheckup:
    """Staff open a check-up for a period they choose (docs/domain.md#rule-13), and the person is told by email.

    The period must have ended, and the person gets until a day after today.
    One check-up at a time: a second would only add to what the person has to do.
    """
    if direct_payment.status not in (DirectPayment.Status.ACTIVE, DirectPayment.Status.SUSPENDED):
        raise ValidationError("A financial check-up can only be opened for a direct payment that is being paid.")
    errors = _period_errors(
        direct_payment=direct_payment, period_start=period_start, period_end=period_end, due_date=due_date
    )
    if errors:
        raise ValidationError(errors)
    waiting = direct_payment.checkups.filter(status__in=OPEN_STATUSES).order_by("due_date").first()
    if waiting is not None:
        raise ValidationError(
            f"There is already a check-up waiting for this direct payment (due by {long_date(waiting.due_date)}). "
            "Finish that one first."
        )
    if direct_payment.checkups.filter(period_end=period_end).exists():
        raise ValidationError({"period_end": "There is already a check-up for a period ending on this day."})
    period = CheckupPeriod(start=period_start, end=period_end, due=due_date)
    try:
        with transaction.atomic():
            return _create(direct_payment=direct_payment, period=period, actor=actor)
    except IntegrityError as error:  # opened by someone else a moment ago
        raise ValidationError({"period_end": "There is already a check-up for a period ending on this day."}) from error


def _period_errors(*, direct_payment: DirectPayment, period_start: date, period_end: date, due_date: date) -> dict:
    today = timezone.localdate()
    errors = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start."
    elif period_end > today:
        errors["period_end"] = "The period must have ended: choose today or an earlier day."
    if direct_payment.first_payment_date and period_start < direct_payment.first_payment_date:
        errors["period_start"] = (
            f"The period cannot start before the first payment, on {long_date(direct_payment.first_payment_date)}."
        )
    if due_date <= today:
        errors["due_date"] = "Give the person time: choose a day after today. Two weeks is usual."
    elif due_date < period_end:
        errors["due_date"] = "The due date must be after the end of the period."
    return errors


def _schedule_candidates(*, today: date) -> QuerySet[DirectPayment, tuple[int, date | None, date | None, datetime]]:
    """Active direct payments whose next check-up might be due, with the end of their last period.

    Those with a check-up still open are left alone. The date filters are a
    cheap superset (a yearly period is 365 or 366 days): the exact rule is
    `checkup_period_to_open`.
    """
    still_open = FinancialCheckup.objects.filter(direct_payment=OuterRef("pk"), status__in=OPEN_STATUSES)
    return (
        DirectPayment.objects.filter(
            status=DirectPayment.Status.ACTIVE,
            first_payment_date__isnull=False,
            first_payment_date__lte=today - FIRST_PERIOD,
        )
        .exclude(Exists(still_open))
        .annotate(last_end=Max("checkups__period_end"))
        .filter(Q(last_end__isnull=True) | Q(last_end__lte=today - timedelta(days=365)))
        .values_list("pk", "first_payment_date", "last_end", "created_at")
    )


def checkups_schedule(*, today: date | None = None, batch_size: int = SCHEDULE_BATCH) -> int:
    """Open every check-up that is due today for active direct payments (docs/domain.md#rule-13). Returns how many opened.

    Run daily by beat. Safe to run twice, or twice at once: the
    `one_checkup_per_period` constraint lets one check-up exist per period, and
    a direct payment with a check-up still open is skipped. Reads go in
    batches (one query finds the candidates in a batch, one loads the people
    to write to), so the cost follows the check-ups opened, not the number of
    direct payments.
    """
    today = today or timezone.localdate()
    opened, last_pk = 0, 0
    while True:
        rows = list(_schedule_candidates(today=today).filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not rows:
            return opened
        last_pk = rows[-1][0]
        periods = {}
        for pk, first, last_end, created_at in rows:
            assert first is not None  # _schedule_candidates keeps only those with a first payment date
            came_in = timezone.localdate(created_at)
            period = checkup_period_to_open(
                first_payment_date=first, last_period_end=last_end, today=today, came_in=came_in
            )
            if period is not None:
                periods[pk] = period
        if periods:
            opened += _open_batch(periods=periods, today=today)


def _open_batch(*, periods: dict[int, CheckupPeriod], today: date) -> int:
    direct_payments = (
        DirectPayment.objects.filter(pk__in=periods)
        .select_related("recipient__user")
        .prefetch_related(_acting_prefetch(today))
    )
    opened = 0
    for direct_payment in direct_payments:
        try:
            with transaction.atomic():
                _create(
                    direct_payment=direct_payment,
                    period=periods[direct_payment.pk],
                    actor=None,
                    # Set by _acting_prefetch (Prefetch to_attr through a relation: django-stubs cannot see it).
                    acting=direct_payment.recipient.acting_today,  # type: ignore[attr-defined]
                )
        except IntegrityError:  # another run opened it a moment ago
            continue
        opened += 1
    return opened


def note_clean(text: str, *, field: str) -> str:
    """A note as people typed it, trimmed (it may be empty); refused if it is too long or holds a NUL character."""
    return text_checked(text, field=field, what="the note", required=False, most=NOTE_MAX_LENGTH)


# --- The adviser's review ---------------------------------------------------------


OUTCOME_NEEDS_NOTE: dict[str, str] = {
    FinancialCheckup.Outcome.TALK_ABOUT_SPENDING: "Say which spending you would like to talk about.",
    FinancialCheckup.Outcome.MORE_INFORMATION: "Say what information you need, so the person knows what to send.",
}


@transaction.atomic
def checkup_complete(*, checkup: FinancialCheckup, outcome: str, note: str, actor: User | None) -> FinancialCheckup:
    """Record the adviser's outcome, ask for the outcome letter, and tell the person in plain English.

    The letter is a PDF rendered by a worker (`document_request`): large print
    follows the person's preference there, and an Easy Read version is used
    when that is their preference (docs/domain.md#words). The note goes to the
    person word for word, so words we agreed not to use are refused here.
    """
    current = (
        FinancialCheckup.objects.select_for_update(of=("self",))
        .select_related("direct_payment__recipient__user")
        .get(pk=checkup.pk)
    )
    if not current.is_waiting_for_review:
        raise ValidationError("Only a check-up the person has sent can be finished.")
    note = note_clean(note, field="outcome_note")
    errors = {}
    if outcome not in FinancialCheckup.Outcome.values:
        errors["outcome"] = "Choose what the outcome is."
    elif outcome in OUTCOME_NEEDS_NOTE and not note:
        errors["outcome_note"] = OUTCOME_NEEDS_NOTE[outcome]
    found = unwelcome_words(note)
    if found:
        said, instead = found[0]
        errors["outcome_note"] = f"Please write “{instead}” instead of “{said}”: the person will read this note."
    if errors:
        raise ValidationError(errors)
    current.outcome = outcome
    current.outcome_note = note
    current.reviewer = actor
    current.reviewed_at = timezone.now()
    current.status = FinancialCheckup.Status.COMPLETED
    current.full_clean(validate_constraints=False)
    recipient = current.direct_payment.recipient
    version = document_request(
        recipient=recipient,
        direct_payment=current.direct_payment,
        kind=Document.Kind.CHECKUP_LETTER,
        title=f"Financial check-up letter, {long_date(timezone.localdate())}",
        template=(
            LETTER_TEMPLATE_EASY_READ if recipient.format_preference == FormatPreference.EASY_READ else LETTER_TEMPLATE
        ),
        context=_letter_context(current, actor),
        actor=actor,
    )
    current.letter = version.document
    current.save()
    checkup_notify(
        event="outcome",
        checkup=current,
        contacts=people_to_tell(recipient=recipient),
        extra={"outcome": current.outcome, "outcome_note": current.outcome_note},
    )
    return current


def _letter_context(checkup: FinancialCheckup, reviewer: User | None) -> dict[str, Any]:
    """The facts of the letter, frozen as JSON when it is asked for."""
    recipient = checkup.direct_payment.recipient
    address = [
        recipient.full_name,
        recipient.address_line_1,
        recipient.address_line_2,
        recipient.town,
        recipient.postcode,
    ]
    return {
        "title": "Your financial check-up",
        "date": long_date(timezone.localdate()),
        "name": recipient.name_to_use,
        "address": [line for line in address if line],
        "reference": recipient.council_reference,
        "period_start": long_date(checkup.period_start),
        "period_end": long_date(checkup.period_end),
        "outcome": checkup.outcome,
        "note": checkup.outcome_note,
        "adviser": (reviewer.full_name or "") if reviewer is not None else "",
    }
