"""Documents: ask for a PDF in a transaction, render it in a worker, keep every version.

`document_request` writes a PENDING `DocumentVersion` in the caller's
transaction: that row is the outbox entry for the rendering job. After the
commit the portal hands its id to Celery; if the broker is down, the sweep
(`document_versions_sweep`, run by beat every minute) hands it over later.
`document_version_render` claims a version with a conditional UPDATE, so a job
delivered twice renders once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from dpss.accounts.models import User
from dpss.notifications.services import broker_publish, outbox_enqueue_email

from ..models import DirectPayment, Document, DocumentVersion, FormatPreference, Recipient
from ..pdf import render_pdf

logger = logging.getLogger(__name__)

RENDER_MAX_ATTEMPTS = 5
# The task that renders one version, named rather than imported (services never import tasks).
RENDER_TASK = "recipients.tasks.document_version_render"
# A claim older than this belongs to a worker that died: the sweep releases it.
RENDER_CLAIM_TIMEOUT = timedelta(minutes=10)
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


def document_version_render(*, version_id: int) -> bool:
    """Render one pending version if nobody else is. True if this call rendered it."""
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RENDER_CLAIM_TIMEOUT)
    claimed = DocumentVersion.objects.filter(claimable, pk=version_id, status=DocumentVersion.Status.PENDING).update(
        claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    version = DocumentVersion.objects.select_related("document__recipient").get(pk=version_id)
    context = {**version.context, "version_number": version.number}
    try:
        pdf = render_pdf(template=version.template, context=context, large_print=version.large_print)
    except Exception as error:  # recorded, retried by the sweep, then marked failed
        _record_render_failure(version, error)
        return False
    name = f"{version.document.kind}-{version.document.recipient.council_reference}-v{version.number}.pdf"
    version.file.save(name, ContentFile(pdf), save=False)
    version.sha256 = hashlib.sha256(pdf).hexdigest()
    version.size = len(pdf)
    version.status = DocumentVersion.Status.READY
    version.rendered_at = timezone.now()
    version.last_error = ""
    version.save(update_fields=["file", "sha256", "size", "status", "rendered_at", "last_error"])
    return True


def _record_render_failure(version: DocumentVersion, error: Exception) -> None:
    logger.warning("Document version %s failed to render (attempt %s): %s", version.pk, version.attempts, error)
    version.last_error = f"{type(error).__name__}: {error}"[:2000]
    version.claimed_at = None
    version.published_at = None
    with transaction.atomic():
        if version.attempts >= RENDER_MAX_ATTEMPTS:
            version.status = DocumentVersion.Status.FAILED
            _tell_the_team_a_document_failed(version)
        version.save(update_fields=["last_error", "claimed_at", "published_at", "status"])


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
    """Hand over versions still pending: never handed over, or claimed by a worker that died."""
    now = timezone.now()
    never_taken = Q(claimed_at__isnull=True) & (
        Q(published_at__isnull=True) | Q(published_at__lt=now - REPUBLISH_AFTER)
    )
    pending = (
        DocumentVersion.objects.filter(status=DocumentVersion.Status.PENDING)
        .filter(never_taken | Q(claimed_at__lt=now - RENDER_CLAIM_TIMEOUT))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return document_versions_publish(version_ids=list(pending))
