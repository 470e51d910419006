from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.middleware import MFA_SETUP_URL_NAMES
from dpss.accounts.models import Role
from tests.factories import TEST_PASSWORD
from tests.test_authz_matrix import url_for
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

SAMPLE_KWARGS = {
    "role": "adviser",
    "pk": "1",
    "token": "x",
    "uidb36": "0",
    "key": "k",
    "app_label": "accounts",
    "reference": "DPSS-2026-000001",
}


@pytest.mark.parametrize("role", [Role.ADVISER, Role.MANAGER, Role.PRACTITIONER])
def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_every_url(client, make_user, role):
    person = make_user(role, totp=False)
    client.force_login(person)
    setup = reverse("mfa_activate_totp")
    exempt = {reverse(name) for name in MFA_SETUP_URL_NAMES} | {reverse("ui:healthz")}

    not_redirected = []
    for route in all_routes():
        url = url_for(route, SAMPLE_KWARGS)
        if url in exempt:
            continue
        response = client.get(url)
        if response.status_code != 302 or response.url != setup:
            not_redirected.append(f"{url}: {response.status_code}")
    assert not not_redirected, "These pages did not send the person to set up MFA:\n" + "\n".join(not_redirected)


def test_staff_can_open_the_set_up_page_itself(client, make_user):
    client.force_login(make_user(Role.ADVISER, totp=False))
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [] or all(
        reverse("mfa_activate_totp") not in u for u, _ in response.redirect_chain
    )


def test_staff_with_an_authenticator_reach_their_dashboard(client, adviser):
    client.force_login(adviser)
    assert client.get(reverse("accounts:dashboard", kwargs={"role": "adviser"})).status_code == 200


def test_recipients_are_not_made_to_set_up_mfa(client, make_user):
    client.force_login(make_user(Role.RECIPIENT))
    assert client.get(reverse("accounts:dashboard", kwargs={"role": "recipient"})).status_code == 200


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return response


def test_a_session_ends_12_hours_after_sign_in_however_active(client, make_user):
    dashboard = reverse("accounts:dashboard", kwargs={"role": "recipient"})
    active_for = timedelta(0)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, make_user(Role.RECIPIENT))
        for _ in range(40):  # a page every 20 minutes keeps the idle timer alive
            clock.shift(timedelta(minutes=20))
            active_for += timedelta(minutes=20)
            response = client.get(dashboard)
            if response.status_code != 200:
                break
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert settings.SESSION_ABSOLUTE_LIMIT < active_for <= settings.SESSION_ABSOLUTE_LIMIT + timedelta(minutes=20)


def test_a_session_ends_after_30_minutes_idle(client, make_user):
    dashboard = reverse("accounts:dashboard", kwargs={"role": "recipient"})
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, make_user(Role.RECIPIENT))
        clock.shift(timedelta(minutes=29))
        assert client.get(dashboard).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get(dashboard).status_code == 302


def test_no_session_survives_logout(make_user):
    user = make_user(Role.RECIPIENT)
    browser, thief = Client(), Client()
    sign_in(browser, user)
    thief.cookies = browser.cookies  # a copied session cookie
    browser.post(reverse("account_logout"))
    assert thief.get(reverse("accounts:dashboard", kwargs={"role": "recipient"})).status_code == 302


def test_no_other_session_survives_a_password_change(make_user):
    user = make_user(Role.RECIPIENT)
    laptop, phone = Client(), Client()
    sign_in(laptop, user)
    sign_in(phone, user)
    user.set_password("a-completely-new-passphrase")
    user.save()
    assert phone.get(reverse("accounts:dashboard", kwargs={"role": "recipient"})).status_code == 302


def test_no_session_survives_deactivation(client, make_user):
    user = make_user(Role.RECIPIENT)
    sign_in(client, user)
    user.is_active = False
    user.save()
    assert client.get(reverse("accounts:dashboard", kwargs={"role": "recipient"})).status_code == 302


def test_signed_in_pages_are_not_stored_by_browsers(client, make_user):
    client.force_login(make_user(Role.RECIPIENT))
    response = client.get(reverse("accounts:dashboard", kwargs={"role": "recipient"}))
    assert response["Cache-Control"] == "no-store"


def test_expired_sessions_are_cleared_by_the_scheduled_task(client, make_user):
    from django.contrib.sessions.models import Session

    from dpss.accounts.tasks import expired_sessions_clear

    sign_in(client, make_user(Role.RECIPIENT))
    assert Session.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert expired_sessions_clear() == 1
    assert Session.objects.count() == 0
