import hashlib
import os
import random
import secrets
from pathlib import Path

import factory.base
import factory.random
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from dpss.accounts.models import Role
from tests.factories import UserFactory

# Django's live_server with sync Playwright (docs/gotchas.md#gotcha-live-server-async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# --- Hypothesis profiles --------------------------------------------------------------------------------
# "dev" (the default) tries a few examples per property, for a fast loop; "ci" (.ci/run sets
# HYPOTHESIS_PROFILE=ci) tries more, with no example database, and prints the blob that repeats a failure.
# Both draw from DPSS_TEST_SEED (below), so a run is repeatable. Tests leave max_examples to the profile.
_HYPOTHESIS_COMMON = {
    # Timings on a shared 2-CPU machine are noise: no deadline, and no failing because generating was slow.
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
hypothesis_settings.register_profile("dev", max_examples=10, **_HYPOTHESIS_COMMON)
hypothesis_settings.register_profile("ci", max_examples=50, database=None, print_blob=True, **_HYPOTHESIS_COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# --- One seed for the generated test data ---------------------------------------------------------------
# Faker (factory_boy), factory_boy's sequences, Python's `random` and Hypothesis all start from DPSS_TEST_SEED:
# fixed by default, so every run, and CI, makes the same data. DPSS_TEST_SEED=<number> makes other data,
# DPSS_TEST_SEED=random a fresh number, printed in the header and under any failure to repeat the run.
DEFAULT_TEST_SEED = 20260310
if os.environ.get("DPSS_TEST_SEED", "").strip().lower() == "random":
    # Chosen once, by the first process: pytest-xdist's workers inherit it from the environment.
    os.environ["DPSS_TEST_SEED"] = str(secrets.randbelow(10**6))
TEST_SEED = int(os.environ.get("DPSS_TEST_SEED") or DEFAULT_TEST_SEED)


def seed_for(nodeid: str) -> int:
    """Each test's own seed: its data does not depend on which tests ran before it, or in which worker."""
    return int.from_bytes(hashlib.sha256(f"{TEST_SEED}:{nodeid}".encode()).digest()[:8], "big")


def _root_factories():
    """Every factory class that owns a sequence counter (subclasses of a factory share their parent's)."""
    pending = list(factory.base.BaseFactory.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        meta = getattr(cls, "_meta", None)
        if meta is not None and meta.counter_reference is meta and meta._counter is not None:
            yield cls


@pytest.fixture(autouse=True)
def _seeded_test_data(request):
    seed = seed_for(request.node.nodeid)
    random.seed(seed)
    factory.random.reseed_random(seed)
    for cls in _root_factories():
        cls.reset_sequence()


def pytest_report_header(config):
    return (
        f"test data: DPSS_TEST_SEED={TEST_SEED} (to repeat this run: DPSS_TEST_SEED={TEST_SEED} make test), "
        f"Hypothesis profile {hypothesis_settings.get_current_profile_name()!r}"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    # Hypothesis draws from the same seed unless --hypothesis-seed is given (this runs before its plugin reads it).
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(TEST_SEED)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        report.sections.append(("test data", f"to repeat: DPSS_TEST_SEED={TEST_SEED} .venv/bin/pytest '{item.nodeid}'"))
    return report


def pytest_terminal_summary(terminalreporter):
    if terminalreporter.stats.get("failed") or terminalreporter.stats.get("error"):
        terminalreporter.write_line(f"The test data came from DPSS_TEST_SEED={TEST_SEED}: to repeat, set it again.")


def _runs_long(item) -> int:
    if item.get_closest_marker("integration") or item.path.name == "test_authz_matrix.py":
        return 0  # each takes from 10 seconds to a minute
    if item.get_closest_marker("browser"):
        return 1  # a few seconds each
    return 2


def pytest_collection_modifyitems(config, items):
    """The long tests first, so that under pytest-xdist (`make test` runs two processes) the short ones fill
    the gaps at the end, instead of one process finishing a long test alone (docs/quality.md#suite-time)."""
    items.sort(key=_runs_long)  # stable: within each group, the usual order


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The SQLite test database is a file under DPSS_VAR_DIR, so --reuse-db keeps it: SQLite needs its folder.

    On PostgreSQL, a test database need not survive a crash of the server: commits do not wait for the disk.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["TEST"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session", autouse=True)
def _emptying_tables_by_delete_on_postgresql():
    """After each test with real transactions (browser, integration), Django empties every table. On PostgreSQL
    it does so with one TRUNCATE, which makes new files for every table and index: 0.2 to 0.8 s each time on a
    busy 2-CPU machine. DELETE in one transaction, the foreign keys checked at its end, takes about 15 ms for
    the few rows a test leaves."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        # Django runs these in one transaction (DatabaseOperations.execute_sql_flush).
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(table)}" for table in tables)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The default of the setting, fixed here so a developer's environment cannot change test results.
    settings.SURPLUS_THRESHOLD_WEEKS = 8
    from dpss.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, _media_dir):
    """Uploads and generated documents go to a folder of the test run, never to var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(_media_dir)}},
    }


@pytest.fixture
def make_user(db):
    def make(*roles: str, totp: bool | None = None, **kwargs):
        if totp is None:
            totp = any(role in (Role.ADVISER, Role.MANAGER, Role.PRACTITIONER) for role in roles)
        return UserFactory(roles=roles, totp=totp, **kwargs)

    return make


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)


@pytest.fixture
def adviser(make_user):
    return make_user(Role.ADVISER)


@pytest.fixture
def queries_of():
    """How many SQL statements a call makes: `assert queries_of(lambda: client.get(url)) == 11`.

    The one way the tests count queries. Every statement counts, savepoints
    included (a request in a test's transaction adds a SAVEPOINT and its RELEASE).
    Clears Django's query log first: it keeps at most 9,000 entries, and once
    full, CaptureQueriesContext would see none.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(call) -> int:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            call()
        assert captured.captured_queries, "no queries were captured: the measurement is broken"
        return len(captured.captured_queries)

    return count
