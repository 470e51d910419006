"""Finding people: the staff search (`/team/people/`)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpss.accounts.models import Role
from recipients.models import CareGroup, Directorate, DirectPayment, FinancialCheckup
from tests.recipients.factories import DirectPaymentFactory, FinancialCheckupFactory, RecipientFactory

pytestmark = pytest.mark.django_db

URL = reverse("recipients:staff_search")


def names_found(client, user, **params) -> list[str]:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return re.findall(
        r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a></h3>', response.text
    )


@pytest.fixture
def people(make_user):
    """Four people across the county, two on one practitioner's caseload."""
    practitioner = make_user(Role.PRACTITIONER)
    margaret = RecipientFactory(
        full_name="Margaret Ellis", council_reference="HCC0000101", postcode="SO23 8UJ", area="Winchester"
    )
    joan = RecipientFactory(
        full_name="Joan Okafor",
        council_reference="HCC0000102",
        postcode="RG21 7PJ",
        area="Basingstoke and Deane",
        care_group=CareGroup.OLDER_ADULTS,
    )
    ravi = RecipientFactory(
        full_name="Ravi Patel",
        council_reference="HCC0000203",
        postcode="SO23 9AB",
        area="Winchester",
        directorate=Directorate.CHILDREN,
        care_group=CareGroup.CHILD_DISABILITY,
    )
    ellis = RecipientFactory(
        full_name="Ellis Brown", council_reference="HCC0000304", postcode="PO1 2DX", area="Portsmouth"
    )
    DirectPaymentFactory(recipient=margaret, practitioner=practitioner)
    DirectPaymentFactory(
        recipient=joan, payment_method=DirectPayment.PaymentMethod.PREPAID_CARD, practitioner=practitioner
    )
    DirectPaymentFactory(recipient=ravi, status=DirectPayment.Status.SUSPENDED, surplus_flagged=True)
    return {"practitioner": practitioner, "margaret": margaret, "joan": joan, "ravi": ravi, "ellis": ellis}


def test_staff_find_a_person_by_part_of_their_name_in_any_case(client, adviser, people):
    assert names_found(client, adviser, q="ellis") == ["Ellis Brown", "Margaret Ellis"]
    assert names_found(client, adviser, q="marg ELL") == ["Margaret Ellis"]


def test_staff_find_a_person_by_council_reference(client, adviser, people):
    assert names_found(client, adviser, q="HCC0000102") == ["Joan Okafor"]
    assert names_found(client, adviser, q="hcc00002") == ["Ravi Patel"]


def test_a_partial_postcode_finds_everyone_in_that_district(client, adviser, people):
    assert names_found(client, adviser, q="so23") == ["Margaret Ellis", "Ravi Patel"]
    assert names_found(client, adviser, q="so238uj") == ["Margaret Ellis"]
    assert names_found(client, adviser, q="SO23  8UJ") == ["Margaret Ellis"]


def test_a_practitioner_finds_only_the_people_on_their_caseload(client, people):
    practitioner = people["practitioner"]
    assert names_found(client, practitioner) == ["Joan Okafor", "Margaret Ellis"]
    assert names_found(client, practitioner, q="ellis") == ["Margaret Ellis"]
    assert names_found(client, practitioner, q="Ravi") == []


def test_each_filter_narrows_the_list(client, adviser, people):
    assert names_found(client, adviser, directorate=Directorate.CHILDREN) == ["Ravi Patel"]
    assert names_found(client, adviser, care_group=CareGroup.OLDER_ADULTS) == ["Joan Okafor"]
    assert names_found(client, adviser, area="Winchester") == ["Margaret Ellis", "Ravi Patel"]
    assert names_found(client, adviser, status=DirectPayment.Status.SUSPENDED) == ["Ravi Patel"]
    assert names_found(client, adviser, payment_method=DirectPayment.PaymentMethod.PREPAID_CARD) == ["Joan Okafor"]
    assert names_found(client, adviser, surplus_flagged="on") == ["Ravi Patel"]


