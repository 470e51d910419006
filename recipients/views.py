"""Pages for recipients and the people who act for them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from dpss.accounts.models import Role
from dpss.audit.registry import record_access

from . import selectors


@login_required
def my_direct_payment(request: HttpRequest) -> HttpResponse:
    """A recipient goes straight to their own page; a representative chooses a person."""
    own = selectors.recipient_list(fetched_by=request.user).filter(user=request.user).first()
    acting = list(selectors.people_acted_for(user=request.user)) if Role.REPRESENTATIVE in request.user.roles else []
    if own and not acting:
        return redirect("recipients:direct_payment", pk=own.pk)
    if not own and not acting:
        if request.user.has_role(Role.RECIPIENT, Role.REPRESENTATIVE):
            return render(request, "recipients/no_direct_payment.html")
        raise PermissionDenied
    return render(request, "recipients/choose_person.html", {"own": own, "acting": acting})


@login_required
def direct_payment(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = get_object_or_404(selectors.recipient_list(fetched_by=request.user), pk=pk)
    record_access(recipient, actor=request.user)
    summary = selectors.direct_payment_summary(recipient=recipient)
    is_self = recipient.user_id == request.user.pk
    return render(request, "recipients/direct_payment.html", {"summary": summary, "is_self": is_self})
