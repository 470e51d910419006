"""The direct payment record at full scale: staff search, imports, and a person's own pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpss_bench_recipients \\
        .venv/bin/python bench/run_recipients_bench.py

Creates the bench database if needed (its name must contain "bench"),
migrates it and generates, with SQL (generate_series), 100,000 recipients,
their direct payments (some ended, some with a second one), 2.6 million
payments, a balance each, check-ups due and surplus flags, plus one person
with 2,000 payments. A second run reuses the data. Then it measures, with
Django's test client as `bench/run_bench.py` does (warm-up, p50/p95, SQL
queries per request, ratio to a bare view): the staff search as an adviser
and as a practitioner, with the trigram indexes dropped and then restored
(before/after); "Your direct payment" and the payments history of the person
with 2,000 payments; and imports of a 50,000-row recipients file and a
100,000-row payments file, first run and re-run, in rows per second. The
table is printed and written to bench/results/recipients.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dpss_bench_recipients")

import run_bench  # noqa: E402  (sets the environment the bench runs in: production-like settings)

RESULTS = BASE_DIR / "bench" / "results" / "recipients.md"
PREFIX = "bench-rcp-"
PRACTITIONERS = 1000  # about 100 people each
PAYMENTS_PER_DP = 26  # a year of 4-weekly payments on each current direct payment
EARLIER_PAYMENTS = 5  # on each earlier, ended one: about 2.6 million payments in all
BUSY_PAYMENTS = 2000
IMPORT_PREFIX = "IMP"
IMPORT_PAYMENT_PREFIX = "BENCH-IMP-"

FIRST_NAMES = [
    "Margaret",
    "Joan",
    "Ravi",
    "Priya",
    "David",
    "Sian",
    "Helen",
    "Alan",
    "Tom",
    "Susan",
    "Peter",
    "Mary",
    "John",
    "Aisha",
    "Mohammed",
    "Grace",
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Jack",
    "Emily",
    "Noah",
    "Sophie",
    "Leo",
    "Lily",
    "Arthur",
    "Freya",
    "Ahmed",
    "Fatima",
    "Dorothy",
    "Brian",
    "Eileen",
    "Kenneth",
    "Jean",
    "Derek",
    "Patricia",
    "Wei",
]
SURNAMES = [
    "Ellis",
    "Okafor",
    "Patel",
    "Shah",
    "Morgan",
    "Carter",
    "Brooks",
    "Hughes",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Begum",
    "Ali",
    "Singh",
    "Kaur",
    "Murphy",
    "Kelly",
    "Price",
    "Bennett",
    "Griffiths",
    "Lloyd",
    "Turner",
    "Parker",
    "Cook",
    "Cooper",
    "Ward",
    "Morris",
    "King",
    "Baker",
    "Harris",
    "Lewis",
    "Young",
    "Allen",
    "Mitchell",
    "Phillips",
    "Campbell",
    "Anderson",
    "Stewart",
    "Reid",
    "Fraser",
    "Chen",
    "Nowak",
]
# District, and the outward codes of postcodes in it.
AREAS = [
    ("Winchester", ["SO21", "SO22", "SO23", "SO24"]),
    ("Basingstoke and Deane", ["RG21", "RG22", "RG23", "RG24"]),
    ("Eastleigh", ["SO50", "SO53"]),
    ("Fareham", ["PO14", "PO15", "PO16"]),
    ("Gosport", ["PO12", "PO13"]),
    ("Hart", ["GU51", "GU52"]),
    ("Havant", ["PO9", "PO10"]),
    ("New Forest", ["SO41", "SO42", "BH24", "BH25"]),
    ("Rushmoor", ["GU11", "GU14"]),
    ("Test Valley", ["SP10", "SP11", "SO51"]),
    ("East Hampshire", ["GU30", "GU31", "GU32", "GU34"]),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000, help="people in the table (default 100,000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument("--import-recipients", type=int, default=50_000, help="rows in the recipients file")
    parser.add_argument("--import-payments", type=int, default=100_000, help="rows in the payments file")
    parser.add_argument("--skip-imports", action="store_true", help="measure the pages only")
    parser.add_argument("--skip-pages", action="store_true", help="measure the imports only")
    parser.add_argument("--regenerate", action="store_true", help="generate the data again even if it is there")
    parser.add_argument(
        "--skip-before", action="store_true", help="do not measure the search without its trigram indexes"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown report")
    return parser.parse_args()


# --- Data, generated in SQL -----------------------------------------------------------


def _sql_list(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def insert_select(model, columns: dict[str, str], source: str) -> int:
    """INSERT INTO model's table (every concrete column) SELECT the given SQL expressions FROM source.

    A column not given gets its field's default (or NULL), so a field added
    to the model later does not break the bench. The SQL given has no
    parameters (its % are modulo operators).
    """
    from django.db import connection

    columns = {name: sql.replace("%", "%%") for name, sql in columns.items()}
    source = source.replace("%", "%%")
    names, expressions, values = [], [], []
    given = dict(columns)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(connection.ops.quote_name(field.column))
        name = field.attname if field.attname in given else field.name
        if name in given:
            expressions.append(given.pop(name))
        else:
            default = field.get_default() if field.has_default() or not field.null else None
            expressions.append("%s")
            values.append(default)
    assert not given, f"unknown fields for {model.__name__}: {sorted(given)}"
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(names)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount


def seed(recipients: int, *, regenerate: bool = False) -> dict[str, int]:
    from django.db import connection, transaction

    from recipients.models import Recipient

    have = Recipient.objects.filter(council_reference__startswith="HCC").count()
    if have == recipients + 1 and not regenerate:
        print(f"Reusing {have:,} recipients and their records")
    else:
        started = time.perf_counter()
        with transaction.atomic():
            _delete_bench_records()
            users = _accounts()
            _generate(recipients, users)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Generated the data in {time.perf_counter() - started:.0f} s")
    return _counts()


def _delete_bench_records() -> None:
    """Empty the record's tables (a bench database only), numbering rows from 1 again."""
    from django.db import connection

    from recipients.models import Recipient

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Recipient._meta.db_table} RESTART IDENTITY CASCADE")


