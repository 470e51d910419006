"""The query tracker at full scale: the managers' report and the staff queue with 200,000 queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpss_bench_queries \\
        .venv/bin/python bench/run_queries_bench.py

PostgreSQL only, in a database whose name contains "bench" (created if
missing, migrated). The first run generates, with SQL (INSERT ... SELECT over
generate_series, no services, no signals): 100,000 people with a direct
payment each, a manager and a dozen advisers, the three teams and nine topics,
27 help articles, then 200,000 queries over 18 months (about 8% still open,
2% complaints, 0.5% safeguarding, every district of Hampshire and some with
none, clocks filled as sla_recompute would), three timeline events each,
satisfaction questions for a share of the resolved ones, help offers with the
articles offered and opened, and "did this help?" answers; then VACUUM
ANALYZE. A later run with the same --queries reuses the data (--regenerate
makes it again; --drop-database removes the database at the end).

Then, as bench/run_bench.py does (Django test client, untimed requests first,
p50/p95 of the server time, SQL queries of three requests, a bare signed-in
view in the same run), it measures the reports page (`queries:reports`) and,
if it is there, the staff queue (`queries:staff_queue`): its default page,
page sizes 25 and 100, a later page, and each filter. For a page over its
target it runs EXPLAIN ANALYZE on the page's slowest SQL statement and writes
the plan into the results. The table is printed and written to
bench/results/queries.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dpss_bench_queries")

import run_bench  # noqa: E402  (sets the environment the bench runs in: production-like settings)
from run_recipients_bench import AREAS, FIRST_NAMES, SURNAMES, _sql_list  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results" / "queries.md"
PREFIX = "bench-q-"
ADVISERS = 12
PEOPLE = 100_000
REPORT_TARGET_MS = 500
QUEUE_TARGET_MS = 100
QUEUE_MAX_QUERIES = 10

TEAMS = ["Direct payments advice", "Employer support", "PA Finder"]
# slug, name, team, weight (of 100): what people ask about most.
TOPICS = [
    ("using-your-direct-payment", "Using your direct payment", 0, 18),
    ("becoming-an-employer", "Becoming an employer", 1, 8),
    ("employing-a-pa", "Employing a PA", 1, 20),
    ("virtual-wallet-and-cards", "Virtual Wallet and payment cards", 0, 14),
    ("financial-check-ups", "Financial check-ups", 0, 10),
    ("reviews", "Reviews", 0, 6),
    ("ending-a-direct-payment", "Ending a direct payment", 0, 4),
    ("finding-a-pa", "Finding a PA", 2, 12),
    ("getting-help", "Getting help", 0, 8),
]
SUBJECTS = [
    "Question about my payment",
    "Help with paying my PA",
    "My card was declined",
    "When is my review",
    "Payslips and HMRC",
    "Holiday pay for my PA",
    "I need to find a new PA",
    "Letter about a check-up",
    "Money left in my account",
    "Changing how I get my payment",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200_000, help="queries in the table (default 200,000)")
    parser.add_argument("--months", type=int, default=18, help="months the queries are spread over (default 18)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument("--regenerate", action="store_true", help="generate the queries again even if they are there")
    parser.add_argument("--skip-queue", action="store_true", help="measure the reports page only")
    parser.add_argument("--drop-database", action="store_true", help="drop the bench database when done")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown report")
    return parser.parse_args()


# --- Generating rows with SQL ---------------------------------------------------------------------


def insert_select(model, columns: dict[str, str], source: str) -> int:
    """INSERT INTO model's table SELECT the given SQL expressions FROM source; run_recipients_bench's helper,
    except that the primary key may be given too. A field not given gets its default (or NULL), so a field
    added to the model later does not break the bench. The SQL has no parameters (% is modulo)."""
    from django.db import connection

    given = {name: sql.replace("%", "%%") for name, sql in columns.items()}
    source = source.replace("%", "%%")
    names, expressions, values = [], [], []
    for field in model._meta.concrete_fields:
        name = field.attname if field.attname in given else field.name
        if field.primary_key and name not in given:
            continue
        names.append(connection.ops.quote_name(field.column))
        if name in given:
            expressions.append(given.pop(name))
        else:
            expressions.append("%s")
            values.append(field.get_default() if field.has_default() or not field.null else None)
    assert not given, f"unknown fields for {model.__name__}: {sorted(given)}"
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(names)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.rowcount


def _weighted(values: list, weights: list[int]) -> tuple[str, int]:
    """An SQL array in which each value appears `weight` times: index it with 1 + floor(random() * length)."""
    items = [
        str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"
        for v, w in zip(values, weights, strict=True)
        for _ in range(w)
    ]
    return f"(ARRAY[{', '.join(items)}])", len(items)


def _pick(values: list, weights: list[int], random: str = "random()") -> str:
    array, length = _weighted(values, weights)
    return f"{array}[1 + floor({random} * {length})::int]"


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


# --- Staff, teams, topics, articles and people ----------------------------------------------------------


def seed_staff() -> dict:
    """A manager and a dozen advisers (each with an authenticator app, as staff must have), the teams,
    topics and articles. Made once; found again by email, name or slug on a later run."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from dpss.accounts.models import Role, RoleGrant, User
    from queries.models import Article, Team, Topic

    wanted = [(f"{PREFIX}manager@example.com", "Bench Manager", Role.MANAGER)] + [
        (f"{PREFIX}adviser-{n:02d}@example.com", f"{FIRST_NAMES[n]} {SURNAMES[n]}", Role.ADVISER)
        for n in range(ADVISERS)
    ]
    with transaction.atomic():
        existing = set(User.objects.filter(email__startswith=PREFIX).values_list("email", flat=True))
        password = make_password("bench-password-not-used-to-sign-in")
        for email, name, role in wanted:
            if email in existing:
                continue
            user = User.objects.create(email=email, full_name=name, password=password)
            RoleGrant.objects.create(user=user, role=role)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            Authenticator.objects.create(
                user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(run_bench.BENCH_TOTP_SECRET)}
            )
        manager = User.objects.get(email=wanted[0][0])
        advisers = list(User.objects.filter(email__startswith=f"{PREFIX}adviser-").order_by("email"))
        teams = []
        for n, name in enumerate(TEAMS):
            team, _ = Team.objects.get_or_create(name=name, defaults={"lead": advisers[n]})
            teams.append(team)
        topics = []
        for order, (slug, name, team, _weight) in enumerate(TOPICS):
            topic, _ = Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order, "team": teams[team]}
            )
            topics.append(topic)
        for topic in topics:
            for n in range(3):
                Article.objects.get_or_create(
                    slug=f"{topic.slug}-{n}",
                    defaults={
                        "title": f"{topic.name}: part {n + 1}",
                        "summary": "What to do, in a few words.",
                        "topic": topic,
                        "body": "First paragraph.\n\nSecond paragraph.",
                        "owner": manager,
                        "review_by": timezone.localdate(),
                    },
                )
    return {"manager": manager, "advisers": advisers, "teams": teams, "topics": topics}


