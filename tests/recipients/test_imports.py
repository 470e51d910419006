"""Bulk imports of recipients and payments: rows checked, upserted, audited; files checked as a whole."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from recipients.models import (
    AdviserTask,
    BalanceSnapshot,
    CareGroup,
    DirectPayment,
    FormatPreference,
    ImportRun,
    Payment,
    Recipient,
)
from recipients.services import imports, money_records
from recipients.services import imports as import_service
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory
from tests.recipients.import_files import PAYMENTS_HEADER, PEOPLE_HEADER, csv_bytes, payment, person_row

pytestmark = pytest.mark.django_db


def run_import(kind, content: bytes, *, skip_invalid=False, by=None, name="file.csv") -> ImportRun:
    run = imports.import_run_create(
        kind=kind, name=name, content=content, skip_invalid=skip_invalid, actor=by, publish=False
    )
    assert imports.import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def import_people(rows, **kwargs) -> ImportRun:
    return run_import(ImportRun.Kind.RECIPIENTS, csv_bytes(PEOPLE_HEADER, rows), **kwargs)


def import_payments(rows, header=PAYMENTS_HEADER, **kwargs) -> ImportRun:
    return run_import(ImportRun.Kind.PAYMENTS, csv_bytes(header, rows), **kwargs)


def reasons(run: ImportRun) -> dict[int, str]:
    return {error["row"]: error["reason"] for error in run.errors}


# --- Recipients -------------------------------------------------------------------


def test_a_recipients_file_creates_people_with_every_detail_given(adviser):
    run = import_people([person_row(), person_row("HCC0000102", "Joan Okafor", nhs_number="")], by=adviser)
    assert (run.status, run.created_count, run.updated_count, run.error_count) == (ImportRun.Status.DONE, 2, 0, 0)
    margaret = Recipient.objects.get(council_reference="HCC0000101")
    assert margaret.date_of_birth == date(1946, 3, 14)
    assert margaret.care_group == CareGroup.OLDER_ADULTS
    assert margaret.postcode == "SO23 8UJ"
    assert margaret.nhs_number == "4857773456"
    assert margaret.format_preference == FormatPreference.LARGE_PRINT
    assert margaret.newsletter_consent is True
    assert Recipient.objects.get(council_reference="HCC0000102").nhs_number == ""


def test_each_person_created_gets_one_audit_entry_naming_the_importer_with_health_details_masked(adviser):
    import_people([person_row()], by=adviser)
    margaret = Recipient.objects.get()
    entry = LogEntry.objects.get_for_object(margaret).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == adviser
    assert entry.changes["full_name"] == ["None", "Margaret Ellis"]
    assert "4857773456" not in str(entry.changes["nhs_number"])
    assert entry.changes["nhs_number"][1].startswith("*****")
    assert entry.additional_data["import_run"] == ImportRun.objects.get().pk


def test_importing_the_same_file_again_changes_nothing(adviser):
    rows = [person_row(), person_row("HCC0000102", "Joan Okafor")]
    import_people(rows, by=adviser)
    before = {p.council_reference: p.updated_at for p in Recipient.objects.all()}
    entries = LogEntry.objects.count()
    again = import_people(rows, by=adviser)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert {p.council_reference: p.updated_at for p in Recipient.objects.all()} == before
    assert LogEntry.objects.count() == entries


def test_a_changed_row_updates_that_person_only_and_logs_what_changed(adviser):
    import_people([person_row(), person_row("HCC0000102", "Joan Okafor")], by=adviser)
    joan_before = Recipient.objects.get(council_reference="HCC0000102").updated_at
    run = import_people([person_row(area="Eastleigh"), person_row("HCC0000102", "Joan Okafor")], by=adviser)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 1, 1)
    margaret = Recipient.objects.get(council_reference="HCC0000101")
    assert margaret.area == "Eastleigh"
    assert Recipient.objects.get(council_reference="HCC0000102").updated_at == joan_before
    update = LogEntry.objects.get_for_object(margaret).get(action=LogEntry.Action.UPDATE)
    assert update.changes == {"area": ["Winchester", "Eastleigh"]}
    assert update.actor == adviser


def test_an_empty_cell_leaves_that_detail_as_it_is():
    import_people([person_row()])
    run = import_people([person_row(email="", format_preference="", nhs_number="", newsletter_consent="")])
    assert run.unchanged_count == 1
    margaret = Recipient.objects.get()
    assert margaret.email == "margaret@example.com"
    assert margaret.format_preference == FormatPreference.LARGE_PRINT


def test_a_new_email_address_is_no_longer_verified():
    import_people([person_row()])
    Recipient.objects.update(email_verified=True)
    import_people([person_row(email="new@example.com")])
    margaret = Recipient.objects.get()
    assert (margaret.email, margaret.email_verified) == ("new@example.com", False)


BAD_PEOPLE = [
    (person_row("HCC1", date_of_birth="31/02/1950"), "date_of_birth: “31/02/1950” is not a date"),
    (person_row("HCC2", date_of_birth="01/01/2999"), "is not a date"),
    (person_row("HCC3", care_group="Astronauts"), "care_group: “Astronauts” is not one of"),
    (person_row("HCC4", full_name="x" * 201), "full_name: Ensure this value has at most 200 characters"),
    (person_row("HCC5", full_name="Nul\x00Name"), "Remove the unusual character from the full_name cell"),
    (person_row("HCC6", nhs_number="12345"), "Enter the NHS number as 10 digits"),
    (person_row("HCC7", email="not-an-email"), "email: Enter a valid email address"),
    (person_row("HCC8", postcode="Winchester"), "postcode: “Winchester” is not a whole UK postcode"),
    (person_row("HCC9", area=""), "area is empty. Fill it in."),
    (person_row("HCC10", newsletter_consent="perhaps"), "newsletter_consent: write yes or no"),
    (person_row("HCC11", date_of_birth=(timezone.localdate() + timedelta(days=3)).isoformat()), "is in the future"),
    (person_row("HCC1"), "council_reference HCC1 is also on row 2"),
    (person_row("HCC12")[:-2], "this row has 10 cells but the first row names 12 columns"),
]


def test_without_skipping_nothing_is_imported_and_every_bad_row_is_listed_with_its_row_number():
    good = person_row("HCC0000999", "Good Person")
    run = import_people([row for row, _reason in BAD_PEOPLE] + [good])
    assert run.status == ImportRun.Status.REJECTED
    assert not Recipient.objects.exists()
    assert run.error_count == len(BAD_PEOPLE)
    listed = reasons(run)
    for row_number, (_row, reason) in enumerate(BAD_PEOPLE, start=2):
        assert reason.lower() in listed[row_number].lower(), (row_number, listed.get(row_number))
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 0)


def test_skipping_imports_the_good_rows_and_lists_the_rest():
    run = import_people(
        [person_row("HCC1", care_group="Astronauts"), person_row("HCC2", "Good Person")], skip_invalid=True
    )
    assert run.status == ImportRun.Status.DONE
    assert (run.created_count, run.error_count) == (1, 1)
    assert list(Recipient.objects.values_list("council_reference", flat=True)) == ["HCC2"]
    assert reasons(run)[2].startswith("care_group:")


# --- Recipients with their direct payment -----------------------------------------

DP_HEADER = [
    *PEOPLE_HEADER,
    "dp_type",
    "weekly_budget",
    "weekly_contribution",
    "frequency",
    "payment_method",
    "first_payment_date",
]


def person_with_dp(reference="HCC0000101", **dp) -> list[str]:
    values = {
        "dp_type": "ongoing",
        "weekly_budget": "£420.00",
        "weekly_contribution": "35",
        "frequency": "Every 4 weeks",
        "payment_method": "Virtual Wallet",
        "first_payment_date": "2024-06-03",
    }
    values.update(dp)
    return [*person_row(reference), *(values[c] for c in DP_HEADER[len(PEOPLE_HEADER) :])]


def import_people_with_dp(rows, **kwargs) -> ImportRun:
    return run_import(ImportRun.Kind.RECIPIENTS, csv_bytes(DP_HEADER, rows), **kwargs)


def test_a_finance_export_brings_in_each_persons_direct_payment_with_the_money_rules(adviser):
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    run = import_people_with_dp([person_with_dp(), person_with_dp("HCC0000102", first_payment_date=future)], by=adviser)
    assert run.created_count == 2
    paid = DirectPayment.objects.get(recipient__council_reference="HCC0000101")
    assert paid.status == DirectPayment.Status.ACTIVE  # already paid by the finance system
    assert paid.personal_budget_weekly == Decimal("420.00")
    assert paid.amount_per_period == Decimal("1540.00")  # (420 - 35) x 4 weeks
    starting = DirectPayment.objects.get(recipient__council_reference="HCC0000102")
    # The agreement comes first (docs/domain.md#rule-8).
    assert starting.status == DirectPayment.Status.AWAITING_SIGNATURE
    assert LogEntry.objects.get_for_object(paid).get().actor == adviser


def test_a_finance_export_without_the_optional_money_columns_takes_their_defaults(adviser):
    """README: weekly_contribution defaults to 0 (on PostgreSQL the default went to COPY as an int, and failed)."""
    header = [c for c in DP_HEADER if c != "weekly_contribution"]
    row = dict(zip(DP_HEADER, person_with_dp(), strict=True))
    run = run_import(ImportRun.Kind.RECIPIENTS, csv_bytes(header, [[row[c] for c in header]]), by=adviser)
    assert (run.status, run.created_count) == (ImportRun.Status.DONE, 1), run.failure_reason
    direct_payment = DirectPayment.objects.get(recipient__council_reference="HCC0000101")
    assert direct_payment.contribution_weekly == Decimal("0.00")
    assert direct_payment.amount_per_period == Decimal("1680.00")  # 420 x 4 weeks, nothing taken off


def test_every_money_default_is_a_decimal():
    """Imports write defaults with COPY, which takes Decimals only (bulk_insert.py): never an int or a float."""
    wrong = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField) and field.has_default() and type(field.get_default()) is not Decimal
    ]
    assert wrong == []


def test_a_changed_budget_updates_the_current_direct_payment_and_its_amount():
    import_people_with_dp([person_with_dp()])
    run = import_people_with_dp([person_with_dp(weekly_budget="455.00")])
    assert (run.updated_count, run.unchanged_count) == (1, 0)
    dp = DirectPayment.objects.get()
    assert dp.amount_per_period == Decimal("1680.00")  # (455 - 35) x 4
    change = LogEntry.objects.get_for_object(dp).get(action=LogEntry.Action.UPDATE).changes
    assert change == {
        "personal_budget_weekly": ["420.00", "455.00"],
        "amount_per_period": ["1540.00", "1680.00"],
    }
    assert import_people_with_dp([person_with_dp(weekly_budget="455.00")]).unchanged_count == 1


def test_an_ended_direct_payment_is_not_changed_by_an_import():
    import_people_with_dp([person_with_dp()])
    DirectPayment.objects.update(status=DirectPayment.Status.ENDED, end_reason="moved_away", end_date=date(2025, 1, 31))
    assert import_people_with_dp([person_with_dp()]).unchanged_count == 1
    run = import_people_with_dp([person_with_dp(weekly_budget="500")])
    assert "Their direct payment ended on 31/01/2025" in reasons(run)[2]


def test_direct_payment_columns_are_checked_too():
    run = import_people_with_dp(
        [
            person_with_dp("HCC1", dp_type="One-off"),
            person_with_dp("HCC2", weekly_budget="12.345"),
            person_with_dp("HCC3", frequency=""),
            person_with_dp("HCC4", weekly_contribution="-5"),
            person_with_dp("HCC5", weekly_budget="9999999999.99"),
        ]
    )
    listed = reasons(run)
    assert "dp_type" in listed[2]
    assert "weekly_budget: “12.345” is not accepted. Enter the amount to the nearest penny" in listed[3]
    assert "To bring in their direct payment, fill in frequency as well" in listed[4]
    assert "weekly_contribution: “-5” is not accepted. The amount cannot be less than £0" in listed[5]
    assert "weekly_budget: “9999999999.99” is not accepted. Check the amount: it must be" in listed[6]


# --- Payments ----------------------------------------------------------------------------


@pytest.fixture
def margaret_dp():
    recipient = RecipientFactory(council_reference="HCC0000101", full_name="Margaret Ellis")
    return DirectPaymentFactory(
        recipient=recipient, personal_budget_weekly=Decimal("420.00"), contribution_weekly=Decimal("35.00")
    )


def test_a_payments_file_adds_payments_to_the_current_direct_payment(adviser, margaret_dp):
    DirectPaymentFactory(
        recipient=margaret_dp.recipient, status=DirectPayment.Status.DRAFT
    )  # being set up: not this one
    run = import_payments(
        [payment(), payment("VW-2", "2025-04-29", kind="scheduled"), payment("VW-3", amount="-12.50", kind="adjusted")],
        by=adviser,
    )
    assert (run.status, run.created_count) == (ImportRun.Status.DONE, 3)
    paid = Payment.objects.get(reference="VW-1")
    assert paid.direct_payment == margaret_dp
    assert paid.paid_date == date(2025, 4, 1)  # paid, with no paid date: paid when due
    assert paid.source == Payment.Source.IMPORTED
    assert Payment.objects.get(reference="VW-3").amount == Decimal("-12.50")
    assert LogEntry.objects.filter(actor=adviser, action=LogEntry.Action.CREATE).count() == 3


def test_re_importing_payments_changes_nothing_and_a_changed_amount_updates_one(margaret_dp):
    rows = [payment(), payment("VW-2", "2025-04-29")]
    import_payments(rows)
    again = import_payments(rows)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    changed = import_payments([payment(amount="1,545.00"), payment("VW-2", "2025-04-29")])
    assert (changed.updated_count, changed.unchanged_count) == (1, 1)
    assert Payment.objects.get(reference="VW-1").amount == Decimal("1545.00")
    assert Payment.objects.count() == 2


def test_payment_rows_that_cannot_be_placed_are_rejected_with_a_reason(margaret_dp):
    RecipientFactory(council_reference="HCC0000555")
    Payment.objects.create(
        direct_payment=margaret_dp,
        kind=Payment.Kind.RECOVERED,
        amount=Decimal("200"),
        due_date=date(2025, 1, 1),
        reference="BACK-1",
    )
    run = import_payments(
        [
            ["HCC9999999", "VW-1", "2025-04-01", "10", "paid", "", "", ""],
            ["HCC0000555", "VW-1", "2025-04-01", "10", "paid", "", "", ""],
            payment("VW-7"),
            payment("VW-7"),
            payment("BACK-1"),
            payment("VW-8", kind="scheduled", paid="2025-04-02"),
            payment("VW-9", amount="-3"),
            payment("VW-10", kind="recovered"),
            payment("VW-11", amount="=1+1"),
        ]
    )
    listed = reasons(run)
    assert "Nobody has the council reference HCC9999999" in listed[2]
    assert "HCC0000555 has no direct payment yet" in listed[3]
    assert "payment_reference VW-7 for HCC0000101 is also on row 4" in listed[5]
    assert "money paid back" in listed[6]
    assert "a scheduled payment has not been paid yet" in listed[7]
    assert "cannot be below zero" in listed[8]
    assert "type: “recovered” is not one of" in listed[9]
    assert "amount: “=1+1” is not accepted. Enter the amount as an amount of money" in listed[10]
    assert 4 not in listed
    assert not Payment.objects.exclude(reference="BACK-1").exists()


def test_a_balance_column_records_balances_with_surplus_and_weeks_of_support(margaret_dp):
    import_payments([payment(balance="2310.00"), payment("VW-2", "2025-04-29", balance="770.00")])
    balances = {b.taken_on: b for b in BalanceSnapshot.objects.all()}
    assert balances[date(2025, 4, 1)].weeks_of_support == Decimal("6.0")  # 2310 / 385 a week
    assert balances[date(2025, 4, 1)].surplus == Decimal("2310.00")
    assert balances[date(2025, 4, 29)].source == BalanceSnapshot.Source.IMPORTED
    margaret_dp.refresh_from_db()
    assert margaret_dp.surplus_flagged is False  # 770 is 2 weeks: below the threshold
    again = import_payments([payment(balance="2310.00"), payment("VW-2", "2025-04-29", balance="770.00")])
    assert again.unchanged_count == 2


def test_the_last_row_of_a_day_gives_its_balance(margaret_dp):
    import_payments([payment(balance="100.00"), payment("VW-2", balance="90.00")])
    assert BalanceSnapshot.objects.get().balance == Decimal("90.00")


def test_a_surplus_above_the_threshold_flags_the_payment_and_opens_one_check_in(margaret_dp):
    run = import_payments([payment(balance="3500.00"), payment("VW-2", "2025-04-29", balance="4000.00")])
    assert run.status == ImportRun.Status.DONE
    margaret_dp.refresh_from_db()
    assert margaret_dp.surplus_flagged is True  # 4000 > 8 x 385
    task = AdviserTask.objects.get()
    assert (task.kind, task.balance.taken_on) == (AdviserTask.Kind.SURPLUS_CHECK_IN, date(2025, 4, 29))
    assert LogEntry.objects.get_for_object(task).exists()
    import_payments([payment("VW-3", "2025-05-27", balance="4100.00")])
    assert AdviserTask.objects.count() == 1  # a conversation is already planned


def test_an_older_imported_balance_does_not_overrule_a_newer_one(margaret_dp):
    money_records.balance_record(direct_payment=margaret_dp, taken_on=date(2025, 6, 1), balance=Decimal("100.00"))
    import_payments([payment(balance="9000.00")])
    margaret_dp.refresh_from_db()
    assert margaret_dp.surplus_flagged is False
    assert not AdviserTask.objects.exists()


def test_an_import_reads_in_bulk_and_writes_in_batches_never_row_by_row(margaret_dp, queries_of):
    def rows(count, start):
        return [
            payment(f"VW-{start + n}", (date(2020, 1, 6) + timedelta(days=n)).isoformat(), balance="500")
            for n in range(count)
        ]

    queries_of(lambda: import_payments(rows(20, 0)))
    small_rerun = queries_of(lambda: import_payments(rows(20, 0)))
    large = queries_of(lambda: import_payments(rows(400, 1000)))
    large_rerun = queries_of(lambda: import_payments(rows(400, 1000)))
    assert small_rerun == large_rerun  # checking 20 or 400 rows: the same reads
    assert large < 400 / 10  # 400 payments, 400 balances and 800 log entries, in batches


# --- Whole files -------------------------------------------------------------------------

FILES = [
    ("people.csv", b"", "The file is empty"),
    ("people.csv", b"\xef\xbb\xbf\r\n , \r\n", "The file is empty"),
    ("people.csv", b"PK\x03\x04rest-of-a-workbook", "This is an Excel workbook"),
    ("people.csv", b"%PDF-1.7 ...", "This is a PDF"),
    ("people.csv", b"council_reference,full\x00name\x00\x00\n", "not plain text"),
    ("people.csv", "council_reference\n".encode("utf-16"), "saved as Unicode (UTF-16)"),
    ("people.csv", "council_reference,full_name\nHCC1,Zoë £\n".encode("latin-1"), "not saved as UTF-8"),
    ("people.xlsx.csv", csv_bytes(PEOPLE_HEADER, [person_row()]), "two extensions (.xlsx.csv)"),
    ("people.txt", csv_bytes(PEOPLE_HEADER, [person_row()]), "must end in .csv"),
    ("people.csv", b"name,dob\nA,B\n", "The first row must name the columns"),
    ("people.csv", csv_bytes(PEOPLE_HEADER, []), "has a header row but no rows"),
    ("people.csv", csv_bytes(PEOPLE_HEADER[1:], [person_row()[1:]]), "These columns are missing: council_reference"),
    (
        "people.csv",
        csv_bytes([*PEOPLE_HEADER, "shoe_size"], [[*person_row(), "9"]]),
        "We do not recognise these columns: shoe_size",
    ),
    ("people.csv", csv_bytes([*PEOPLE_HEADER, "area"], [[*person_row(), "x"]]), "appear more than once: area"),
]


@pytest.mark.parametrize(("name", "content", "message"), FILES, ids=[f"{n}-{m[:20]}" for n, _c, m in FILES])
def test_a_file_that_cannot_be_imported_is_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as refused:
        imports.import_run_create(
            kind=ImportRun.Kind.RECIPIENTS, name=name, content=content, skip_invalid=False, actor=None
        )
    assert message in " ".join(refused.value.messages)
    assert not ImportRun.objects.exists()


def test_header_names_may_be_written_as_people_read_them():
    header = [name.replace("_", " ").capitalize() for name in PEOPLE_HEADER]
    run = run_import(ImportRun.Kind.RECIPIENTS, "\ufeff".encode() + csv_bytes(header, [person_row()]))
    assert run.created_count == 1


def test_blank_lines_are_ignored_and_row_numbers_match_the_spreadsheet():
    content = csv_bytes(PEOPLE_HEADER, [person_row("HCC1"), [""] * 12, person_row("HCC2", care_group="x")])
    run = run_import(ImportRun.Kind.RECIPIENTS, content)
    assert run.total_rows == 2
    assert list(reasons(run)) == [4]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(max_size=60), min_size=12, max_size=12))
def test_generated_rows_are_imported_or_rejected_never_fail(cells):
    content = csv_bytes(PEOPLE_HEADER, [cells])
    try:
        run = run_import(ImportRun.Kind.RECIPIENTS, content, skip_invalid=True)
    except ValidationError:
        return  # refused as a whole (e.g. the row is blank)
    assert run.status == ImportRun.Status.DONE
    assert run.created_count + run.error_count == 1


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300))
def test_generated_files_are_refused_or_imported_never_fail(content):
    try:
        run = run_import(ImportRun.Kind.PAYMENTS, content)
    except ValidationError:
        return
    assert run.status in (ImportRun.Status.DONE, ImportRun.Status.REJECTED)


# --- Runs: the outbox, claiming, the sweep -----------------------------------------------


def test_a_queued_run_is_handed_to_a_worker_after_the_commit_and_runs_there(
    adviser, margaret_dp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = imports.import_run_create(
            kind=ImportRun.Kind.PAYMENTS,
            name="april.csv",
            content=csv_bytes(PAYMENTS_HEADER, [payment()]),
            skip_invalid=False,
            actor=adviser,
        )
        assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.QUEUED
    run.refresh_from_db()
    assert (run.status, run.created_count, run.processed_rows) == (ImportRun.Status.DONE, 1, 1)
    assert run.started_by == adviser
    assert not run.file  # the copy of the file is not kept


def test_a_run_delivered_twice_runs_once(margaret_dp):
    run = imports.import_run_create(
        kind=ImportRun.Kind.PAYMENTS,
        name="april.csv",
        content=csv_bytes(PAYMENTS_HEADER, [payment()]),
        skip_invalid=False,
        actor=None,
        publish=False,
    )
    assert imports.import_run_execute(run_id=run.pk) is True
    assert imports.import_run_execute(run_id=run.pk) is False
    assert Payment.objects.count() == 1


def test_the_sweep_hands_over_runs_never_started_and_runs_whose_worker_died(margaret_dp, monkeypatch):
    published = []
    monkeypatch.setattr(
        "recipients.tasks.import_run_execute.apply_async",
        lambda args, kwargs=None, retry=True: published.append(args[0]),
    )
    waiting = imports.import_run_create(
        kind=ImportRun.Kind.PAYMENTS,
        name="april.csv",
        content=csv_bytes(PAYMENTS_HEADER, [payment()]),
        skip_invalid=False,
        actor=None,
        publish=False,
    )
    dead = ImportRun.objects.create(
        kind=ImportRun.Kind.PAYMENTS,
        status=ImportRun.Status.RUNNING,
        original_name="old.csv",
        sha256="0" * 64,
        attempts=1,
        started_at=timezone.now() - timedelta(minutes=3),
        heartbeat_at=timezone.now() - timedelta(minutes=2),
    )
    assert imports.import_runs_sweep() == 2
    assert published == [waiting.pk, dead.pk]
    assert imports.import_runs_sweep() == 0  # just handed over: not again yet
    dead.refresh_from_db()
    assert dead.status == ImportRun.Status.RUNNING  # it will run again, not given up


def test_a_run_given_up_by_the_sweep_while_running_leaves_nothing_behind(margaret_dp, monkeypatch):
    run = imports.import_run_create(
        kind=ImportRun.Kind.PAYMENTS,
        name="april.csv",
        content=csv_bytes(PAYMENTS_HEADER, [payment()]),
        skip_invalid=False,
        actor=None,
        publish=False,
    )
    original_apply = import_service.IMPORTERS[ImportRun.Kind.PAYMENTS].apply

    def apply_then_lose_the_run(self):
        original_apply(self)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED)

    monkeypatch.setattr(import_service.IMPORTERS[ImportRun.Kind.PAYMENTS], "apply", apply_then_lose_the_run)
    imports.import_run_execute(run_id=run.pk)
    assert not Payment.objects.exists()


def test_an_unexpected_error_fails_the_run_with_a_message_and_imports_nothing(margaret_dp, monkeypatch):
    def broken(self):
        Payment.objects.create(direct_payment=margaret_dp, kind="paid", amount=1, due_date=date(2025, 1, 1))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_service.IMPORTERS[ImportRun.Kind.PAYMENTS], "apply", broken)
    run = import_payments([payment()])
    assert run.status == ImportRun.Status.FAILED
    assert "nothing was imported" in run.failure_reason
    assert not Payment.objects.exists()


def test_progress_is_recorded_as_rows_are_checked(margaret_dp, monkeypatch):
    monkeypatch.setattr(import_service, "CHUNK_ROWS", 2)
    seen = []
    original_check = import_service.IMPORTERS[ImportRun.Kind.PAYMENTS].check

    def check_and_look(self, rows):
        seen.append(ImportRun.objects.get().processed_rows)
        original_check(self, rows)

    monkeypatch.setattr(import_service.IMPORTERS[ImportRun.Kind.PAYMENTS], "check", check_and_look)
    import_payments([payment(f"VW-{n}") for n in range(5)])
    assert seen == [0, 2, 4]


def test_the_report_in_words(margaret_dp):
    done = import_payments([payment(), payment("VW-2", kind="bogus")], skip_invalid=True, name="april.csv")
    summary = imports.import_run_summary(done)
    assert summary.headline == "Imported april.csv: 1 new, 0 changed, 0 unchanged, 1 rejected."
    assert summary.lines == ["Row 3: type: “bogus” is not one of: scheduled, paid, adjusted."]


def test_only_the_first_rejected_rows_are_kept_but_all_are_counted(monkeypatch):
    monkeypatch.setattr(import_service, "IMPORT_MAX_REPORTED_ERRORS", 3)
    run = import_people([person_row(f"HCC{n}", care_group="x") for n in range(5)])
    assert (len(run.errors), run.error_count) == (3, 5)
    assert imports.import_run_summary(run).lines[-1] == "... and 2 more rows that need fixing."


def test_payment_record_and_the_import_agree_on_the_paid_date(margaret_dp):
    recorded = money_records.payment_record(
        direct_payment=margaret_dp, kind=Payment.Kind.PAID, amount=Decimal("10"), due_date=date(2025, 5, 1)
    )
    import_payments([payment("VW-5", "2025-05-01", "10")])
    assert Payment.objects.get(reference="VW-5").paid_date == recorded.paid_date == date(2025, 5, 1)


def test_imported_records_reach_the_people_they_belong_to(client, make_user, margaret_dp):
    user = make_user(Role.RECIPIENT)
    Recipient.objects.filter(pk=margaret_dp.recipient_id).update(user=user)
    import_payments([payment(note="April payment")])
    client.force_login(user)
    assert "April payment" in client.get(f"/direct-payment/{margaret_dp.recipient_id}/history/").text
