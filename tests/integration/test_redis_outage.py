"""Redis is only the broker: when it is down nothing is lost, sign-in still works.

These tests use real services (see conftest.py): a private redis-server that
the test stops and starts, a real `celery worker` on the PostgreSQL test
database, and Django's file email backend in the worker, so an email file can
only have been written by the worker.
"""

from __future__ import annotations

import logging
import re
import shutil
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from dpss.accounts.adapters import AccountAdapter
from dpss.accounts.models import Role
from dpss.accounts.services import invitation_create
from dpss.celery import app as celery_app
from dpss.notifications import services
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tasks import outbox_deliver
from dpss.ui.health import broker_reachable
from tests.factories import TEST_PASSWORD

from .conftest import free_port, read_emails

pytestmark = pytest.mark.integration

DELIVER = "dpss.notifications.tasks.outbox_deliver"
# A request may not wait on the broker longer than this (docs/quality.md#redis-outage: no request blocked more than 5 s).
REQUEST_BUDGET = 5.0


class _Records(logging.Handler):
    """Collects log records (the suite runs with -p no:logging, so no caplog)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def outbox_warnings():
    handler = _Records()
    logger = logging.getLogger("dpss.notifications.services")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


# --- 1. Redis down: the message waits, and is delivered once when Redis is back


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_while_redis_is_down_is_delivered_once_after_it_returns(
    private_redis, point_celery_at, start_worker, mail_dir, make_user, outbox_warnings
):
    manager = make_user(Role.MANAGER, full_name="Priya Manager")
    private_redis.start()
    point_celery_at(private_redis.url)
    # The web process has a live broker connection in its pool when Redis goes away.
    with celery_app.pool.acquire(block=True, timeout=5) as conn:
        conn.ensure_connection(max_retries=1)
    assert broker_reachable()

    private_redis.stop()
    assert not broker_reachable()

    started = time.monotonic()
    invitation = invitation_create(
        email="Grace.Adviser@Example.org", full_name="Grace Adviser", role=Role.ADVISER, actor=manager
    )  # commits; its on_commit hook tries the broker and must give up quickly
    took = time.monotonic() - started
    assert took < REQUEST_BUDGET, f"invitation_create waited {took:.1f}s on a stopped Redis"
    assert any("waits for the relay" in r.getMessage() for r in outbox_warnings), "the publish was never tried"

    message = OutboxMessage.objects.get(key=f"invitation:{invitation.pk}:sent")
    assert message.status == OutboxMessage.Status.PENDING
    assert message.published_at is None
    assert message.attempts == 0
    assert list(mail_dir.iterdir()) == []

    # Redis comes back (empty: it keeps nothing on disk), a worker starts, the relay runs.
    private_redis.start()
    worker = start_worker(private_redis.url)
    assert services.outbox_relay() == 1
    message.refresh_from_db()
    assert message.published_at is not None

    def sent() -> bool:
        message.refresh_from_db()
        return message.status == OutboxMessage.Status.SENT

    worker.wait_for(sent, timeout=30, what="the worker to send the invitation")
    worker.wait_for(lambda: len(worker.succeeded(DELIVER)) == 1, timeout=5, what="the task to be logged")

    # Redelivery: the relay finds nothing to do, and a duplicate task sends nothing.
    assert services.outbox_relay() == 0
    duplicate = outbox_deliver.apply_async(args=[message.pk])
    worker.wait_for(
        lambda: duplicate.id in worker.succeeded(DELIVER), timeout=30, what="the worker to run the duplicate task"
    )

    emails = read_emails(mail_dir)
    assert len(emails) == 1, [e["Subject"] for e in emails]
    sent_email = emails[0]
    assert sent_email["To"] == "grace.adviser@example.org"
    assert sent_email["Subject"] == "You are invited to the Direct Payments Support Service portal"
    assert sent_email["X-DPSS-Message-Key"] == message.key
    body = sent_email.get_payload(decode=True).decode()
    assert "Dear Grace Adviser" in body
    accept_link = re.escape(django_settings.SITE_URL) + r"/invitation/[\w-]{20,}/"
    assert re.search(accept_link, body), body

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert mail.outbox == []  # nothing was sent from the test process itself


# --- 2. Redis down: sign-in, rate limits and the health check keep working


@pytest.fixture
def production_cache(settings, db):
    """The cache production uses (database), so the rate limit is stored as in production."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dpss_cache"}}
    call_command("createcachetable", verbosity=0)
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def rate_limit_refusals(monkeypatch) -> list[str]:
    """Codes of the errors allauth raises where it checks the login rate limit (before the password)."""
    refusals: list[str] = []
    original = AccountAdapter.pre_authenticate

    def recording(self, request, **credentials):
        try:
            return original(self, request, **credentials)
        except ValidationError as error:
            refusals.append(error.code)
            raise

    monkeypatch.setattr(AccountAdapter, "pre_authenticate", recording)
    return refusals


