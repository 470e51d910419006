"""Pages for recipients and the people who act for them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dpss.accounts.models import Role
from dpss.accounts.types import AuthenticatedRequest
from dpss.exports import attachment_disposition

from ..exports import history_csv
from ..selectors import checkups as checkup_selectors
from ..selectors import documents as document_selectors
from ..selectors import record as record_selectors
from .common import open_record

HISTORY_PAGE_SIZE = 25


@login_required
def my_direct_payment(request: AuthenticatedRequest) -> HttpResponse:
    """A recipient goes straight to their own page; a representative chooses a person."""
    own = record_selectors.recipient_list(fetched_by=request.user).filter(user=request.user).first()
    acting = (
        list(record_selectors.people_acted_for(user=request.user)) if Role.REPRESENTATIVE in request.user.roles else []
    )
    if own and not acting:
        return redirect("recipients:direct_payment", pk=own.pk)
    if not own and not acting:
        if request.user.has_role(Role.RECIPIENT, Role.REPRESENTATIVE):
            return render(request, "recipients/no_direct_payment.html")
        raise PermissionDenied
    return render(request, "recipients/choose_person.html", {"own": own, "acting": acting})


@login_required
def direct_payment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    summary = record_selectors.direct_payment_summary(recipient=recipient)
    is_self = recipient.user_id == request.user.pk
    # A representative can switch between the people they act for (and their own record, if they have one).
    context = {"summary": summary, "is_self": is_self, "acts_for_others": Role.REPRESENTATIVE in request.user.roles}
    # "Things to do: sign your agreement", for someone who may sign it, once it can be signed (its PDF is ready).
    dp = summary.direct_payment
    context["agreement_to_sign"] = (
        dp is not None
        and dp.is_awaiting_signature
        and request.user.has_perm("recipients.sign_for", recipient)
        and document_selectors.agreement_page(recipient=recipient).ready_to_sign
    )
    context["checkups"] = checkup_selectors.checkups_for_record(recipient=recipient)  # financial check-ups
    if is_self:
        context["acting_for_me"] = record_selectors.representatives_in_force(recipient=recipient)
        context["record_views"] = record_selectors.record_views(recipient=recipient)
    return render(request, "recipients/direct_payment.html", context)


@login_required
def money_history(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    payments = Paginator(record_selectors.payment_history(recipient=recipient), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    balances = record_selectors.balance_history(recipient=recipient)[:12]
    context = {
        "recipient": recipient,
        "payments": payments,
        "balances": balances,
        "is_self": recipient.user_id == request.user.pk,
    }
    return render(request, "recipients/money_history.html", context)


@login_required
def money_history_csv(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    body = history_csv(
        payments=record_selectors.payment_history(recipient=recipient).iterator(),
        balances=record_selectors.balance_history(recipient=recipient).iterator(),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_disposition(f"direct-payment-{recipient.council_reference}.csv")
    return response
