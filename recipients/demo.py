"""Demo direct payments for `manage.py seed_demo`. Synthetic people, Hampshire postcodes.

Safe to run again: people are matched by council reference, and each story
(an agreement to sign, a check-up, a statement) is only started once. Every
figure goes through the services, so the demo follows the same money rules
as real records.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from faker import Faker

from dpss.accounts.models import Invitation, User

from . import money
from .models import (
    AdviserTask,
    CareGroup,
    Directorate,
    DirectPayment,
    Document,
    FinancialCheckup,
    FormatPreference,
    Payment,
    Recipient,
    Representative,
)
from .pdf import render_pdf
from .services import agreements, check_ins, checkup_answers, checkups, money_records, representatives, statements

Method = DirectPayment.PaymentMethod
Status = DirectPayment.Status


@dataclass(frozen=True)
class DemoPerson:
    reference: str
    name: str
    born: str
    care_group: str
    area: str
    postcode: str
    weekly_budget: str
    weekly_contribution: str
    method: str
    balance: str | None = None
    account_email: str | None = None
    status: str = Status.ACTIVE
    kind: str = DirectPayment.Kind.ONGOING
    directorate: str = Directorate.ADULTS
    frequency: str = DirectPayment.Frequency.FOUR_WEEKLY
    format_preference: str = FormatPreference.STANDARD
    communication_needs: str = ""
    outcomes: str = "To stay living at home, with help from people I choose."


def _people() -> list[DemoPerson]:
    """The demo's people, each with a story (demo_data/people.json; a "note" says what the person shows)."""
    listed = json.loads((Path(__file__).parent / "demo_data" / "people.json").read_text(encoding="utf-8"))
    return [DemoPerson(**{name: value for name, value in item.items() if name != "note"}) for item in listed]


PEOPLE = _people()

# More people, generated the same way every time, so that staff search and filters have something to find.
GENERATED_PEOPLE = 40
DISTRICTS = [
    ("Basingstoke and Deane", "RG21"),
    ("East Hampshire", "GU34"),
    ("Eastleigh", "SO50"),
    ("Fareham", "PO16"),
    ("Gosport", "PO12"),
    ("Hart", "GU51"),
    ("Havant", "PO9"),
    ("New Forest", "SO41"),
    ("Rushmoor", "GU14"),
    ("Test Valley", "SP10"),
    ("Winchester", "SO23"),
]
ADULT_GROUPS = [
    CareGroup.OLDER_ADULTS,
    CareGroup.PHYSICAL_DISABILITY,
    CareGroup.LEARNING_DISABILITY,
    CareGroup.MENTAL_HEALTH,
    CareGroup.CARER,
]


def seed_demo_recipients() -> list[str]:
    today = timezone.localdate()
    adviser = User.objects.get(email="adviser@example.com")
    lines = ["Demo direct payments:"]
    for person in [*PEOPLE, *_generated_people()]:
        dp = _seed_person(person, today=today)
        if person in PEOPLE:
            lines.append(f"  {person.reference} {person.name}: {dp.get_kind_display()}, {dp.status_text}")
    lines.append(f"  ... and {GENERATED_PEOPLE} more people to search for (HCC0001001 onwards).")
    lines += _seed_representatives(today=today)
    lines += _seed_stories(today=today, adviser=adviser)
    return lines