def seed_people() -> None:
    """100,000 people in Hampshire's districts, each with a direct payment (85% active), if not there yet."""
    from recipients.models import DirectPayment, Recipient

    if Recipient.objects.filter(council_reference__startswith="HCQ").count() == PEOPLE:
        return
    started = time.perf_counter()
    Recipient.objects.filter(council_reference__startswith="HCQ").delete()
    first, last = _sql_list(FIRST_NAMES), _sql_list(SURNAMES)
    areas = _sql_list([area for area, _codes in AREAS])
    insert_select(
        Recipient,
        {
            "full_name": f"({first})[1 + abs(hashtext(g::text || 'f')) % {len(FIRST_NAMES)}] || ' ' || "
            f"({last})[1 + abs(hashtext(g::text || 's')) % {len(SURNAMES)}]",
            "date_of_birth": "date '1930-01-01' + (g * 37) % 25000",
            "council_reference": "'HCQ' || lpad(g::text, 7, '0')",
            "directorate": "'adults'",
            "care_group": "'older_adults'",
            "address_line_1": "(g % 200 + 1)::text || ' High Street'",
            "postcode": "'SO23 ' || (g % 10)::text || chr(65 + g % 26) || chr(65 + (g / 26) % 26)",
            "area": f"({areas})[1 + abs(hashtext(g::text || 'a')) % {len(AREAS)}]",
            "created_at": "now()",
            "updated_at": "now()",
        },
        f"generate_series(1, {PEOPLE}) AS g",
    )
    insert_select(
        DirectPayment,
        {
            "recipient_id": "r.id",
            "status": "CASE WHEN r.id % 20 < 17 THEN 'active' WHEN r.id % 20 < 19 THEN 'suspended' ELSE 'draft' END",
            "personal_budget_weekly": "(150 + r.id % 450)::numeric",
            "contribution_weekly": "(r.id % 40)::numeric",
            "amount_per_period": "((150 + r.id % 450) - (r.id % 40)) * 4",
            "payment_method": "'virtual_wallet'",
            "created_at": "now() - interval '1 year'",
            "updated_at": "now()",
        },
        "recipients_recipient AS r WHERE r.council_reference LIKE 'HCQ%'",
    )
    print(f"Generated {PEOPLE:,} people and their direct payments in {time.perf_counter() - started:.1f} s")


