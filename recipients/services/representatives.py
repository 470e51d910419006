"""Who may act for a person, and inviting people to see a direct payment online (docs/domain.md#rule-2, #rule-11).

Staff record each representative's authority: their kind, the legal basis
an authorised person needs (attorney, deputy or agreed by the council),
what they may do (see, act, sign: acting or signing means seeing too) and
from when to when. Authority ends on its end date with nobody acting
(`RepresentativeQuerySet.in_force`).

Someone who has no account is invited: the authority chosen now travels in
the invitation's `link_data`, and the `Representative` is written only when
they accept (`invitation_link_accepted`, called from the receiver of
`dpss.accounts.signals.invitation_accepted`). A recipient is invited the
same way, and their new account is linked to their record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import Invitation, Role, User
from dpss.accounts.services import invitation_issue, invitation_withdraw, role_grant
from dpss.formatting import long_date
from dpss.notifications.services import outbox_enqueue_email
from dpss.text import clean_text

from ..models import Recipient, Representative

# What an invitation's link_data links the new account to.
LINK_RECIPIENT = "recipient_account"
LINK_REPRESENTATIVE = "representative"


@dataclass(frozen=True)
class RepresentativeAdded:
    """Either the representative (an existing account) or the invitation sent (a new person)."""

    representative: Representative | None = None
    invitation: Invitation | None = None


def _authority(
    *,
    recipient: Recipient,
    kind: str,
    legal_basis: str,
    can_see: bool,
    can_act: bool,
    can_sign: bool,
    valid_from: date,
    valid_to: date | None,
    actor: User,
    user: User | None = None,
) -> Representative:
    """An unsaved representative with the authority checked (docs/domain.md#rule-2). Acting or signing means seeing."""
    if kind != Representative.Kind.AUTHORISED_PERSON and legal_basis:
        raise ValidationError(
            {"legal_basis": "Only an authorised person has a legal basis. Choose “Not needed” for anyone else."}
        )
    if not (can_see or can_act or can_sign):
        raise ValidationError({"permissions": "Choose at least one thing they may do: see, act or sign."})
    representative = Representative(
        user=user,
        recipient=recipient,
        kind=kind,
        legal_basis=legal_basis,
        can_see=can_see or can_act or can_sign,
        can_act=can_act,
        can_sign=can_sign,
        valid_from=valid_from,
        valid_to=valid_to,
        approved_by=actor,
    )
    representative.full_clean(exclude=["user"] if user is None else None)
    return representative


@transaction.atomic
def representative_add(
    *,
    recipient: Recipient,
    email: str,
    full_name: str,
    kind: str,
    legal_basis: str = "",
    can_see: bool = True,
    can_act: bool = False,
    can_sign: bool = False,
    valid_from: date,
    valid_to: date | None = None,
    actor: User,
) -> RepresentativeAdded:
    """Let someone act for a person, within the authority staff record (docs/domain.md#rule-2).

    An existing account (found by email) gets the authority at once, the
    representative role if it lacks it, and an email saying what they can
    now do. Anyone else is invited; the authority is written when they
    accept. The approver is the staff member who records it.
    """
    email = User.objects.normalize_email(clean_text(email, field="email")).lower()
    full_name = clean_text(full_name, field="full_name")
    existing = User.objects.filter(email=email).first()
    representative = _authority(
        recipient=recipient,
        kind=kind,
        legal_basis=legal_basis,
        can_see=can_see,
        can_act=can_act,
        can_sign=can_sign,
        valid_from=valid_from,
        valid_to=valid_to,
        actor=actor,
        user=existing,
    )
    if existing is None:
        invitation = invitation_issue(
            email=email,
            full_name=full_name,
            role=Role.REPRESENTATIVE,
            actor=actor,
            link_data={
                "link": LINK_REPRESENTATIVE,
                "recipient": recipient.pk,
                "kind": representative.kind,
                "legal_basis": representative.legal_basis,
                "can_see": representative.can_see,
                "can_act": representative.can_act,
                "can_sign": representative.can_sign,
                "valid_from": representative.valid_from.isoformat(),
                "valid_to": representative.valid_to.isoformat() if representative.valid_to else None,
                "approved_by": actor.pk,
                "landing_path": reverse("recipients:direct_payment", kwargs={"pk": recipient.pk}),
            },
            template="invitation_representative",
            context={"person_name": recipient.full_name, "can_do": _can_do_in_words(representative)},
        )
        return RepresentativeAdded(invitation=invitation)

    if recipient.user_id == existing.pk:
        raise ValidationError({"email": "This is the person's own account. They can already see their record."})
    if _overlapping(representative).exists():
        raise ValidationError(
            {
                "email": f"{email} can already act for {recipient.full_name} at that time. Change what they may do instead."
            }
        )
    representative.save()
    role_grant(user=existing, role=Role.REPRESENTATIVE, actor=actor)
    outbox_enqueue_email(
        key=f"representative:{representative.pk}:added",
        to=existing.email,
        template="representative_added",
        context={
            "full_name": existing.full_name or full_name,
            "person_name": recipient.full_name,
            "can_do": _can_do_in_words(representative),
            "from_date": long_date(representative.valid_from),
            "until_date": long_date(representative.valid_to) if representative.valid_to else "",
            "record_path": reverse("recipients:direct_payment", kwargs={"pk": recipient.pk}),
        },
    )
    return RepresentativeAdded(representative=representative)


def _overlapping(representative: Representative) -> QuerySet[Representative]:
    """Other authority for the same person and account whose dates meet this one's."""
    others = Representative.objects.filter(user=representative.user, recipient=representative.recipient).exclude(
        pk=representative.pk
    )
    if representative.valid_to is not None:
        others = others.filter(valid_from__lte=representative.valid_to)
    return others.exclude(valid_to__lt=representative.valid_from)


def _can_do_in_words(representative: Representative) -> str:
    if representative.can_sign:
        return "see their direct payment, act for them and sign documents for them"
    if representative.can_act:
        return "see their direct payment and act for them"
    return "see their direct payment"


@transaction.atomic
def representative_change(
    *, representative: Representative, can_see: bool, can_act: bool, can_sign: bool, actor: User
) -> Representative:
    """Change what a representative may do. Acting or signing means seeing (docs/domain.md#rule-2)."""
    if representative.valid_to is not None and representative.valid_to < timezone.localdate():
        raise ValidationError("Their authority has ended. To let them act again, add them as a new representative.")
    if not (can_see or can_act or can_sign):
        raise ValidationError(
            {"permissions": "Choose at least one thing they may do. To stop them altogether, end their authority."}
        )
    representative.can_see = can_see or can_act or can_sign
    representative.can_act = can_act
    representative.can_sign = can_sign
    representative.full_clean()
    representative.save()
    return representative


@transaction.atomic
def representative_end(*, representative: Representative, last_day: date, actor: User) -> Representative:
    """End someone's authority after `last_day`: from the next day they can no longer see or act.

    Nobody has to do anything on the day: `in_force()` stops counting it.
    """
    if representative.valid_to is not None and representative.valid_to < timezone.localdate():
        raise ValidationError(f"Their authority already ended on {long_date(representative.valid_to)}.")
    if last_day < representative.valid_from:
        raise ValidationError(
            {
                "last_day": f"Their authority started on {long_date(representative.valid_from)}. Enter that date or later."
            }
        )
    representative.valid_to = last_day
    representative.full_clean()
    representative.save()
    return representative


# --- Inviting the person themselves ------------------------------------------------


@transaction.atomic
def recipient_invite(*, recipient: Recipient, email: str, full_name: str, actor: User) -> Invitation:
    """Invite a person to see their own direct payment online; their new account is linked to the record.

    A new invitation replaces any earlier one for this record that is still
    waiting, so only one link can ever claim the record.
    """
    if recipient.user_id is not None:
        raise ValidationError("This person already has an account linked to their record.")
    email = User.objects.normalize_email(clean_text(email, field="email")).lower()
    full_name = clean_text(full_name, field="full_name")
    existing = User.objects.filter(email=email).first()
    if existing is not None and Recipient.objects.filter(user=existing).exists():
        raise ValidationError({"email": f"{email} is already linked to another person's record."})
    waiting = Invitation.objects.select_for_update().filter(
        link_data__link=LINK_RECIPIENT,
        link_data__recipient=recipient.pk,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    )
    for earlier in waiting:
        invitation_withdraw(invitation=earlier, actor=actor)
    return invitation_issue(
        email=email,
        full_name=full_name or recipient.full_name,
        role=Role.RECIPIENT,
        actor=actor,
        link_data={
            "link": LINK_RECIPIENT,
            "recipient": recipient.pk,
            "landing_path": reverse("recipients:my_direct_payment"),
        },
        template="invitation_recipient",
    )


@transaction.atomic
def invitation_link_accepted(*, invitation: Invitation, user: User) -> None:
    """Link a new account to the record its invitation named. Runs inside `invitation_accept`'s transaction.

    A recipient's account becomes `Recipient.user`; a representative gets the
    authority chosen when they were invited. An error here undoes the whole
    acceptance, so nobody is left with an account linked to nothing.
    """
    data = invitation.link_data or {}
    link = data.get("link")
    if link not in (LINK_RECIPIENT, LINK_REPRESENTATIVE):
        return
    recipient = Recipient.objects.select_for_update().filter(pk=data.get("recipient")).first()
    if recipient is None:
        raise ValidationError("The record this invitation was for no longer exists. Please call us.")
    if link == LINK_RECIPIENT:
        _link_recipient_account(recipient=recipient, user=user)
    else:
        _link_representative(recipient=recipient, user=user, data=data, invited_by=invitation.invited_by)


def _link_recipient_account(*, recipient: Recipient, user: User) -> None:
    if recipient.user_id == user.pk:
        return
    if recipient.user_id is not None or Recipient.objects.filter(user=user).exists():
        raise ValidationError("This record is already linked to another account. Please call us and we will help.")
    recipient.user = user
    if not recipient.email or recipient.email.lower() == user.email:
        recipient.email = user.email
        recipient.email_verified = True
    recipient.full_clean()
    recipient.save()


def _link_representative(*, recipient: Recipient, user: User, data: dict, invited_by: User) -> None:
    approved_by = data.get("approved_by")  # set by representative_add
    approver = (User.objects.filter(pk=approved_by).first() if approved_by is not None else None) or invited_by
    representative = _authority(
        recipient=recipient,
        kind=data.get("kind", ""),
        legal_basis=data.get("legal_basis", ""),
        can_see=bool(data.get("can_see")),
        can_act=bool(data.get("can_act")),
        can_sign=bool(data.get("can_sign")),
        valid_from=date.fromisoformat(data["valid_from"]),
        valid_to=date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
        actor=approver,
        user=user,
    )
    if not _overlapping(representative).exists():
        representative.save()
