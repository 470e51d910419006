"""The managers' query reports page (`/team/queries/reports/`) and its CSV download."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from dpss.accounts.models import Role
from queries.models import Query
from tests.queries.factories import TopicFactory

pytestmark = pytest.mark.django_db

URL = reverse("queries:reports")
CSV_URL = reverse("queries:reports_csv")
# Mid-June 2026: the default period is July 2025 to June 2026.
TODAY = datetime(2026, 6, 15, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


def add_queries(count: int, *, topic, area: str = "Winchester", when: datetime = TODAY, start: int = 0) -> None:
    """Query rows as the database holds them, made in one statement (the page must not care how many)."""
    Query.objects.bulk_create(
        Query(
            reference=f"DPSS-2026-{start + n:06d}",
            requester_role=Query.RequesterRole.PUBLIC,
            requester_name="Sam Example",
            subject="A question",
            description="About my direct payment.",
            topic=topic,
            area=area,
            status=Query.Status.RESOLVED if n % 3 else Query.Status.OPEN,
            priority=Query.Priority.NORMAL,
            created_at=when,
            is_complaint=n % 7 == 0,
            first_contact_at=when if n % 2 else None,
            first_contact_business_seconds=3600 if n % 2 else None,
            first_contact_wall_seconds=3600 if n % 2 else None,
        )
        for n in range(count)
    )


def error_summary(response) -> list[str]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', response.text, re.S)
    assert summary, "no error summary on the page"
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary.group(0))]


def captions(response) -> list[str]:
    return re.findall(r'<caption class="govuk-table__caption[^"]*"(?: id="[^"]+")?>(.*?)</caption>', response.text)


# --- Who may see it ---------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.ADVISER, Role.RECIPIENT, Role.PRACTITIONER, Role.COPRODUCTION])
def test_only_managers_can_see_the_reports(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


# --- The page ---------------------------------------------------------------------------


def test_a_manager_sees_the_last_12_months_in_tables_with_captions(client, manager):
    pa = TopicFactory(slug="employing-a-pa", name="Employing a PA", order=10)
    add_queries(3, topic=pa, area="Havant")
    add_queries(2, topic=pa, area="", start=100, when=datetime(2025, 7, 1, 9, tzinfo=UTC))
    add_queries(4, topic=pa, start=200, when=datetime(2025, 6, 30, 9, tzinfo=UTC))  # before the period
    client.force_login(manager)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.text
    assert "July 2025 to June 2026" in page
    assert 'name="from_month" type="text" inputmode="numeric" autocomplete="off" value="7"' in page
    assert 'name="to_year" type="text" inputmode="numeric" autocomplete="off" value="2026"' in page
    assert captions(response) == [
        "Queries received by topic and month",
        "Queries received by area (district) and month",
        "First contact with the person who asked, by the month the query was raised",
        "Complaints for each person with a direct payment",
        "Satisfaction questions, by the month they were sent",
        "Help articles offered, opened, and whether people still asked",
    ]
    assert "5 queries received." in page
    row = re.search(
        r'<th scope="row" class="govuk-table__header dpss-break-word">Employing a PA</th>(.*?)</tr>', page, re.S
    )
    counts = re.findall(r'govuk-table__cell--numeric">(\d+)</td>', row.group(1))
    assert counts == ["2", *["0"] * 10, "3", "5"]  # July, August to May, June, and the total
    assert ">Not known</th>" in page
    assert "Jul 2025</th>" in page and "Jun 2026</th>" in page


def test_the_period_can_be_chosen_and_months_with_nothing_show_as_zero(client, manager):
    topic = TopicFactory(slug="reviews", name="Reviews")
    add_queries(2, topic=topic, when=datetime(2026, 1, 20, 9, tzinfo=UTC))
    client.force_login(manager)

    response = client.get(URL, {"from_month": "12", "from_year": "2025", "to_month": "feb", "to_year": "2026"})

    assert response.status_code == 200
    assert "December 2025 to February 2026" in response.text
    row = re.search(r'dpss-break-word">Reviews</th>(.*?)</tr>', response.text, re.S)
    assert re.findall(r'numeric">(\d+)</td>', row.group(1)) == ["0", "2", "0", "2"]
    first_contact = re.search(r'id="first-contact-caption".*?</table>', response.text, re.S).group(0)
    assert "none to count" in first_contact  # December and February have no queries to take a percentage of
    assert "50.0%" in first_contact  # one of January's two was contacted within 8 working hours


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (("6", "2026", "1", "2026"), "The period must end in the same month it starts (June 2026) or later"),
        (("1", "2024", "6", "2026"), "Choose a period of 24 months or fewer: this one is 30 months"),
        (("1", "2026", "7", "2026"), "The period must end in June 2026 or earlier"),
        (("13", "2026", "6", "2026"), "The month the period starts must be a number from 1 to 12"),
        (("1", "26", "6", "2026"), "Enter the year as 4 numbers, like 2026"),
        (("1", "1999", "6", "2026"), "Enter a year from 2000 to 2026"),
        (("", "2026", "6", "2026"), "Enter the month the period starts"),
        (("1\x00", "2026", "6", "2026"), "Enter the month as a number, like 4 for April"),
        (("1", "2026", "9" * 10_000, "2026"), "The month the period ends must be a number from 1 to 12"),
        (("1", "2026", "6", "²⁰²⁶"), "Enter the year as 4 numbers, like 2026"),
    ],
)
def test_a_period_that_needs_fixing_says_what_to_fix_and_shows_no_figures(client, manager, period, message):
    client.force_login(manager)
    params = dict(zip(["from_month", "from_year", "to_month", "to_year"], period, strict=True))

    response = client.get(URL, params)

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert response.text.count(message) == 2  # in the summary and by the fields
    assert "<title>Error: Query reports" in response.text
    assert "Correct the period to see the figures." in response.text
    assert captions(response) == []
    csv_response = client.get(CSV_URL, params)
    assert csv_response.status_code == 400
    assert error_summary(csv_response) == [message]


def test_error_summary_links_go_to_inputs_that_exist(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"from_month": "x", "from_year": "x", "to_month": "x", "to_year": "x"})
    targets = re.findall(r'<div class="govuk-error-summary".*?</ul>', response.text, re.S)[0]
    for target in re.findall(r'href="#([^"]+)"', targets):
        assert f'id="{target}"' in response.text


def test_the_page_makes_the_same_number_of_sql_queries_with_10_or_500_queries(client, manager, queries_of):
    topics = [TopicFactory(slug=slug) for slug in ("employing-a-pa", "reviews", "getting-help")]
    client.force_login(manager)
    add_queries(10, topic=topics[0])

    def page():
        assert client.get(URL).status_code == 200

    few = queries_of(page)
    for n, topic in enumerate(topics):
        add_queries(
            490 // 3 + 1,
            topic=topic,
            area=f"District {n}",
            start=1000 * (n + 1),
            when=datetime(2026, n + 1, 2, tzinfo=UTC),
        )
    assert Query.objects.count() >= 500
    assert queries_of(page) == few


# --- The CSV ----------------------------------------------------------------------------


def test_the_csv_has_a_row_per_month_topic_and_area_with_formulas_made_harmless(client, manager):
    risky = TopicFactory(slug="risky", name='=HYPERLINK("http://example.com")', order=1)
    plain = TopicFactory(slug="reviews", name="Reviews", order=2)
    add_queries(2, topic=risky, area="+44 district", when=datetime(2026, 5, 2, 9, tzinfo=UTC))
    add_queries(1, topic=plain, area="-minus", start=10, when=datetime(2026, 5, 3, 9, tzinfo=UTC))
    add_queries(1, topic=plain, area="@at", start=20)
    add_queries(1, topic=plain, area="", start=30)
    client.force_login(manager)

    response = client.get(CSV_URL, {"from_month": "5", "from_year": "2026", "to_month": "6", "to_year": "2026"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="queries-by-topic-area-month-2026-05-to-2026-06.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Month", "Topic", "Area (district)", "Queries received"],
        ["2026-05", '\'=HYPERLINK("http://example.com")', "'+44 district", "2"],
        ["2026-05", "Reviews", "'-minus", "1"],
        ["2026-06", "Reviews", "'@at", "1"],
        ["2026-06", "Reviews", "Not known", "1"],
    ]


def test_the_page_links_to_the_csv_for_the_same_period(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"from_month": "3", "from_year": "2026", "to_month": "5", "to_year": "2026"})
    assert f'href="{CSV_URL}?from_month=3&amp;from_year=2026&amp;to_month=5&amp;to_year=2026"' in response.text


def test_managers_find_the_reports_in_the_header_and_advisers_do_not(client, manager, adviser):
    link = f'href="{URL}"'
    client.force_login(manager)
    assert link in client.get(reverse("accounts:dashboard", kwargs={"role": "manager"})).text
    client.force_login(adviser)
    assert link not in client.get(reverse("accounts:dashboard", kwargs={"role": "adviser"})).text
