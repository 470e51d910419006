from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from dpss.accounts.models import Invitation, Role, User
from dpss.accounts.services import invitation_accept, invitation_create, invitation_withdraw, role_grant
from dpss.accounts.signals import invitation_accepted
from dpss.notifications.models import OutboxMessage
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum-kettle-harbour-lantern"


def invite(inviter, role=Role.ADVISER, email="new.adviser@example.com"):
    invitation = invitation_create(email=email, full_name="Jo Bloggs", role=role, actor=inviter)
    token = (
        OutboxMessage.objects.get(key=f"invitation:{invitation.pk}:sent").body.split("/invitation/")[1].split("/")[0]
    )
    return invitation, token


def test_invitation_emails_a_single_use_link_that_lasts_14_days(manager):
    invitation, token = invite(manager)

    message = OutboxMessage.objects.get(key=f"invitation:{invitation.pk}:sent")
    assert message.to == "new.adviser@example.com"
    assert f"/invitation/{token}/" in message.body
    assert "DPSS adviser" in message.body
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert token not in invitation.token_hash  # only a hash is stored


def test_managers_invite_staff_but_advisers_only_coproduction_members(manager, adviser):
    for role in (Role.ADVISER, Role.MANAGER, Role.PRACTITIONER, Role.COPRODUCTION):
        invite(manager, role=role, email=f"{role}@example.com")
    invite(adviser, role=Role.COPRODUCTION, email="member@example.com")
    with pytest.raises(ValidationError, match="cannot invite people into this role"):
        invite(adviser, role=Role.MANAGER)


@pytest.mark.parametrize("role", [Role.PERSONAL_ASSISTANT, Role.RECIPIENT])
def test_nobody_invites_roles_that_come_another_way(manager, role):
    with pytest.raises(ValidationError):
        invite(manager, role=role)


def test_accepting_creates_a_verified_account_with_the_role(manager):
    invitation, token = invite(manager, role=Role.PRACTITIONER)
    received = []
    invitation_accepted.connect(lambda **kw: received.append(kw["user"]), weak=False, dispatch_uid="t1")
    try:
        user = invitation_accept(token=token, full_name="Jo Bloggs", password=NEW_PASSWORD, signed_in_user=None)
    finally:
        invitation_accepted.disconnect(dispatch_uid="t1")

    assert user.roles == {Role.PRACTITIONER}
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert received == [user]
    invitation.refresh_from_db()
    assert invitation.accepted_user == user


def test_an_invitation_works_only_once(manager):
    _invitation, token = invite(manager)
    invitation_accept(token=token, full_name="Jo", password=NEW_PASSWORD, signed_in_user=None)
    with pytest.raises(ValidationError, match="expired or has already been used"):
        invitation_accept(token=token, full_name="Jo", password=NEW_PASSWORD, signed_in_user=None)
    assert User.objects.filter(email="new.adviser@example.com").count() == 1


def test_an_invitation_expires_after_14_days(manager):
    _invitation, token = invite(manager)
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        with pytest.raises(ValidationError, match="expired"):
            invitation_accept(token=token, full_name="Jo", password=NEW_PASSWORD, signed_in_user=None)


def test_a_withdrawn_invitation_cannot_be_used(manager):
    invitation, token = invite(manager)
    invitation_withdraw(invitation=invitation, actor=manager)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, full_name="Jo", password=NEW_PASSWORD, signed_in_user=None)


def test_a_weak_password_is_refused_with_a_reason(manager):
    _invitation, token = invite(manager)
    with pytest.raises(ValidationError) as error:
        invitation_accept(token=token, full_name="Jo", password="short", signed_in_user=None)
    assert "too short" in " ".join(error.value.messages)
    assert not User.objects.filter(email="new.adviser@example.com").exists()


def test_an_existing_account_gains_the_role_only_when_signed_in_as_itself(manager, make_user):
    carer = make_user(Role.REPRESENTATIVE, email="carer@example.com")
    _invitation, token = invite(manager, role=Role.COPRODUCTION, email="carer@example.com")

    with pytest.raises(ValidationError, match="Sign in as the person"):
        invitation_accept(token=token, full_name="", password=None, signed_in_user=manager)
    user = invitation_accept(token=token, full_name="", password=None, signed_in_user=carer)

    assert user == carer
    assert User.objects.get(pk=carer.pk).roles == {Role.REPRESENTATIVE, Role.COPRODUCTION}
    assert carer.check_password(TEST_PASSWORD)


def test_inviting_someone_who_already_holds_the_role_is_refused(manager, adviser):
    with pytest.raises(ValidationError, match="already has an account"):
        invite(manager, role=Role.ADVISER, email=adviser.email)


def test_granting_a_role_twice_keeps_one_grant(make_user):
    user = make_user(Role.RECIPIENT)
    role_grant(user=user, role=Role.COPRODUCTION)
    role_grant(user=user, role=Role.COPRODUCTION)
    assert sorted(User.objects.get(pk=user.pk).roles) == [Role.COPRODUCTION, Role.RECIPIENT]
    assert Invitation.objects.count() == 0


def test_an_unknown_role_is_refused(make_user):
    with pytest.raises(ValidationError):
        role_grant(user=make_user(), role="wizard")


def test_invitations_are_visible_only_to_their_sender_and_managers(manager, adviser, make_user):
    sent = invitation_create(email="c@example.com", full_name="C", role=Role.COPRODUCTION, actor=adviser)
    assert list(Invitation.objects.visible_to(manager)) == [sent]
    assert list(Invitation.objects.visible_to(adviser)) == [sent]
    assert list(Invitation.objects.visible_to(make_user(Role.ADVISER))) == []
    assert list(Invitation.objects.visible_to(make_user(Role.RECIPIENT))) == []