# --- The queries and everything that hangs off them ----------------------------------------------------


QUERY_TABLES = [
    "queries_queryattachment",
    "queries_queryevent",
    "queries_satisfactionsurvey",
    "queries_slaalert",
    "queries_query",
    "queries_helpofferarticle",
    "queries_helpoffer",
    "queries_articlefeedback",
]


def seed_queries(staff: dict, *, queries: int, months: int, regenerate: bool) -> None:
    from django.db import connection, transaction

    from queries.models import Query

    if Query.objects.count() == queries and not regenerate:
        print(f"Reusing {queries:,} queries and their timelines")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(QUERY_TABLES)} RESTART IDENTITY CASCADE")
    with transaction.atomic():
        _insert_queries(staff, queries=queries, months=months)
        print(f"  {queries:,} queries in {time.perf_counter() - started:.1f} s")
        _insert_help_offers(staff)
        _insert_events()
        _insert_surveys()
        print(f"  help offers, timelines and surveys by {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Generated the queries and their records in {time.perf_counter() - started:.1f} s (with VACUUM ANALYZE)")


def _insert_queries(staff: dict, *, queries: int, months: int) -> None:
    from queries.models import Query
    from recipients.models import Recipient

    people = Recipient.objects.filter(council_reference__startswith="HCQ")
    first_person = people.order_by("pk").values_list("pk", flat=True).first()
    topic = _pick([t.pk for t in staff["topics"]], [w for *_rest, w in TOPICS], "s.r_topic")
    adviser = _pick([u.pk for u in staff["advisers"]], [1] * len(staff["advisers"]), "s.r_assignee")
    other_team = _pick([t.pk for t in staff["teams"]], [1] * len(staff["teams"]), "s.r_team")
    areas = [area for area, _codes in AREAS]
    some_area = _pick([*areas, ""], [9] * len(areas) + [7], "s.r_area")  # 7% of those we know nothing about
    days = round(months * 30.4)
    open_status = (
        "CASE WHEN s.r_status < 0.2 THEN 'new' WHEN s.r_status < 0.35 THEN 'open' WHEN s.r_status < 0.65 "
        "THEN 'in_progress' WHEN s.r_status < 0.82 THEN 'awaiting_requester' WHEN s.r_status < 0.93 "
        "THEN 'awaiting_third_party' ELSE 'reopened' END"
    )
    finished_status = (
        "CASE WHEN s.r_status < 0.10 THEN 'resolved' WHEN s.r_status < 0.92 THEN 'closed' "
        "WHEN s.r_status < 0.95 THEN 'merged' WHEN s.r_status < 0.98 THEN 'withdrawn' ELSE 'redirected' END"
    )
    roles = _pick(
        ["recipient", "representative", "practitioner", "personal_assistant", "public"], [45, 25, 12, 8, 10], "s.r_role"
    )
    base = (
        f"SELECT n, random() AS r_topic, random() AS r_assignee, random() AS r_team, random() AS r_area, "
        f"random() AS r_status, random() AS r_role, random() AS r_prio, random() AS r_chan, random() AS r_flag, "
        f"random() AS r_contact, random() AS r_wall, random() AS r_resolve, random() AS r_hour, "
        f"(n % 100) < 8 AS still_open, power(random(), 0.85) AS r_age FROM generate_series(1, {queries}) AS n"
    )
    # Open ones were raised in the last three weeks; the rest over the months, more of them lately, in office hours.
    timed = (
        f"SELECT s.*, {topic} AS topic_id, {roles} AS role, "
        f"CASE WHEN s.still_open THEN {open_status} ELSE {finished_status} END AS status, "
        f"CASE WHEN s.r_prio < 0.03 THEN 'urgent' WHEN s.r_prio < 0.15 THEN 'high' WHEN s.r_prio < 0.9 "
        f"THEN 'normal' ELSE 'low' END AS priority, "
        f"CASE WHEN s.still_open THEN now() - s.r_age * interval '21 days' ELSE "
        f"date_trunc('day', now() - interval '21 days' - s.r_age * interval '{days - 21} days') "
        f"+ interval '8 hours' + s.r_hour * interval '9 hours' END AS raised "
        f"FROM ({base}) AS s"
    )
    clocked = (
        "SELECT s.*, "
        "CASE WHEN s.priority = 'urgent' THEN 2 WHEN s.priority = 'high' THEN 4 WHEN s.priority = 'normal' "
        "THEN 10 ELSE 15 END AS resolve_days, "
        "(s.status <> 'new' AND NOT (s.status IN ('merged', 'withdrawn', 'redirected') AND s.r_contact < 0.5)) "
        "AS contacted, floor(power(s.r_contact, 2) * 12 * 3600)::int AS business, "
        "CASE WHEN s.r_wall < 0.35 THEN 16 * 3600 WHEN s.r_wall < 0.45 THEN 64 * 3600 ELSE 0 END AS closed_hours "
        f"FROM ({timed}) AS s"
    )
    source = (
        f"({clocked}) AS s JOIN queries_topic AS t ON t.id = s.topic_id "
        f"LEFT JOIN recipients_recipient AS p ON p.id = CASE WHEN s.role IN ('recipient', 'representative') "
        f"THEN {first_person} + (s.n * 7919) % {PEOPLE} END"
    )
    resolved = "s.raised + interval '1 hour' + s.r_resolve * s.resolve_days * 1.2 * interval '1 day'"
    first_due = "s.raised + interval '1 day'"
    resolution_due = "s.raised + s.resolve_days * interval '1 day'"
    due = (
        f"CASE WHEN NOT s.still_open OR s.status = 'awaiting_requester' THEN NULL "
        f"WHEN s.status = 'new' THEN {first_due} ELSE {resolution_due} END"
    )
    columns = {
        "reference": "'DPSS-' || to_char(s.raised AT TIME ZONE 'Europe/London', 'YYYY') || '-' || lpad(s.n::text, 6, '0')",
        "created_at": "s.raised",
        "updated_at": "s.raised + interval '1 day'",
        "channel": "CASE WHEN s.r_chan < 0.6 THEN 'portal' WHEN s.r_chan < 0.85 THEN 'phone' WHEN s.r_chan < 0.97 "
        "THEN 'email' ELSE 'letter' END",
        "requester_role": "s.role",
        "requester_name": f"COALESCE(p.full_name, ({_sql_list(FIRST_NAMES)})[1 + s.n % {len(FIRST_NAMES)}] || ' ' "
        f"|| ({_sql_list(SURNAMES)})[1 + (s.n / 7) % {len(SURNAMES)}])",
        "requester_email": "'person' || s.n::text || '@example.com'",
        "consent_given_at": "CASE WHEN s.role = 'public' THEN s.raised END",
        "about_id": "p.id",
        "area": f"COALESCE(p.area, {some_area})",
        "subject": f"({_sql_list(SUBJECTS)})[1 + s.n % {len(SUBJECTS)}]",
        "description": "'I am not sure what to do about this and would like some help, please.'",
        "topic_id": "s.topic_id",
        "suggested_topic_id": "s.topic_id",
        "status": "s.status",
        "priority": "s.priority",
        "team_id": f"CASE WHEN s.r_team < 0.9 THEN t.team_id ELSE {other_team} END",
        "assignee_id": f"CASE WHEN s.status = 'new' AND s.r_assignee < 0.6 THEN NULL ELSE {adviser} END",
        "is_complaint": "s.r_flag < 0.02",
        "complaint_at": "CASE WHEN s.r_flag < 0.02 THEN s.raised + interval '2 days' END",
        "safeguarding": "s.r_flag > 0.995",
        "first_contact_due_at": first_due,
        "first_contact_at": "CASE WHEN s.contacted THEN s.raised + (s.business + s.closed_hours) * interval '1 second' END",
        "first_contact_business_seconds": "CASE WHEN s.contacted THEN s.business END",
        "first_contact_wall_seconds": "CASE WHEN s.contacted THEN s.business + s.closed_hours END",
        "resolution_due_at": resolution_due,
        "resolved_at": f"CASE WHEN s.status IN ('resolved', 'closed') THEN {resolved} END",
        "closed_at": f"CASE WHEN s.status = 'closed' THEN {resolved} + interval '7 days' "
        "WHEN NOT s.still_open AND s.status <> 'resolved' THEN s.raised + interval '3 days' END",
        "due_at": due,
        "sla_state": f"CASE WHEN s.status IN ('resolved', 'closed') THEN "
        f"(CASE WHEN {resolved} <= {resolution_due} THEN 'met' ELSE 'missed' END) "
        f"WHEN NOT s.still_open THEN 'met' WHEN s.status = 'awaiting_requester' THEN 'paused' "
        f"WHEN ({due}) < now() THEN 'breached' "
        f"WHEN ({due}) < now() + 0.2 * (({due}) - s.raised) THEN 'warning' ELSE 'on_time' END",
    }
    if _has_field(Query, "warning_at"):
        columns["warning_at"] = f"({due}) - 0.2 * (({due}) - s.raised)"
    # In the order they were raised, as a real table fills: the open ones (the newest) end up together.
    insert_select(Query, columns, source + " ORDER BY s.raised")