def _accounts() -> dict[str, object]:
    """Practitioners, an adviser, a manager and the person with 2,000 payments (made once, then reused)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password

    from dpss.accounts.models import Role, RoleGrant, User

    password = make_password("bench-password-not-used-to-sign-in")

    def account(name: str, role: str) -> User:
        user, created = User.objects.get_or_create(
            email=f"{PREFIX}{name}@example.com", defaults={"full_name": f"Bench {name}", "password": password}
        )
        if created:
            RoleGrant.objects.create(user=user, role=role)
        return user

    practitioners = [account(f"practitioner-{n:04d}", Role.PRACTITIONER) for n in range(PRACTITIONERS)]
    adviser, manager = account("adviser", Role.ADVISER), account("manager", Role.MANAGER)
    # Practitioners and staff must have an authenticator app (the MFA middleware sends them to set one up).
    secret = encrypt(run_bench.BENCH_TOTP_SECRET)
    have = set(Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user_id", flat=True))
    Authenticator.objects.bulk_create(
        Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
        for user in [*practitioners, adviser, manager]
        if user.pk not in have
    )
    return {
        "practitioners": practitioners,
        "adviser": adviser,
        "manager": manager,
        "recipient": account("recipient", Role.RECIPIENT),
    }


def _generate(recipients: int, users: dict) -> None:
    from recipients.models import BalanceSnapshot, DirectPayment, FinancialCheckup, Payment, Recipient

    first, last = _sql_list(FIRST_NAMES), _sql_list(SURNAMES)
    areas = _sql_list([area for area, _codes in AREAS])
    longest = max(len(codes) for _a, codes in AREAS)
    # Pad each district's codes to the same length (PostgreSQL arrays are rectangular).
    outward = "ARRAY[" + ", ".join(_sql_list((codes * longest)[:longest]) for _a, codes in AREAS) + "]"
    groups = _sql_list(
        ["older_adults", "older_adults", "physical_disability", "learning_disability", "mental_health", "carer"]
    )
    child_groups = _sql_list(["child_disability", "child_disabled_parent"])
    n_first, n_last, n_areas = len(FIRST_NAMES), len(SURNAMES), len(AREAS)
    insert_select(
        Recipient,
        {
            # Hashed, so that the order of names does not follow the other columns (which use g % n).
            "full_name": f"({first})[1 + abs(hashtext(g::text || 'f')) % {n_first}] || ' ' || "
            f"({last})[1 + abs(hashtext(g::text || 's')) % {n_last}]",
            "date_of_birth": "(CASE WHEN g % 10 = 0 THEN date '2010-01-01' ELSE date '1930-01-01' END) + (g * 37) % 7000",
            "council_reference": "'HCC' || lpad(g::text, 7, '0')",
            "directorate": "CASE WHEN g % 10 = 0 THEN 'children' ELSE 'adults' END",
            "care_group": f"CASE WHEN g % 10 = 0 THEN ({child_groups})[1 + g % 2] ELSE ({groups})[1 + g % 6] END",
            "address_line_1": "(g % 200 + 1)::text || ' High Street'",
            "postcode": f"({outward})[1 + g % {n_areas}][1 + (g / {n_areas}) % {longest}] || ' ' || "
            "(g % 10)::text || chr(65 + g % 26) || chr(65 + (g / 26) % 26)",
            "area": f"({areas})[1 + g % {n_areas}]",
            "format_preference": "CASE WHEN g % 20 = 0 THEN 'large_print' WHEN g % 25 = 0 THEN 'easy_read' ELSE 'standard' END",
            "created_at": "now()",
            "updated_at": "now()",
        },
        f"generate_series(1, {recipients}) AS g",
    )
    # The person with 2,000 payments, who signs in.
    insert_select(
        Recipient,
        {
            "full_name": "'Bench Busy Person'",
            "date_of_birth": "date '1950-05-05'",
            "council_reference": "'HCC9999999'",
            "directorate": "'adults'",
            "care_group": "'older_adults'",
            "address_line_1": "'1 Bench Street'",
            "postcode": "'SO23 8UJ'",
            "area": "'Winchester'",
            "user_id": str(int(users["recipient"].pk)),
            "created_at": "now()",
            "updated_at": "now()",
        },
        "(SELECT 1) AS one",
    )
    first_practitioner = users["practitioners"][0].pk
    methods = _sql_list(["virtual_wallet"] * 5 + ["prepaid_card"] * 2 + ["bank_account"] * 2 + ["managed_account"])
    status = (
        "CASE WHEN r.id % 50 = 1 THEN 'draft' WHEN r.id % 33 = 2 THEN 'awaiting_signature' "
        "WHEN r.id % 20 = 3 THEN 'suspended' WHEN r.id % 10 = 4 THEN 'ended' ELSE 'active' END"
    )
    direct_payment = {
        "recipient_id": "r.id",
        "kind": "CASE WHEN r.directorate = 'children' THEN 'children' WHEN r.care_group = 'carer' THEN 'carer' ELSE 'ongoing' END",
        "status": status,
        "personal_budget_weekly": "(150 + r.id % 450)::numeric",
        "contribution_weekly": "(r.id % 40)::numeric",
        "basis": "'net'",
        "amount_per_period": "((150 + r.id % 450) - (r.id % 40)) * 4",
        "frequency": "CASE WHEN r.id % 7 = 0 THEN 'monthly' ELSE 'four_weekly' END",
        "payment_method": f"({methods})[1 + r.id % 10]",
        "account_verified": "true",
        "practitioner_id": f"{first_practitioner} + r.id % {PRACTITIONERS}",
        "first_payment_date": "date '2024-01-01' + (r.id % 300)::int",
        "end_date": f"CASE WHEN ({status}) = 'ended' THEN date '2025-06-30' END",
        "end_reason": f"CASE WHEN ({status}) = 'ended' THEN 'moved_away' ELSE '' END",
        "surplus_flagged": "r.id % 33 = 5",
        "created_at": "now() - interval '1 year'",
        "updated_at": "now()",
    }
    insert_select(DirectPayment, direct_payment, "recipients_recipient AS r")
    # One person in ten also had an earlier direct payment, now ended.
    earlier = {
        **direct_payment,
        "status": "'ended'",
        "payment_method": "'bank_account'",
        "end_date": "date '2023-12-31'",
        "end_reason": "'needs_changed'",
        "surplus_flagged": "false",
        "created_at": "now() - interval '3 years'",
    }
    insert_select(DirectPayment, earlier, "recipients_recipient AS r WHERE r.id % 10 = 6")
    DirectPayment.objects.filter(recipient__council_reference="HCC9999999").update(
        status=DirectPayment.Status.ACTIVE, end_date=None, end_reason="", surplus_flagged=False
    )
    current = "recipients_directpayment AS dp WHERE dp.created_at > now() - interval '2 years'"
    payment = {
        "direct_payment_id": "dp.id",
        "kind": "CASE WHEN n < 24 THEN 'paid' ELSE 'scheduled' END",
        "amount": "dp.amount_per_period",
        "due_date": "dp.first_payment_date + n * 28",
        "paid_date": "CASE WHEN n < 24 THEN dp.first_payment_date + n * 28 END",
        "reference": "'VW' || dp.id::text || '-' || n::text",
        "source": "'imported'",
        "created_at": "now()",
    }
    insert_select(
        Payment,
        payment,
        f"recipients_directpayment AS dp CROSS JOIN generate_series(0, {PAYMENTS_PER_DP - 1}) AS n "
        "WHERE dp.created_at > now() - interval '2 years' AND dp.status <> 'draft'",
    )
    insert_select(
        Payment,
        {
            **payment,
            "kind": "'paid'",
            "due_date": "date '2021-01-04' + n * 28",
            "paid_date": "date '2021-01-04' + n * 28",
        },
        f"recipients_directpayment AS dp CROSS JOIN generate_series(0, {EARLIER_PAYMENTS - 1}) AS n "
        "WHERE dp.created_at <= now() - interval '2 years'",
    )
    busy = f"recipients_directpayment AS dp CROSS JOIN generate_series({PAYMENTS_PER_DP}, {PAYMENTS_PER_DP + BUSY_PAYMENTS - 1}) AS n"
    insert_select(
        Payment,
        {
            **payment,
            "due_date": "date '2000-01-03' + n * 7",
            "paid_date": "date '2000-01-03' + n * 7",
            "kind": "'paid'",
        },
        busy + " WHERE dp.recipient_id = (SELECT id FROM recipients_recipient WHERE council_reference = 'HCC9999999')",
    )
    insert_select(
        BalanceSnapshot,
        {
            "direct_payment_id": "dp.id",
            "taken_on": "current_date - 3",
            "balance": "dp.amount_per_period * (CASE WHEN dp.surplus_flagged THEN 4 ELSE 1 END)",
            "known_liabilities": "0",
            "allowed_contingency": "0",
            "surplus": "dp.amount_per_period * (CASE WHEN dp.surplus_flagged THEN 4 ELSE 1 END)",
            "weeks_of_support": "CASE WHEN dp.surplus_flagged THEN 16 ELSE 4 END",
            "source": "'imported'",
            "created_at": "now()",
        },
        current,
    )
    insert_select(
        FinancialCheckup,
        {
            "direct_payment_id": "dp.id",
            "period_start": "date '2025-01-01'",
            "period_end": "date '2025-12-31'",
            "due_date": "current_date + 14",
            "method": "CASE WHEN dp.payment_method IN ('virtual_wallet', 'prepaid_card') THEN 'online_account' ELSE 'statements' END",
            "status": "'due'",
            "created_at": "now()",
        },
        current + " AND dp.id % 20 = 7",
    )


def _counts() -> dict[str, int]:
    from recipients.models import BalanceSnapshot, DirectPayment, FinancialCheckup, Payment, Recipient

    return {
        "recipients": Recipient.objects.count(),
        "direct_payments": DirectPayment.objects.count(),
        "payments": Payment.objects.count(),
        "balances": BalanceSnapshot.objects.count(),
        "checkups_due": FinancialCheckup.objects.filter(status="due").count(),
        "surplus_flagged": DirectPayment.objects.filter(surplus_flagged=True).count(),
    }


# --- Measuring pages ------------------------------------------------------------------


# Pages and results are measured as run_bench measures them.
Page = run_bench.Page
Result = run_bench.Result


def clients() -> dict[str, object]:
    from django.test import Client

    from dpss.accounts.models import User

    result = {"anonymous": Client()}
    emails = {
        "adviser": f"{PREFIX}adviser@example.com",
        "practitioner": f"{PREFIX}practitioner-0000@example.com",
        "recipient": f"{PREFIX}recipient@example.com",
    }
    for actor, email in emails.items():
        client = Client()
        client.force_login(User.objects.get(email=email), backend="allauth.account.auth_backends.AuthenticationBackend")
        result[actor] = client
    return result


def search_pages() -> list[Page]:
    people = "/team/people/"
    return [
        Page("Everyone, first page", people, "adviser"),
        Page("By name", people + "?q=ellis", "adviser"),
        Page("By first name and surname", people + "?q=margaret+ellis", "adviser"),
        Page("By council reference", people + "?q=HCC0054321", "adviser"),
        Page("By partial postcode", people + "?q=SO23", "adviser"),
        Page("By whole postcode, no space", people + "?q=so238uj", "adviser"),
        Page("Directorate", people + "?directorate=children", "adviser"),
        Page("Care group", people + "?care_group=mental_health", "adviser"),
        Page("Area", people + "?area=Winchester", "adviser"),
        Page("Status", people + "?status=suspended", "adviser"),
        Page("Payment method", people + "?payment_method=managed_account", "adviser"),
        Page("Check-up due", people + "?checkup_due=on", "adviser"),
        Page("Surplus flag", people + "?surplus_flagged=on", "adviser"),
        Page(
            "Combined filters",
            people + "?area=Winchester&status=active&payment_method=virtual_wallet&care_group=older_adults",
            "adviser",
        ),
        Page("Name and filters", people + "?q=smith&status=active&checkup_due=on", "adviser"),
        Page("A later page (200)", people + "?page=200", "adviser"),
        Page("A later page of a filter (40)", people + "?area=Winchester&page=40", "adviser"),
        Page("Practitioner: caseload", people, "practitioner"),
        Page("Practitioner: by name", people + "?q=ellis", "practitioner"),
        Page("Practitioner: filters", people + "?status=active&payment_method=virtual_wallet", "practitioner"),
    ]


def person_pages() -> list[Page]:
    from recipients.models import Recipient

    pk = Recipient.objects.get(council_reference="HCC9999999").pk
    return [
        Page("Your direct payment (2,000 payments)", f"/direct-payment/{pk}/", "recipient"),
        Page("Payments history, first page", f"/direct-payment/{pk}/history/", "recipient"),
        Page("Payments history, page 40", f"/direct-payment/{pk}/history/?page=40", "recipient"),
        Page("Staff record (2,000 payments)", f"/team/people/{pk}/", "adviser"),
        Page("Documents", f"/direct-payment/{pk}/documents/", "recipient"),
    ]


def measure_all(pages: list[Page], by_actor: dict, args) -> list[Result]:
    results = []
    for page in pages:
        result = run_bench.measure(page, by_actor[page.actor], requests=args.requests, warmup=args.warmup)
        results.append(result)
        print(f"  {page.label:<44} {result.queries:>5} queries  p50 {result.p50:7.2f} ms  p95 {result.p95:7.2f} ms")
    return results


def set_trigram_indexes(present: bool) -> None:
    """Drop or restore the search's trigram indexes (migration 0003), to show what they change."""
    from importlib import import_module

    from django.db import connection

    migration = import_module("recipients.migrations.0003_find_import_publish_and_search_indexes")
    with connection.schema_editor() as editor:
        if present:
            migration.add_trigram_indexes(None, editor)
        else:
            migration.drop_trigram_indexes(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recipients_recipient")


# --- Measuring imports ----------------------------------------------------------------


@dataclass
class ImportResult:
    label: str
    rows: int
    seconds: float
    report: str

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


DP_COLUMNS = ["dp_type", "weekly_budget", "weekly_contribution", "frequency", "payment_method", "first_payment_date"]


def recipients_file(rows: int, *, with_direct_payments: bool = True) -> bytes:
    """New people; with each one's direct payment (a finance export), or people only."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = [
        "council_reference",
        "full_name",
        "date_of_birth",
        "directorate",
        "care_group",
        "address_line_1",
        "postcode",
        "area",
        "email",
        "phone",
        "format_preference",
        "newsletter_consent",
        *DP_COLUMNS,
    ]
    keep = len(header) if with_direct_payments else len(header) - len(DP_COLUMNS)
    writer.writerow(header[:keep])
    prefix = IMPORT_PREFIX + ("D" if with_direct_payments else "P")
    for n in range(rows):
        area, codes = AREAS[n % len(AREAS)]
        writer.writerow(
            [
                f"{prefix}{n:07d}",
                f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[(n * 7) % len(SURNAMES)]}",
                (date(1935, 1, 1) + timedelta(days=n % 25000)).isoformat(),
                "adults",
                "Older adults" if n % 3 else "physical_disability",
                f"{n % 300 + 1} Station Road",
                f"{codes[n % len(codes)]} {n % 10}{chr(65 + n % 26)}{chr(65 + (n // 26) % 26)}",
                area,
                f"person{n}@example.com" if n % 4 == 0 else "",
                "01632 960 000" if n % 5 == 0 else "",
                "Large print" if n % 20 == 0 else "standard",
                "yes" if n % 2 else "no",
                "ongoing",
                f"{200 + n % 400}.00",
                f"{n % 30}.50",
                "Every 4 weeks",
                "Virtual Wallet" if n % 2 else "prepaid_card",
                (date(2024, 4, 1) + timedelta(days=n % 365)).isoformat(),
            ][:keep]
        )
    return out.getvalue().encode()


def payments_file(rows: int) -> bytes:
    """Rows for existing people: 25 payments each, a balance on every fifth row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["council_reference", "payment_reference", "date", "amount", "type", "paid_date", "note", "balance"]
    )
    for n in range(rows):
        person, number = divmod(n, 25)
        due = date(2025, 1, 6) + timedelta(days=7 * number)
        reference = (person * 7) % 90000 + 11
        if reference % 50 == 1:  # a direct payment still being set up (a draft): the next person
            reference += 1
        writer.writerow(
            [
                f"HCC{reference:07d}",
                f"{IMPORT_PAYMENT_PREFIX}{n:08d}",
                due.isoformat(),
                f"{300 + n % 500}.{n % 100:02d}",
                "paid" if number < 20 else "scheduled",
                due.isoformat() if number < 20 else "",
                "Card top-up" if n % 9 == 0 else "",
                f"{1000 + n % 3000}.00" if n % 5 == 4 else "",
            ]
        )
    return out.getvalue().encode()


