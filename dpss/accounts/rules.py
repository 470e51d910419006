"""Who may do what with accounts and invitations."""

from typing import cast

import rules
from rules import Predicate

from .models import Role
from .types import AnyUser

# Which roles each inviter may give. Recipients and representatives are
# invited from their record (recipients app), because the invitation must
# link the new account to that record. Personal assistants sign themselves up.
INVITABLE_ROLES = {
    Role.MANAGER: (Role.ADVISER, Role.MANAGER, Role.PRACTITIONER, Role.COPRODUCTION),
    Role.ADVISER: (Role.COPRODUCTION,),
}


def has_role(role: str) -> Predicate:
    # rules has no type information, so mypy sees its Predicate as Any.
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user: AnyUser | None) -> bool:
        return bool(user and user.is_authenticated and user.is_active and role in user.roles)

    return cast(Predicate, predicate)


is_recipient = has_role(Role.RECIPIENT)
is_representative = has_role(Role.REPRESENTATIVE)
is_practitioner = has_role(Role.PRACTITIONER)
is_personal_assistant = has_role(Role.PERSONAL_ASSISTANT)
is_adviser = has_role(Role.ADVISER)
is_manager = has_role(Role.MANAGER)
is_coproduction_member = has_role(Role.COPRODUCTION)
is_dpss_staff = is_adviser | is_manager


def invitable_roles(user: AnyUser) -> tuple[str, ...]:
    """Roles this person may invite others into, in a stable order."""
    allowed: list[str] = []
    for role, grantable in INVITABLE_ROLES.items():
        if user.is_authenticated and role in user.roles:
            allowed.extend(r for r in grantable if r not in allowed)
    return tuple(allowed)


@rules.predicate
def can_invite_anyone(user: AnyUser) -> bool:
    return bool(invitable_roles(user))


rules.add_perm("accounts.invite", can_invite_anyone)
rules.add_perm("accounts.view_dead_letters", is_manager)
