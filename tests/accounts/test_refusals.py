"""Refusals in our own words, and logged without noise (issue 10, finding 15)."""

import logging

import pytest
from django.core.cache import cache
from django.http import HttpResponseServerError
from django.urls import reverse
from django.utils.log import log_response

from dpss.accounts.models import Role
from dpss.text import UNUSUAL_CHARACTER
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


# --- A 403 is one line in the log ------------------------------------------------------------------------


def test_a_refused_request_is_logged_as_one_line_without_a_traceback(client, make_user, caplog):
    client.force_login(make_user(Role.RECIPIENT))
    url = reverse("accounts:dashboard", kwargs={"role": "manager"})
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(url)
    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == f"Forbidden (Permission denied): {url}"
    assert "Traceback" not in caplog.text

    # A server error keeps its traceback.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="django.request"):
        try:
            raise RuntimeError("a real error")
        except RuntimeError as error:
            log_response("Internal Server Error: %s", "/broken/", response=HttpResponseServerError(), exception=error)
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info is not None
    assert "Traceback" in caplog.text


# --- The sign-in form speaks our language -------------------------------------------------------------------


def errors_on(response) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("login", "password", "expected"),
    [
        ("joan\x00@example.com", TEST_PASSWORD, {"login": [UNUSUAL_CHARACTER]}),
        ("joan@example.com", "correct\x00horse", {"password": [UNUSUAL_CHARACTER]}),
        ("j" * 300 + "@example.com", TEST_PASSWORD, {"login": ["Your email address must be 254 characters or fewer"]}),
        ("", "", {"login": ["Enter your email address"], "password": ["Enter your password"]}),
        (
            "joan-at-example.com",
            TEST_PASSWORD,
            {"login": ["Enter your email address in the right format, like name@example.com"]},
        ),
    ],
)
def test_the_sign_in_form_refuses_odd_input_in_our_words(client, login, password, expected):
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    assert response.status_code == 200
    assert errors_on(response) == expected
    page = response.content.decode()
    for default in ("Null characters are not allowed", "Ensure this value", "This field is required"):
        assert default not in page


def test_odd_input_is_not_a_sign_in_attempt_and_the_right_password_then_signs_in(client, make_user):
    person = make_user(Role.RECIPIENT)
    for _ in range(10):
        response = client.post(reverse("account_login"), {"login": person.email, "password": "x\x00"})
        assert errors_on(response) == {"password": [UNUSUAL_CHARACTER]}
    response = client.post(reverse("account_login"), {"login": person.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_forgotten_password_form_refuses_a_nul_byte_in_our_words(client):
    response = client.post(reverse("account_reset_password"), {"email": "joan\x00@example.org"})
    assert response.status_code == 200
    assert errors_on(response) == {"email": [UNUSUAL_CHARACTER]}
