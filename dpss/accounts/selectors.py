"""Reads about accounts, scoped to who is asking."""

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import Invitation, User


def invitation_list(*, fetched_by: User) -> QuerySet[Invitation]:
    return Invitation.objects.visible_to(fetched_by).select_related("invited_by", "accepted_user")


def mfa_status(*, user: User) -> dict[str, bool]:
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp": Authenticator.Type.TOTP in types,
        "recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
    }