def _insert_help_offers(staff: dict) -> None:
    """An offer before most online queries (its id is the query's, so the two can be joined), and as many
    again from people who read an article and did not ask; 0-3 articles offered each, some opened."""
    from django.db import connection

    from queries.models import Article, ArticleFeedback, HelpOffer, HelpOfferArticle

    with connection.cursor() as cursor:
        insert_select(
            HelpOffer,
            {
                "id": "q.id",
                "key": "gen_random_uuid()",
                "started_at": "q.created_at - interval '6 minutes'",
                "went_on_to_ask_at": "q.created_at",
            },
            "queries_query AS q WHERE q.channel = 'portal' AND q.id % 10 < 7",
        )
        cursor.execute("UPDATE queries_query SET help_offer_id = id WHERE channel = 'portal' AND id % 10 < 7")
        insert_select(
            HelpOffer,
            {
                "id": "(SELECT max(id) FROM queries_query) + g",
                "key": "gen_random_uuid()",
                "started_at": "now() - power(random(), 0.85) * interval '540 days'",
            },
            "generate_series(1, (SELECT count(*) FROM queries_query) / 2) AS g",
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('queries_helpoffer', 'id'), (SELECT max(id) FROM queries_helpoffer))"
        )
        articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        insert_select(
            HelpOfferArticle,
            {
                "offer_id": "o.id",
                "article_id": f"{_sql_list_ints(articles)}[1 + (o.id * 3 + a) % {len(articles)}]",
                "offered_at": "o.started_at",
                "opened_at": "CASE WHEN random() < CASE WHEN o.went_on_to_ask_at IS NULL THEN 0.6 ELSE 0.2 END "
                "THEN o.started_at + interval '1 minute' END",
            },
            "queries_helpoffer AS o CROSS JOIN generate_series(1, 3) AS a WHERE a <= o.id % 4",
        )
        if _has_field(HelpOffer, "articles_offered"):
            # What services/help.py keeps on each offer as it offers and opens articles.
            cursor.execute(
                "UPDATE queries_helpoffer AS o SET articles_offered = a.n, first_opened_at = a.first_opened "
                "FROM (SELECT offer_id, count(*) AS n, min(opened_at) AS first_opened "
                "FROM queries_helpofferarticle GROUP BY offer_id) AS a WHERE a.offer_id = o.id"
            )
        insert_select(
            ArticleFeedback,
            {
                "article_id": f"{_sql_list_ints(articles)}[1 + g % {len(articles)}]",
                "helpful": "random() < 0.7",
                "created_at": "now() - random() * interval '540 days'",
            },
            "generate_series(1, 20000) AS g",
        )


