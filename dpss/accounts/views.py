"""Landing, dashboards and invitations. Views parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from . import selectors, services
from .forms import InvitationAcceptForm, InvitationForm
from .models import Role
from .rules import invitable_roles

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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the dashboard of their main role."""
    for role in DASHBOARD_ORDER:
        if role in request.user.roles:
            return redirect("accounts:dashboard", role=role.value)
    return render(request, "accounts/no_role.html")


@login_required
def dashboard(request: HttpRequest, role: str) -> HttpResponse:
    if role not in Role.values:
        raise Http404("No such dashboard")
    if role not in request.user.roles:
        raise PermissionDenied("You do not have this role.")
    context = {
        "role": Role(role),
        "mfa": selectors.mfa_status(user=request.user),
        "other_roles": [Role(r) for r in DASHBOARD_ORDER if r in request.user.roles and r != role],
        "can_invite": bool(invitable_roles(request.user)),
    }
    return render(request, f"accounts/dashboards/{role}.html", context)


@permission_required("accounts.invite")
def invitation_list(request: HttpRequest) -> HttpResponse:
    roles = invitable_roles(request.user)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"We have emailed an invitation to {invitation.email}. The link works for 14 days."
            )
            return redirect("accounts:invitation_list")
    invitations = selectors.invitation_list(fetched_by=request.user)[:50]
    return render(request, "accounts/invitation_list.html", {"form": form, "invitations": invitations})


@require_POST
@permission_required("accounts.invite")
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.invitation_list(fetched_by=request.user), pk=pk)
    try:
        services.invitation_withdraw(invitation=invitation, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("accounts:invitation_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_unusable.html", status=404)
    has_account = services.account_exists(email=invitation.email)
    form = (
        None if has_account else InvitationAcceptForm(request.POST or None, initial={"full_name": invitation.full_name})
    )
    signed_in_as_invitee = request.user.is_authenticated and request.user.email == invitation.email
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            user = services.invitation_accept(
                token=token,
                full_name=data.get("full_name", ""),
                password=data.get("password1"),
                signed_in_user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                add_service_errors(form, error, field="password1")
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, f"Welcome. Your account can now be used as: {invitation.get_role_display()}.")
            return redirect(_landing_after_acceptance(request, invitation))
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "signed_in_as_invitee": signed_in_as_invitee,
    }
    return render(request, "accounts/invitation_accept.html", context)


def _landing_after_acceptance(request: HttpRequest, invitation) -> str:
    """Where a new account lands: the page the app named in `link_data["landing_path"]`, or home."""
    landing = str(invitation.link_data.get("landing_path", ""))
    if landing and url_has_allowed_host_and_scheme(landing, allowed_hosts={request.get_host()}):
        return landing
    return reverse("accounts:home")