def _forget_previous_imports(actor) -> None:
    """Remove what an earlier bench run imported, with plain SQL (no signals, no log entries)."""
    from auditlog.models import LogEntry
    from django.db import connection, transaction

    from recipients.models import AdviserTask, BalanceSnapshot, DirectPayment, ImportRun, Payment, Recipient

    def table(model) -> str:
        return model._meta.db_table

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table(Payment)} WHERE reference LIKE %s", [IMPORT_PAYMENT_PREFIX + "%"])
        imported_balances = f"SELECT id FROM {table(BalanceSnapshot)} WHERE recorded_by_id = %s"
        cursor.execute(f"DELETE FROM {table(AdviserTask)} WHERE balance_id IN ({imported_balances})", [actor.pk])
        cursor.execute(f"DELETE FROM {table(BalanceSnapshot)} WHERE recorded_by_id = %s", [actor.pk])
        people = f"SELECT id FROM {table(Recipient)} WHERE council_reference LIKE %s"
        cursor.execute(f"DELETE FROM {table(DirectPayment)} WHERE recipient_id IN ({people})", [IMPORT_PREFIX + "%"])
        cursor.execute(f"DELETE FROM {table(Recipient)} WHERE council_reference LIKE %s", [IMPORT_PREFIX + "%"])
        cursor.execute(f"DELETE FROM {table(LogEntry)} WHERE actor_id = %s", [actor.pk])
        cursor.execute(f"DELETE FROM {table(ImportRun)} WHERE started_by_id = %s", [actor.pk])
    # The deleted rows are dead tuples until vacuumed: clear them, so later searches read a clean table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure_imports(args, tmp: Path) -> list[ImportResult]:
    from dpss.accounts.models import User
    from recipients.models import ImportRun
    from recipients.services import imports

    actor = User.objects.get(email=f"{PREFIX}manager@example.com")
    files = [
        (
            ImportRun.Kind.RECIPIENTS,
            "recipients, people only",
            recipients_file(args.import_recipients, with_direct_payments=False),
            args.import_recipients,
        ),
        (
            ImportRun.Kind.RECIPIENTS,
            "recipients with their direct payment",
            recipients_file(args.import_recipients),
            args.import_recipients,
        ),
        (ImportRun.Kind.PAYMENTS, "payments", payments_file(args.import_payments), args.import_payments),
    ]
    results = []
    for kind, label, content, rows in files:
        path = tmp / f"bench-{label.replace(' ', '-').replace(',', '')}.csv"
        path.write_bytes(content)
        for attempt in ("first run", "re-run"):
            gc.collect()
            started = time.perf_counter()
            run = imports.import_file(kind=kind, path=path, skip_invalid=False, actor=actor)
            seconds = time.perf_counter() - started
            summary = imports.import_run_summary(run)
            if run.status != ImportRun.Status.DONE:
                sys.exit(f"The {label} import did not succeed: {summary.headline} {summary.lines[:5]}")
            if attempt == "re-run":
                _forget_previous_imports(actor)  # the next file starts from the generated data alone
            result = ImportResult(f"{label[0].upper()}{label[1:]}, {attempt}", rows, seconds, summary.headline)
            results.append(result)
            print(f"  {result.label:<52} {rows:>8,} rows in {seconds:6.1f} s = {result.rows_per_second:8,.0f} rows/s")
            print(f"    {summary.headline}")
    return results


