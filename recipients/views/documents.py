"""The person's documents, statements on request, and signing the agreement. Views parse, call, render."""

from __future__ import annotations

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from dpss.audit.registry import mark_viewed
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from .. import selectors, services
from ..forms.documents import AgreementSignForm, StatementForm
from ..models import DocumentVersion
from .common import open_record


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's documents; a POST asks for a statement (anyone who can see the record may)."""
    recipient = open_record(request, pk)
    direct_payment = selectors.current_direct_payment(recipient=recipient)
    form = StatementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if direct_payment is None:
            form.add_error(None, "There is no direct payment to make a statement of yet.")
        elif form.is_valid():
            try:
                services.statement_request(
                    direct_payment=direct_payment,
                    period_start=form.cleaned_data["start"],
                    period_end=form.cleaned_data["end"],
                    requested_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "We are preparing the statement. It usually takes about a minute.")
                return redirect("recipients:documents", pk=recipient.pk)
    context = {
        "recipient": recipient,
        "is_self": recipient.user_id == request.user.pk,
        "rows": selectors.document_list(recipient=recipient),
        "direct_payment": direct_payment,
        "form": form,
        "can_prepare_agreement": request.user.has_perm("recipients.manage")
        and selectors.direct_payment_to_agree(recipient=recipient) is not None,
    }
    return render(request, "recipients/documents/list.html", context)


@login_required
def document_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    """A ready version of one of this person's documents, as an attachment; the download is recorded."""
    recipient = get_object_or_404(selectors.recipient_list(fetched_by=request.user), pk=pk)
    version = selectors.document_version_for_download(recipient=recipient, version_pk=version_pk)
    if version is None or not version.file:
        raise Http404("No such document")
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The document file is missing") from error
    mark_viewed(
        request,
        recipient,
        detail={"document": version.document.title, "document_version": version.pk, "action": "download"},
    )
    name = f"{slugify(version.document.title)}-version-{version.number}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


def _client_ip(request: HttpRequest) -> str | None:
    """The address the audit log records for this request, if it is an IP address."""
    address = AuditlogMiddleware._get_remote_addr(request)
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement to sign: its key facts for everyone who can see the record; the form for those who may sign."""
    recipient = open_record(request, pk)
    may_sign = request.user.has_perm("recipients.sign_for", recipient)
    if request.method == "POST" and not may_sign:
        raise PermissionDenied("You cannot sign this agreement.")
    page = selectors.agreement_page(recipient=recipient)
    form = None
    if may_sign and page.ready_to_sign:
        power = services.signing_authority(user=request.user, recipient=recipient)
        wording = services.agreement_consent_wording(
            version=page.version, signer=request.user, recipient=recipient, authority=power.authority
        )
        form = AgreementSignForm(
            request.POST if request.method == "POST" else None,
            initial={"version": page.version.pk},
            consent_wording=wording,
        )
    if request.method == "POST":
        if form is None:
            # Signed meanwhile, superseded, or not ready: the page says which.
            messages.error(request, _why_not_now(page))
            return redirect("recipients:agreement_sign", pk=recipient.pk)
        if form.is_valid():
            version = selectors.agreement_version(recipient=recipient, version_pk=form.cleaned_data["version"])
            if version is None:
                form.add_error(None, "This agreement cannot be found. Reload the page and try again.")
            else:
                try:
                    services.agreement_sign(
                        version=version,
                        signer=request.user,
                        declaration_accepted=form.cleaned_data["declaration"],
                        ip_address=_client_ip(request),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, "Thank you. You have signed the agreement. We have sent you an email to confirm it."
                    )
                    return redirect("recipients:agreement_sign", pk=recipient.pk)
        elif "version" in form.errors:
            form.add_error(None, "This agreement cannot be found. Reload the page and try again.")
        _point_at_the_newest_version(form, page)
    context = {
        "recipient": recipient,
        "is_self": recipient.user_id == request.user.pk,
        "page": page,
        "facts": page.version.context if page.version else {},
        "form": form,
        "may_sign": may_sign,
    }
    return render(request, "recipients/documents/agreement.html", context)


def _point_at_the_newest_version(form: AgreementSignForm, page: selectors.AgreementPage) -> None:
    """A form shown again signs the version on the page now; if that changed, the box must be ticked afresh."""
    data = form.data.copy()
    if data.get("version") != str(page.version.pk):
        data["version"] = str(page.version.pk)
        data.pop("declaration", None)
    form.data = data


def _why_not_now(page: selectors.AgreementPage) -> str:
    if page.signature is not None:
        return f"This agreement was already signed by {page.signature.signer_name}. It does not need signing again."
    if page.version is not None and page.version.status == DocumentVersion.Status.PENDING:
        return "This agreement is still being prepared. Wait a minute, then try again."
    return "There is no agreement to sign at the moment. If you think there should be, call us."


@require_POST
@permission_required("recipients.manage")
def agreement_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff prepare (or prepare again) the agreement of the person's direct payment being set up."""
    recipient = open_record(request, pk)
    direct_payment = selectors.direct_payment_to_agree(recipient=recipient)
    if direct_payment is None:
        messages.error(request, "There is no direct payment being set up for this person, so no agreement to prepare.")
        return redirect("recipients:documents", pk=recipient.pk)
    try:
        version = services.agreement_prepare(direct_payment=direct_payment, prepared_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Version {version.number} of the agreement is being prepared. We have emailed the people who can sign it.",
        )
    return redirect("recipients:documents", pk=recipient.pk)
