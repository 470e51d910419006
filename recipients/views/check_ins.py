"""Supportive check-ins about money building up, and asking for unspent money back (docs/domain.md#rule-9)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dpss.audit.registry import mark_viewed
from dpss.formatting import pounds
from dpss.ui.decorators import permission_required
from dpss.ui.service_form import ServiceFormView

from ..forms import staff as forms
from ..models import AdviserTask, Recovery
from ..selectors import check_ins as check_in_selectors
from ..selectors import record as record_selectors
from ..services import check_ins, contacts
from .common import signed_in

PAGE_SIZE = 25


@permission_required("recipients.manage")
def check_in_list(request: HttpRequest) -> HttpResponse:
    """Open check-ins, oldest first; for managers, the requests waiting for their decision too."""
    tasks = Paginator(check_in_selectors.open_check_ins(fetched_by=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    waiting = list(check_in_selectors.recoveries_waiting(fetched_by=request.user)[:50])
    context = {
        "tasks": tasks,
        "waiting": waiting,
        "is_manager": request.user.has_perm("recipients.approve_recovery"),
        "threshold_weeks": settings.SURPLUS_THRESHOLD_WEEKS,
    }
    return render(request, "recipients/staff/check_ins.html", context)


class CheckInPageView(ServiceFormView):
    """A page about one check-in (`pk`); the person's record is shown on it, so the view is logged."""

    permission = "recipients.manage"

    def get_object(self) -> AdviserTask:
        task = get_object_or_404(check_in_selectors.check_in_list(fetched_by=self.request.user), pk=self.kwargs["pk"])
        mark_viewed(self.request, task.direct_payment.recipient)
        return task

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.object, recipient=self.object.direct_payment.recipient, **kwargs)

    def get_success_url(self) -> str:
        return reverse("recipients:staff_check_in", kwargs={"pk": self.object.pk})


class CheckInView(CheckInPageView):
    """The check-in; while it is open, the form to record the conversation."""

    form_class = forms.CheckInCloseForm
    template_name = "recipients/staff/check_in.html"

    def form_is_offered(self) -> bool:
        return self.object.is_open

    def perform(self, form) -> str:
        task = self.object
        check_ins.check_in_close(task=task, note=form.cleaned_data["outcome_note"], actor=signed_in(self.request))
        return f"The check-in with {task.direct_payment.recipient.full_name} is recorded."

    def get_context_data(self, **kwargs):
        recoveries = list(check_in_selectors.recoveries_for_check_in(check_in=self.object))
        return super().get_context_data(
            recoveries=recoveries,
            can_propose=not self.object.is_open and not any(recovery.is_waiting for recovery in recoveries),
            threshold_weeks=settings.SURPLUS_THRESHOLD_WEEKS,
            **kwargs,
        )


class RecoveryProposeView(CheckInPageView):
    """Propose asking for unspent money back, once the check-in conversation is recorded."""

    form_class = forms.RecoveryProposeForm
    once_only = True
    template_name = "recipients/staff/recovery_propose.html"

    def turn_away(self) -> HttpResponse | None:
        if self.object.is_open:
            messages.info(self.request, "Talk with the person first: record the check-in, then you can propose this.")
            return redirect("recipients:staff_check_in", pk=self.object.pk)
        return None

    def perform(self, form) -> str:
        check_ins.recovery_propose(check_in=self.object, actor=signed_in(self.request), **form.cleaned_data)
        return "Your proposal is waiting for a manager to decide. Nothing is sent until then."

    def get_context_data(self, **kwargs):
        latest = record_selectors.latest_balance(direct_payment=self.object.direct_payment)
        return super().get_context_data(latest=latest, **kwargs)


class RecoveryDecideView(ServiceFormView):
    """A manager who did not propose it approves or declines asking for unspent money back. Other staff,
    the adviser who proposed it among them, see the request without the decision."""

    permission = "recipients.see_recovery"
    form_class = forms.RecoveryDecideForm
    template_name = "recipients/staff/recovery_decide.html"

    def get_object(self) -> Recovery:
        recovery = get_object_or_404(
            check_in_selectors.recovery_list(fetched_by=self.request.user), pk=self.kwargs["pk"]
        )
        mark_viewed(self.request, recovery.direct_payment.recipient)
        return recovery

    def form_is_offered(self) -> bool:
        return self.request.user.has_perm("recipients.decide_recovery", self.object)

    def perform(self, form) -> str:
        approve = form.cleaned_data["decision"] == forms.RecoveryDecideForm.APPROVE
        check_ins.recovery_decide(
            recovery=self.object, approve=approve, note=form.cleaned_data["note"], actor=signed_in(self.request)
        )
        return _decided_message(self.object, approve)

    def get_success_url(self) -> str:
        return reverse("recipients:staff_check_ins")

    def get_context_data(self, **kwargs):
        recovery = self.object
        return super().get_context_data(
            recovery=recovery,
            recipient=recovery.direct_payment.recipient,
            is_proposer=recovery.proposed_by_id == self.request.user.pk,
            is_manager=self.request.user.has_perm("recipients.approve_recovery"),
            **kwargs,
        )


def _decided_message(recovery: Recovery, approve: bool) -> str:
    name = recovery.direct_payment.recipient.full_name
    if not approve:
        return f"Not approved. Nothing changes for {name}; the adviser can see your note."
    if contacts.people_to_tell(recipient=recovery.direct_payment.recipient):
        return f"Approved. {pounds(recovery.amount)} is recorded as money paid back, and we have emailed {name} (or whoever acts for them)."
    return (
        f"Approved. {pounds(recovery.amount)} is recorded as money paid back. We could not email anyone for {name}: "
        "please write to them or phone them."
    )
