"""Signals the accounts core defines for the apps, and its own receivers."""

from allauth.account.signals import user_logged_in
from django.dispatch import Signal, receiver
from django.utils import timezone

from .middleware import SESSION_STARTED_KEY

# Sent after an invitation has created or extended an account, inside the
# same transaction. Arguments: invitation, user. Apps use `invitation.link_data`
# to link the account to their records (for example a recipient record).
invitation_accepted = Signal()


@receiver(user_logged_in)
def stamp_session_start(sender, request, user, **kwargs) -> None:
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