def _sql_list_ints(values: list[int]) -> str:
    return "(ARRAY[" + ", ".join(str(int(v)) for v in values) + "])"


def _insert_events() -> None:
    """Three timeline entries a query: raised; the first reply (or the acknowledgement); a status change when
    it was resolved or closed (or an internal note)."""
    from queries.models import QueryEvent

    insert_select(
        QueryEvent,
        {
            "query_id": "q.id",
            "kind": "CASE WHEN e = 1 THEN 'raised' WHEN e = 2 THEN (CASE WHEN q.first_contact_at IS NULL "
            "THEN 'acknowledged' WHEN q.channel = 'phone' THEN 'phone_call' ELSE 'public_reply' END) "
            "WHEN q.resolved_at IS NOT NULL THEN 'status' ELSE 'internal_note' END",
            "created_at": "CASE WHEN e = 1 THEN q.created_at WHEN e = 2 THEN COALESCE(q.first_contact_at, "
            "q.created_at + interval '1 minute') ELSE COALESCE(q.closed_at, q.resolved_at, q.created_at + interval '2 hours') END",
            "author_id": "CASE WHEN e > 1 THEN q.assignee_id END",
            "body": "CASE WHEN e = 1 THEN '' WHEN e = 2 THEN 'Thank you for getting in touch. Here is what to do next.' "
            "ELSE 'Checked the record.' END",
            "is_public": "e < 3 OR q.resolved_at IS NOT NULL",
            "counts_as_contact": "e = 2 AND q.channel = 'phone' AND q.first_contact_at IS NOT NULL",
            "old_value": "CASE WHEN e = 3 AND q.resolved_at IS NOT NULL THEN 'in_progress' ELSE '' END",
            "new_value": "CASE WHEN e = 3 AND q.resolved_at IS NOT NULL THEN q.status ELSE '' END",
        },
        "queries_query AS q CROSS JOIN generate_series(1, 3) AS e",
    )


