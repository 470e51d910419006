import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from dpss.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from dpss.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_signable_account_per_role_and_can_run_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    held = set()
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD)
        held |= user.roles
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp == user.needs_mfa
    assert held == set(Role.values)
    assert DEMO_PASSWORD in capsys.readouterr().out


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PRODUCTION"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_demo_staff_can_sign_in_with_the_documented_code(client):
    from dpss.accounts.demo import current_demo_totp_code

    call_command("seed_demo")
    response = client.post("/accounts/login/", {"login": "adviser@example.com", "password": DEMO_PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_demo_totp_code()})
    assert response.status_code == 302
    assert client.get("/home/").url == "/dashboard/adviser/"