def _seed_person(person: DemoPerson, *, today: date) -> DirectPayment:
    account = User.objects.filter(email=person.account_email).first() if person.account_email else None
    recipient, _ = Recipient.objects.update_or_create(
        council_reference=person.reference,
        defaults={
            "full_name": person.name,
            "date_of_birth": person.born,
            "directorate": person.directorate,
            "care_group": person.care_group,
            "address_line_1": "1 Demo Street",
            "postcode": person.postcode,
            "area": person.area,
            "format_preference": person.format_preference,
            "communication_needs": person.communication_needs,
            "email": account.email if account else "",
            "email_verified": account is not None,
            "user": account,
        },
    )
    weekly = money.net_weekly_amount(
        personal_budget=Decimal(person.weekly_budget), contribution=Decimal(person.weekly_contribution)
    )
    started = person.status not in (Status.DRAFT, Status.AWAITING_SIGNATURE)
    dp = DirectPayment.objects.filter(recipient=recipient).first()
    if dp is None:
        dp = DirectPayment.objects.create(
            recipient=recipient,
            kind=person.kind,
            status=Status.ACTIVE if started else Status.DRAFT,
            personal_budget_weekly=Decimal(person.weekly_budget),
            contribution_weekly=Decimal(person.weekly_contribution),
            amount_per_period=money.period_amount(weekly_amount=weekly, frequency=person.frequency, period_start=today),
            frequency=person.frequency,
            payment_method=person.method,
            account_verified=started,
            practitioner=User.objects.get(email="practitioner@example.com"),
            date_requested=today - timedelta(weeks=46) if started else today - timedelta(weeks=3),
            first_payment_date=today - timedelta(weeks=40) if started else None,
            outcomes=person.outcomes,
        )
    if started and dp.agreement_signed_at is None:
        # docs/domain.md#rule-8: nothing is paid before the agreement is signed. The demo's running direct
        # payments began before the portal, so their agreements were signed on paper, before the first payment.
        dp.agreement_signed_at = _signed_on_paper(today - timedelta(weeks=42))
        dp.save(update_fields=["agreement_signed_at", "updated_at"])
    if started and not dp.payments.exists():
        _seed_payments(dp, today=today)
    if person.balance is not None and not dp.balances.exists():
        money_records.balance_record(
            direct_payment=dp, taken_on=today, balance=Decimal(person.balance), allowed_contingency=weekly
        )
    if person.status == Status.SUSPENDED and dp.status == Status.ACTIVE:
        money_records.direct_payment_suspend(
            direct_payment=dp, reason="In hospital for a few weeks; payments restart when she is home."
        )
    if person.status == Status.ENDED and dp.status != Status.ENDED:
        money_records.direct_payment_end(
            direct_payment=dp, end_date=today - timedelta(weeks=2), reason=DirectPayment.EndReason.COULD_NOT_RECRUIT
        )
    return dp


