"""People who sign in, the roles they hold, and invitations to join."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """The jobs a person can do in the portal (docs/domain.md#roles)."""

    RECIPIENT = "recipient", "Direct payment recipient"
    REPRESENTATIVE = "representative", "Carer or representative"
    PRACTITIONER = "practitioner", "Practitioner"
    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
    ADVISER = "adviser", "DPSS adviser"
    MANAGER = "manager", "DPSS manager"
    COPRODUCTION = "coproduction", "Co-production member"


# Roles whose accounts must use a second factor before they can do anything.
MFA_REQUIRED_ROLES = frozenset({Role.PRACTITIONER, Role.ADVISER, Role.MANAGER})
STAFF_ROLES = frozenset({Role.ADVISER, Role.MANAGER})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a sign-in. Email is the login; roles say what they may do.

    `is_staff` only opens the Django admin (kept for technical superusers);
    what DPSS staff may do comes from their roles.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The name to greet someone by: their first name, not a title."""
        words = [w for w in self.full_name.split() if w.rstrip(".").lower() not in HONORIFICS]
        return words[0] if words else (self.full_name or self.email)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this person holds, loaded once per request."""
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def needs_mfa(self) -> bool:
        # Superusers can open the Django admin, so they need a second factor too.
        return self.is_superuser or bool(self.roles & MFA_REQUIRED_ROLES)


class RoleGrant(models.Model):
    """One role held by one person. A person can hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: User | AnonymousUser) -> InvitationQuerySet:
        """Managers see every invitation; advisers the ones they sent; others none."""
        if not user.is_authenticated:
            return self.none()
        if Role.MANAGER in user.roles:
            return self
        if Role.ADVISER in user.roles:
            return self.filter(invited_by=user)
        return self.none()


class Invitation(models.Model):
    """A single-use link that creates an account with a role.

    Only a hash of the token is stored, so a copy of the database cannot be
    used to accept invitations.
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation_accepted"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Apps record what the new account should be linked to (for example a
    # recipient record) here, and act on it through `invitation_accepted`.
    # An optional "landing_path" is the page the person lands on once accepted.
    link_data = models.JSONField(default=dict, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email} as {self.get_role_display()}"

    @property
    def is_usable(self) -> bool:
        return self.state == "Waiting"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.withdrawn_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"


class PasswordResetRequest(models.Model):
    """Someone asked for a password reset link for this address; the worker sends it.

    The sign-in pages write one of these whether or not an account has the address, so asking
    takes the same time either way and says nothing about who has an account. The worker looks
    the address up and emails each account a link (an unknown address gets nothing), deleting
    the row in the same transaction: one request, one email (`dpss.accounts.services`).
    """

    email = models.EmailField()
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Password reset request {self.pk}"
