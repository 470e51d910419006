"""Financial check-up pages: the person's (answer, check, send) and the advisers' (start, list, review).

Anyone who may see the record sees a check-up's status and what was sent;
only the person, or a representative who may act for them today, can answer
(`recipients.act_for`: others get 403; someone whose authority ended cannot
see the record at all, so 404). Staff pages need `recipients.manage`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dpss.audit.registry import mark_viewed
from dpss.exports import attachment_disposition
from dpss.ui.decorators import permission_required
from dpss.ui.service_form import ServiceButtonView, ServiceFormView

from ..forms.checkups import CheckupAnswersForm, CheckupReviewForm, CheckupStartForm
from ..models import FinancialCheckup, Recipient
from ..selectors import checkups as checkup_selectors
from ..selectors import record as record_selectors
from ..services import checkup_answers, checkups, contacts
from ..services.checkup_answers import EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES
from .common import RecordPageMixin, open_record, signed_in

QUEUE_PAGE_SIZE = 25


def _may_answer(request: HttpRequest, recipient: Recipient) -> bool:
    return request.user.has_perm("recipients.act_for", recipient)


def _person_context(request, recipient: Recipient, checkup: FinancialCheckup, **extra) -> dict:
    return {
        "person": recipient,
        "checkup": checkup,
        "is_self": recipient.user_id == request.user.pk,
        "may_answer": _may_answer(request, recipient),
        "max_files": EVIDENCE_MAX_FILES,
        "max_megabytes": EVIDENCE_MAX_BYTES // (1024 * 1024),
        "receipts_over": settings.CHECKUP_RECEIPTS_OVER,
        **extra,
    }


# --- The person's side -------------------------------------------------------------


class CheckupPageView(RecordPageMixin, ServiceFormView):
    """A page about one of the person's check-ups (`checkup_pk`), for whoever may see the record."""

    login_required = True

    def get_object(self) -> FinancialCheckup:
        return checkup_selectors.checkup_of_record(recipient=self.recipient, pk=self.kwargs["checkup_pk"])

    @property
    def may_answer(self) -> bool:
        return _may_answer(self.request, self.recipient)

    def get_context_data(self, **kwargs):
        return {**_person_context(self.request, self.recipient, self.object), **super().get_context_data(**kwargs)}

    def redirect_to_checkup(self) -> HttpResponse:
        return redirect("recipients:checkup", pk=self.recipient.pk, checkup_pk=self.object.pk)


class CheckupAnswersView(CheckupPageView):
    """The check-up: what it is and, while it waits for the person, the form to answer it."""

    form_class = CheckupAnswersForm
    template_name = "recipients/checkups/checkup.html"

    def form_is_offered(self) -> bool:
        return self.object.is_due

    def get_form_kwargs(self):
        return {"checkup": self.object}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.may_answer:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def post_not_offered(self) -> HttpResponse:
        messages.info(self.request, "This check-up has already been sent, so it cannot be changed now.")
        return self.redirect_to_checkup()

    def get_form(self):
        form = super().get_form()
        if self.request.method == "POST" and form is not None:
            # Files are kept one by one as soon as they pass the checks, so a refused
            # file or a mistyped amount never loses the files that were fine.
            for upload in self.request.FILES.getlist("files"):
                try:
                    checkup_answers.checkup_evidence_add(
                        checkup=self.object, upload=upload, actor=signed_in(self.request)
                    )
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error("files" if "files" in form.fields else None, message)
        return form

    def perform(self, form) -> str:
        checkup_answers.checkup_answers_save(
            checkup=self.object,
            actor=signed_in(self.request),
            confirmed_online_account=form.cleaned_data.get("confirmed_online_account", False),
            money_in=form.cleaned_data.get("money_in"),
            money_out=form.cleaned_data.get("money_out"),
            note=form.cleaned_data.get("note", ""),
        )
        return ""

    def get_success_url(self) -> str:
        return reverse("recipients:checkup_check", kwargs={"pk": self.recipient.pk, "checkup_pk": self.object.pk})

    def render_page(self, form) -> HttpResponse:
        if self.request.method == "POST":
            self.object = self.get_object()  # with the files just added
        return super().render_page(form)


