"""Header links for the accounts core."""

from dpss.ui.navigation import NavItem, register

from .rules import can_invite_anyone, is_manager


def _signed_in(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def register_navigation() -> None:
    register(NavItem("Home", "accounts:home", _signed_in, order=10))
    register(NavItem("Invite people", "accounts:invitation_list", can_invite_anyone, order=80))
    register(NavItem("Undelivered messages", "notifications:dead_letter_list", is_manager, order=85))
    register(NavItem("Account security", "mfa_index", _signed_in, order=90))