def test_check_up_due_finds_people_with_a_check_up_waiting_for_them(client, adviser, people):
    margaret_dp = people["margaret"].direct_payments.get()
    FinancialCheckupFactory(direct_payment=margaret_dp, status=FinancialCheckup.Status.DUE)
    FinancialCheckupFactory(
        direct_payment=people["joan"].direct_payments.get(), status=FinancialCheckup.Status.COMPLETED
    )
    assert names_found(client, adviser, checkup_due="on") == ["Margaret Ellis"]


def test_filters_combine_with_each_other_and_with_the_search_box(client, adviser, people):
    assert names_found(client, adviser, q="so23", area="Winchester", status=DirectPayment.Status.ACTIVE) == [
        "Margaret Ellis"
    ]
    assert (
        names_found(client, adviser, area="Winchester", payment_method=DirectPayment.PaymentMethod.PREPAID_CARD) == []
    )


def test_direct_payment_filters_must_hold_for_the_same_direct_payment(client, adviser, people):
    """An ended Virtual Wallet payment and an active card do not make an "active Virtual Wallet" person."""
    joan = people["joan"]
    DirectPaymentFactory(recipient=joan, status=DirectPayment.Status.ENDED, end_reason="moved_away")
    assert "Joan Okafor" not in names_found(
        client, adviser, status=DirectPayment.Status.ACTIVE, payment_method=DirectPayment.PaymentMethod.VIRTUAL_WALLET
    )
    assert "Joan Okafor" in names_found(
        client, adviser, status=DirectPayment.Status.ENDED, payment_method=DirectPayment.PaymentMethod.VIRTUAL_WALLET
    )


def test_a_person_with_two_direct_payments_is_one_result_showing_the_one_that_matched(client, adviser, people):
    joan = people["joan"]
    DirectPaymentFactory(recipient=joan, status=DirectPayment.Status.ENDED, end_reason="moved_away")
    client.force_login(adviser)
    ended = client.get(URL, {"q": "Joan", "status": DirectPayment.Status.ENDED}).text
    assert ended.count("Joan Okafor") == 1
    assert "Direct payment: ended, Virtual Wallet" in ended
    newest = client.get(URL, {"q": "Joan"}).text
    assert newest.count("Joan Okafor") == 1
    assert "Direct payment: ended, Virtual Wallet" in newest  # the newest one


def test_each_result_shows_reference_postcode_area_status_and_method_and_links_to_the_record(client, adviser, people):
    client.force_login(adviser)
    text = " ".join(client.get(URL, {"q": "HCC0000101"}).text.split())
    assert "Reference HCC0000101" in text
    assert "SO23 8UJ" in text and "Winchester" in text
    assert "Direct payment: active, Virtual Wallet" in text
    assert reverse("recipients:staff_record", kwargs={"pk": people["margaret"].pk}) in text


def test_someone_without_a_direct_payment_says_so(client, adviser, people):
    client.force_login(adviser)
    assert "No direct payment yet" in client.get(URL, {"q": "Ellis Brown"}).text


def test_results_are_sorted_by_name_and_paginated_by_25(client, adviser):
    for n in range(30):
        RecipientFactory(full_name=f"Person {n:02d} Smith")
    client.force_login(adviser)
    first = names_found(client, adviser, q="smith")
    second = names_found(client, adviser, q="smith", page=2)
    assert first == [f"Person {n:02d} Smith" for n in range(25)]
    assert second == [f"Person {n:02d} Smith" for n in range(25, 30)]
    page = client.get(URL, {"q": "smith"}).text
    assert "30 people found" in page
    assert "?q=smith&amp;page=2" in page  # the next page keeps the search


def test_no_results_say_what_to_try_next(client, adviser, people):
    client.force_login(adviser)
    text = client.get(URL, {"q": "Zebedee", "area": "Winchester"}).text
    assert "No one found" in text
    assert "check the spelling" in text
    assert "first half of the postcode" in text
    assert f'href="{URL}?q=Zebedee"' in text  # remove the filters, keep the words