class CheckupCheckView(CheckupPageView):
    """Check your answers, then send."""

    form_class = forms.Form  # nothing to type: the button sends it
    template_name = "recipients/checkups/check_answers.html"
    problems: list[tuple[str, str]] = []

    def turn_away(self) -> HttpResponse | None:
        if not self.may_answer:
            raise PermissionDenied
        if not self.object.is_due:
            return self.redirect_to_checkup()
        return None

    def perform(self, form) -> str:
        try:
            checkup_answers.checkup_submit(checkup=self.object, actor=signed_in(self.request))
        except ValidationError as error:
            self.problems = _problems(error)
            raise
        return ""

    def get_success_url(self) -> str:
        return reverse("recipients:checkup_sent", kwargs={"pk": self.recipient.pk, "checkup_pk": self.object.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(problems=self.problems, **kwargs)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    """(anchor on the answer page, message) for each thing still missing."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [(f"id_{field}", message) for field, items in error.message_dict.items() for message in items]


@login_required
def checkup_sent(request: HttpRequest, pk: int, checkup_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    item = checkup_selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)
    if item.is_due:
        return redirect("recipients:checkup", pk=pk, checkup_pk=checkup_pk)
    return render(request, "recipients/checkups/sent.html", _person_context(request, recipient, item))


@login_required
def checkup_evidence(request: HttpRequest, pk: int, checkup_pk: int, evidence_pk: int) -> FileResponse:
    """Download a statement or receipt: for whoever may see the record. The download is logged against the file."""
    recipient = get_object_or_404(record_selectors.recipient_list(fetched_by=request.user), pk=pk)
    evidence = checkup_selectors.evidence_of_record(recipient=recipient, checkup_pk=checkup_pk, pk=evidence_pk)
    mark_viewed(request, evidence)  # the log names the file that was opened
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, content_type=evidence.content_type)
    response["Content-Disposition"] = attachment_disposition(evidence.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class CheckupEvidenceRemoveView(RecordPageMixin, ServiceButtonView):
    """Remove a file the person sent with a check-up they have not sent yet."""

    login_required = True
    object_permission = "recipients.act_for"
    refusal_level = messages.INFO

    def get_object(self):
        kwargs = self.kwargs
        self.evidence = checkup_selectors.evidence_of_record(
            recipient=self.recipient, checkup_pk=kwargs["checkup_pk"], pk=kwargs["evidence_pk"]
        )
        return self.recipient

    def perform(self, form) -> str:
        checkup_answers.checkup_evidence_remove(evidence=self.evidence, actor=signed_in(self.request))
        return f"We removed “{self.evidence.original_name}”."

    def get_success_url(self) -> str:
        return reverse("recipients:checkup", kwargs={"pk": self.recipient.pk, "checkup_pk": self.kwargs["checkup_pk"]})


def _who_hears(recipient: Recipient, how: str) -> str:
    if contacts.people_to_tell(recipient=recipient):
        return f"We are telling {recipient.full_name} {how}."
    return (
        f"We have no email address for {recipient.full_name} or anyone who may act for them: "
        "please tell them by phone or post."
    )


# --- The advisers' side ------------------------------------------------------------


class CheckupStartView(RecordPageMixin, ServiceFormView):
    """Open a check-up for a person's direct payment now, for a period staff choose."""

    permission = "recipients.manage"
    form_class = CheckupStartForm
    once_only = True
    template_name = "recipients/checkups/start.html"

    def get_object(self):
        """The direct payment to check (None if there is none: the page says so, without a form)."""
        return checkup_selectors.direct_payment_to_check(recipient=self.recipient)

    def form_is_offered(self) -> bool:
        # Not while one is waiting: the page says so and links to it instead (the record page offers no link).
        return self.request.user.has_perm("recipients.start_checkup", self.recipient)

    def get_form_kwargs(self):
        if self.request.method == "POST":
            return {}
        suggested = checkups.checkup_suggested_period(direct_payment=self.object)
        return {"initial": {"period_start": suggested.start, "period_end": suggested.end, "due_date": suggested.due}}

    def perform(self, form) -> str:
        self.opened = checkups.checkup_open(
            direct_payment=self.object, actor=signed_in(self.request), **form.cleaned_data
        )
        return f"Check-up opened. {_who_hears(self.recipient, 'by email')}"

    def get_success_url(self) -> str:
        return reverse("recipients:checkup_review", kwargs={"pk": self.opened.pk})

    def get_context_data(self, **kwargs):
        direct_payment = self.object
        return super().get_context_data(
            person=self.recipient,
            direct_payment=direct_payment,
            method=checkups.checkup_method_for(payment_method=direct_payment.payment_method) if direct_payment else "",
            waiting=checkup_selectors.checkup_waiting(direct_payment=direct_payment) if direct_payment else None,
            receipts_over=settings.CHECKUP_RECEIPTS_OVER,
            **kwargs,
        )


@permission_required("recipients.manage")
def checkup_queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "sent")
    if show not in checkup_selectors.QUEUE_LABELS:
        show = "sent"
    page = Paginator(checkup_selectors.checkup_queue(fetched_by=request.user, show=show), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = checkup_selectors.checkup_queue_counts(fetched_by=request.user)
    tabs = [(key, label, counts[key]) for key, label in checkup_selectors.QUEUE_LABELS.items()]
    return render(request, "recipients/checkups/queue.html", {"page": page, "show": show, "tabs": tabs})


class CheckupReviewView(ServiceFormView):
    """What the person sent, their latest balance, and the outcome."""

    permission = "recipients.manage"
    form_class = CheckupReviewForm
    template_name = "recipients/checkups/review.html"

    def get_object(self) -> FinancialCheckup:
        return checkup_selectors.checkup_for_review(fetched_by=self.request.user, pk=self.kwargs["pk"])

    def form_is_offered(self) -> bool:
        return self.object.is_waiting_for_review

    def post_not_offered(self) -> HttpResponse:
        messages.info(self.request, "This check-up is not waiting for a review.")
        return redirect(self.get_success_url())

    def perform(self, form) -> str:
        checkups.checkup_complete(
            checkup=self.object,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
            actor=signed_in(self.request),
        )
        return f"Check-up finished. {_who_hears(self.object.direct_payment.recipient, 'by email, with a letter in their documents')}"

    def get_success_url(self) -> str:
        return reverse("recipients:checkup_review", kwargs={"pk": self.object.pk})

    def render_page(self, form) -> HttpResponse:
        mark_viewed(self.request, self.object.direct_payment.recipient)
        return super().render_page(form)

    def get_context_data(self, **kwargs):
        item = self.object
        return super().get_context_data(
            checkup=item,
            person=item.direct_payment.recipient,
            balance=record_selectors.latest_balance(direct_payment=item.direct_payment),
            **kwargs,
        )
