"""The person's documents, statements on request, and signing the agreement. Views parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify

from dpss.audit.registry import mark_viewed
from dpss.client_address import client_address
from dpss.ui.responses import found_or_404, stored_file_download
from dpss.ui.service_form import ServiceButtonView, ServiceFormView

from ..forms.documents import AgreementSignForm, StatementForm
from ..selectors import documents as document_selectors
from ..selectors import record as record_selectors
from ..services import agreements, statements
from .common import RecordPageMixin, signed_in

NOT_FOUND = "This agreement cannot be found. Reload the page and try again."


class RecordDocumentsPageView(RecordPageMixin, ServiceFormView):
    """A documents page of the person's record, for whoever may see it; its form goes back to the page."""

    login_required = True
    http_method_names = ["get", "head", "post"]
    url_name = ""

    def get_success_url(self) -> str:
        return reverse(self.url_name, kwargs={"pk": self.recipient.pk})

    def get_context_data(self, **kwargs):
        recipient = self.recipient
        return super().get_context_data(
            recipient=recipient, is_self=recipient.user_id == self.request.user.pk, **kwargs
        )


class DocumentsView(RecordDocumentsPageView):
    """The person's documents; a POST asks for a statement (anyone who can see the record may)."""

    form_class = StatementForm
    template_name = "recipients/documents/list.html"
    once_only = True
    already_sent_message = "You asked for this statement a moment ago, so it was not asked for again."
    url_name = "recipients:documents"

    def get_object(self):
        return document_selectors.current_direct_payment(recipient=self.recipient)

    def perform(self, form) -> str:
        if self.object is None:
            raise ValidationError("There is no direct payment to make a statement of yet.")
        statements.statement_request(
            direct_payment=self.object,
            period_start=form.cleaned_data["start"],
            period_end=form.cleaned_data["end"],
            actor=signed_in(self.request),
        )
        return "We are preparing the statement. It usually takes about a minute."

    def get_context_data(self, **kwargs):
        recipient = self.recipient
        return super().get_context_data(
            rows=document_selectors.document_list(recipient=recipient),
            direct_payment=self.object,
            can_prepare_agreement=self.request.user.has_perm("recipients.manage")
            and document_selectors.direct_payment_to_agree(recipient=recipient) is not None,
            **kwargs,
        )


@login_required
def document_download(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    """A ready version of one of this person's documents, as an attachment; the download is recorded."""
    recipient = get_object_or_404(record_selectors.recipient_list(fetched_by=request.user), pk=pk)
    version = found_or_404(
        document_selectors.document_version_for_download(recipient=recipient, version_pk=version_pk),
        "No such document",
    )
    name = f"{slugify(version.document.title)}-version-{version.number}.pdf"
    response = stored_file_download(
        version.file, filename=name, content_type="application/pdf", missing="The document file is missing"
    )
    mark_viewed(
        request,
        recipient,
        detail={"document": version.document.title, "document_version": version.pk, "action": "download"},
    )
    return response


class AgreementSignView(RecordDocumentsPageView):
    """The agreement to sign: its key facts for everyone who can see the record; the form for those who may sign."""

    form_class = AgreementSignForm
    once_only = True
    already_sent_message = "You signed the agreement a moment ago, so it was not signed again."
    template_name = "recipients/documents/agreement.html"
    url_name = "recipients:agreement_sign"

    def get_object(self) -> document_selectors.AgreementPage:
        self.may_sign = self.request.user.has_perm("recipients.sign_for", self.recipient)
        return document_selectors.agreement_page(recipient=self.recipient)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.may_sign:
            raise PermissionDenied("You cannot sign this agreement.")
        return super().post(request, *args, **kwargs)

    def form_is_offered(self) -> bool:
        return self.may_sign and self.object.ready_to_sign

    def post_not_offered(self) -> HttpResponse:
        # Signed meanwhile, superseded, or not ready: the page says which.
        messages.error(self.request, _why_not_now(self.object))
        return redirect(self.get_success_url())

    def get_form_kwargs(self):
        version, user = self.object.version, signed_in(self.request)
        power = agreements.signing_authority(user=user, recipient=self.recipient)
        # The form is offered only to someone who may sign (the same rule, can_sign_for) a version ready to sign.
        assert version is not None and power is not None
        wording = agreements.agreement_consent_wording(
            version=version, signer=user, recipient=self.recipient, authority=power.authority
        )
        return {"initial": {"version": version.pk}, "consent_wording": wording}

    def perform(self, form) -> str:
        version = document_selectors.agreement_version(
            recipient=self.recipient, version_pk=form.cleaned_data["version"]
        )
        if version is None:
            raise ValidationError(NOT_FOUND)
        agreements.agreement_sign(
            version=version,
            signer=signed_in(self.request),
            declaration_accepted=form.cleaned_data["declaration"],
            ip_address=client_address(self.request),
        )
        return "Thank you. You have signed the agreement. We have sent you an email to confirm it."

    def render_page(self, form) -> HttpResponse:
        if self.request.method == "POST":
            if "version" in form.errors:
                form.add_error(None, NOT_FOUND)
            _point_at_the_newest_version(form, self.object)
        return super().render_page(form)

    def get_context_data(self, **kwargs):
        page = self.object
        return super().get_context_data(
            page=page, facts=page.version.context if page.version else {}, may_sign=self.may_sign, **kwargs
        )


def _point_at_the_newest_version(form: AgreementSignForm, page: document_selectors.AgreementPage) -> None:
    """A form shown again signs the version on the page now; if that changed, the box must be ticked afresh."""
    # Shown again after a POST, so the form holds the posted QueryDict, and was offered for a version to sign.
    assert isinstance(form.data, QueryDict) and page.version is not None
    data = form.data.copy()
    if data.get("version") != str(page.version.pk):
        data["version"] = str(page.version.pk)
        data.pop("declaration", None)
    form.data = data


def _why_not_now(page: document_selectors.AgreementPage) -> str:
    if page.signature is not None:
        return f"This agreement was already signed by {page.signature.signer_name}. It does not need signing again."
    if page.version is not None and page.version.is_pending:
        return "This agreement is still being prepared. Wait a minute, then try again."
    return "There is no agreement to sign at the moment. If you think there should be, call us."


class AgreementPrepareView(RecordPageMixin, ServiceButtonView):
    """Staff prepare (or prepare again) the agreement of the person's direct payment being set up."""

    permission = "recipients.manage"

    def get_object(self):
        return document_selectors.direct_payment_to_agree(recipient=self.recipient)

    def perform(self, form) -> str:
        if self.object is None:
            raise ValidationError(
                "There is no direct payment being set up for this person, so no agreement to prepare."
            )
        prepared = agreements.agreement_prepare_and_email(direct_payment=self.object, actor=signed_in(self.request))
        said = f"Version {prepared.version.number} of the agreement is being prepared."
        if prepared.emailed:
            people = "the person who can" if prepared.emailed == 1 else f"the {prepared.emailed} people who can"
            return f"{said} We have emailed {people} sign it."
        return (
            f"{said} Nobody who may sign it has an email address we can use, so no email was sent. Invite the "
            "person to see their direct payment online, or add someone who may sign for them: the agreement "
            "waits on their page for them to sign."
        )

    def get_success_url(self) -> str:
        return reverse("recipients:documents", kwargs={"pk": self.recipient.pk})
