"""Reads about accounts, scoped to who is asking."""

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import Invitation, User
from .rules import is_manager


def invitation_list(*, fetched_by: User) -> QuerySet[Invitation]:
    """Managers see every invitation; others see the ones they sent."""
    invitations = Invitation.objects.select_related("invited_by", "accepted_user")
    if is_manager(fetched_by):
        return invitations
    return invitations.filter(invited_by=fetched_by)


def mfa_status(*, user: User) -> dict[str, bool]:
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp": Authenticator.Type.TOTP in types,
        "recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
    }
