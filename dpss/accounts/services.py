"""Every write to accounts, roles and invitations."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.notifications.services import broker_publish, outbox_enqueue_email
from dpss.tokens import link_token_hash, link_token_new

from .models import Invitation, PasswordResetRequest, Role, RoleGrant, User
from .rules import invitable_roles
from .signals import invitation_accepted

logger = logging.getLogger(__name__)

# The task that sends one password reset link (dpss/accounts/tasks.py), by name: services never import tasks.
PASSWORD_RESET_SEND_TASK = "dpss.accounts.tasks.password_reset_send"
# A request the broker never handed over (it was down) is sent by the sweep after this...
PASSWORD_RESET_SWEEP_AFTER = timedelta(minutes=2)
# ... and dropped after this: a link that late would only puzzle.
PASSWORD_RESET_GIVE_UP_AFTER = timedelta(hours=6)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    roles: tuple[str, ...] = (),
    email_verified: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account with its roles and its (primary) email address."""
    email = User.objects.normalize_email(email).lower()
    user = User(email=email, full_name=full_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=email_verified)
    for role in roles:
        role_grant(user=user, role=role, actor=actor)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, actor: User | None = None) -> RoleGrant:
    """Give a person a role. Granting a role they already hold changes nothing."""
    if role not in Role.values:
        raise ValidationError(f"“{role}” is not a role in the portal.")
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, defaults={"granted_by": actor})
    user.__dict__.pop("roles", None)
    return grant


@transaction.atomic
def invitation_create(
    *, email: str, full_name: str, role: str, actor: User, link_data: dict | None = None
) -> Invitation:
    """Invite someone into a role from the team's invitations page.

    Only the roles `INVITABLE_ROLES` lets the inviter give; recipients and
    representatives are invited from their record, which checks its own rule
    and calls `invitation_issue`.
    """
    if role not in invitable_roles(actor):
        raise ValidationError({"role": "You cannot invite people into this role. Ask a DPSS manager."})
    return invitation_issue(email=email, full_name=full_name, role=role, actor=actor, link_data=link_data)


@transaction.atomic
def invitation_issue(
    *,
    email: str,
    full_name: str,
    role: str,
    actor: User,
    link_data: dict | None = None,
    template: str = "invitation",
    context: dict | None = None,
) -> Invitation:
    """Write an invitation and email its single-use link, without checking who invites.

    Callers check their own rule first (`invitation_create` checks
    `INVITABLE_ROLES`; an app inviting someone to a record checks its
    permission). `link_data` says what the new account should be linked to;
    apps act on it in a receiver of `invitation_accepted`. `template` and
    `context` let an app word the email for the person it goes to. The link
    expires after `INVITATION_VALID_FOR` (14 days).
    """
    if role not in Role.values:
        raise ValidationError({"role": "Choose what they will do in the portal."})
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email=email).first()
    if existing and role in existing.roles:
        raise ValidationError({"email": f"{email} already has an account with this role."})
    token = link_token_new()
    now = timezone.now()
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=link_token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + settings.INVITATION_VALID_FOR,
        link_data=link_data or {},
    )
    invitation.full_clean()
    invitation.save()
    outbox_enqueue_email(
        key=f"invitation:{invitation.pk}:sent",
        to=email,
        template=template,
        context={
            "full_name": invitation.full_name,
            "role": invitation.get_role_display(),
            "inviter": actor.full_name or "The Direct Payments Support Service",
            "accept_path": reverse("accounts:invitation_accept", kwargs={"token": token}),
            "expires_on": timezone.localtime(invitation.expires_at).strftime("%-d %B %Y"),
            "existing_account": existing is not None,
            **(context or {}),
        },
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a token belongs to, if it can still be used."""
    invitation: Invitation | None = (
        Invitation.objects.filter(token_hash=link_token_hash(token)).select_related("invited_by").first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str | None, signed_in_user: User | None) -> User:
    """Turn an invitation into an account (or a new role on an existing one).

    A person who already has an account must be signed in as that account;
    everyone else sets a password here. Their email is verified, because the
    link reached it.
    """
    invitation = Invitation.objects.select_for_update().filter(token_hash=link_token_hash(token)).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError("This invitation link has expired or has already been used.")
    existing = User.objects.filter(email=invitation.email).first()
    if existing is not None:
        if signed_in_user is None or signed_in_user.pk != existing.pk:
            raise ValidationError("Sign in as the person this invitation was sent to, then open the link again.")
        user = existing
        role_grant(user=user, role=invitation.role, actor=invitation.invited_by)
    else:
        validate_password(password or "", User(email=invitation.email, full_name=full_name))
        user = user_create(
            email=invitation.email,
            password=password,
            full_name=full_name.strip() or invitation.full_name,
            roles=(invitation.role,),
            email_verified=True,
            actor=invitation.invited_by,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.accepted_at:
        raise ValidationError("This invitation has already been accepted.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    return invitation


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email=email.lower()).exists()


def password_reset_request(*, email: str) -> PasswordResetRequest:
    """Ask the worker to email a password reset link to `email`.

    The same work whether or not an account has the address (one row, one task): the worker looks it
    up, so the page takes as long for a known address as for an unknown one (docs/gotchas.md#gotcha-reset-timing).
    """
    request = PasswordResetRequest.objects.create(email=email)
    transaction.on_commit(
        lambda: broker_publish(task=PASSWORD_RESET_SEND_TASK, ids=[request.pk], what="password reset request")
    )
    return request


@transaction.atomic
def password_reset_send(*, request_id: int) -> int:
    """Email a reset link to each active account with the request's address; how many were written.

    The request is deleted in the same transaction as the emails are written to the outbox, so a
    task delivered twice, or one the sweep also picks up, sends once. An unknown address gets nothing.
    """
    request = PasswordResetRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0
    deleted, _ = PasswordResetRequest.objects.filter(pk=request_id).delete()
    if not deleted:  # another worker took it meanwhile
        return 0
    users = filter_users_by_email(request.email, is_active=True, prefer_verified=True, for_login=True)
    adapter = get_adapter()
    make_token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token
    for user in users:
        key = f"{user_pk_to_url_str(user)}-{make_token(user)}"
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        context = {
            "user": user,
            "password_reset_url": settings.SITE_URL + path.replace("UID-KEY", quote(key)),
            "service": settings.SERVICE,
        }
        adapter.send_password_reset_mail(user, request.email, context)
    return len(users)


def password_reset_sweep() -> int:
    """Send the requests whose task never ran (the broker was down); drop those too old to send. How many sent."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(requested_at__lt=now - PASSWORD_RESET_GIVE_UP_AFTER).delete()
    waiting = PasswordResetRequest.objects.filter(requested_at__lt=now - PASSWORD_RESET_SWEEP_AFTER)
    sent = 0
    for request_id in list(waiting.order_by("requested_at").values_list("pk", flat=True)[:500]):
        try:
            sent += password_reset_send(request_id=request_id)
        except Exception:  # one bad request must not stop the others; it is tried again next time
            logger.exception("Password reset request %s could not be sent", request_id)
    return sent
