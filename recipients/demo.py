"""Demo direct payments for `manage.py seed_demo`. Synthetic people, Hampshire postcodes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from dpss.accounts.models import User

from . import money
from .models import CareGroup, Directorate, DirectPayment, Payment, Recipient, Representative, RepresentativeKind
from .services import balance_record

PEOPLE = [
    # reference, name, born, care group, area, postcode, weekly budget, contribution, method, balance, account
    (
        "HCC0000101",
        "Margaret Ellis",
        "1946-03-14",
        CareGroup.OLDER_ADULTS,
        "Winchester",
        "SO23 8UJ",
        "420.00",
        "35.00",
        DirectPayment.PaymentMethod.VIRTUAL_WALLET,
        "2310.00",
        "recipient@example.com",
    ),
    (
        "HCC0000102",
        "Joan Okafor",
        "1951-11-02",
        CareGroup.PHYSICAL_DISABILITY,
        "Basingstoke and Deane",
        "RG21 7PJ",
        "296.50",
        "0.00",
        DirectPayment.PaymentMethod.PREPAID_CARD,
        "1186.00",
        None,
    ),
    (
        "HCC0000103",
        "Ravi Patel",
        "1988-07-21",
        CareGroup.LEARNING_DISABILITY,
        "Portsmouth",
        "PO1 2DX",
        "510.00",
        "12.40",
        DirectPayment.PaymentMethod.BANK_ACCOUNT,
        "6120.00",
        None,
    ),  # a surplus to talk about
]


def seed_demo_recipients() -> list[str]:
    today = timezone.localdate()
    practitioner = User.objects.get(email="practitioner@example.com")
    carer = User.objects.get(email="representative@example.com")
    lines = ["Demo direct payments:"]
    for ref, name, born, group, area, postcode, budget, contribution, method, balance, email in PEOPLE:
        recipient, _ = Recipient.objects.update_or_create(
            council_reference=ref,
            defaults={
                "full_name": name,
                "date_of_birth": born,
                "directorate": Directorate.ADULTS,
                "care_group": group,
                "address_line_1": "1 Demo Street",
                "postcode": postcode,
                "area": area,
                "user": User.objects.filter(email=email).first() if email else None,
            },
        )
        weekly = money.net_weekly_amount(personal_budget=Decimal(budget), contribution=Decimal(contribution))
        per_period = money.period_amount(
            weekly_amount=weekly, frequency=DirectPayment.Frequency.FOUR_WEEKLY, period_start=today
        )
        dp, _ = DirectPayment.objects.update_or_create(
            recipient=recipient,
            defaults={
                "status": DirectPayment.Status.ACTIVE,
                "personal_budget_weekly": Decimal(budget),
                "contribution_weekly": Decimal(contribution),
                "amount_per_period": per_period,
                "payment_method": method,
                "account_verified": True,
                "practitioner": practitioner,
                "first_payment_date": today - timedelta(weeks=40),
                "outcomes": "To stay living at home, with help from people I choose.",
            },
        )
        if not dp.payments.exists():
            Payment.objects.bulk_create(
                Payment(
                    direct_payment=dp,
                    kind=Payment.Kind.PAID if n < 10 else Payment.Kind.SCHEDULED,
                    amount=per_period,
                    due_date=dp.first_payment_date + timedelta(weeks=4 * n),
                    paid_date=dp.first_payment_date + timedelta(weeks=4 * n) if n < 10 else None,
                )
                for n in range(13)
            )
        balance_record(direct_payment=dp, taken_on=today, balance=Decimal(balance), allowed_contingency=weekly)
        lines.append(f"  {ref} {name}: {dp.get_payment_method_display()}, £{per_period} every 4 weeks")
    joan = Recipient.objects.get(council_reference="HCC0000102")
    Representative.objects.get_or_create(
        user=carer,
        recipient=joan,
        defaults={
            "kind": RepresentativeKind.CARER_OR_FAMILY,
            "can_act": True,
            "valid_from": today - timedelta(days=365),
        },
    )
    lines.append("  representative@example.com acts for Joan Okafor.")
    return lines
