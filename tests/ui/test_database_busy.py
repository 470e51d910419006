"""Database time limits and the "try again" page (issue 10, finding 10; docs/quality.md#db-timeouts).

A 40-second row lock made an unrelated sign-in wait 36 s: nothing limited how long a request waited. On
PostgreSQL a web request now waits at most 5 s for a lock and 20 s for a statement, then gets a 503 page that
asks the person to try again. SQLite has no such limits (the tests that need PostgreSQL skip there).
"""

from __future__ import annotations

import sys
import time

import psycopg2
import pytest
from celery.signals import beat_init, worker_init
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.celery import worker_database_time_limits
from dpss.ui.busy import DatabaseBusyMiddleware, database_busy
from dpss.ui.views import error_500
from tests.factories import TEST_PASSWORD

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="lock and statement time limits are PostgreSQL settings; SQLite has none"
)


class DriverError(Exception):
    """Stands for psycopg2's error, which carries PostgreSQL's code."""

    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


def busy_error(code: str) -> OperationalError:
    """An error as Django raises it when PostgreSQL cancels a statement with `code`."""
    error = OperationalError("canceling statement")
    error.__cause__ = DriverError(code)
    return error


def shown(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("code", ["55P03", "57014"])
def test_a_view_stopped_by_a_time_limit_gets_the_try_again_page(code):
    request = RequestFactory().post("/queries/ask/")
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(request, busy_error(code))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = shown(response)
    assert "Sorry, the service is busy" in page
    assert "Wait a minute, then try again." in page
    assert "check whether it was saved before you send it again" in page


def test_any_other_database_error_is_left_to_the_500_page():
    middleware = DatabaseBusyMiddleware(lambda r: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, busy_error("08006")) is None  # the connection failed
    assert middleware.process_exception(request, OperationalError("no such table")) is None
    assert middleware.process_exception(request, ValueError("55P03")) is None


def test_a_time_limit_reached_in_middleware_gets_the_same_page_from_the_500_handler():
    request = RequestFactory().get("/")
    try:
        raise busy_error("55P03")
    except OperationalError:
        response = error_500(request)
    assert response.status_code == 503
    assert "Sorry, the service is busy" in shown(response)
    try:
        raise busy_error("08006")
    except OperationalError:
        assert error_500(request).status_code == 500
    assert sys.exc_info() == (None, None, None)


# --- On PostgreSQL -----------------------------------------------------------------------------------------


@needs_postgres
@pytest.mark.django_db
def test_web_requests_wait_at_most_5_s_for_a_lock_and_20_s_for_a_statement():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "5s"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "20s"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_sign_in_that_needs_a_locked_row_gets_the_try_again_page_within_the_lock_time_limit(make_user):
    person = make_user(Role.RECIPIENT)
    lock_limit = settings.DB_TIME_LIMITS["web"][0]
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or None, port=db["PORT"] or None
    )
    try:
        with holder.cursor() as cursor:  # another transaction holds the person's row, as a long job might
            # Without a lock time limit the sign-in would wait for ever: this ends the hold after 15 s instead.
            cursor.execute("SET idle_in_transaction_session_timeout = '15s'")
            cursor.execute("SELECT id FROM accounts_user WHERE id = %s FOR UPDATE", [person.pk])
        started = time.monotonic()
        response = Client().post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
        took = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503, shown(response)[:500]
    assert "Sorry, the service is busy" in shown(response)
    assert lock_limit - 0.5 < took < lock_limit + 3, f"the sign-in took {took:.1f}s"
    person.refresh_from_db()
    assert person.last_login is None  # nothing of the request was kept


@needs_postgres
@pytest.mark.django_db
def test_a_statement_that_runs_too_long_is_cancelled_and_answered_with_the_try_again_page():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '100ms'")
        with pytest.raises(OperationalError) as caught, transaction.atomic():
            cursor.execute("SELECT pg_sleep(2)")
    assert database_busy(caught.value) == "57014"
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(RequestFactory().get("/"), caught.value)
    assert response is not None and response.status_code == 503


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_and_beat_take_the_longer_worker_limits():
    assert worker_database_time_limits in worker_init._live_receivers(None)
    assert worker_database_time_limits in beat_init._live_receivers(None)
    options = connection.settings_dict["OPTIONS"]
    web = options["options"]
    try:
        worker_database_time_limits()  # what Celery's worker_init and beat_init signals run
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "1min"
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "10min"
    finally:
        connection.close()
        options["options"] = web
