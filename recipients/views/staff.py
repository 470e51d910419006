"""The staff record page and what DPSS staff do on it. Views parse, call a service, and go back to the record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from dpss.formatting import long_date, pounds
from dpss.ui.decorators import permission_required
from dpss.ui.service_form import ServiceFormView

from ..forms import staff as forms
from ..models import DirectPayment, Representative
from ..selectors import staff as staff_selectors
from ..services import money_records, representatives
from .common import RecordPageMixin, open_record, signed_in

RECORD_URL_NAME = "recipients:staff_record"
FORM_TEMPLATE = "recipients/staff/form.html"


@permission_required("recipients.search")
def staff_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole record of one person, for DPSS staff and the person's own practitioner (others 404)."""
    recipient = open_record(request, pk)
    context = {
        "record": staff_selectors.staff_record(recipient=recipient),
        "recipient": recipient,
        "can_manage": request.user.has_perm("recipients.manage"),
        "threshold_weeks": settings.SURPLUS_THRESHOLD_WEEKS,
    }
    return render(request, "recipients/staff/record.html", context)


# --- Shared by every action -------------------------------------------------------


class RecordActionView(RecordPageMixin, ServiceFormView):
    """A form page for what staff do on a person's record; a valid POST goes back to the record."""

    permission = "recipients.manage"
    template_name = FORM_TEMPLATE

    def get_object(self):
        return self.recipient

    def get_context_data(self, **kwargs):
        return super().get_context_data(recipient=self.recipient, **kwargs)

    def get_success_url(self) -> str:
        return reverse(RECORD_URL_NAME, kwargs={"pk": self.recipient.pk})


class RecordPartActionView(RecordActionView):
    """What staff do to one part of the person's record: a `model` row named by `url_kwarg` (404 if it is
    not this person's), shown on the page as `context_name`."""

    model: type[models.Model]
    url_kwarg = context_name = ""
    related: tuple[str, ...] = ()

    def get_object(self):
        rows = self.model._default_manager.select_related(*self.related)
        return get_object_or_404(rows, pk=self.kwargs[self.url_kwarg], recipient=self.recipient)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.context_name: self.object}, **kwargs)


class DirectPaymentActionView(RecordPartActionView):
    """What staff do to one of the person's direct payments (`dp_pk`)."""

    model, url_kwarg, context_name, related = DirectPayment, "dp_pk", "direct_payment", ("recipient",)


class RepresentativeActionView(RecordPartActionView):
    """What staff do to one of the people who act for the person (`rep_pk`)."""

    model, url_kwarg, context_name, related = Representative, "rep_pk", "representative", ("user",)


def link_works() -> str:
    return f"The link works for {settings.INVITATION_VALID_FOR.days} days."


# --- The direct payment -------------------------------------------------------------


class PaymentNewView(DirectPaymentActionView):
    form_class = forms.PaymentForm
    once_only = True
    already_sent_message = (
        "This payment was recorded a moment ago, so it was not recorded again. To record a second payment "
        "like it, give it a reference or a note."
    )
    extra_context = {"title": "Record a payment", "button": "Record the payment"}

    def perform(self, form) -> str:
        payment = money_records.payment_record(
            direct_payment=self.object, actor=signed_in(self.request), **form.cleaned_data
        )
        return f"Payment recorded: {pounds(payment.amount)}, {payment.get_kind_display().lower()}, due on {long_date(payment.due_date)}."


class BalanceNewView(DirectPaymentActionView):
    form_class = forms.BalanceForm
    once_only = True
    already_sent_message = "This balance was recorded a moment ago, so it was not recorded again."
    extra_context = {"title": "Record a balance", "button": "Record the balance"}

    def perform(self, form) -> str:
        direct_payment = self.object
        snapshot = money_records.balance_record(
            direct_payment=direct_payment, actor=signed_in(self.request), **form.cleaned_data
        )
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


class VerifyAccountView(DirectPaymentActionView):
    form_class = forms.VerifyAccountForm
    extra_context = {"title": "Check the account", "button": "Confirm"}

    def perform(self, form) -> str:
        direct_payment = self.object
        was_active = direct_payment.is_active
        money_records.direct_payment_verify_account(direct_payment=direct_payment, actor=signed_in(self.request))
        if not was_active and direct_payment.is_active:
            return "The account is checked. The agreement is signed too, so the direct payment is now active."
        return "The account is checked."