# --- Report ---------------------------------------------------------------------------


def page_table(results: list[Result], bare: Result) -> str:
    lines = [
        "| Page | URL | As | SQL queries | p50 ms | p95 ms | p95 × bare |",
        "|---|---|---|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page.label} | `{r.page.path}` | {r.page.actor} | {r.queries} | {r.p50:.1f} | {r.p95:.1f} "
            f"| {r.p95 / bare.p95:.0f} |"
        )
    return "\n".join(lines)


def before_after_table(before: list[Result], after: list[Result]) -> str:
    lines = ["| Search | p95 ms without | p95 ms with | × faster |", "|---|--:|--:|--:|"]
    for b, a in zip(before, after, strict=True):
        lines.append(f"| {a.page.label} | {b.p95:.1f} | {a.p95:.1f} | {b.p95 / a.p95:.1f} |")
    return "\n".join(lines)


def import_table(results: list[ImportResult]) -> str:
    lines = ["| Import | Rows | Seconds | Rows per second | Report |", "|---|--:|--:|--:|---|"]
    for r in results:
        lines.append(f"| {r.label} | {r.rows:,} | {r.seconds:.1f} | {r.rows_per_second:,.0f} | {r.report} |")
    return "\n".join(lines)


def render(*, args, info, where, data, bare, search, before, person, imports) -> str:
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    sections = [
        "# The direct payment record at full scale: search, imports, a person's own pages",
        "",
        "Written by `bench/run_recipients_bench.py` (see `bench/README.md` for the method and what the figures mean).",
        "",
        f"- **Run**: {when}, {args.requests} timed requests per page after {args.warmup} untimed ones",
        f"- **Machine**: {info['cpus']} CPUs ({info['cpu']}), {info['os']}",
        f"- **Software**: Python {info['python']}, Django {info['django']}, {info['database']}",
        f"- **Database**: {where}",
        f"- **Data**: {data['recipients']:,} recipients, {data['direct_payments']:,} direct payments, "
        f"{data['payments']:,} payments, {data['balances']:,} balances, {data['checkups_due']:,} check-ups due, "
        f"{data['surplus_flagged']:,} surplus flags",
        f"- **Bare Django view** (same run): p50 {bare.p50:.2f} ms, p95 {bare.p95:.2f} ms",
        "",
        "## Staff search (`/team/people/`), target p95 < 100 ms",
        "",
        page_table(search, bare),
        "",
    ]
    if before:
        sections += [
            "### Before and after the trigram indexes (pg_trgm, migration 0003)",
            "",
            "The searches that use the box, measured in the same run with the indexes dropped, then restored.",
            "",
            before_after_table(before, [r for r in search if r.page in {b.page for b in before}]),
            "",
        ]
    sections += [
        "## One person's record (the person with 2,000 payments): their own pages and the staff record",
        "",
        page_table(person, bare),
        "",
    ]
    if imports:
        sections += [
            "## Imports (the service the command and the upload page share), target >= 5,000 rows/s",
            "",
            f"Two {args.import_recipients:,}-row recipients files of new people, one with only the people "
            "(each row writes the person and an audit entry) and one with each person's direct payment too "
            "(each row writes the person, their direct payment and two audit entries), and a "
            f"{args.import_payments:,}-row payments file for people already there (25 payments for each of "
            f"{args.import_payments // 25:,} people, a balance on every fifth row: each row writes the payment "
            "and an audit entry). Each file is imported twice: the re-run changes nothing. Times include "
            "checking the file as a whole and row by row, the audit entries and the one transaction.",
            "",
            import_table(imports),
            "",
        ]
    return "\n".join(sections)


