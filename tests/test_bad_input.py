"""Bad input on every form of the foundation: a clear message, never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role, User
from dpss.accounts.services import invitation_create
from dpss.notifications.models import OutboxMessage
from tests.factories import invitation_token

pytestmark = pytest.mark.django_db

NASTY = [
    "not-an-email",
    "a" * 10_240,
    "nul\x00byte",
    "x@example.com\x00",
    "<script>alert(1)</script>",
    "′ OR 1=1 --",
    "",
]


def form_urls(client, manager):
    invitation_create(email="invitee@example.com", full_name="Invitee", role=Role.ADVISER, actor=manager)
    token = invitation_token(OutboxMessage.objects.get().body)
    return {
        "signup": (reverse("account_signup"), ["full_name", "email", "password1", "password2"], None),
        "login": (reverse("account_login"), ["login", "password"], None),
        "reset": (reverse("account_reset_password"), ["email"], None),
        "invite": (reverse("accounts:invitation_list"), ["full_name", "email", "role"], manager),
        "accept": (
            reverse("accounts:invitation_accept", kwargs={"token": token}),
            ["full_name", "password1", "password2"],
            None,
        ),
    }


@pytest.mark.parametrize("value", NASTY, ids=["bad-email", "10kB", "nul", "nul-in-email", "html", "sqlish", "empty"])
def test_every_form_answers_bad_input_with_a_message_not_an_error(client, manager, value):
    for name, (url, fields, actor) in form_urls(client, manager).items():
        if actor:
            client.force_login(actor)
        else:
            client.logout()
        response = client.post(url, dict.fromkeys(fields, value))
        # 302 only where the value happens to be valid (a 25-character password is).
        assert response.status_code in (200, 302, 400, 429), f"{name}: {response.status_code}"
        if response.status_code == 200 and name != "reset":
            assert "There is a problem" in response.text, f"{name} gave no error summary"
    assert all("\x00" not in user.email + user.full_name for user in User.objects.all())


def test_wrong_types_are_refused_politely(client):
    response = client.post(
        reverse("account_login"), {"login": ["a@example.com", "b@example.com"], "password": ["x", "y"]}
    )
    assert response.status_code in (200, 400)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(full_name=st.text(max_size=300), email=st.text(max_size=300), role=st.text(max_size=40))
def test_generated_invitations_never_crash_the_form(client, manager, full_name, email, role):
    client.force_login(manager)
    response = client.post(reverse("accounts:invitation_list"), {"full_name": full_name, "email": email, "role": role})
    assert response.status_code in (200, 302)
