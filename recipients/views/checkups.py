"""Financial check-up pages: the person's (answer, check, send) and the advisers' (start, list, review).

Anyone who may see the record sees a check-up's status and what was sent;
only the person, or a representative who may act for them today, can answer
(`recipients.act_for`: others get 403; someone whose authority ended cannot
see the record at all, so 404). Staff pages need `recipients.manage`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dpss.audit.registry import mark_viewed
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from .. import selectors, services
from ..forms.checkups import CheckupAnswersForm, CheckupReviewForm, CheckupStartForm
from ..models import FinancialCheckup, Recipient
from ..services.checkup_answers import EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES
from .common import open_record

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


@login_required
@require_http_methods(["GET", "POST"])
def checkup(request: HttpRequest, pk: int, checkup_pk: int) -> HttpResponse:
    """The check-up: what it is and, while it waits for the person, the form to answer it."""
    recipient = open_record(request, pk)
    if request.method == "GET":
        item = selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)
        form = CheckupAnswersForm(checkup=item) if item.status == FinancialCheckup.Status.DUE else None
        return render(request, "recipients/checkups/checkup.html", _person_context(request, recipient, item, form=form))

    item = selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)
    if not _may_answer(request, recipient):
        raise PermissionDenied
    if item.status != FinancialCheckup.Status.DUE:
        messages.info(request, "This check-up has already been sent, so it cannot be changed now.")
        return redirect("recipients:checkup", pk=pk, checkup_pk=checkup_pk)
    form = CheckupAnswersForm(request.POST, request.FILES, checkup=item)
    # Files are kept one by one as soon as they pass the checks, so a refused
    # file or a mistyped amount never loses the files that were fine.
    refused = []
    for upload in request.FILES.getlist("files"):
        try:
            services.checkup_evidence_add(checkup=item, upload=upload, uploaded_by=request.user)
        except ValidationError as error:
            refused.extend(error.messages)
    if form.is_valid() and not refused:
        try:
            services.checkup_answers_save(
                checkup=item,
                saved_by=request.user,
                confirmed_online_account=form.cleaned_data.get("confirmed_online_account", False),
                money_in=form.cleaned_data.get("money_in"),
                money_out=form.cleaned_data.get("money_out"),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("recipients:checkup_check", pk=pk, checkup_pk=checkup_pk)
    for message in refused:
        form.add_error("files" if "files" in form.fields else None, message)
    item = selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)  # with the files just added
    return render(request, "recipients/checkups/checkup.html", _person_context(request, recipient, item, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def checkup_check(request: HttpRequest, pk: int, checkup_pk: int) -> HttpResponse:
    """Check your answers, then send."""
    recipient = open_record(request, pk)
    item = selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)
    if not _may_answer(request, recipient):
        raise PermissionDenied
    if item.status != FinancialCheckup.Status.DUE:
        return redirect("recipients:checkup", pk=pk, checkup_pk=checkup_pk)
    problems = []
    if request.method == "POST":
        try:
            services.checkup_submit(checkup=item, submitted_by=request.user)
        except ValidationError as error:
            problems = _problems(error)
        else:
            return redirect("recipients:checkup_sent", pk=pk, checkup_pk=checkup_pk)
    context = _person_context(request, recipient, item, problems=problems)
    return render(request, "recipients/checkups/check_answers.html", context)


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    """(anchor on the answer page, message) for each thing still missing."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [(f"id_{field}", message) for field, items in error.message_dict.items() for message in items]


