"""The accounts core's own receivers (connected in AccountsConfig.ready())."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from .middleware import SESSION_STARTED_KEY
from .models import User


@receiver(user_logged_in)
def stamp_session_start(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
