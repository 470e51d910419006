"""Reads of a person's documents and of the agreement waiting for a signature. Fixed queries, whatever the count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import (
    AgreementSignature,
    DirectPayment,
    Document,
    DocumentVersion,
    Recipient,
    Representative,
)

# Rendering inputs can be large (a 3-year statement's rows); lists never need them.
_VERSION_LIST_FIELDS_DEFERRED = ("context", "last_error")


@dataclass(frozen=True)
class DocumentRow:
    """One document as the documents page shows it."""

    document: Document
    latest: DocumentVersion | None
    current: DocumentVersion | None  # the newest version that can be downloaded
    older: list[DocumentVersion] = field(default_factory=list)

    @property
    def being_prepared(self) -> bool:
        return self.latest is not None and self.latest.status == DocumentVersion.Status.PENDING

    @property
    def failed(self) -> bool:
        return self.latest is not None and self.latest.status == DocumentVersion.Status.FAILED


def _row(document: Document) -> DocumentRow:
    versions = list(document.versions.all())  # prefetched, newest first
    ready = [v for v in versions if v.status == DocumentVersion.Status.READY]
    return DocumentRow(
        document=document,
        latest=versions[0] if versions else None,
        current=ready[0] if ready else None,
        older=ready[1:],
    )


def document_list(*, recipient: Recipient) -> list[DocumentRow]:
    """The person's documents, newest first, each with its versions (2 queries)."""
    versions = DocumentVersion.objects.defer(*_VERSION_LIST_FIELDS_DEFERRED).order_by("-number")
    documents = (
        Document.objects.filter(recipient=recipient)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("-created_at", "-pk")
    )
    return [_row(document) for document in documents]


def document_version_for_download(*, recipient: Recipient, version_pk: int) -> DocumentVersion | None:
    """A ready version of one of this person's documents, or None."""
    return (
        DocumentVersion.objects.defer(*_VERSION_LIST_FIELDS_DEFERRED)
        .select_related("document")
        .filter(pk=version_pk, document__recipient=recipient, status=DocumentVersion.Status.READY)
        .first()
    )


def agreement_version(*, recipient: Recipient, version_pk: int) -> DocumentVersion | None:
    """A version of one of this person's agreements (any state: the signing rules say which may be signed)."""
    return (
        DocumentVersion.objects.select_related("document")
        .filter(pk=version_pk, document__recipient=recipient, document__kind=Document.Kind.AGREEMENT)
        .first()
    )


def current_direct_payment(*, recipient: Recipient) -> DirectPayment | None:
    """The direct payment a statement or an agreement is about: the newest one past its draft."""
    return (
        DirectPayment.objects.filter(recipient=recipient)
        .exclude(status=DirectPayment.Status.DRAFT)
        .select_related("practitioner")
        .order_by("-created_at", "-pk")
        .first()
    )


def direct_payment_to_agree(*, recipient: Recipient) -> DirectPayment | None:
    """The newest direct payment whose agreement can still be prepared (draft, or waiting for a signature)."""
    return (
        DirectPayment.objects.filter(
            recipient=recipient,
            status__in=(DirectPayment.Status.DRAFT, DirectPayment.Status.AWAITING_SIGNATURE),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class AgreementPage:
    recipient: Recipient
    direct_payment: DirectPayment | None
    document: Document | None
    version: DocumentVersion | None  # the newest version: the one to sign
    signature: AgreementSignature | None  # of that version
    signers: list[str]  # who may sign online: the person and representatives who may sign

    @property
    def needs_signature(self) -> bool:
        return (
            self.direct_payment is not None
            and self.direct_payment.status == DirectPayment.Status.AWAITING_SIGNATURE
            and self.version is not None
            and self.signature is None
        )

    @property
    def ready_to_sign(self) -> bool:
        return self.needs_signature and self.version is not None and self.version.status == DocumentVersion.Status.READY


def agreement_page(*, recipient: Recipient) -> AgreementPage:
    """The agreement of the current direct payment, its newest version and who may sign it (5 queries)."""
    direct_payment = current_direct_payment(recipient=recipient)
    document = version = signature = None
    if direct_payment is not None:
        versions = DocumentVersion.objects.defer("last_error").order_by("-number")[:1]
        document = (
            Document.objects.filter(direct_payment=direct_payment, kind=Document.Kind.AGREEMENT)
            .prefetch_related(
                Prefetch("versions", queryset=versions, to_attr="newest"),
                Prefetch(
                    "newest__signatures",
                    queryset=AgreementSignature.objects.order_by("signed_at"),
                    to_attr="made",
                ),
            )
            .order_by("-pk")
            .first()
        )
        if document is not None and document.newest:
            version = document.newest[0]
            # `made` is the nested Prefetch's to_attr on the version; django-stubs puts it on the Document instead.
            made = version.made  # type: ignore[attr-defined]
            signature = made[0] if made else None
    signers = []
    if recipient.user_id:
        signers.append(f"{recipient.full_name} (the person the direct payment is for)")
    representatives = (
        Representative.objects.in_force().filter(recipient=recipient, can_sign=True).select_related("user")
    )
    for representative in representatives:
        name = str(representative.user)
        authority = representative.get_legal_basis_display() if representative.legal_basis else ""
        signers.append(f"{name} ({(authority or representative.get_kind_display()).lower()})")
    return AgreementPage(
        recipient=recipient,
        direct_payment=direct_payment,
        document=document,
        version=version,
        signature=signature,
        signers=signers,
    )
