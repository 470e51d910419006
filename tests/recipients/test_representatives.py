"""Staff record who may act for a person, and invite people to see a direct payment online (docs/domain.md#rule-2, #rule-11)."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Invitation, Role, User
from dpss.accounts.services import invitation_create, invitation_issue
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tone import unwelcome_words
from recipients.models import Recipient, Representative
from recipients.services.representatives import (
    recipient_invite,
    representative_add,
    representative_change,
    representative_end,
)
from tests.factories import invitation_token
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(html.unescape(strip_tags(response.text)).split())


def token_in(message: OutboxMessage) -> str:
    return invitation_token(message.body)


@pytest.fixture
def joan():
    return DirectPaymentFactory(recipient=RecipientFactory(full_name="Joan Price", email="")).recipient


def add(recipient, approved_by, **overrides):
    fields = {
        "recipient": recipient,
        "email": "david@example.com",
        "full_name": "David Okafor",
        "kind": Representative.Kind.CARER_OR_FAMILY,
        "legal_basis": "",
        "can_see": True,
        "can_act": False,
        "can_sign": False,
        "valid_from": timezone.localdate(),
        "valid_to": None,
        "actor": approved_by,
    }
    return representative_add(**{**fields, **overrides})


class TestAddingARepresentative:
    def test_an_existing_account_gets_the_authority_the_role_and_an_email(self, adviser, make_user, joan):
        carer = make_user(Role.COPRODUCTION, email="david@example.com", full_name="David Okafor")
        added = add(joan, adviser, email="David@Example.com ", can_act=True)
        rep = added.representative
        assert rep.user == carer and rep.approved_by == adviser and rep.can_see and rep.can_act
        carer = User.objects.get(pk=carer.pk)
        assert Role.REPRESENTATIVE in carer.roles
        assert Recipient.objects.visible_to(carer).get() == joan
        message = OutboxMessage.objects.get(to="david@example.com")
        assert message.subject == "You can now help Joan Price with their direct payment"
        assert "see their direct payment and act for them" in message.body
        assert unwelcome_words(message.subject + message.body) == []

    def test_acting_or_signing_means_seeing(self, adviser, make_user, joan):
        make_user(email="david@example.com")
        rep = add(joan, adviser, can_see=False, can_sign=True).representative
        assert rep.can_see and rep.can_sign and not rep.can_act

    def test_an_authorised_person_needs_a_legal_basis_and_others_have_none(self, adviser, joan):
        with pytest.raises(ValidationError, match="legal basis"):
            add(joan, adviser, kind=Representative.Kind.AUTHORISED_PERSON)
        with pytest.raises(ValidationError, match="Only an authorised person"):
            add(joan, adviser, legal_basis=Representative.LegalBasis.ATTORNEY)
        assert not Invitation.objects.exists() and not Representative.objects.exists()

    def test_they_must_be_allowed_to_do_something(self, adviser, joan):
        with pytest.raises(ValidationError, match="at least one thing"):
            add(joan, adviser, can_see=False)

    def test_the_persons_own_account_cannot_act_for_them(self, adviser, make_user, joan):
        joan.user = make_user(Role.RECIPIENT, email="david@example.com")
        joan.save()
        with pytest.raises(ValidationError, match="own account"):
            add(joan, adviser)

    def test_authority_that_overlaps_is_refused(self, adviser, make_user, joan):
        make_user(email="david@example.com")
        add(joan, adviser)
        with pytest.raises(ValidationError, match="can already act for Joan Price"):
            add(joan, adviser, valid_from=timezone.localdate() + timedelta(days=30))

    def test_someone_without_an_account_is_invited_and_gets_the_authority_on_accepting(self, client, adviser, joan):
        today = timezone.localdate()
        added = add(
            joan,
            adviser,
            kind=Representative.Kind.AUTHORISED_PERSON,
            legal_basis=Representative.LegalBasis.DEPUTY,
            can_act=True,
            valid_to=today + timedelta(days=365),
        )
        assert added.representative is None and not Representative.objects.exists()
        message = OutboxMessage.objects.get(to="david@example.com")
        assert message.subject == "See Joan Price's direct payment online"
        assert "help Joan Price with their direct payment online" in message.body
        assert unwelcome_words(message.subject + message.body) == []

        accept = reverse("accounts:invitation_accept", kwargs={"token": token_in(message)})
        response = client.post(
            accept,
            {"full_name": "David Okafor", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
        )
        assert response["Location"] == reverse("recipients:direct_payment", kwargs={"pk": joan.pk})
        landed = client.get(response["Location"])
        assert "Their direct payment" in landed.text and "Joan Price" in landed.text

        rep = Representative.objects.get()
        assert rep.user.email == "david@example.com" and rep.recipient == joan
        assert rep.kind == Representative.Kind.AUTHORISED_PERSON and rep.legal_basis == Representative.LegalBasis.DEPUTY
        assert rep.can_see and rep.can_act and not rep.can_sign
        assert rep.valid_to == today + timedelta(days=365) and rep.approved_by == adviser


class TestChangingAndEndingAuthority:
    def test_changing_what_they_may_do(self, adviser, make_user, joan):
        rep = RepresentativeFactory(recipient=joan, user=make_user(Role.REPRESENTATIVE))
        representative_change(representative=rep, can_see=False, can_act=True, can_sign=False, actor=adviser)
        rep.refresh_from_db()
        assert rep.can_see and rep.can_act and not rep.can_sign

    def test_authority_ends_after_its_last_day_without_anyone_acting(self, client, adviser, make_user, joan):
        today = timezone.localdate()
        carer = make_user(Role.REPRESENTATIVE)
        rep = RepresentativeFactory(recipient=joan, user=carer, valid_from=today - timedelta(days=30))
        representative_end(representative=rep, last_day=today, actor=adviser)
        assert Recipient.objects.visible_to(carer).get() == joan  # still today
        assert not Representative.objects.in_force(on=today + timedelta(days=1)).filter(pk=rep.pk).exists()

        representative_end(representative=rep, last_day=today - timedelta(days=1), actor=adviser)
        carer = User.objects.get(pk=carer.pk)
        client.force_login(carer)
        assert client.get(reverse("recipients:direct_payment", kwargs={"pk": joan.pk})).status_code == 404

    def test_the_last_day_cannot_be_before_it_started(self, adviser, make_user, joan):
        today = timezone.localdate()
        rep = RepresentativeFactory(recipient=joan, user=make_user(Role.REPRESENTATIVE), valid_from=today)
        with pytest.raises(ValidationError, match="Enter that date or later"):
            representative_end(representative=rep, last_day=today - timedelta(days=1), actor=adviser)

    def test_ended_authority_cannot_be_changed(self, adviser, make_user, joan):
        today = timezone.localdate()
        rep = RepresentativeFactory(
            recipient=joan,
            user=make_user(Role.REPRESENTATIVE),
            valid_from=today - timedelta(days=10),
            valid_to=today - timedelta(days=1),
        )
        with pytest.raises(ValidationError, match="has ended"):
            representative_change(representative=rep, can_see=True, can_act=True, can_sign=True, actor=adviser)


class TestTheRepresentativePages:
    def test_staff_add_an_existing_account_from_the_record(self, client, adviser, make_user, joan):
        make_user(Role.REPRESENTATIVE, email="david@example.com", full_name="David Okafor")
        client.force_login(adviser)
        url = reverse("recipients:staff_representative_add", kwargs={"pk": joan.pk})
        today = timezone.localdate()
        response = client.post(
            url,
            {
                "full_name": "David Okafor",
                "email": "david@example.com",
                "kind": Representative.Kind.CARER_OR_FAMILY,
                "legal_basis": "none",
                "permissions": ["act"],
                "valid_from_0": today.day,
                "valid_from_1": today.month,
                "valid_from_2": today.year,
            },
        )
        assert response.status_code == 302
        text = text_of(client.get(response["Location"]))
        assert "David Okafor now acts for Joan Price. We have emailed them to say so." in text
        assert "See, act" in text

    def test_the_form_explains_a_missing_legal_basis_on_its_field(self, client, adviser, joan):
        client.force_login(adviser)
        today = timezone.localdate()
        response = client.post(
            reverse("recipients:staff_representative_add", kwargs={"pk": joan.pk}),
            {
                "full_name": "David Okafor",
                "email": "david@example.com",
                "kind": Representative.Kind.AUTHORISED_PERSON,
                "legal_basis": "none",
                "permissions": ["see"],
                "valid_from_0": today.day,
                "valid_from_1": today.month,
                "valid_from_2": today.year,
            },
        )
        assert "There is a problem" in response.text
        assert 'href="#id_legal_basis_1"' in response.text
        assert "Choose the legal basis" in response.text

    def test_changing_and_ending_from_the_record(self, client, adviser, make_user, joan):
        rep = RepresentativeFactory(recipient=joan, user=make_user(Role.REPRESENTATIVE, full_name="Ron Price"))
        client.force_login(adviser)
        change = reverse("recipients:staff_representative_change", kwargs={"pk": joan.pk, "rep_pk": rep.pk})
        form = client.get(change).text
        assert re.search(r'value="see"\s+checked', form) and not re.search(r'value="sign"\s+checked', form)
        response = client.post(change, {"permissions": ["see", "sign"]})
        assert "What Ron Price may do has been changed." in text_of(client.get(response["Location"]))
        end = reverse("recipients:staff_representative_end", kwargs={"pk": joan.pk, "rep_pk": rep.pk})
        last_day = timezone.localdate() + timedelta(days=7)
        response = client.post(
            end, {"last_day_0": last_day.day, "last_day_1": last_day.month, "last_day_2": last_day.year}
        )
        text = text_of(client.get(response["Location"]))
        assert f"Ron Price can act for Joan Price until the end of {last_day.day} {last_day:%B %Y}." in text

    def test_another_persons_representative_is_not_found(self, client, adviser, make_user, joan):
        other = RepresentativeFactory(user=make_user(Role.REPRESENTATIVE))
        client.force_login(adviser)
        url = reverse("recipients:staff_representative_end", kwargs={"pk": joan.pk, "rep_pk": other.pk})
        assert client.get(url).status_code == 404


class TestInvitingThePerson:
    def test_the_whole_path_invite_accept_and_land_on_their_own_direct_payment(self, client, adviser, joan):
        client.force_login(adviser)
        invite = reverse("recipients:staff_recipient_invite", kwargs={"pk": joan.pk})
        response = client.post(invite, {"full_name": "Joan Price", "email": "joan@example.com"})
        assert "We have emailed an invitation to joan@example.com" in text_of(client.get(response["Location"]))

        message = OutboxMessage.objects.get(to="joan@example.com")
        assert message.subject == "See your direct payment online"
        assert "You can now see your direct payment online" in message.body
        assert "Nothing else changes" in message.body
        assert unwelcome_words(message.subject + message.body) == []

        client.logout()
        accept = reverse("accounts:invitation_accept", kwargs={"token": token_in(message)})
        response = client.post(
            accept, {"full_name": "Joan Price", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"}
        )
        response = client.get(response["Location"])  # "Direct payment" sends the person to their own page
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "Your direct payment" in page.text
        joan.refresh_from_db()
        assert joan.user.email == "joan@example.com" and joan.email == "joan@example.com" and joan.email_verified
        assert Role.RECIPIENT in joan.user.roles

    def test_a_new_invitation_replaces_one_still_waiting(self, adviser, joan):
        first = recipient_invite(recipient=joan, email="joan@example.com", full_name="Joan", actor=adviser)
        second = recipient_invite(recipient=joan, email="joan.p@example.com", full_name="Joan", actor=adviser)
        first.refresh_from_db()
        assert first.state == "Withdrawn" and second.state == "Waiting"

    def test_a_person_with_an_account_is_not_invited_again(self, adviser, make_user, joan):
        joan.user = make_user(Role.RECIPIENT)
        joan.save()
        with pytest.raises(ValidationError, match="already has an account"):
            recipient_invite(recipient=joan, email="joan@example.com", full_name="Joan", actor=adviser)

    def test_an_account_already_linked_to_another_record_cannot_be_invited(self, adviser, make_user, joan):
        someone = make_user(Role.RECIPIENT, email="someone@example.com")
        RecipientFactory(user=someone)
        with pytest.raises(ValidationError, match="another person's record"):
            recipient_invite(recipient=joan, email="someone@example.com", full_name="Joan", actor=adviser)

    def test_the_record_shows_the_invitation_waiting(self, client, adviser, joan):
        recipient_invite(recipient=joan, email="joan@example.com", full_name="Joan", actor=adviser)
        client.force_login(adviser)
        text = text_of(client.get(reverse("recipients:staff_record", kwargs={"pk": joan.pk})))
        assert "Invitation sent to joan@example.com" in text and "not accepted yet" in text


class TestInvitationIssue:
    def test_the_team_invitations_page_still_refuses_recipient_and_representative_roles(self, manager):
        for role in (Role.RECIPIENT, Role.REPRESENTATIVE):
            with pytest.raises(ValidationError, match="cannot invite people into this role"):
                invitation_create(email="x@example.com", full_name="X", role=role, actor=manager)

    def test_invitation_issue_leaves_the_inviters_rule_to_the_caller(self, adviser):
        invitation = invitation_issue(
            email="x@example.com", full_name="X", role=Role.RECIPIENT, actor=adviser, link_data={"a": 1}
        )
        assert invitation.role == Role.RECIPIENT and invitation.link_data == {"a": 1}
        assert OutboxMessage.objects.filter(key=f"invitation:{invitation.pk}:sent").exists()

    def test_a_landing_page_outside_the_portal_is_ignored(self, client, adviser):
        invitation_issue(
            email="x@example.com",
            full_name="X",
            role=Role.COPRODUCTION,
            actor=adviser,
            link_data={"landing_path": "https://evil.example.com/"},
        )
        token = token_in(OutboxMessage.objects.get(to="x@example.com"))
        response = client.post(
            reverse("accounts:invitation_accept", kwargs={"token": token}),
            {"full_name": "X", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
        )
        assert response["Location"] == reverse("accounts:home")


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    email=st.text(max_size=80), full_name=st.text(max_size=300), kind=st.text(max_size=20), basis=st.text(max_size=20)
)
def test_generated_input_to_representative_add_is_refused_with_a_message_or_kept(
    adviser, email, full_name, kind, basis
):
    joan = RecipientFactory()
    try:
        added = representative_add(
            recipient=joan,
            email=email,
            full_name=full_name,
            kind=kind,
            legal_basis=basis,
            valid_from=timezone.localdate(),
            actor=adviser,
        )
    except ValidationError as error:
        assert error.messages
        return
    assert added.invitation is not None and "\x00" not in added.invitation.full_name + added.invitation.email
