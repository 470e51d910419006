"""Whom we write to about a person: one rule for every message the record sends.

The person themselves, by email, when we have an address and they are happy
to be emailed; otherwise the representatives whose authority in force lets
them act (or, for an agreement, sign) for the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dpss.notifications.services import outbox_enqueue_email

from ..models import Recipient, Representative


@dataclass(frozen=True)
class Contact:
    email: str
    name: str
    # True when writing to a representative about the person they act for.
    on_behalf: bool


def own_contact(*, recipient: Recipient) -> Contact | None:
    """The person, if we may email them: their recorded address, else the one they sign in with."""
    if not recipient.contact_by_email:
        return None
    email = recipient.email
    if not email:
        user = recipient.user  # None, without a query, for a record with no account
        email = user.email if user is not None and user.is_active else ""
    return Contact(email=email, name=recipient.name_to_use, on_behalf=False) if email else None


def representative_contacts(
    *, recipient: Recipient, may: str = "act", acting: list[Representative] | None = None
) -> list[Contact]:
    """Representatives whose authority in force lets them act (`may="act"`) or sign (`may="sign"`), once each.

    `acting` may be given already loaded (the daily check-up schedule loads a batch at once).
    """
    flag = {"act": "can_act", "sign": "can_sign"}[may]
    if acting is None:
        acting = list(
            Representative.objects.in_force().filter(recipient=recipient, **{flag: True}).select_related("user")
        )
    contacts: dict[str, Contact] = {}
    for representation in acting:
        user = representation.user
        if getattr(representation, flag) and user.is_active and user.email:
            contacts.setdefault(
                user.email.lower(), Contact(email=user.email, name=user.get_short_name(), on_behalf=True)
            )
    return list(contacts.values())


def people_to_tell(*, recipient: Recipient, acting: list[Representative] | None = None) -> list[Contact]:
    """The person by email; or, when we cannot email them, the representatives who may act for them today."""
    own = own_contact(recipient=recipient)
    return [own] if own else representative_contacts(recipient=recipient, acting=acting)


def people_who_may_sign(*, recipient: Recipient) -> list[Contact]:
    """The person (if we may email them) and every representative who may sign for them today."""
    own = own_contact(recipient=recipient)
    others = [c for c in representative_contacts(recipient=recipient, may="sign") if not own or c.email != own.email]
    return ([own] if own else []) + others


def contacts_email(
    *, contacts: Iterable[Contact], recipient: Recipient, key: str, template: str, context: dict
) -> None:
    """One email to each contact about `recipient`, written to the outbox in the caller's transaction.

    `key` followed by the contact's address makes each email once only. The template gets the contact's
    name (`full_name`), the person's (`person_name`) and whether it is about someone else (`for_someone_else`).
    """
    for contact in contacts:
        outbox_enqueue_email(
            key=f"{key}:{contact.email}",
            to=contact.email,
            template=template,
            context={
                "full_name": contact.name,
                "person_name": recipient.full_name,
                "for_someone_else": contact.on_behalf,
                **context,
            },
        )