def _insert_surveys() -> None:
    """A satisfaction question after 40% of the resolved and closed queries; a third of them answered."""
    from queries.models import SatisfactionSurvey

    score = "CASE WHEN q.r2 < 0.05 THEN 1 WHEN q.r2 < 0.12 THEN 2 WHEN q.r2 < 0.25 THEN 3 WHEN q.r2 < 0.60 THEN 4 ELSE 5 END"
    insert_select(
        SatisfactionSurvey,
        {
            "query_id": "q.id",
            "token_hash": "md5(q.id::text || 'a') || md5(q.id::text || 'b')",
            "sent_at": "q.resolved_at",
            "expires_at": "q.resolved_at + interval '28 days'",
            "answered_at": "CASE WHEN q.r < 0.35 THEN q.resolved_at + interval '2 days' END",
            "score": f"CASE WHEN q.r < 0.35 THEN {score} END",
            "comment": "''",
        },
        "(SELECT q.*, random() AS r, random() AS r2 FROM queries_query AS q WHERE q.resolved_at IS NOT NULL AND q.id % 5 < 2) AS q",
    )


def counts() -> dict[str, int]:
    from queries.models import OPEN_STATUSES, ArticleFeedback, HelpOffer, Query, QueryEvent, SatisfactionSurvey
    from recipients.models import DirectPayment

    queries = Query.objects
    return {
        "queries": queries.count(),
        "open": queries.filter(status__in=OPEN_STATUSES).count(),
        "complaints": queries.filter(is_complaint=True).count(),
        "safeguarding": queries.filter(safeguarding=True).count(),
        "events": QueryEvent.objects.count(),
        "surveys": SatisfactionSurvey.objects.count(),
        "offers": HelpOffer.objects.count(),
        "feedback": ArticleFeedback.objects.count(),
        "active_dps": DirectPayment.objects.filter(status="active").count(),
    }


# --- Measuring -----------------------------------------------------------------------------------------


Page = run_bench.Page
Result = run_bench.Result


def clients(staff: dict) -> dict:
    from django.test import Client

    result = {}
    for actor, user in (("manager", staff["manager"]), ("adviser", staff["advisers"][0])):
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        result[actor] = client
    return result