@login_required
def checkup_sent(request: HttpRequest, pk: int, checkup_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    item = selectors.checkup_of_record(recipient=recipient, pk=checkup_pk)
    if item.status == FinancialCheckup.Status.DUE:
        return redirect("recipients:checkup", pk=pk, checkup_pk=checkup_pk)
    return render(request, "recipients/checkups/sent.html", _person_context(request, recipient, item))


@login_required
def checkup_evidence(request: HttpRequest, pk: int, checkup_pk: int, evidence_pk: int) -> FileResponse:
    """Download a statement or receipt: for whoever may see the record. The download is logged against the file."""
    recipient = get_object_or_404(selectors.recipient_list(fetched_by=request.user), pk=pk)
    evidence = selectors.evidence_of_record(recipient=recipient, checkup_pk=checkup_pk, pk=evidence_pk)
    mark_viewed(request, evidence)  # the log names the file that was opened
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def checkup_evidence_remove(request: HttpRequest, pk: int, checkup_pk: int, evidence_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    evidence = selectors.evidence_of_record(recipient=recipient, checkup_pk=checkup_pk, pk=evidence_pk)
    if not _may_answer(request, recipient):
        raise PermissionDenied
    try:
        services.checkup_evidence_remove(evidence=evidence, removed_by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"We removed “{evidence.original_name}”.")
    return redirect("recipients:checkup", pk=pk, checkup_pk=checkup_pk)


def _who_hears(recipient: Recipient, how: str) -> str:
    if services.people_to_tell(recipient=recipient):
        return f"We are telling {recipient.full_name} {how}."
    return (
        f"We have no email address for {recipient.full_name} or anyone who may act for them: "
        "please tell them by phone or post."
    )


# --- The advisers' side ------------------------------------------------------------


@permission_required("recipients.manage")
@require_http_methods(["GET", "POST"])
def checkup_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a check-up for a person's direct payment now, for a period staff choose."""
    recipient = open_record(request, pk)
    direct_payment = selectors.direct_payment_to_check(recipient=recipient)
    form = None
    if direct_payment is not None:
        if request.method == "POST":
            form = CheckupStartForm(request.POST)
            if form.is_valid():
                try:
                    item = services.checkup_open(
                        direct_payment=direct_payment, opened_by=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"Check-up opened. {_who_hears(recipient, 'by email')}")
                    return redirect("recipients:checkup_review", pk=item.pk)
        else:
            suggested = services.checkup_suggested_period(direct_payment=direct_payment)
            form = CheckupStartForm(
                initial={"period_start": suggested.start, "period_end": suggested.end, "due_date": suggested.due}
            )
    context = {
        "person": recipient,
        "direct_payment": direct_payment,
        "form": form,
        "method": services.checkup_method_for(payment_method=direct_payment.payment_method) if direct_payment else "",
        "receipts_over": settings.CHECKUP_RECEIPTS_OVER,
    }
    return render(request, "recipients/checkups/start.html", context)


@permission_required("recipients.manage")
def checkup_queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "sent")
    if show not in selectors.QUEUE_LABELS:
        show = "sent"
    page = Paginator(selectors.checkup_queue(fetched_by=request.user, show=show), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.checkup_queue_counts(fetched_by=request.user)
    tabs = [(key, label, counts[key]) for key, label in selectors.QUEUE_LABELS.items()]
    return render(request, "recipients/checkups/queue.html", {"page": page, "show": show, "tabs": tabs})


@permission_required("recipients.manage")
@require_http_methods(["GET", "POST"])
def checkup_review(request: HttpRequest, pk: int) -> HttpResponse:
    """What the person sent, their latest balance, and the outcome."""
    item = selectors.checkup_for_review(fetched_by=request.user, pk=pk)
    recipient = item.direct_payment.recipient
    form = CheckupReviewForm(request.POST or None) if item.status == FinancialCheckup.Status.SUBMITTED else None
    if request.method == "POST":
        if form is None:
            messages.info(request, "This check-up is not waiting for a review.")
            return redirect("recipients:checkup_review", pk=pk)
        if form.is_valid():
            try:
                services.checkup_complete(
                    checkup=item,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["outcome_note"],
                    reviewed_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Check-up finished. {_who_hears(recipient, 'by email and letter')}")
                return redirect("recipients:checkup_review", pk=pk)
    mark_viewed(request, recipient)
    context = {
        "checkup": item,
        "person": recipient,
        "balance": selectors.latest_balance(direct_payment=item.direct_payment),
        "form": form,
    }
    return render(request, "recipients/checkups/review.html", context)
