"""Server-side timings and SQL query counts of the foundation pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpss_bench .venv/bin/python bench/run_bench.py

Creates the bench database if needed, migrates it, seeds accounts for every
role and a pile of invitations (bulk_create, so a second run reuses them),
then requests each page with Django's test client: the full middleware stack,
no HTTP server. For each page it records the SQL queries of one request and
p50/p95 over many, and compares them with a bare Django view measured in the
same run (a view that only returns "ok", added through a urlconf that exists
only in this script). The table is printed and written to
bench/results/foundation.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import re
import statistics
import sys
import time
import types
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dpss_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ["DJANGO_SETTINGS_MODULE"] = "dpss.settings"
# Production-like settings: Argon2, database cache and sessions (not the test ones).
os.environ["DPSS_TESTING"] = "false"
# Keep the bench's broker folder (when REDIS_URL is unset) away from `make run`'s.
os.environ.setdefault("DPSS_VAR_DIR", str(BASE_DIR / "var" / "bench"))

RESULTS = BASE_DIR / "bench" / "results" / "foundation.md"
EMAIL_PREFIX = "bench-"
INVITEE_PREFIX = "bench-invitee-"
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPBENCHBEN"
# Django records BEGIN/COMMIT (ATOMIC_REQUESTS) among the queries; they are not counted.
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users-per-role", type=int, default=300, help="accounts per role (7 roles; default 300)")
    parser.add_argument("--invitations", type=int, default=5000, help="invitations in the table (default 5000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first (default 10)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown table")
    return parser.parse_args()


# --- Database -----------------------------------------------------------------


def ensure_database() -> str:
    """Create the PostgreSQL database named in DATABASE_URL if it is missing."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return f"{config['ENGINE'].rsplit('.', 1)[-1]} {config['NAME']}"
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to seed bench data into '{name}': use a database whose name contains 'bench'.")
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()
    return f"PostgreSQL database {name} on {config.get('HOST') or 'the local socket'}"


def migrate() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.1f} s")


# --- Data -----------------------------------------------------------------------


