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
    from dpss.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _media_in_a_test_folder(settings, tmp_path_factory):
    """Uploads and generated files go under pytest's temporary folder, never the project's var/media."""
    default = settings.STORAGES["default"]
    folder = tmp_path_factory.getbasetemp() / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {"location": folder}}}


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
