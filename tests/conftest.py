import os

import pytest

from dpss.accounts.models import Role
from tests.factories import UserFactory

# Django's live_server with sync Playwright (GOTCHAS.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    """How many SQL queries a call makes.

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
