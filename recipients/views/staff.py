"""The staff record page and what DPSS staff do on it. Views parse, call a service, and go back to the record."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from dpss.formatting import long_date, pounds
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from .. import selectors, services
from ..forms import staff as forms
from ..models import DirectPayment, Recipient, Representative
from .common import open_record

RECORD_URL_NAME = "recipients:staff_record"
FORM_TEMPLATE = "recipients/staff/form.html"


@permission_required("recipients.search")
def staff_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole record of one person, for DPSS staff and the person's own practitioner (others 404)."""
    recipient = open_record(request, pk)
    context = {
        "record": selectors.staff_record(recipient=recipient),
        "recipient": recipient,
        "can_manage": request.user.has_perm("recipients.manage"),
        "threshold_weeks": settings.SURPLUS_THRESHOLD_WEEKS,
    }
    return render(request, "recipients/staff/record.html", context)


# --- Shared by every action -------------------------------------------------------


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one, so a form with nothing to type still submits), else None."""
    return request.POST if request.method == "POST" else None


def action_page(
    request: HttpRequest,
    *,
    recipient: Recipient,
    form,
    act: Callable[[dict], str],
    title: str,
    button: str,
    rename: dict[str, str] | None = None,
    extra: dict | None = None,
    template: str = FORM_TEMPLATE,
) -> HttpResponse:
    """A GOV.UK form page: on a valid POST, `act` calls the service and returns the confirmation to show."""
    if request.method == "POST" and form.is_valid():
        try:
            confirmation = act(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, rename=rename)
        else:
            messages.success(request, confirmation)
            return redirect(RECORD_URL_NAME, pk=recipient.pk)
    context = {"recipient": recipient, "form": form, "title": title, "button": button, **(extra or {})}
    return render(request, template, context)


def _direct_payment(recipient: Recipient, dp_pk: int) -> DirectPayment:
    return get_object_or_404(DirectPayment.objects.select_related("recipient"), pk=dp_pk, recipient=recipient)


# --- The direct payment -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def payment_new(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)

    def act(data: dict) -> str:
        payment = services.payment_record(direct_payment=direct_payment, recorded_by=request.user, **data)
        return f"Payment recorded: {pounds(payment.amount)}, {payment.get_kind_display().lower()}, due on {long_date(payment.due_date)}."

    return action_page(
        request,
        recipient=recipient,
        form=forms.PaymentForm(posted(request)),
        act=act,
        title="Record a payment",
        button="Record the payment",
        extra={"direct_payment": direct_payment},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def balance_new(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)

    def act(data: dict) -> str:
        snapshot = services.balance_record(direct_payment=direct_payment, recorded_by=request.user, **data)
        weeks = (
            f", about {snapshot.weeks_of_support.normalize():f} weeks of support"
            if snapshot.weeks_of_support is not None
            else ""
        )
        said = f"Balance recorded for {long_date(snapshot.taken_on)}: {pounds(snapshot.balance)}{weeks}. Surplus {pounds(snapshot.surplus)}."
        if direct_payment.surplus_flagged:
            said += (
                f" The surplus is more than {settings.SURPLUS_THRESHOLD_WEEKS} weeks of support, so an adviser "
                "will offer the person a supportive check-in."
            )
        return said

    return action_page(
        request,
        recipient=recipient,
        form=forms.BalanceForm(posted(request)),
        act=act,
        title="Record a balance",
        button="Record the balance",
        extra={"direct_payment": direct_payment},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def verify_account(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)

    def act(_data: dict) -> str:
        was_active = direct_payment.status == DirectPayment.Status.ACTIVE
        services.direct_payment_verify_account(direct_payment=direct_payment, verified_by=request.user)
        if not was_active and direct_payment.status == DirectPayment.Status.ACTIVE:
            return "The account is checked. The agreement is signed too, so the direct payment is now active."
        return "The account is checked."

    return action_page(
        request,
        recipient=recipient,
        form=forms.VerifyAccountForm(posted(request)),
        act=act,
        title="Check the account",
        button="Confirm",
        extra={"direct_payment": direct_payment},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def pause(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)

    def act(data: dict) -> str:
        services.direct_payment_suspend(direct_payment=direct_payment, reason=data["reason"], suspended_by=request.user)
        return "Payments are paused."

    return action_page(
        request,
        recipient=recipient,
        form=forms.PauseForm(posted(request)),
        act=act,
        title="Pause the payments",
        button="Pause the payments",
        rename={"suspension_reason": "reason"},
        extra={"direct_payment": direct_payment},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def restart(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)

    def act(_data: dict) -> str:
        services.direct_payment_resume(direct_payment=direct_payment, resumed_by=request.user)
        return "Payments have started again."

    return action_page(
        request,
        recipient=recipient,
        form=forms.RestartForm(posted(request)),
        act=act,
        title="Start the payments again",
        button="Start the payments again",
        extra={"direct_payment": direct_payment},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def end(request: HttpRequest, pk: int, dp_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    direct_payment = _direct_payment(recipient, dp_pk)
    form = forms.EndForm(posted(request))

    def act(data: dict) -> str:
        services.direct_payment_end(
            direct_payment=direct_payment,
            end_date=data["end_date"],
            reason=data["reason"],
            avoidable=form.avoidable_value(),
            ended_by=request.user,
        )
        avoidable = "counted as avoidable" if direct_payment.end_avoidable else "not counted as avoidable"
        return f"The direct payment ends on {long_date(direct_payment.end_date)} ({avoidable})."

    return action_page(
        request,
        recipient=recipient,
        form=form,
        act=act,
        title="End the direct payment",
        button="End the direct payment",
        rename={"end_reason": "reason"},
        extra={"direct_payment": direct_payment},
    )


# --- Representatives and invitations -----------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = open_record(request, pk)

    def act(data: dict) -> str:
        added = services.representative_add(
            recipient=recipient,
            email=data["email"],
            full_name=data["full_name"],
            kind=data["kind"],
            legal_basis=data["legal_basis"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            approved_by=request.user,
            **forms.permissions_as_flags(data["permissions"]),
        )
        if added.invitation is not None:
            return (
                f"We have emailed an invitation to {added.invitation.email}. When they accept it, they can act "
                f"for {recipient.full_name}. The link works for 14 days."
            )
        user = added.representative.user
        return f"{user.full_name or user.email} now acts for {recipient.full_name}. We have emailed them to say so."

    return action_page(
        request,
        recipient=recipient,
        form=forms.RepresentativeForm(posted(request)),
        act=act,
        title="Add someone who acts for this person",
        button="Add them",
        rename={"can_see": "permissions", "can_act": "permissions", "can_sign": "permissions", "role": "email"},
    )


def _representative(recipient: Recipient, rep_pk: int) -> Representative:
    return get_object_or_404(Representative.objects.select_related("user"), pk=rep_pk, recipient=recipient)


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def representative_change(request: HttpRequest, pk: int, rep_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    representative = _representative(recipient, rep_pk)
    form = forms.RepresentativeChangeForm(
        posted(request), initial={"permissions": forms.flags_as_permissions(representative)}
    )

    def act(data: dict) -> str:
        services.representative_change(
            representative=representative, changed_by=request.user, **forms.permissions_as_flags(data["permissions"])
        )
        return f"What {representative.user.full_name or representative.user.email} may do has been changed."

    return action_page(
        request,
        recipient=recipient,
        form=form,
        act=act,
        title="Change what they may do",
        button="Save the change",
        rename={"can_see": "permissions", "can_act": "permissions", "can_sign": "permissions"},
        extra={"representative": representative},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def representative_end(request: HttpRequest, pk: int, rep_pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    representative = _representative(recipient, rep_pk)

    def act(data: dict) -> str:
        services.representative_end(representative=representative, last_day=data["last_day"], ended_by=request.user)
        who = representative.user.full_name or representative.user.email
        return f"{who} can act for {recipient.full_name} until the end of {long_date(representative.valid_to)}."

    return action_page(
        request,
        recipient=recipient,
        form=forms.RepresentativeEndForm(posted(request)),
        act=act,
        title="End their authority",
        button="End their authority",
        rename={"valid_to": "last_day"},
        extra={"representative": representative},
    )


@require_http_methods(["GET", "POST"])
@permission_required("recipients.manage")
def recipient_invite(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = open_record(request, pk)
    form = forms.RecipientInviteForm(
        posted(request), initial={"full_name": recipient.full_name, "email": recipient.email}
    )

    def act(data: dict) -> str:
        invitation = services.recipient_invite(
            recipient=recipient, email=data["email"], full_name=data["full_name"], invited_by=request.user
        )
        return f"We have emailed an invitation to {invitation.email}. The link works for 14 days."

    return action_page(
        request,
        recipient=recipient,
        form=form,
        act=act,
        title="Invite them to see their direct payment online",
        button="Send the invitation",
        rename={"role": "email"},
        extra={"already_linked": recipient.user_id is not None},
    )
