"""Documents are rendered by a worker, once, as tagged PDFs; failures are retried, then reported."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dpss.notifications.models import OutboxMessage
from recipients import tasks
from recipients.models import DirectPayment, Document, DocumentVersion, FormatPreference, Payment
from recipients.services import documents as documents_service
from recipients.services.agreements import agreement_prepare
from recipients.services.documents import document_request, document_version_render, document_versions_sweep
from recipients.services.money_records import balance_record
from recipients.services.statements import statement_request
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory
from tests.recipients.pdfcheck import document_language, font_sizes_pt, inflated, structure_types

pytestmark = pytest.mark.django_db

SIMPLE_TEMPLATE = "recipients/pdf/statement.html"


def ask(recipient, **overrides):
    """A statement-shaped document request with a tiny context (no database facts needed)."""
    arguments = {
        "recipient": recipient,
        "kind": Document.Kind.STATEMENT,
        "title": "Statement for the test",
        "template": SIMPLE_TEMPLATE,
        "context": {
            "person": {"full_name": recipient.full_name, "council_reference": recipient.council_reference},
            "period": {"start": "1 March 2025", "end": "31 May 2025"},
            "direct_payment": {
                "kind": "Ongoing",
                "payment_method": "Virtual Wallet",
                "council_amount_weekly": "£385.00",
            },
            "payments": [],
            "totals": {"paid": "£0.00", "adjusted": "£0.00", "recovered": "£0.00", "received": "£0.00"},
            "balances": [],
            "made_on": "1 June 2025",
        },
    }
    return document_request(**{**arguments, **overrides})


@pytest.fixture
def broker(monkeypatch):
    """Records what is handed to the broker instead of running it (by task name: a signature passes kwargs too)."""
    handed = []
    monkeypatch.setattr(
        tasks.document_version_render, "apply_async", lambda args, kwargs=None, **kw: handed.append(args[0])
    )
    return handed


def test_a_request_waits_as_pending_until_a_worker_renders_it_with_its_hash_and_size(broker):
    version = ask(RecipientFactory())
    assert version.status == DocumentVersion.Status.PENDING
    assert not version.file

    assert document_version_render(version_id=version.pk) is True

    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.READY
    body = version.file.read()
    assert body.startswith(b"%PDF-")
    assert version.sha256 == hashlib.sha256(body).hexdigest()
    assert version.size == len(body)
    assert version.rendered_at is not None


def test_after_the_commit_the_job_goes_to_the_worker_which_renders_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = ask(RecipientFactory())
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.READY
    assert version.published_at is not None


def test_each_new_version_of_a_document_gets_the_next_number(broker):
    first = ask(RecipientFactory())
    second = ask(first.document.recipient, document=first.document)
    assert (first.number, second.number) == (1, 2)
    assert second.document == first.document


def test_a_job_delivered_twice_renders_once(broker, monkeypatch):
    version = ask(RecipientFactory())
    renders = []
    real_render = documents_service.render_pdf
    monkeypatch.setattr(documents_service, "render_pdf", lambda **kw: renders.append(1) or real_render(**kw))

    assert document_version_render(version_id=version.pk) is True
    first_file = DocumentVersion.objects.get(pk=version.pk).file.name
    assert document_version_render(version_id=version.pk) is False

    assert len(renders) == 1
    assert DocumentVersion.objects.get(pk=version.pk).file.name == first_file


def test_a_job_another_worker_is_rendering_is_left_to_it_unless_that_worker_died(broker, settings):
    version = ask(RecipientFactory())
    now = timezone.now()
    DocumentVersion.objects.filter(pk=version.pk).update(claimed_at=now - timedelta(minutes=5), heartbeat_at=now)
    assert document_version_render(version_id=version.pk) is False  # its worker is still stamping it

    # Its worker stopped stamping it for longer than the lease: it died.
    silent = now - settings.JOB_LEASE - timedelta(seconds=1)
    DocumentVersion.objects.filter(pk=version.pk).update(heartbeat_at=silent)
    assert document_version_render(version_id=version.pk) is True


def test_a_failure_is_recorded_retried_by_the_sweep_then_marked_failed_and_the_team_is_told(monkeypatch, broker):
    version = ask(RecipientFactory(council_reference="HCC0009999"))

    def broken(**kwargs):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr(documents_service, "render_pdf", broken)
    assert document_version_render(version_id=version.pk) is False
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PENDING
    assert version.attempts == 1
    assert "the fonts are missing" in version.last_error
    assert version.claimed_at is None

    # The sweep hands it over again; each attempt fails, until the last.
    for attempt in range(2, documents_service.RENDER_MAX_ATTEMPTS + 1):
        del broker[:]
        assert document_versions_sweep() == 1
        assert broker == [version.pk]
        document_version_render(version_id=version.pk)
        version.refresh_from_db()
        assert version.attempts == attempt

    assert version.status == DocumentVersion.Status.FAILED
    del broker[:]
    assert document_versions_sweep() == 0  # a failed version is not handed over again
    told = OutboxMessage.objects.get(template="document_failed")
    assert told.to == "dpss@example.org"
    assert "HCC0009999" in told.subject and "the fonts are missing" in told.body


def test_when_the_broker_is_down_the_request_still_succeeds_and_the_sweep_hands_it_over_later(
    monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.document_version_render, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        version = ask(RecipientFactory())
    version.refresh_from_db()
    assert (version.status, version.published_at) == (DocumentVersion.Status.PENDING, None)

    monkeypatch.undo()
    assert document_versions_sweep() == 1
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.READY


def test_the_sweep_hands_over_only_what_was_never_taken_or_is_stale(broker):
    now = timezone.now()
    never_handed = ask(RecipientFactory())
    handed_just_now = ask(RecipientFactory())
    handed_long_ago = ask(RecipientFactory())
    being_rendered = ask(RecipientFactory())
    DocumentVersion.objects.filter(pk=handed_just_now.pk).update(published_at=now)
    DocumentVersion.objects.filter(pk=handed_long_ago.pk).update(published_at=now - timedelta(minutes=6))
    DocumentVersion.objects.filter(pk=being_rendered.pk).update(published_at=now, claimed_at=now)

    assert document_versions_sweep() == 2
    assert sorted(broker) == sorted([never_handed.pk, handed_long_ago.pk])


# --- What the PDFs hold ----------------------------------------------------------


def rendered(version: DocumentVersion) -> bytes:
    assert document_version_render(version_id=version.pk) is True
    version.refresh_from_db()
    return version.file.read()


def agreement_for(recipient) -> DocumentVersion:
    dp = DirectPaymentFactory(recipient=recipient, status=DirectPayment.Status.DRAFT, outcomes="To sing in my choir.")
    return agreement_prepare(direct_payment=dp, actor=None)


def test_pdfs_are_tagged_pdf_ua_with_a_structure_tree_and_the_document_language(broker):
    pdf = rendered(agreement_for(RecipientFactory()))
    everything = inflated(pdf)
    assert b"/StructTreeRoot" in everything
    assert b"/Marked true" in everything
    assert b"pdfuaid:part" in everything  # declares PDF/UA-1
    assert document_language(pdf) == "en-GB"
    assert {"H1", "H2", "P", "L", "LI", "Table", "TH"} <= structure_types(pdf)


def test_a_large_print_preference_gives_text_of_at_least_16_points_and_standard_does_not(broker):
    large = agreement_for(RecipientFactory(format_preference=FormatPreference.LARGE_PRINT))
    standard = agreement_for(RecipientFactory(format_preference=FormatPreference.STANDARD))
    assert large.large_print and not standard.large_print

    large_sizes = font_sizes_pt(rendered(large))
    standard_sizes = font_sizes_pt(rendered(standard))
    assert large_sizes and standard_sizes
    assert min(large_sizes) >= 16
    assert min(standard_sizes) == pytest.approx(12, abs=0.01)  # the measurement sees ordinary text too


def test_a_statement_pdf_puts_payments_and_balances_in_tables_with_captions(broker):
    dp = DirectPaymentFactory()
    today = timezone.localdate()
    Payment.objects.create(direct_payment=dp, kind=Payment.Kind.PAID, amount=Decimal("1540.00"), due_date=today)
    balance_record(direct_payment=dp, taken_on=today, balance=Decimal("2310.00"))
    version = statement_request(
        direct_payment=dp, period_start=today - timedelta(days=30), period_end=today, actor=None
    )
    pdf = rendered(version)
    assert {"Table", "Caption", "TH", "TD"} <= structure_types(pdf)