def seed(*, users_per_role: int, invitations: int) -> dict[str, int]:
    """Accounts for every role and invitations, made with bulk_create.

    Reused when a previous run left exactly the same amounts; otherwise the
    bench rows (and only those: emails starting with "bench-") are replaced.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from dpss.accounts.models import Invitation, Role, User

    roles = list(Role)
    wanted_users = users_per_role * len(roles)
    have_users = User.objects.filter(email__startswith=EMAIL_PREFIX).exclude(email__startswith=INVITEE_PREFIX).count()
    have_invitations = Invitation.objects.filter(email__startswith=INVITEE_PREFIX).count()
    if have_users == wanted_users and have_invitations == invitations:
        print(f"Reusing {have_users:,} accounts and {have_invitations:,} invitations")
    else:
        started = time.perf_counter()
        _delete_bench_rows()
        _create_accounts(roles, users_per_role)
        _create_invitations(invitations)
        print(
            f"Seeded {wanted_users:,} accounts and {invitations:,} invitations in {time.perf_counter() - started:.1f} s"
        )
    return {
        "users": User.objects.count(),
        "bench_users": wanted_users,
        "invitations": Invitation.objects.count(),
        "email_addresses": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
    }


def _delete_bench_rows() -> None:
    from auditlog.context import disable_auditlog
    from django.db import transaction

    from dpss.accounts.models import Invitation, User

    with transaction.atomic(), disable_auditlog():
        Invitation.objects.filter(email__startswith=EMAIL_PREFIX).delete()
        User.objects.filter(email__startswith=EMAIL_PREFIX).delete()


def _create_accounts(roles, users_per_role: int) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from dpss.accounts.models import MFA_REQUIRED_ROLES, RoleGrant, User

    password = make_password("bench-password-not-used-to-sign-in")  # hashed once, shared
    with transaction.atomic():
        for role in roles:
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"{EMAIL_PREFIX}{role.value}-{n:05d}@example.com",
                        full_name=f"Bench {role.label} {n}",
                        password=password,
                    )
                    for n in range(users_per_role)
                ],
                batch_size=1000,
            )
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for user in users], batch_size=1000)
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users],
                batch_size=1000,
            )
            if role in MFA_REQUIRED_ROLES:
                secret = encrypt(BENCH_TOTP_SECRET)
                Authenticator.objects.bulk_create(
                    [Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": secret}) for user in users],
                    batch_size=1000,
                )


def _create_invitations(count: int) -> None:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from dpss.accounts.models import Invitation, Role, User

    # As in the portal: managers invite staff and practitioners, advisers invite
    # co-production members (dpss/accounts/rules.py).
    bench_users = User.objects.filter(email__startswith=EMAIL_PREFIX)
    managers = list(bench_users.filter(role_grants__role=Role.MANAGER))
    advisers = list(bench_users.filter(role_grants__role=Role.ADVISER))
    invitable = [Role.ADVISER, Role.PRACTITIONER, Role.COPRODUCTION, Role.MANAGER]
    now = timezone.now()
    rows = []
    for n in range(count):
        created = now - timedelta(minutes=13 * n)  # spread over about six weeks
        role = invitable[n % len(invitable)]
        inviters = advisers if role == Role.COPRODUCTION else managers
        rows.append(
            Invitation(
                email=f"{INVITEE_PREFIX}{n:05d}@example.com",
                full_name=f"Invited person {n}",
                role=role,
                token_hash=hashlib.sha256(f"bench-invitation-{n}".encode()).hexdigest(),
                invited_by=inviters[n % len(inviters)],
                created_at=created,
                expires_at=created + settings.INVITATION_VALID_FOR,
                accepted_at=created + timedelta(days=1) if n % 3 == 0 else None,
                withdrawn_at=created + timedelta(hours=2) if n % 7 == 1 else None,
            )
        )
    with transaction.atomic():
        Invitation.objects.bulk_create(rows, batch_size=1000)


# --- The bare view, through a urlconf that only this script uses ---------------


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def install_bench_urlconf() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches, path

    import dpss.urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path("bench/bare/", bare_view, name="bench_bare"), *dpss.urls.urlpatterns]
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, handler, getattr(dpss.urls, handler))
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


# --- Measuring ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    actor: str  # "anonymous" or a role value


@dataclass
class Result:
    page: Page
    queries: str
    p50: float
    p95: float


def pages() -> list[Page]:
    from dpss.accounts.models import Role

    listed = [
        Page("Bare Django view (baseline)", "/bench/bare/", "anonymous"),
        Page("Bare Django view, signed in", "/bench/bare/", Role.RECIPIENT.value),
        Page("Home page", "/", "anonymous"),
    ]
    listed += [Page(f"Dashboard: {role.label}", f"/dashboard/{role.value}/", role.value) for role in Role]
    listed += [
        Page("Invitations (manager sees all; 50 newest shown)", "/team/invitations/", Role.MANAGER.value),
        Page("Health check", "/healthz", "anonymous"),
    ]
    return listed


def clients(actors: set[str]):
    from django.test import Client

    from dpss.accounts.models import User

    result = {}
    for actor in actors:
        client = Client()
        if actor != "anonymous":
            user = User.objects.filter(email=f"{EMAIL_PREFIX}{actor}-00000@example.com").get()
            client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        result[actor] = client
    return result


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(page: Page, client, *, requests: int, warmup: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        _get(client, page)
    counts = set()
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            _get(client, page)
        counts.add(sum(1 for query in captured.captured_queries if not TRANSACTION_CONTROL.match(query["sql"])))
    gc.collect()
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(client, page)
        timings.append((time.perf_counter() - started) * 1000)
    queries = str(min(counts)) if len(counts) == 1 else f"{min(counts)}–{max(counts)}"
    return Result(page, queries, statistics.median(timings), percentile(timings, 0.95))


def _get(client, page: Page) -> None:
    response = client.get(page.path)
    if response.status_code != 200:
        sys.exit(f"{page.label} ({page.path} as {page.actor}) answered {response.status_code}, not 200")


# --- Report ---------------------------------------------------------------------


def machine() -> dict[str, str]:
    import django
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        database = f"{connection.vendor} {connection.Database.sqlite_version}"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
    }


def broker_description() -> str:
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("redis"):
        return "Redis (REDIS_URL set)"
    return "filesystem (REDIS_URL not set)"


def render(results: list[Result], *, info: dict, data: dict, args: argparse.Namespace, where: str) -> str:
    bare = results[0]
    lines = [
        "| Page | URL | Signed in as | SQL queries | p50 ms | p95 ms | p50 × bare | p95 × bare |",
        "|---|---|---|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        lines.append(
            f"| {result.page.label} | `{result.page.path}` | {result.page.actor} | {result.queries} "
            f"| {result.p50:.2f} | {result.p95:.2f} | {result.p50 / bare.p50:.1f} | {result.p95 / bare.p95:.1f} |"
        )
    table = "\n".join(lines)
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    return f"""# Foundation pages: server-side time and SQL queries