def main() -> None:
    args = parse_args()
    import tempfile

    where = run_bench.prepare_postgresql_bench()
    data = seed(args.recipients, regenerate=args.regenerate)
    from dpss.accounts.models import User

    _forget_previous_imports(User.objects.get(email=f"{PREFIX}manager@example.com"))
    data = _counts()
    print(
        f"Data: {data['recipients']:,} recipients, {data['direct_payments']:,} direct payments, "
        f"{data['payments']:,} payments"
    )

    by_actor = clients()
    bare = run_bench.measure(
        Page("Bare Django view (baseline)", "/bench/bare/", "anonymous"),
        by_actor["anonymous"],
        requests=args.requests * 2,
        warmup=args.warmup,
    )
    print(f"  Bare view: p50 {bare.p50:.2f} ms, p95 {bare.p95:.2f} ms")
    before, search, person = [], [], []
    if not args.skip_before and not args.skip_pages:
        print("Staff search without the trigram indexes:")
        set_trigram_indexes(False)
        try:
            box = [page for page in search_pages() if "q=" in page.path]
            before = measure_all(box, by_actor, args)
        finally:
            set_trigram_indexes(True)
    if not args.skip_pages:
        print("Staff search:")
        search = measure_all(search_pages(), by_actor, args)
        print("A person's own pages:")
        person = measure_all(person_pages(), by_actor, args)
    imports = []
    if not args.skip_imports:
        print("Imports:")
        with tempfile.TemporaryDirectory() as tmp:
            imports = measure_imports(args, Path(tmp))

    report = render(
        args=args,
        info=run_bench.machine(),
        where=where,
        data=data,
        bare=bare,
        search=search,
        before=before,
        person=person,
        imports=imports,
    )
    run_bench.write_report(report, args.output)


if __name__ == "__main__":
    main()