def report_pages() -> list[Page]:
    from django.urls import reverse
    from django.utils import timezone

    url = reverse("queries:reports")
    today = timezone.localdate()
    first = today.year * 12 + today.month - 1 - 23  # 24 months, this one included
    last_24 = f"?from_month={first % 12 + 1}&from_year={first // 12}&to_month={today.month}&to_year={today.year}"
    return [
        Page("Reports: the last 12 months (default)", url, "manager"),
        Page("Reports: 24 months", url + last_24, "manager"),
        Page("Reports: CSV, topic × area × month, 12 months", reverse("queries:reports_csv"), "manager"),
    ]


def queue_available(client) -> str:
    """Empty if the staff queue answers; otherwise why not."""
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("queries:staff_queue")
    except NoReverseMatch:
        return "the URL name queries:staff_queue does not exist yet"
    try:
        status = client.get(url).status_code
    except Exception as error:  # the queue is still being built: say what happened rather than stop
        return f"{url} raised {type(error).__name__}: {error}"
    return "" if status == 200 else f"{url} answered {status}"


def queue_pages(staff: dict) -> list[Page]:
    from django.urls import reverse

    url = reverse("queries:staff_queue")
    topic = next(t for t in staff["topics"] if t.slug == "employing-a-pa")
    return [
        Page("Queue: default (open, due first, 25)", url, "adviser"),
        Page("Queue: page size 25", url + "?size=25", "adviser"),
        Page("Queue: page size 100", url + "?size=100", "adviser"),
        Page("Queue: a later page (page 100 of 25)", url + "?page=100", "adviser"),
        Page("Queue: every status, a later page (400)", url + "?status=any&page=400", "adviser"),
        Page("Queue: status in progress", url + "?status=in_progress", "adviser"),
        Page("Queue: status closed", url + "?status=closed", "adviser"),
        Page("Queue: topic", url + f"?topic={topic.pk}", "adviser"),
        Page("Queue: team", url + f"?team={staff['teams'][1].pk}", "adviser"),
        Page("Queue: assignee", url + f"?assignee={staff['advisers'][3].pk}", "adviser"),
        Page("Queue: assigned to nobody", url + "?assignee=nobody", "adviser"),
        Page("Queue: area", url + "?area=Winchester", "adviser"),
        Page("Queue: SLA state overdue", url + "?sla_state=breached", "adviser"),
        Page("Queue: complaints", url + "?complaint=on", "adviser"),
        Page("Queue: safeguarding", url + "?safeguarding=on", "adviser"),
        Page("Queue: complaints, every status", url + "?status=any&complaint=on", "adviser"),
        Page("Queue: priority urgent", url + "?priority=urgent", "adviser"),
        Page("Queue: who asked (PA)", url + "?requester_role=personal_assistant", "adviser"),
        Page(
            "Queue: combined (team, area, overdue, 100)",
            url + f"?team={staff['teams'][0].pk}&area=Havant&sla_state=breached&size=100",
            "adviser",
        ),
    ]


def measure_all(pages: list[Page], by_actor: dict, args) -> list[Result]:
    results = []
    for page in pages:
        result = run_bench.measure(page, by_actor[page.actor], requests=args.requests, warmup=args.warmup)
        results.append(result)
        print(f"  {page.label:<48} {result.queries:>5} queries  p50 {result.p50:7.2f} ms  p95 {result.p95:7.2f} ms")
    return results


