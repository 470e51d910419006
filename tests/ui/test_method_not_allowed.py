"""A method a URL does not take gets the service's own page (issue 11, item 14)."""

import pytest
from django.http import HttpResponseNotAllowed
from django.urls import reverse

from dpss.ui.middleware import MethodNotAllowedPageMiddleware


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("accounts:invitation_withdraw", "POST"),  # a ServiceFormView that does not know its page
        ("notifications:dead_letter_retry", "POST"),  # a plain view behind require_POST
    ],
)
def test_a_get_of_a_post_only_address_gets_the_service_page(client, name, allowed):
    response = client.get(reverse(name, kwargs={"pk": 1}))
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert "This address is for sending a form" in response.text
    assert "Nothing was sent or changed" in response.text
    assert "govuk-footer" in response.text and reverse("ui:home") in response.text


@pytest.mark.django_db
def test_a_page_that_answers_405_with_its_own_words_keeps_them(rf):
    own = HttpResponseNotAllowed(["POST"], content=b"own words")
    response = MethodNotAllowedPageMiddleware(lambda request: own)(rf.get("/"))
    assert response is own
