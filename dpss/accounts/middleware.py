"""Session lifetime and the second-factor rule for staff and practitioners."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .models import User

SESSION_STARTED_KEY = "dpss_session_started"

# Where a person who must set up MFA may still go: the set-up itself, the
# re-authentication allauth may ask for first, and signing out.
MFA_SETUP_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
)


class AbsoluteSessionLimitMiddleware:
    """End a signed-in session 12 hours after sign-in, however active it is.

    The 30-minute idle limit is the session cookie age, renewed on each request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
                logout(request)
                messages.info(request, "You were signed out because you had been signed in for 12 hours.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Send practitioners and DPSS staff without an authenticator app to set one up.

    allauth has no setting for this (docs/gotchas.md#gotcha-require-mfa). Until they have one, every
    other URL redirects to the set-up page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt_paths: tuple[str, ...] | None = None

    def exempt_paths(self) -> tuple[str, ...]:
        if self._exempt_paths is None:
            self._exempt_paths = (
                *tuple(reverse(name) for name in MFA_SETUP_URL_NAMES),
                settings.STATIC_URL,
                reverse("ui:healthz"),
            )
        return self._exempt_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.needs_mfa
            and not request.path.startswith(self.exempt_paths())
            and not _has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
