"""Supportive check-ins about money building up, and asking for unspent money back (DOMAIN.md rule 9)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from dpss.audit.registry import mark_viewed
from dpss.formatting import pounds
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from .. import selectors, services
from ..forms import staff as forms
from ..models import AdviserTask, Recovery
from .staff import posted

PAGE_SIZE = 25


@permission_required("recipients.manage")
def check_in_list(request: HttpRequest) -> HttpResponse:
    """Open check-ins, oldest first; for managers, the requests waiting for their decision too."""
    tasks = Paginator(selectors.open_check_ins(fetched_by=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = list(selectors.recoveries_waiting(fetched_by=request.user)[:50])
    context = {
        "tasks": tasks,
        "waiting": waiting,
        "is_manager": request.user.has_perm("recipients.approve_recovery"),
        "threshold_weeks": settings.SURPLUS_THRESHOLD_WEEKS,
    }
    return render(request, "recipients/staff/check_ins.html", context)


def _check_in(request: HttpRequest, pk: int) -> AdviserTask:
    task = get_object_or_404(selectors.check_in_list(fetched_by=request.user), pk=pk)
    mark_viewed(request, task.direct_payment.recipient)
    return task


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    task = _check_in(request, pk)
    is_open = task.status == AdviserTask.Status.OPEN
    form = forms.CheckInCloseForm(posted(request)) if is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.check_in_close(task=task, note=form.cleaned_data["outcome_note"], closed_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The check-in with {task.direct_payment.recipient.full_name} is recorded.")
            return redirect("recipients:staff_check_in", pk=task.pk)
    recoveries = list(selectors.recoveries_for_check_in(check_in=task))
    context = {
        "task": task,
        "recipient": task.direct_payment.recipient,
        "form": form,
        "recoveries": recoveries,
        "can_propose": not is_open and not any(r.status == Recovery.Status.PROPOSED for r in recoveries),
        "threshold_weeks": settings.SURPLUS_THRESHOLD_WEEKS,
    }
    return render(request, "recipients/staff/check_in.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def recovery_propose(request: HttpRequest, pk: int) -> HttpResponse:
    task = _check_in(request, pk)
    if task.status == AdviserTask.Status.OPEN:
        messages.info(request, "Talk with the person first: record the check-in, then you can propose this.")
        return redirect("recipients:staff_check_in", pk=task.pk)
    form = forms.RecoveryProposeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_propose(check_in=task, proposed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your proposal is waiting for a manager to decide. Nothing is sent until then.")
            return redirect("recipients:staff_check_in", pk=task.pk)
    context = {
        "task": task,
        "recipient": task.direct_payment.recipient,
        "latest": selectors.latest_balance(direct_payment=task.direct_payment),
        "form": form,
    }
    return render(request, "recipients/staff/recovery_propose.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("recipients.approve_recovery")
def recovery_decide(request: HttpRequest, pk: int) -> HttpResponse:
    recovery = get_object_or_404(selectors.recovery_list(fetched_by=request.user), pk=pk)
    mark_viewed(request, recovery.direct_payment.recipient)
    can_decide = recovery.status == Recovery.Status.PROPOSED and recovery.proposed_by_id != request.user.pk
    form = forms.RecoveryDecideForm(posted(request)) if can_decide else None
    if request.method == "POST" and form is not None and form.is_valid():
        approve = form.cleaned_data["decision"] == forms.RecoveryDecideForm.APPROVE
        try:
            services.recovery_decide(
                recovery=recovery, approve=approve, note=form.cleaned_data["note"], decided_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _decided_message(recovery, approve))
            return redirect("recipients:staff_check_ins")
    context = {
        "recovery": recovery,
        "recipient": recovery.direct_payment.recipient,
        "form": form,
        "is_proposer": recovery.proposed_by_id == request.user.pk,
    }
    return render(request, "recipients/staff/recovery_decide.html", context)


def _decided_message(recovery: Recovery, approve: bool) -> str:
    name = recovery.direct_payment.recipient.full_name
    if not approve:
        return f"Not approved. Nothing changes for {name}; the adviser can see your note."
    if services.people_to_tell(recipient=recovery.direct_payment.recipient):
        return f"Approved. {pounds(recovery.amount)} is recorded as money paid back, and we have emailed {name} (or whoever acts for them)."
    return (
        f"Approved. {pounds(recovery.amount)} is recorded as money paid back. We could not email anyone for {name}: "
        "please write to them or phone them."
    )
