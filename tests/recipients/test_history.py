import csv
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.exports import safe_cell
from recipients.models import Payment
from recipients.services.money_records import balance_record
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user(Role.RECIPIENT)
    dp = DirectPaymentFactory(recipient=RecipientFactory(user=user))
    return user, dp


def add_payments(dp, count, **extra):
    Payment.objects.bulk_create(
        Payment(
            direct_payment=dp,
            kind=Payment.Kind.PAID,
            amount=Decimal("1540.00"),
            due_date=date(2020, 1, 6) + timedelta(weeks=n),
            **extra,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_could_run_as_formulas_are_escaped(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Wages for June") == "Wages for June"
    assert safe_cell(Decimal("-12.5")) == "-12.50"  # our own numbers stay numbers


def test_the_csv_has_every_payment_and_balance_with_text_escaped(client, person):
    user, dp = person
    add_payments(dp, 30, note="=cmd|' /C calc'!A0")
    balance_record(direct_payment=dp, taken_on=date(2021, 1, 4), balance=Decimal("900"))
    client.force_login(user)
    response = client.get(reverse("recipients:money_history_csv", kwargs={"pk": dp.recipient.pk}))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0][:3] == ["Type", "Date", "Amount (£)"]
    assert len(rows) == 1 + 30 + 1
    assert all(row[5].startswith("'=") for row in rows[1:31])
    assert rows[-1][:3] == ["Balance", "2021-01-04", "900.00"]


def test_each_view_and_export_writes_one_audit_entry(client, person):
    user, dp = person
    client.force_login(user)
    for name in ("recipients:money_history", "recipients:money_history_csv"):
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        client.get(reverse(name, kwargs={"pk": dp.recipient.pk}))
        assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1


def test_the_history_is_paginated_and_costs_the_same_queries_at_10_and_2000(client, person, queries_of):
    user, dp = person
    url = reverse("recipients:money_history", kwargs={"pk": dp.recipient.pk})
    client.force_login(user)
    add_payments(dp, 10)
    client.get(url)
    small = queries_of(lambda: client.get(url))
    add_payments(dp, 1990)
    assert queries_of(lambda: client.get(url)) == small
    page = client.get(url)
    assert page.text.count("govuk-table__row") == 1 + 25  # header and one page of payments; no balances table yet
    assert "Page 1 of 80" in page.text
    assert "Page 80 of 80" in client.get(url + "?page=80").text
    assert client.get(url + "?page=nonsense").status_code == 200
