import re

import pytest
from django.core import mail
from django.urls import reverse

from dpss.accounts.models import Role, User
from dpss.notifications.models import OutboxMessage
from tests.factories import invitation_token

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "plum-kettle-harbour-lantern"


def test_a_personal_assistant_can_sign_up_and_is_asked_to_confirm_their_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Tom Hughes",
                "email": "Tom.Hughes@Example.com",
                "password1": STRONG_PASSWORD,
                "password2": STRONG_PASSWORD,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="tom.hughes@example.com")
    assert user.roles == {Role.PERSONAL_ASSISTANT}
    assert user.full_name == "Tom Hughes"
    message = OutboxMessage.objects.get(to="tom.hughes@example.com")
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("role", "dashboard"),
    [(Role.RECIPIENT, "recipient"), (Role.ADVISER, "adviser"), (Role.PERSONAL_ASSISTANT, "personal_assistant")],
)
def test_each_role_lands_on_its_own_dashboard(client, make_user, role, dashboard):
    client.force_login(make_user(role))
    response = client.get(reverse("accounts:home"))
    assert response.url == reverse("accounts:dashboard", kwargs={"role": dashboard})


def test_a_carer_who_joins_coproduction_sees_both_dashboards(client, make_user):
    client.force_login(make_user(Role.REPRESENTATIVE, Role.COPRODUCTION))
    page = client.get(reverse("accounts:home"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("accounts:dashboard", kwargs={"role": "representative"})
    assert reverse("accounts:dashboard", kwargs={"role": "coproduction"}) in page.text


def test_the_dashboard_shows_the_account_mfa_status_and_how_to_get_help(client, adviser, settings):
    client.force_login(adviser)
    page = client.get(reverse("accounts:dashboard", kwargs={"role": "adviser"})).text
    assert adviser.email in page
    assert "2-step verification" in page and ">On<" in page
    assert settings.SERVICE["phone"] in page


def test_the_header_offers_only_what_the_role_may_use(client, make_user, manager):
    client.force_login(make_user(Role.RECIPIENT))
    recipient_page = client.get(reverse("accounts:dashboard", kwargs={"role": "recipient"})).text
    assert reverse("accounts:invitation_list") not in recipient_page
    assert reverse("notifications:dead_letter_list") not in recipient_page

    client.force_login(manager)
    manager_page = client.get(reverse("accounts:dashboard", kwargs={"role": "manager"})).text
    assert reverse("accounts:invitation_list") in manager_page
    assert reverse("notifications:dead_letter_list") in manager_page


def test_dashboards_cost_a_fixed_number_of_queries(client, make_user, queries_of):
    client.force_login(make_user(Role.MANAGER))
    url = reverse("accounts:dashboard", kwargs={"role": "manager"})
    assert client.get(url).status_code == 200
    assert queries_of(lambda: client.get(url)) <= 14


def test_a_manager_invites_an_adviser_who_creates_their_account(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation_list"),
            {"full_name": "Sian Morgan", "email": "sian@example.com", "role": Role.ADVISER},
        )
    assert response.status_code == 302
    link = re.search(r"http://\S+/invitation/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1]

    client.logout()
    form = client.get(path)
    assert "sian@example.com" in form.text
    response = client.post(
        path, {"full_name": "Sian Morgan", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="sian@example.com")
    assert user.roles == {Role.ADVISER}
    # Signed in, and sent to set up 2-step verification before anything else.
    assert client.get(reverse("accounts:home")).url == reverse("mfa_activate_totp")
    client.logout()
    assert client.get(path).status_code == 404  # the link is used up


def test_mismatched_passwords_are_explained_and_nothing_is_created(client, manager):
    from dpss.accounts.services import invitation_create

    invitation_create(email="x@example.com", full_name="X", role=Role.ADVISER, actor=manager)
    token = invitation_token(OutboxMessage.objects.get().body)
    response = client.post(
        reverse("accounts:invitation_accept", kwargs={"token": token}),
        {"full_name": "X", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert "The two passwords do not match" in response.text
    assert '<a href="#id_password2">' in response.text
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_invitation_form_links_its_radios_error_to_the_first_radio(client, manager):
    client.force_login(manager)
    response = client.post(reverse("accounts:invitation_list"), {"full_name": "", "email": "not-an-email"})
    assert response.status_code == 200
    assert '<a href="#id_role_1">' in response.text
    assert 'id="id_role_1"' in response.text
    assert '<a href="#id_email">Enter a valid email address.</a>' in response.text
    assert response.text.count("govuk-error-summary__list") == 1


def test_only_the_inviter_or_a_manager_can_withdraw_an_invitation(client, manager, adviser, make_user):
    from dpss.accounts.services import invitation_create

    invitation = invitation_create(email="m@example.com", full_name="M", role=Role.COPRODUCTION, actor=adviser)
    url = reverse("accounts:invitation_withdraw", kwargs={"pk": invitation.pk})

    other_adviser = make_user(Role.ADVISER)
    client.force_login(other_adviser)
    assert client.post(url).status_code == 404  # another person's invitation
    client.force_login(make_user(Role.RECIPIENT))
    assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None

    client.force_login(manager)
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "Withdrawn"


def test_superusers_must_set_up_a_second_factor(client, make_user):
    admin = make_user(totp=False, is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("ui:contact")).url == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Mr Graham Thomas", "Graham"),
        ("Dr. Priya Shah", "Priya"),
        ("Margaret Ellis", "Margaret"),
        ("", "x@example.com"),
    ],
)
def test_people_are_greeted_by_their_first_name_not_a_title(full_name, greeting):
    assert User(email="x@example.com", full_name=full_name).get_short_name() == greeting
