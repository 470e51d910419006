"""A job whose worker died is taken again, within a lease, and done once (docs/quality.md#worker-crash).

The crash is simulated as the database sees it: the run or version left
RUNNING (claimed) with a heartbeat older than the lease, and nothing of its
work committed. tests/integration/test_worker_crash.py kills a real worker.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from dpss.notifications.models import OutboxMessage
from recipients import tasks
from recipients.models import Document, DocumentVersion, ImportRun, Payment
from recipients.services import documents as documents_service
from recipients.services import imports
from recipients.services.documents import document_request, document_version_render, document_versions_sweep
from recipients.services.leases import heartbeat
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, statement_context
from tests.recipients.import_files import PAYMENTS_HEADER, csv_bytes, payment

pytestmark = pytest.mark.django_db

ROWS = 7


@pytest.fixture
def margaret_dp():
    recipient = RecipientFactory(council_reference="HCC0000101", full_name="Margaret Ellis")
    return DirectPaymentFactory(
        recipient=recipient, personal_budget_weekly=Decimal("420.00"), contribution_weekly=Decimal("35.00")
    )


def queued_run() -> ImportRun:
    return imports.import_run_create(
        kind=ImportRun.Kind.PAYMENTS,
        name="april.csv",
        content=csv_bytes(PAYMENTS_HEADER, [payment(f"VW-{n}") for n in range(ROWS)]),
        skip_invalid=False,
        actor=None,
        publish=False,
    )


def left_by_a_dead_worker(run: ImportRun, *, silent_for: timedelta, checked: int = 4) -> None:
    """As a worker killed mid-way leaves a run: claimed, part checked, nothing written, then silence."""
    last_beat = timezone.now() - silent_for
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING,
        attempts=1,
        started_at=last_beat,
        heartbeat_at=last_beat,
        processed_rows=checked,
    )


# --- Imports ------------------------------------------------------------------------------


def test_a_run_whose_worker_died_mid_way_runs_again_from_the_first_row_and_imports_each_row_once(margaret_dp, settings):
    run = queued_run()
    left_by_a_dead_worker(run, silent_for=settings.JOB_LEASE + timedelta(seconds=1))

    assert imports.import_run_execute(run_id=run.pk) is True
    run.refresh_from_db()
    assert (run.status, run.created_count, run.processed_rows, run.attempts) == (ImportRun.Status.DONE, ROWS, ROWS, 2)
    references = list(Payment.objects.values_list("reference", flat=True))
    assert sorted(references) == sorted(f"VW-{n}" for n in range(ROWS))  # each row once
    assert not run.file  # the copy is discarded only once the run is over
    assert imports.import_run_execute(run_id=run.pk) is False  # a late redelivery does nothing


def test_a_run_whose_worker_is_still_stamping_it_is_left_to_that_worker(margaret_dp, settings):
    run = queued_run()
    left_by_a_dead_worker(run, silent_for=settings.JOB_LEASE - timedelta(seconds=5))
    assert imports.import_run_execute(run_id=run.pk) is False
    assert not Payment.objects.exists()
    run.refresh_from_db()
    assert run.file  # kept for the worker running it


def test_a_slow_worker_that_lost_its_run_to_another_writes_nothing(margaret_dp, monkeypatch):
    run = queued_run()
    importer = imports.IMPORTERS[ImportRun.Kind.PAYMENTS]
    original_apply = importer.apply

    def apply_while_another_worker_takes_the_run(self):
        original_apply(self)
        ImportRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)  # another claim

    monkeypatch.setattr(importer, "apply", apply_while_another_worker_takes_the_run)
    assert imports.import_run_execute(run_id=run.pk) is True
    assert not Payment.objects.exists()  # rolled back: the other claim imports it
    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING
    assert run.file  # the other worker still needs the file


def test_the_sweep_hands_a_dead_workers_run_over_and_gives_up_after_it_died_three_times(
    margaret_dp, settings, monkeypatch
):
    published: list[int] = []
    monkeypatch.setattr(
        "recipients.tasks.import_run_execute.apply_async",
        lambda args, kwargs=None, retry=True: published.append(args[0]),
    )
    run = queued_run()
    ImportRun.objects.filter(pk=run.pk).update(published_at=timezone.now())
    left_by_a_dead_worker(run, silent_for=settings.JOB_LEASE - timedelta(seconds=5))
    assert imports.import_runs_sweep() == 0  # still alive

    left_by_a_dead_worker(run, silent_for=settings.JOB_LEASE + timedelta(seconds=1))
    ImportRun.objects.filter(pk=run.pk).update(published_at=timezone.now() - settings.JOB_LEASE * 2)
    assert imports.import_runs_sweep() == 1
    assert published == [run.pk]

    ImportRun.objects.filter(pk=run.pk).update(attempts=imports.MAX_ATTEMPTS)
    assert imports.import_runs_sweep() == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "stopped 3 times" in run.failure_reason
    assert not run.file


def test_the_page_says_the_worker_stopped_and_the_import_starts_again_never_that_it_carries_on(
    client, adviser, margaret_dp, settings
):
    run = queued_run()
    left_by_a_dead_worker(run, silent_for=settings.JOB_LEASE + timedelta(seconds=30))
    client.force_login(adviser)
    page = client.get(reverse("recipients:import_detail", kwargs={"pk": run.pk})).text
    assert "The worker importing this file stopped before it finished. Nothing has been imported yet." in page
    assert "starts again from the first row within about two minutes" in page
    assert "carries on" not in page
    run.refresh_from_db()
    assert imports.import_run_summary(run).headline.startswith("The worker importing this file stopped")
    assert "Stopped: starts again from the first row" in client.get(reverse("recipients:import_list")).text

    imports.import_run_execute(run_id=run.pk)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, heartbeat_at=timezone.now())
    page = client.get(reverse("recipients:import_detail", kwargs={"pk": run.pk})).text
    assert "started again from the first row" in page  # restarted, and alive


# --- Document renders ----------------------------------------------------------------------


@pytest.fixture
def broker(monkeypatch):
    handed: list[int] = []
    monkeypatch.setattr(
        tasks.document_version_render, "apply_async", lambda args, kwargs=None, **kw: handed.append(args[0])
    )
    return handed


def ask(recipient) -> DocumentVersion:
    return document_request(
        recipient=recipient,
        kind=Document.Kind.STATEMENT,
        title="Statement for the test",
        template="recipients/pdf/statement.html",
        context=statement_context(recipient),
    )


def test_a_render_whose_worker_died_is_handed_over_by_the_next_sweep_and_rendered_once(broker, settings):
    version = ask(RecipientFactory())
    died = timezone.now() - settings.JOB_LEASE - timedelta(seconds=1)
    DocumentVersion.objects.filter(pk=version.pk).update(
        attempts=1, published_at=died, claimed_at=died, heartbeat_at=died
    )
    assert document_versions_sweep() == 1  # within a minute of the lease running out, not ten
    assert broker == [version.pk]
    assert document_version_render(version_id=version.pk) is True
    version.refresh_from_db()
    assert version.is_ready and version.file and version.attempts == 2
    assert document_versions_sweep() == 0
    assert document_version_render(version_id=version.pk) is False


def test_a_slow_renderer_that_lost_its_claim_keeps_no_file(broker, monkeypatch):
    version = ask(RecipientFactory())
    real_render = documents_service.render_pdf

    def render_while_another_worker_claims(**kwargs):
        DocumentVersion.objects.filter(pk=version.pk).update(attempts=F("attempts") + 1)
        return real_render(**kwargs)

    monkeypatch.setattr(documents_service, "render_pdf", render_while_another_worker_claims)
    assert document_version_render(version_id=version.pk) is False
    version.refresh_from_db()
    assert version.is_pending and not version.file


def test_a_render_whose_worker_kept_dying_fails_and_the_team_is_told(broker, settings):
    version = ask(RecipientFactory())
    died = timezone.now() - settings.JOB_LEASE - timedelta(seconds=1)
    DocumentVersion.objects.filter(pk=version.pk).update(
        attempts=documents_service.RENDER_MAX_ATTEMPTS, claimed_at=died, heartbeat_at=died
    )
    assert document_versions_sweep() == 0
    version.refresh_from_db()
    assert version.has_failed
    assert OutboxMessage.objects.filter(key=f"document-failed:{version.pk}").count() == 1


# --- The heartbeat ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stamps_the_row_while_the_job_runs_and_only_under_its_own_claim(settings):
    settings.JOB_LEASE = timedelta(seconds=0.4)  # a stamp every 0.1 s
    long_ago = timezone.now() - timedelta(hours=1)
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.PAYMENTS,
        status=ImportRun.Status.RUNNING,
        original_name="april.csv",
        sha256="0" * 64,
        attempts=2,
        heartbeat_at=long_ago,
    )

    def last_beat():
        return ImportRun.objects.values_list("heartbeat_at", flat=True).get(pk=run.pk)

    with heartbeat(ImportRun, pk=run.pk, token=1):  # an older claim: not its run any more
        time.sleep(0.35)
    assert last_beat() == long_ago

    started = timezone.now()
    with heartbeat(ImportRun, pk=run.pk, token=2):
        time.sleep(0.6)
        assert last_beat() > started
    stopped = last_beat()
    time.sleep(0.25)
    assert last_beat() == stopped  # no stamps once the job is over