def test_with_redis_stopped_sign_in_works_and_rate_limits_still_apply(
    point_celery_at, production_cache, rate_limit_refusals, make_user
):
    point_celery_at(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    login_url = reverse("account_login")

    # The health check says the broker is down, quickly, and is not an error.
    started = time.monotonic()
    response = Client().get(reverse("ui:healthz"))
    took = time.monotonic() - started
    assert took < REQUEST_BUDGET, f"/healthz took {took:.1f}s with Redis stopped"
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"

    # A recipient signs in.
    recipient = make_user(Role.RECIPIENT)
    client = Client()
    started = time.monotonic()
    response = client.post(login_url, {"login": recipient.email, "password": TEST_PASSWORD})
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("accounts:home")
    assert took < REQUEST_BUDGET, f"sign-in took {took:.1f}s with Redis stopped"
    assert client.session["_auth_user_id"] == str(recipient.pk)
    dashboard = client.get(reverse("accounts:home"), follow=True)
    assert dashboard.status_code == 200
    assert dashboard.redirect_chain[-1][0] == reverse("accounts:dashboard", kwargs={"role": Role.RECIPIENT})

    # Five wrong passwords for one email, then the right one is refused.
    target = make_user(Role.RECIPIENT)
    attacker = Client()
    for attempt in range(1, 6):
        response = attacker.post(login_url, {"login": target.email, "password": f"wrong-password-{attempt}"})
        assert response.status_code == 200, f"attempt {attempt}"
        assert "_auth_user_id" not in attacker.session
        assert shown_errors(response), f"attempt {attempt} showed no error"
        assert rate_limit_refusals == [], f"refused by the rate limit too early, at attempt {attempt}"
    wrong_password_error = shown_errors(response)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dpss_cache")
        assert cursor.fetchone()[0] > 0, "the rate limit was not stored in the database cache"

    started = time.monotonic()
    response = attacker.post(login_url, {"login": target.email, "password": TEST_PASSWORD})
    took = time.monotonic() - started
    assert took < REQUEST_BUDGET
    # allauth re-renders the sign-in form (200) with its rate-limit error; it does not answer 429 here.
    assert response.status_code == 200
    assert rate_limit_refusals == ["too_many_login_attempts"]
    assert "_auth_user_id" not in attacker.session
    assert shown_errors(response) and shown_errors(response) != wrong_password_error

    # The same password works from another address for another person: it was the limit, not the password.
    other = make_user(Role.RECIPIENT)
    response = Client(REMOTE_ADDR="192.0.2.10").post(login_url, {"login": other.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def shown_errors(response) -> list[str]:
    """The sign-in form's errors as the page shows them."""
    return [str(message) for messages in response.context["form"].errors.values() for message in messages]


# --- 3. A task delivered twice sends one message


@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_sends_one_message(request, mail_dir, outbox_warnings):
    real = connection.vendor == "postgresql" and _has_redis_server()
    if not real:
        # No PostgreSQL or no redis-server: the same check, run eagerly in this process
        # (the commit delivers it once, then the task is delivered twice more).
        message = _write_message()
        outbox_deliver.apply_async(args=[message.pk])
        outbox_deliver.apply_async(args=[message.pk])
        assert [m.to for m in mail.outbox] == [["margaret@example.com"]]
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.attempts == 1
        return

    private_redis = request.getfixturevalue("private_redis")
    point_celery_at = request.getfixturevalue("point_celery_at")
    start_worker = request.getfixturevalue("start_worker")
    private_redis.start()
    point_celery_at(private_redis.url)

    with transaction.atomic():
        message = _write_message()  # on commit: the first task goes to Redis
    message.refresh_from_db()
    assert message.published_at is not None, [r.getMessage() for r in outbox_warnings]
    duplicate = outbox_deliver.apply_async(args=[message.pk])
    assert private_redis.client().llen("celery") == 2, "both copies of the task should wait in the queue"

    worker = start_worker(private_redis.url)
    worker.wait_for(lambda: len(worker.succeeded(DELIVER)) == 2, timeout=30, what="both tasks to run")
    assert duplicate.id in worker.succeeded(DELIVER)
    assert private_redis.client().llen("celery") == 0

    emails = read_emails(mail_dir)
    assert len(emails) == 1
    assert emails[0]["To"] == "margaret@example.com"
    assert emails[0]["X-DPSS-Message-Key"] == message.key
    assert "Your payment is on its way." in emails[0].get_payload(decode=True).decode()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert mail.outbox == []


def _write_message() -> OutboxMessage:
    return services.outbox_enqueue_rendered(
        key="integration:twice:1",
        to="margaret@example.com",
        template="test",
        subject="Your payment",
        body="Your payment is on its way.\n",
    )


def _has_redis_server() -> bool:
    return shutil.which("redis-server") is not None
