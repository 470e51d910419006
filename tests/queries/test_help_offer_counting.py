"""Help offers are counted only within a real attempt at asking (issue 10: 13).

A GET of the live suggestions is a read anyone can repeat: it must not start
a help offer (it would inflate the deflection figures) nor a session. The
raising form posts them (with its CSRF token), and that counts.
"""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from queries.models import HelpOffer, HelpOfferArticle
from tests.queries.helpers import text

pytestmark = pytest.mark.django_db

PROBLEM = {"subject": "Holiday pay", "description": "How do I work out holiday pay for my PA?"}


def test_a_get_of_the_suggestions_shows_articles_but_writes_no_offer_and_no_session(client, holiday_article, settings):
    for _ in range(3):
        response = client.get(reverse("queries:ask_suggestions"), PROBLEM)
        assert "Working out holiday pay for your PA" in text(response)
        assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "?offer=" not in text(response)
    assert not HelpOffer.objects.exists() and not HelpOfferArticle.objects.exists()
    assert not Session.objects.exists()


def test_the_suggestions_posted_from_the_raising_form_count_once_per_attempt(client, holiday_article):
    client.get(reverse("queries:ask"))
    page = text(client.post(reverse("queries:ask_suggestions"), PROBLEM))
    offer = HelpOffer.objects.get()
    assert f"/help/holiday-pay/?offer={offer.key}" in page
    client.get(reverse("queries:ask_suggestions"), PROBLEM)
    client.post(reverse("queries:ask"), {**PROBLEM, "seen_suggestions": "1"})
    assert HelpOffer.objects.get() == offer
    assert HelpOfferArticle.objects.filter(offer=offer, article=holiday_article).exists()