def slowest_statement_plan(page: Page, client) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest SQL statement of one request of the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(page.path)
    statements = [q for q in captured.captured_queries if not run_bench.TRANSACTION_CONTROL.match(q["sql"])]
    slowest = max(statements, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"Slowest statement ({float(slowest['time']) * 1000:.1f} ms when captured):\n\n{slowest['sql']}\n\n{plan}"


# --- Report ---------------------------------------------------------------------------------------------


def page_table(results: list[Result], bare: Result, *, target_ms: float, max_queries: int | None = None) -> str:
    lines = [
        "| Page | URL | As | SQL queries | p50 ms | p95 ms | p95 × bare | Target met |",
        "|---|---|---|--:|--:|--:|--:|---|",
    ]
    for r in results:
        worst = int(r.queries.split("–")[-1])
        met = r.p95 < target_ms and (max_queries is None or worst <= max_queries)
        lines.append(
            f"| {r.page.label} | `{r.page.path}` | {r.page.actor} | {r.queries} | {r.p50:.1f} | {r.p95:.1f} "
            f"| {r.p95 / bare.p95:.0f} | {'yes' if met else '**no**'} |"
        )
    return "\n".join(lines)


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def render(*, args, info, where, data, bare, reports, queue, queue_missing, plans, load_before) -> str:
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    sections = [
        "# The query tracker at full scale: the managers' report and the staff queue",
        "",
        "Written by `bench/run_queries_bench.py` (see `bench/README.md` for the method and what the figures mean).",
        "",
        f"- **Run**: {when}, {args.requests} timed requests per page after {args.warmup} untimed ones",
        f"- **Machine**: {info['cpus']} CPUs ({info['cpu']}), {info['os']}; load average {load_before} before "
        f"measuring, {_load()} after (other work on the machine slows every figure: compare the ratios)",
        f"- **Software**: Python {info['python']}, Django {info['django']}, {info['database']}",
        f"- **Database**: {where}",
        f"- **Data**: {data['queries']:,} queries over {args.months} months ({data['open']:,} open, "
        f"{data['complaints']:,} complaints, {data['safeguarding']:,} safeguarding), {data['events']:,} timeline "
        f"events, {data['surveys']:,} satisfaction questions, {data['offers']:,} help offers, "
        f"{data['feedback']:,} “did this help?” answers, {data['active_dps']:,} active direct payments",
        f"- **Bare Django view, signed in as the manager** (same run): p50 {bare.p50:.2f} ms, p95 {bare.p95:.2f} ms",
        "",
        f"## The reports page (`queries:reports`), target p95 < {REPORT_TARGET_MS} ms",
        "",
        page_table(reports, bare, target_ms=REPORT_TARGET_MS),
        "",
        f"## The staff queue (`queries:staff_queue`), target ≤ {QUEUE_MAX_QUERIES} SQL queries and p95 < "
        f"{QUEUE_TARGET_MS} ms",
        "",
    ]
    if queue:
        sections += [page_table(queue, bare, target_ms=QUEUE_TARGET_MS, max_queries=QUEUE_MAX_QUERIES), ""]
    else:
        sections += [f"Not measured: {queue_missing}.", ""]
    if plans:
        sections += ["## Query plans of the pages over their target", ""]
        for label, plan in plans:
            sections += [f"### {label}", "", "```", plan, "```", ""]
    return "\n".join(sections)


def drop_database() -> None:
    import environ
    import psycopg2
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
    server.close()
    print(f"Dropped database {config['NAME']}")


def main() -> None:
    args = parse_args()
    where = run_bench.prepare_postgresql_bench()
    started = time.perf_counter()
    staff = seed_staff()
    seed_people()
    seed_queries(staff, queries=args.queries, months=args.months, regenerate=args.regenerate)
    data = counts()
    print(f"Data ready in {time.perf_counter() - started:.0f} s: {data}")

    by_actor = clients(staff)
    load_before = _load()
    bare = run_bench.measure(
        Page("Bare Django view, signed in", "/bench/bare/", "manager"),
        by_actor["manager"],
        requests=args.requests * 2,
        warmup=args.warmup,
    )
    print(f"  Bare view, signed in: p50 {bare.p50:.2f} ms, p95 {bare.p95:.2f} ms")
    print("Reports:")
    reports = measure_all(report_pages(), by_actor, args)
    plans = [
        (r.page.label, slowest_statement_plan(r.page, by_actor[r.page.actor]))
        for r in reports
        if r.p95 >= REPORT_TARGET_MS
    ]
    queue, queue_missing = [], "skipped (--skip-queue)" if args.skip_queue else queue_available(by_actor["adviser"])
    if not queue_missing:
        print("Staff queue:")
        queue = measure_all(queue_pages(staff), by_actor, args)
        plans += [
            (r.page.label, slowest_statement_plan(r.page, by_actor[r.page.actor]))
            for r in queue
            if r.p95 >= QUEUE_TARGET_MS or int(r.queries.split("–")[-1]) > QUEUE_MAX_QUERIES
        ]
    else:
        print(f"Staff queue not measured: {queue_missing}")

    report = render(
        args=args,
        info=run_bench.machine(),
        where=where,
        data=data,
        bare=bare,
        reports=reports,
        queue=queue,
        queue_missing=queue_missing,
        plans=plans,
        load_before=load_before,
    )
    run_bench.write_report(report, args.output)
    if args.drop_database:
        drop_database()


if __name__ == "__main__":
    main()
