"""allauth hooks: who may sign up, where people land, and how emails leave."""

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest
from django.urls import reverse

from dpss.client_address import client_address
from dpss.notifications.services import outbox_enqueue_rendered

from .models import Role, User
from .services import role_grant


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Open sign-up is only for personal assistants (PA Finder); every
        # other account comes from an invitation.
        return True

    def save_user(self, request: HttpRequest, user: User, form: Form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=commit)
        user.full_name = form.cleaned_data.get("full_name", "")[:200]
        if commit:
            user.save(update_fields=["full_name"])
            role_grant(user=user, role=Role.PERSONAL_ASSISTANT)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:home")

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count by: the client's, not our proxy's (dpss/client_address.py)."""
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (verification, password reset) go through the outbox too."""
        message = self.render_mail(template_prefix, email, context)
        outbox_enqueue_rendered(
            key=f"allauth:{template_prefix}:{uuid.uuid4()}",
            to=email,
            template=template_prefix,
            subject=message.subject,
            body=message.body,
        )