def _signed_on_paper(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _seed_payments(dp: DirectPayment, *, today: date) -> None:
    """Ten paid periods since the first payment and three still to come."""
    first = dp.first_payment_date
    if first is None:  # only a direct payment that has started gets payments
        raise ValueError("A direct payment that has not started has no payments to seed")
    Payment.objects.bulk_create(
        Payment(
            direct_payment=dp,
            kind=Payment.Kind.PAID if n < 10 else Payment.Kind.SCHEDULED,
            amount=dp.amount_per_period,
            due_date=first + timedelta(weeks=4 * n),
            paid_date=first + timedelta(weeks=4 * n) if n < 10 else None,
            reference=f"DEMO-{dp.recipient.council_reference}-{n + 1:02d}",
        )
        for n in range(13)
    )


def _generated_people() -> list[DemoPerson]:
    fake = Faker("en_GB")
    fake.seed_instance(20261123)
    pick = random.Random(20261123)  # a fixed seed: the same people on every run
    people = []
    for n in range(GENERATED_PEOPLE):
        area, district = pick.choice(DISTRICTS)
        budget = Decimal(pick.randrange(9000, 60000)) / 100
        people.append(
            DemoPerson(
                reference=f"HCC{1001 + n:07d}",
                name=f"{fake.first_name()} {fake.last_name()}",
                born=fake.date_of_birth(minimum_age=19, maximum_age=95).isoformat(),
                care_group=pick.choice(ADULT_GROUPS),
                area=area,
                postcode=f"{district} {pick.randrange(1, 9)}{pick.choice('ABDEFGHJLNPQRSTUWXYZ')}{pick.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                weekly_budget=str(budget),
                weekly_contribution=str((budget * Decimal(pick.choice([0, 0, 5, 10, 20])) / 100).quantize(money.PENNY)),
                method=pick.choice(list(Method)),
                balance=str(Decimal(pick.randrange(0, 9 * 4)) * budget / 4),
                frequency=pick.choice(list(DirectPayment.Frequency)),
            )
        )
    return people


def _seed_representatives(*, today: date) -> list[str]:
    carer = User.objects.get(email="representative@example.com")
    adviser = User.objects.get(email="adviser@example.com")
    authority = [
        # Joan: David is her son and carer; he may see, act and sign.
        ("HCC0000102", Representative.Kind.CARER_OR_FAMILY, Representative.LegalBasis.NONE, True, True),
        # Lily: David is her father, who signs her direct payment agreement.
        ("HCC0000106", Representative.Kind.PARENT, Representative.LegalBasis.NONE, True, True),
        # Ravi: David may only see, to help Ravi read letters; Ravi acts and signs himself.
        ("HCC0000103", Representative.Kind.CARER_OR_FAMILY, Representative.LegalBasis.NONE, False, False),
    ]
    for reference, kind, legal_basis, can_act, can_sign in authority:
        Representative.objects.get_or_create(
            user=carer,
            recipient=Recipient.objects.get(council_reference=reference),
            defaults={
                "kind": kind,
                "legal_basis": legal_basis,
                "can_act": can_act,
                "can_sign": can_sign,
                "valid_from": today - timedelta(days=365),
                "approved_by": adviser,
            },
        )
    return ["  representative@example.com acts for Joan Okafor and Lily Harris, and may see Ravi Patel's record."]


def _seed_stories(*, today: date, adviser: User) -> list[str]:
    lines = []
    margaret = DirectPayment.objects.get(recipient__council_reference="HCC0000101")
    if not margaret.checkups.exists():
        checkups.checkup_open(
            direct_payment=margaret,
            period_start=today - timedelta(weeks=9),
            period_end=today - timedelta(days=1),
            due_date=today + timedelta(weeks=2),
            actor=adviser,
        )
        statements.statement_request(
            direct_payment=margaret,
            period_start=today - timedelta(days=91),
            period_end=today,
            actor=margaret.recipient.user,
        )
    lines.append("  Margaret Ellis has a financial check-up to do and a statement for the last 3 months.")

    ravi = DirectPayment.objects.get(recipient__council_reference="HCC0000103")
    if not ravi.checkups.exists():
        _seed_submitted_checkup(ravi, today=today, adviser=adviser)
    lines.append("  Ravi Patel sent a check-up for an adviser to review, and has money building up.")

    lily = DirectPayment.objects.get(recipient__council_reference="HCC0000106")
    if not Document.objects.filter(direct_payment=lily, kind=Document.Kind.AGREEMENT).exists():
        agreements.agreement_prepare(direct_payment=lily, actor=adviser)
    lines.append("  Lily Harris's agreement is waiting for her father (representative@example.com) to sign.")

    peter = DirectPayment.objects.get(recipient__council_reference="HCC0000105")
    check_in = peter.adviser_tasks.filter(status=AdviserTask.Status.OPEN).first()
    if check_in is not None:
        check_ins.check_in_close(
            task=check_in,
            note="Peter had saved for a respite week that was cancelled. He agreed £600 can go back; "
            "he keeps the rest for a break in the spring.",
            actor=adviser,
        )
        check_ins.recovery_propose(
            check_in=check_in,
            amount=Decimal("600.00"),
            reason="Your planned respite week was cancelled, so £600 was not needed for it. You told us you were "
            "happy for it to go back to the council; you keep the rest for your break in the spring.",
            actor=adviser,
        )
    lines.append("  Peter Walsh agreed some unspent money can go back: a manager (manager@example.com) decides.")

    joan = Recipient.objects.get(council_reference="HCC0000102")
    if not joan.user_id and not Invitation.objects.filter(link_data__recipient=joan.pk).exists():
        representatives.recipient_invite(
            recipient=joan, email="joan.okafor@example.com", full_name=joan.full_name, actor=adviser
        )
    lines.append("  Joan Okafor has been invited to see her direct payment online (the email is in the outbox).")

    sarah = DirectPayment.objects.get(recipient__council_reference="HCC0000104")
    if not Document.objects.filter(direct_payment=sarah).exists():
        statements.statement_request(
            direct_payment=sarah, period_start=today - timedelta(days=365), period_end=today, actor=adviser
        )
    lines.append("  Sarah Thompson's statement is in large print, as she asked.")
    return lines


def _seed_submitted_checkup(dp: DirectPayment, *, today: date, adviser: User) -> FinancialCheckup:
    checkup = checkups.checkup_open(
        direct_payment=dp,
        period_start=today - timedelta(weeks=10),
        period_end=today - timedelta(weeks=3),
        due_date=today + timedelta(weeks=1),
        actor=adviser,
    )
    statement = render_pdf(template="pdf/base.html", context={"title": "Bank statement (demo)"})
    checkup_answers.checkup_evidence_add(
        checkup=checkup,
        upload=SimpleUploadedFile("bank-statement.pdf", statement, content_type="application/pdf"),
        actor=adviser,
    )
    checkup_answers.checkup_answers_save(
        checkup=checkup, actor=adviser, money_in=Decimal("1540.00"), money_out=Decimal("1320.45")
    )
    return checkup_answers.checkup_submit(checkup=checkup, actor=adviser)
