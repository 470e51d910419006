"""Reads about accounts, scoped to who is asking."""

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import Invitation, Role, User


def invitation_list(*, fetched_by: User) -> QuerySet[Invitation]:
    return Invitation.objects.visible_to(fetched_by).select_related("invited_by", "accepted_user")


def mfa_status(*, user: User) -> dict[str, bool]:
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp": Authenticator.Type.TOTP in types,
        "recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
    }


def manager_list() -> list[User]:
    """Active managers with an email address, in a stable order (one query): who alerts about safeguarding
    and missed response times go to."""
    return list(
        User.objects.filter(is_active=True, role_grants__role=Role.MANAGER)
        .exclude(email="")
        .distinct()
        .only("pk", "email", "full_name")
        .order_by("pk")
    )