def test_a_practitioner_with_no_match_is_told_they_search_their_caseload(client, people):
    client.force_login(people["practitioner"])
    text = client.get(URL, {"q": "Ravi"}).text
    assert "not on your caseload" in text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "nul\x00byte"},
        {"q": "x" * 10_240},
        {"care_group": "not-a-group"},
        {"status": "<script>"},
        {"page": "-1"},
        {"page": "many"},
        {"area": "Atlantis"},
    ],
    ids=["nul", "10kB", "bad-choice", "markup", "negative-page", "word-page", "unknown-area"],
)
def test_bad_input_gets_a_message_not_an_error(client, adviser, people, params):
    client.force_login(adviser)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert ("There is a problem" in response.text) is ("page" not in params)


def test_words_searched_for_are_shown_back_as_text_not_markup(client, adviser, people):
    client.force_login(adviser)
    text = client.get(URL, {"q": "<b>Zebedee</b>"}).text
    assert "Nobody matches “&lt;b&gt;Zebedee&lt;/b&gt;”" in text


def test_a_wrong_filter_is_reported_and_the_others_still_apply(client, adviser, people):
    client.force_login(adviser)
    text = client.get(URL, {"care_group": "nonsense", "area": "Winchester"}).text
    assert "Choose a care group from the list" in text
    assert names_found(client, adviser, care_group="nonsense", area="Winchester") == ["Margaret Ellis", "Ravi Patel"]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=200), area=st.text(max_size=80), status=st.text(max_size=30))
def test_generated_searches_never_fail(client, adviser, q, area, status):
    client.force_login(adviser)
    assert client.get(URL, {"q": q, "area": area, "status": status}).status_code == 200


def test_the_page_costs_the_same_queries_for_10_and_200_people(client, adviser, make_user, queries_of):
    practitioner = make_user(Role.PRACTITIONER)

    def add(count: int) -> None:
        for _ in range(count):
            dp = DirectPaymentFactory(practitioner=practitioner, surplus_flagged=True)
            FinancialCheckupFactory(direct_payment=dp, status=FinancialCheckup.Status.DUE)
            DirectPaymentFactory(recipient=dp.recipient, status=DirectPayment.Status.ENDED, end_reason="moved_away")

    def cost(user, **params) -> int:
        client.force_login(user)
        return queries_of(lambda: client.get(URL, params))

    searches = [{}, {"q": "a"}, {"surplus_flagged": "on", "checkup_due": "on", "status": "active"}, {"page": "2"}]
    add(10)
    small = [cost(user, **params) for user in (adviser, practitioner) for params in searches]
    add(190)
    large = [cost(user, **params) for user in (adviser, practitioner) for params in searches]
    assert small == large, (small, large)


def test_staff_and_practitioners_see_find_a_person_in_the_header(client, adviser, make_user):
    for user, shown in ((adviser, True), (make_user(Role.PRACTITIONER), True), (make_user(Role.RECIPIENT), False)):
        client.force_login(user)
        page = client.get(reverse("ui:accessibility")).text
        assert (f'href="{URL}"' in page) is shown


@pytest.mark.parametrize("role", [Role.ADVISER, Role.MANAGER, Role.PRACTITIONER])
def test_dashboards_link_to_find_a_person(client, make_user, role):
    client.force_login(make_user(role))
    page = client.get(reverse("accounts:dashboard", kwargs={"role": role})).text
    assert f'href="{URL}"' in page


def test_the_area_filter_offers_each_district_once_in_order(client, adviser, people):
    RecipientFactory(area="Winchester")
    client.force_login(adviser)
    page = client.get(URL).text
    select = page[page.index('name="area"') : page.index("</select>", page.index('name="area"'))]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "Basingstoke and Deane", "Portsmouth", "Winchester"]
