from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from dpss.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["ui:home", "ui:accessibility", "ui:privacy", "ui:contact", "ui:cookies"])
def test_public_pages_show_how_to_reach_the_service(client, settings, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert settings.SERVICE["phone"] in response.text
    assert 'lang="en-GB"' in response.text


def test_pages_forbid_inline_scripts_and_styles(client):
    policy = client.get(reverse("ui:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_style(client, settings):
    """Web pages run under a strict CSP. PDF templates (`pdf/` folders) are exempt:
    WeasyPrint renders them in a worker and no browser ever loads them."""
    from pathlib import Path

    roots = [Path(settings.BASE_DIR, "templates"), *Path(settings.BASE_DIR).glob("*/templates")]
    pages = [path for root in roots for path in root.rglob("*.html") if "pdf" not in path.relative_to(root).parts]
    assert len(pages) > 50
    for path in pages:
        text = path.read_text()
        assert "<style" not in text, path
        assert " style=" not in text, path
        for tag in text.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script in {path}"


def test_health_check_reports_database_broker_and_outbox(client):
    OutboxMessage.objects.create(key="a", template="t", to="a@example.com", subject="s", body="b")
    with mock.patch("dpss.ui.views.broker_reachable", return_value=True):
        body = client.get(reverse("ui:healthz")).json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["outbox"]["waiting"] == 1
    assert body["outbox"]["dead"] == 0


def test_health_check_is_degraded_not_failed_when_the_broker_is_down(client):
    with mock.patch("dpss.ui.views.broker_reachable", return_value=False):
        response = client.get(reverse("ui:healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "unavailable"


def test_broker_check_answers_false_quickly_for_a_dead_redis():
    import time

    from dpss.ui.health import broker_reachable

    started = time.monotonic()
    assert broker_reachable(url="redis://127.0.0.1:1/0", timeout=1) is False
    assert time.monotonic() - started < 5


def test_a_missing_page_uses_the_service_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-footer" in response.text


def test_a_server_error_page_in_the_service_style(settings):
    from django.test import RequestFactory

    from dpss.ui.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert settings.SERVICE["phone"].encode() in response.content


def test_a_form_posted_without_its_csrf_token_gets_a_kind_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert "Nothing you had saved has been lost" in response.text


def test_a_banner_says_when_messages_are_delayed_and_nothing_is_lost(client):
    from datetime import timedelta

    from django.utils import timezone

    assert "taking longer than usual" not in client.get(reverse("ui:contact")).text
    OutboxMessage.objects.create(
        key="late",
        template="t",
        to="a@example.com",
        subject="s",
        body="b",
        available_at=timezone.now() - timedelta(minutes=6),
    )
    page = client.get(reverse("ui:contact")).text
    assert "Emails from us are taking longer than usual." in page
    assert "Nothing has been lost" in page
