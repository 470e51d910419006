"""Landing, dashboards and invitations. Views parse, call a service, render."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from dpss.ui.dashboard import team_tasks_for
from dpss.ui.service_form import ServiceButtonView, ServiceFormView

from . import selectors, services
from .forms import InvitationAcceptForm, InvitationForm
from .models import Invitation, Role
from .rules import invitable_roles
from .types import AuthenticatedRequest

# The order in which a person holding several roles lands on a dashboard.
DASHBOARD_ORDER = (
    Role.MANAGER,
    Role.ADVISER,
    Role.PRACTITIONER,
    Role.REPRESENTATIVE,
    Role.RECIPIENT,
    Role.PERSONAL_ASSISTANT,
    Role.COPRODUCTION,
)

STAFF_DASHBOARDS = (Role.ADVISER, Role.MANAGER)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Send each person to the dashboard of their main role."""
    for role in DASHBOARD_ORDER:
        if role in request.user.roles:
            return redirect("accounts:dashboard", role=role.value)
    return render(request, "accounts/no_role.html")


@login_required
def dashboard(request: AuthenticatedRequest, role: str) -> HttpResponse:
    if role not in Role.values:
        raise Http404("No such dashboard")
    if role not in request.user.roles:
        raise PermissionDenied("You do not have this role.")
    context = {
        "role": Role(role),
        "mfa": selectors.mfa_status(user=request.user),
        "other_roles": [Role(r) for r in DASHBOARD_ORDER if r in request.user.roles and r != role],
        "can_invite": bool(invitable_roles(request.user)),
        # What is waiting for staff, counted: each app registers its own (dpss/ui/dashboard.py).
        "team_tasks": team_tasks_for(request.user) if role in STAFF_DASHBOARDS else [],
    }
    return render(request, f"accounts/dashboards/{role}.html", context)


class InvitationListView(ServiceFormView):
    """Invite someone into a role this person may give, and the invitations sent."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = "accounts.invite"
    form_class = InvitationForm
    template_name = "accounts/invitation_list.html"
    once_only = True
    already_sent_message = "This invitation was sent a moment ago, so it was not sent again."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"roles": invitable_roles(self.request.user)}

    def perform(self, form: InvitationForm) -> str:
        invitation = services.invitation_create(actor=self.request.user, **form.cleaned_data)
        days = settings.INVITATION_VALID_FOR.days
        return f"We have emailed an invitation to {invitation.email}. The link works for {days} days."

    def get_success_url(self) -> str:
        return reverse("accounts:invitation_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        invitations = selectors.invitation_list(fetched_by=self.request.user)[:50]
        return super().get_context_data(invitations=invitations, **kwargs)


class InvitationWithdrawView(ServiceButtonView):
    """Withdraw an invitation not yet accepted."""

    request: AuthenticatedRequest
    permission = "accounts.invite"

    def get_object(self) -> Invitation:
        return get_object_or_404(selectors.invitation_list(fetched_by=self.request.user), pk=self.kwargs["pk"])

    def perform(self, form: None) -> str:
        services.invitation_withdraw(invitation=self.object, actor=self.request.user)
        return f"The invitation to {self.object.email} has been withdrawn."

    def get_success_url(self) -> str:
        return reverse("accounts:invitation_list")


class InvitationAcceptView(ServiceFormView):
    """Accept an invitation: a new account sets its name and password here; a person who already has an
    account (signed in as it) only confirms, so the page offers no form."""

    http_method_names = ["get", "head", "post"]
    form_class = InvitationAcceptForm
    template_name = "accounts/invitation_accept.html"
    error_field = "password1"

    def get_object(self) -> Invitation | None:
        invitation = services.invitation_for_token(self.kwargs["token"])
        self.has_account = invitation is not None and services.account_exists(email=invitation.email)
        return invitation

    def turn_away(self) -> HttpResponse | None:
        if self.object is None:
            return render(self.request, "accounts/invitation_unusable.html", status=404)
        return None

    def form_is_offered(self) -> bool:
        return not self.has_account

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"full_name": self.object.full_name}}

    def perform(self, form: InvitationAcceptForm | None) -> str:
        data = form.cleaned_data if form is not None else {}
        signed_in = self.request.user if self.request.user.is_authenticated else None
        user = services.invitation_accept(
            token=self.kwargs["token"],
            full_name=data.get("full_name", ""),
            password=data.get("password1"),
            signed_in_user=signed_in,
        )
        if signed_in is None:
            login(self.request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return f"Welcome. Your account can now be used as: {self.object.get_role_display()}."

    def post_not_offered(self) -> HttpResponse:
        """Someone with an account confirms with the button alone."""
        try:
            messages.success(self.request, self.perform(None))
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.render_page(None)
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return _landing_after_acceptance(self.request, self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, invitation = self.request.user, self.object
        return super().get_context_data(
            invitation=invitation,
            has_account=self.has_account,
            signed_in_as_invitee=user.is_authenticated and user.email == invitation.email,
            **kwargs,
        )


def _landing_after_acceptance(request: HttpRequest, invitation: Invitation) -> str:
    """Where a new account lands: the page the app named in `link_data["landing_path"]`, or home."""
    landing = str(invitation.link_data.get("landing_path", ""))
    if landing and url_has_allowed_host_and_scheme(landing, allowed_hosts={request.get_host()}):
        return landing
    return reverse("accounts:home")
