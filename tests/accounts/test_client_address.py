"""The client's address behind our proxy: rate limits count people, not the proxy (issue 10, finding 1).

Each request comes from the proxy's address (REMOTE_ADDR) with the client's address appended on the
right of X-Forwarded-For, as docker/nginx.conf does; whatever is to its left the client wrote itself.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from dpss.accounts.models import Role
from dpss.client_address import client_address
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.5"
ALICE = "203.0.113.7"
BOB = "198.51.100.20"
LOGIN_LIMIT = 5  # ACCOUNT_RATE_LIMITS["login_failed"] in dpss/settings.py
NOW = datetime(2026, 3, 10, 10, 0, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client_ip: str, forged: str | None = None) -> Client:
    """A browser at `client_ip` whose requests reach the portal through nginx (which appends the address)."""
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def sign_in(client: Client, email: str, password: str = TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def refused_for_too_many_attempts(response) -> bool:
    return response.status_code == 200 and "too many" in response.content.decode()


# --- The helper ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.7", "192.0.2.1"),  # no proxy: the header is the client's own words
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left-most value is forged
        (1, PROXY, " 6.6.6.6 ,203.0.113.7 ", "203.0.113.7"),
        (2, PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # a load balancer, then nginx
        (2, PROXY, "203.0.113.7", PROXY),  # fewer entries than proxies: not through all of them
        (1, PROXY, "", PROXY),
        (1, PROXY, "203.0.113.7:51234", "203.0.113.7"),
        (1, PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (1, PROXY, "2001:DB8:0:0::1", "2001:db8::1"),
        (1, PROXY, "not-an-address", None),
        (1, PROXY, "6.6.6.6, <script>", None),
    ],
)
def test_the_client_address_is_taken_from_the_right_of_x_forwarded_for(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


# --- Wrong passwords ---------------------------------------------------------------------------------------


def test_wrong_passwords_from_one_client_do_not_stop_another_signing_in(behind_nginx, make_user):
    alice = through_proxy(ALICE)
    # Alice tries five accounts (so no one account's limit is reached): her address reaches its limit.
    for person in [make_user(Role.RECIPIENT) for _ in range(LOGIN_LIMIT)]:
        assert not refused_for_too_many_attempts(sign_in(alice, person.email, "a-wrong-password"))
    someone = make_user(Role.RECIPIENT)
    assert refused_for_too_many_attempts(sign_in(alice, someone.email))
    assert not signed_in(alice)

    bob = through_proxy(BOB)
    response = sign_in(bob, someone.email)
    assert response.status_code == 302
    assert signed_in(bob)


def test_a_forged_left_most_address_does_not_escape_the_limit(behind_nginx, make_user):
    people = [make_user(Role.RECIPIENT) for _ in range(LOGIN_LIMIT + 1)]
    for number, person in enumerate(people[:LOGIN_LIMIT]):
        sign_in(through_proxy(ALICE, forged=f"10.9.8.{number}"), person.email, "a-wrong-password")
    alice = through_proxy(ALICE, forged="10.9.8.99")
    assert refused_for_too_many_attempts(sign_in(alice, people[-1].email))


def test_one_account_is_still_protected_against_wrong_passwords_from_many_clients(behind_nginx, make_user):
    target = make_user(Role.RECIPIENT)
    for number in range(LOGIN_LIMIT):
        sign_in(through_proxy(f"203.0.113.{number + 10}"), target.email, "a-wrong-password")
    fresh = through_proxy(BOB)
    assert refused_for_too_many_attempts(sign_in(fresh, target.email))
    assert not signed_in(fresh)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings, make_user):
    settings.TRUSTED_PROXY_COUNT = 0
    for number, person in enumerate(make_user(Role.RECIPIENT) for _ in range(LOGIN_LIMIT)):
        # Everyone here is at one address; what they write in the header changes nothing.
        sign_in(through_proxy(f"203.0.113.{number + 10}"), person.email, "a-wrong-password")
    someone = make_user(Role.RECIPIENT)
    assert refused_for_too_many_attempts(sign_in(through_proxy(BOB), someone.email))


# --- Wrong authenticator codes -----------------------------------------------------------------------------


def wrong_code() -> str:
    right = hotp_value(TEST_TOTP_SECRET, int(NOW.timestamp()) // 30)
    return format_hotp_value((right + 1) % 1_000_000)


@time_machine.travel(NOW, tick=False)
def test_wrong_authenticator_codes_from_one_client_do_not_stop_others_signing_in(behind_nginx, make_user):
    adviser = make_user(Role.ADVISER)
    alice = through_proxy(ALICE)
    assert sign_in(alice, adviser.email).url == reverse("mfa_authenticate")
    for _ in range(LOGIN_LIMIT):
        alice.post(reverse("mfa_authenticate"), {"code": wrong_code()})
    assert not signed_in(alice)

    # Others, with the right passwords, sign in as usual.
    recipient = make_user(Role.RECIPIENT)
    bob = through_proxy(BOB)
    assert sign_in(bob, recipient.email).status_code == 302
    assert signed_in(bob)
    manager = make_user(Role.MANAGER)
    carol = through_proxy("192.0.2.44")
    assert sign_in(carol, manager.email).url == reverse("mfa_authenticate")
    right = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(NOW.timestamp()) // 30))
    assert carol.post(reverse("mfa_authenticate"), {"code": right}).status_code == 302
    assert signed_in(carol)


@time_machine.travel(NOW, tick=False)
def test_wrong_authenticator_codes_still_lock_that_account_from_any_client(behind_nginx, make_user):
    adviser = make_user(Role.ADVISER)
    for number in range(LOGIN_LIMIT):
        someone = through_proxy(f"203.0.113.{number + 10}")
        sign_in(someone, adviser.email)
        someone.post(reverse("mfa_authenticate"), {"code": wrong_code()})
    fresh = through_proxy(BOB)
    sign_in(fresh, adviser.email)
    right = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(NOW.timestamp()) // 30))
    response = fresh.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 200
    assert not signed_in(fresh)
