"""How the recipients app listens to the core's signals. Receivers only call a service."""

from django.dispatch import receiver

from dpss.accounts.signals import invitation_accepted

from .services import representatives


@receiver(invitation_accepted, dispatch_uid="recipients.link_invited_account")
def link_invited_account(sender, invitation, user, **kwargs) -> None:
    """An invitation sent from a record links the new account to it (the recipient, or a representative)."""
    representatives.invitation_link_accepted(invitation=invitation, user=user)