class PauseView(DirectPaymentActionView):
    form_class = forms.PauseForm
    extra_context = {"title": "Pause the payments", "button": "Pause the payments"}

    def perform(self, form) -> str:
        money_records.direct_payment_suspend(
            direct_payment=self.object, reason=form.cleaned_data["reason"], actor=signed_in(self.request)
        )
        return "Payments are paused."


class RestartView(DirectPaymentActionView):
    form_class = forms.RestartForm
    extra_context = {"title": "Start the payments again", "button": "Start the payments again"}

    def perform(self, form) -> str:
        money_records.direct_payment_resume(direct_payment=self.object, actor=signed_in(self.request))
        return "Payments have started again."


class EndView(DirectPaymentActionView):
    form_class = forms.EndForm
    extra_context = {"title": "End the direct payment", "button": "End the direct payment"}

    def perform(self, form) -> str:
        direct_payment = self.object
        money_records.direct_payment_end(
            direct_payment=direct_payment,
            end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            avoidable=form.avoidable_value(),
            actor=signed_in(self.request),
        )
        avoidable = "counted as avoidable" if direct_payment.end_avoidable else "not counted as avoidable"
        return f"The direct payment ends on {long_date(direct_payment.end_date)} ({avoidable})."


# --- Representatives and invitations -----------------------------------------------------


class RepresentativeAddView(RecordActionView):
    form_class = forms.RepresentativeForm
    once_only = True
    already_sent_message = "This was done a moment ago, so it was not done again."
    extra_context = {"title": "Add someone who acts for this person", "button": "Add them"}

    def perform(self, form) -> str:
        data, recipient = form.cleaned_data, self.recipient
        who = {name: data[name] for name in ("email", "full_name", "kind", "legal_basis", "valid_from", "valid_to")}
        added = representatives.representative_add(
            recipient=recipient, actor=signed_in(self.request), **who, **forms.permissions_as_flags(data["permissions"])
        )
        if added.invitation is not None:
            return (
                f"We have emailed an invitation to {added.invitation.email}. When they accept it, they can act "
                f"for {recipient.full_name}. {link_works()}"
            )
        # Not an invitation, so an existing account: representative_add gives the representative.
        assert added.representative is not None
        return f"{added.representative.user} now acts for {recipient.full_name}. We have emailed them to say so."


class RepresentativeChangeView(RepresentativeActionView):
    form_class = forms.RepresentativeChangeForm
    extra_context = {"title": "Change what they may do", "button": "Save the change"}

    def get_form_kwargs(self):
        return {"initial": {"permissions": forms.flags_as_permissions(self.object)}}

    def perform(self, form) -> str:
        representatives.representative_change(
            representative=self.object,
            actor=signed_in(self.request),
            **forms.permissions_as_flags(form.cleaned_data["permissions"]),
        )
        return f"What {self.object.user} may do has been changed."


class RepresentativeEndView(RepresentativeActionView):
    form_class = forms.RepresentativeEndForm
    extra_context = {"title": "End their authority", "button": "End their authority"}

    def perform(self, form) -> str:
        representative = self.object
        representatives.representative_end(
            representative=representative, last_day=form.cleaned_data["last_day"], actor=signed_in(self.request)
        )
        return (
            f"{representative.user} can act for {self.recipient.full_name} until the end of "
            f"{long_date(representative.valid_to)}."
        )


class RecipientInviteView(RecordActionView):
    form_class = forms.RecipientInviteForm
    once_only = True
    already_sent_message = "This invitation was sent a moment ago, so it was not sent again."
    extra_context = {"title": "Invite them to see their direct payment online", "button": "Send the invitation"}

    def get_form_kwargs(self):
        return {"initial": {"full_name": self.recipient.full_name, "email": self.recipient.email}}

    def get_context_data(self, **kwargs):
        return super().get_context_data(already_linked=self.recipient.user_id is not None, **kwargs)

    def perform(self, form) -> str:
        invitation = representatives.recipient_invite(
            recipient=self.recipient,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            actor=signed_in(self.request),
        )
        return f"We have emailed an invitation to {invitation.email}. {link_works()}"
