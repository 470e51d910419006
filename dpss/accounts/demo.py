"""The demo accounts that `seed_demo` creates (listed in the README)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Role, User
from .services import role_grant, user_create

DEMO_PASSWORD = "demo-portal-password"
# Base32. Add it to any authenticator app, or run `manage.py demo_totp_code`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDPSSDEMO"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    roles: tuple[str, ...]


DEMO_ACCOUNTS = (
    DemoAccount("recipient@example.com", "Margaret Ellis", (Role.RECIPIENT,)),
    DemoAccount("representative@example.com", "David Okafor", (Role.REPRESENTATIVE, Role.COPRODUCTION)),
    DemoAccount("practitioner@example.com", "Priya Shah", (Role.PRACTITIONER,)),
    DemoAccount("pa@example.com", "Tom Hughes", (Role.PERSONAL_ASSISTANT,)),
    DemoAccount("adviser@example.com", "Sian Morgan", (Role.ADVISER,)),
    DemoAccount("manager@example.com", "Helen Carter", (Role.MANAGER,)),
    DemoAccount("coproduction@example.com", "Alan Brooks", (Role.COPRODUCTION,)),
)


# Apps add their own demo data here (the core imports no app). Each seeder
# runs after the accounts exist, must be safe to run again, and returns
# lines to print.
DEMO_SEEDERS: list[Callable[[], list[str]]] = []


def register_demo_seeder(seeder: Callable[[], list[str]]) -> None:
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)


def current_demo_totp_code() -> str:
    return str(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30)))


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts, or bring them back to their documented state."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo data cannot be loaded when DPSS_PRODUCTION is on.")
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = user_create(
                email=account.email,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                roles=account.roles,
                email_verified=True,
            )
        else:
            user.set_password(DEMO_PASSWORD)
            user.full_name = account.full_name
            user.is_active = True
            user.save()
            for role in account.roles:
                role_grant(user=user, role=role)
        if user.needs_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
    return list(DEMO_ACCOUNTS)
