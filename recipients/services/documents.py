"""Documents: ask for a PDF in a transaction, render it in a worker, keep every version.

`document_request` writes a PENDING `DocumentVersion` in the caller's
transaction: that row is the outbox entry for the rendering job. After the
commit the portal hands its id to Celery; if the broker is down, the sweep
(`document_versions_sweep`, run by beat every minute) hands it over later.
`document_version_render` claims a version with a conditional UPDATE, so a job
delivered twice renders once. While it renders, its worker keeps a lease on
the version (`leases.py`): a version whose worker died is taken again by the
sweep within about two minutes, and only the claim that still holds the
lease may mark it ready (its `attempts` is the token), so one file is kept.

A render that fails is tried again by the sweep, up to `RENDER_MAX_ATTEMPTS`;
one that can never succeed (an unsafe file name, a missing template) fails at
once. Either way the support team is told by email and the document's page
says it could not be prepared.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from dpss.accounts.models import User
from dpss.exports import safe_filename
from dpss.notifications.services import broker_publish, outbox_enqueue_email

from ..models import DirectPayment, Document, DocumentVersion, FormatPreference, Recipient
from ..pdf import render_pdf
from .leases import heartbeat, lease_expired_before

logger = logging.getLogger(__name__)

RENDER_MAX_ATTEMPTS = 5
# The task that renders one version, named rather than imported (services never import tasks).
RENDER_TASK = "recipients.tasks.document_version_render"
# Errors that rendering again would only repeat: the version fails at once.
PERMANENT_ERRORS = (SuspiciousOperation, ValidationError, TemplateDoesNotExist, TemplateSyntaxError)
# A job handed to the broker but not taken after this is handed over again.
REPUBLISH_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 200


@transaction.atomic
def document_request(
    *,
    recipient: Recipient,
    kind: str,
    title: str,
    template: str,
    context: dict,
    direct_payment: DirectPayment | None = None,
    document: Document | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    actor: User | None = None,
) -> DocumentVersion:
    """Ask for a new version of a document (a new document unless `document` is given).

    `context` must be JSON: the facts are frozen now, so the PDF shows the
    record as it was when it was asked for, however late the worker runs.
    Large print follows the person's format preference.
    """
    if document is None:
        document = Document.objects.create(
            recipient=recipient,
            direct_payment=direct_payment,
            kind=kind,
            title=title,
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
    # Lock the document, so two requests at once cannot both take the next number.
    Document.objects.select_for_update().filter(pk=document.pk).values_list("pk", flat=True).get()
    latest = DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"]
    version = DocumentVersion.objects.create(
        document=document,
        number=(latest or 0) + 1,
        template=template,
        context=context,
        large_print=recipient.format_preference == FormatPreference.LARGE_PRINT,
    )
    transaction.on_commit(lambda: document_versions_publish(version_ids=[version.pk]))
    return version


def document_versions_publish(*, version_ids: list[int]) -> int:
    """Hand rendering jobs to the broker. Never raises: what fails waits for the sweep."""
    published = broker_publish(task=RENDER_TASK, ids=version_ids, what="document version")
    if published:
        DocumentVersion.objects.filter(pk__in=published).update(published_at=timezone.now())
    return len(published)


def _claimable() -> Q:
    """Never taken, or taken by a worker not heard from for a lease (it died)."""
    lapsed = lease_expired_before()
    return Q(claimed_at__isnull=True) | Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True, claimed_at__lt=lapsed)


def document_version_render(*, version_id: int) -> bool:
    """Render one pending version if nobody else is. True if this call rendered it."""
    now = timezone.now()
    claimed = DocumentVersion.objects.filter(
        _claimable(), pk=version_id, status=DocumentVersion.Status.PENDING, attempts__lt=RENDER_MAX_ATTEMPTS
    ).update(claimed_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    version = DocumentVersion.objects.select_related("document__recipient").get(pk=version_id)
    try:
        with heartbeat(DocumentVersion, pk=version.pk, token=version.attempts):
            return _render_and_keep(version)
    except Exception as error:  # recorded, retried by the sweep, then marked failed
        _record_render_failure(version, error, permanent=isinstance(error, PERMANENT_ERRORS))
        return False


def _render_and_keep(version: DocumentVersion) -> bool:
    context = {**version.context, "version_number": version.number}
    pdf = render_pdf(template=version.template, context=context, large_print=version.large_print)
    document = version.document
    # Built from safe parts only: a reference is checked on the way in, but older ones may not have been.
    name = safe_filename(f"{document.kind}-{document.recipient.council_reference}-v{version.number}", "pdf")
    version.file.save(name, ContentFile(pdf), save=False)
    kept = DocumentVersion.objects.filter(
        pk=version.pk, status=DocumentVersion.Status.PENDING, attempts=version.attempts
    ).update(
        file=version.file.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        status=DocumentVersion.Status.READY,
        rendered_at=timezone.now(),
        last_error="",
    )
    if not kept:  # another worker took it over (this one was too slow): its file is the one kept
        version.file.delete(save=False)
        logger.warning("Document version %s was rendered by another worker; this copy was discarded", version.pk)
        return False
    return True


def _record_render_failure(version: DocumentVersion, error: Exception, *, permanent: bool = False) -> None:
    logger.warning("Document version %s failed to render (attempt %s): %s", version.pk, version.attempts, error)
    last_error = f"{type(error).__name__}: {error}"[:2000]
    fails = permanent or version.attempts >= RENDER_MAX_ATTEMPTS
    with transaction.atomic():
        updated = DocumentVersion.objects.filter(
            pk=version.pk, status=DocumentVersion.Status.PENDING, attempts=version.attempts
        ).update(
            last_error=last_error,
            claimed_at=None,
            heartbeat_at=None,
            published_at=None,
            status=DocumentVersion.Status.FAILED if fails else DocumentVersion.Status.PENDING,
        )
        if updated and fails:
            version.last_error = last_error
            _tell_the_team_a_document_failed(version)


def _tell_the_team_a_document_failed(version: DocumentVersion) -> None:
    """The documents page tells the person "we have been told": this is the telling.

    One email to the support team per failed version (the outbox key makes a
    second failure report of the same version a no-op).
    """
    logger.error("Document version %s could not be rendered after %s attempts", version.pk, version.attempts)
    document = version.document
    outbox_enqueue_email(
        key=f"document-failed:{version.pk}",
        to=settings.SERVICE["email"],
        template="document_failed",
        context={
            "title": document.title,
            "number": version.number,
            "reference": document.recipient.council_reference,
            "attempts": version.attempts,
            "error": version.last_error,
        },
    )


def document_versions_sweep() -> int:
    """Hand over versions still pending: never handed over, or left by a worker that died.

    A version whose worker died on each of its `RENDER_MAX_ATTEMPTS` claims
    fails, and the team is told.
    """
    now = timezone.now()
    lapsed = lease_expired_before()
    worker_died = Q(claimed_at__isnull=False) & (
        Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True, claimed_at__lt=lapsed)
    )
    pending = DocumentVersion.objects.filter(status=DocumentVersion.Status.PENDING)
    for version in pending.filter(worker_died, attempts__gte=RENDER_MAX_ATTEMPTS).select_related("document__recipient"):
        _record_render_failure(version, RuntimeError("the worker stopped while rendering it"), permanent=True)
    never_taken = Q(claimed_at__isnull=True) & (
        Q(published_at__isnull=True) | Q(published_at__lt=now - REPUBLISH_AFTER)
    )
    # Handed over at most once a lease, so a busy worker is not sent the same version every minute.
    handed_over_lately = Q(published_at__gte=lapsed)
    waiting = (
        pending.filter(never_taken | (worker_died & ~handed_over_lately))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return document_versions_publish(version_ids=list(waiting))
