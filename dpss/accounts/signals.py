"""Signals the accounts core defines for the apps (its own receivers are in receivers.py)."""

from django.dispatch import Signal

# Sent after an invitation has created or extended an account, inside the
# same transaction. Arguments: invitation, user. Apps use `invitation.link_data`
# to link the account to their records (for example a recipient record).
invitation_accepted = Signal()