Written by `bench/run_bench.py` (see `bench/README.md` for what the figures mean).

- **Run**: {when}, {args.requests} timed requests per page after {args.warmup} untimed ones
- **Machine**: {info["cpus"]} CPUs ({info["cpu"]}), {info["os"]}
- **Software**: Python {info["python"]}, Django {info["django"]}, {info["database"]}
- **Database**: {where}; Celery broker: {broker_description()}
- **Data**: {data["users"]:,} accounts ({args.users_per_role:,} per role × 7 roles, plus any others in the database),
  {data["invitations"]:,} invitations, {data["authenticators"]:,} authenticator apps
- **Method**: `django.test.Client` in one process: every middleware, the database session
  and cache, no HTTP server and no network. SQL queries are those of one request
  (three requests checked; a range means they differed), without the BEGIN and
  COMMIT that `ATOMIC_REQUESTS` adds around each view.

{table}
"""


def main() -> None:
    args = parse_args()
    if os.environ.get("DPSS_PRODUCTION", "").lower() in ("1", "true", "yes", "on"):
        sys.exit("The bench seeds fake accounts: do not run it with DPSS_PRODUCTION set.")
    where = ensure_database()

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    install_bench_urlconf()
    migrate()
    data = seed(users_per_role=args.users_per_role, invitations=args.invitations)

    listed = pages()
    by_actor = clients({page.actor for page in listed})
    results = []
    started = time.perf_counter()
    for page in listed:
        result = measure(page, by_actor[page.actor], requests=args.requests, warmup=args.warmup)
        results.append(result)
        print(f"  {page.label:<42} {result.queries:>5} queries  p50 {result.p50:7.2f} ms  p95 {result.p95:7.2f} ms")
    print(f"Measured {len(listed)} pages in {time.perf_counter() - started:.0f} s")

    write_report(render(results, info=machine(), data=data, args=args, where=where), args.output)


def prepare_postgresql_bench() -> str:
    """Start-up shared by the PostgreSQL benches: refuse production, check the database, set Django up,
    install the bench URLs and migrate. Returns where the database is."""
    if os.environ.get("DPSS_PRODUCTION", "").lower() in ("1", "true", "yes", "on"):
        sys.exit("The bench generates fake people: do not run it with DPSS_PRODUCTION set.")
    where = ensure_database()
    if not where.startswith("PostgreSQL"):
        sys.exit("This bench needs PostgreSQL: set DATABASE_URL to a database whose name contains 'bench'.")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    install_bench_urlconf()
    migrate()
    return where


def write_report(report: str, output: Path) -> None:
    """Write the Markdown report, show it, and say where it went (every bench ends this way)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report)
    print()
    print(report)
    print(f"Written to {output.relative_to(BASE_DIR) if output.is_relative_to(BASE_DIR) else output}")


if __name__ == "__main__":
    main()
