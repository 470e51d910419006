"""The managers' working calendar page and its services (views/calendar.py, services/calendar.py).

The page is seen on Monday 2 November 2026: it lists 2026 and 2027.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.models import ClosureDay
from queries.services import calendar as services
from tests.queries.helpers import text

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PAGE = reverse("queries:calendar")
TODAY = datetime(2026, 11, 2, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _on_2_november_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def add(client, day: str, month: str, year: str, name: str = "Council staff training"):
    return client.post(PAGE, {"day_0": day, "day_1": month, "day_2": year, "name": name})


def bank_holiday(day: date) -> ClosureDay:
    return ClosureDay.objects.get(day=day, kind=ClosureDay.Kind.BANK_HOLIDAY)


# --- The page -----------------------------------------------------------------------------------------


def test_managers_see_this_years_and_next_years_days_off(as_manager):
    page = text(as_manager.get(PAGE))
    assert "Working calendar" in page
    assert "Monday to Friday, 9am to 5pm" in page
    assert "Days off in 2026" in page and "Days off in 2027" in page
    assert "Friday 25 December" in page and "Christmas Day" in page
    assert "Monday 31 May" in page  # Spring Bank Holiday 2027
    assert "2028" not in page


def test_a_manager_adds_a_council_closure_day(as_manager, manager):
    response = add(as_manager, "24", "12", "2026", "Council closure: Christmas Eve")
    assert response.status_code == 302 and response["Location"] == PAGE
    closure = ClosureDay.objects.get(day=date(2026, 12, 24))
    assert (closure.kind, closure.is_closed, closure.changed_by) == (ClosureDay.Kind.COUNCIL_CLOSURE, True, manager)
    page = text(as_manager.get(PAGE))
    assert "The service is closed on Thursday 24 December 2026." in page
    assert "within 5 minutes" in page
    assert "Council closure: Christmas Eve" in page
    assert date(2026, 12, 24) in services.working_calendar().closed_dates


@pytest.mark.parametrize(
    ("day", "month", "year", "name", "message"),
    [
        ("30", "10", "2026", "Training", "You cannot close on a day that has passed"),
        ("25", "12", "2026", "Training", "already closed on 25 December 2026 (Christmas Day)"),
        ("28", "11", "2026", "Training", "already closed on Saturdays"),
        ("31", "2", "2027", "Training", "Enter the date of the closure day as a real date"),
        ("", "", "", "Training", "Enter the date of the closure day"),
        ("1\x00", "12", "2026", "Training", "Enter the date of the closure day as a real date"),
        ("99999999", "12", "2026", "Training", "Enter the date of the closure day as a real date"),
        ("1", "12", "2026", "Training\x00", "Remove the unusual character"),
        ("1", "12", "2026", "x" * 10_240, "The name must be 120 characters or fewer"),
        ("1", "12", "2026", "   ", "Enter the name of the closure day"),
    ],
    ids=["past", "duplicate", "saturday", "impossible", "empty", "nul-date", "long-date", "nul", "10kB", "blank"],
)
def test_bad_input_gets_a_message_and_changes_nothing(as_manager, day, month, year, name, message):
    before = ClosureDay.objects.count()
    response = add(as_manager, day, month, year, name)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and message in page
    assert ClosureDay.objects.count() == before


def test_wrong_types_are_refused_politely(as_manager):
    response = as_manager.post(PAGE, {"day_0": ["1", "2"], "day_1": "12", "day_2": "2026", "name": ["a", "b"]})
    assert response.status_code in (200, 302)
    assert response.status_code == 200 or ClosureDay.objects.filter(day=date(2026, 12, 2)).exists()


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.text(max_size=12), month=st.text(max_size=12), year=st.text(max_size=12), name=st.text(max_size=200))
def test_generated_input_never_crashes_the_page(as_manager, day, month, year, name):
    response = add(as_manager, day, month, year, name)
    assert response.status_code in (200, 302)


def test_a_bank_holiday_can_be_marked_open_and_closed_again(as_manager, manager):
    christmas = bank_holiday(date(2026, 12, 25))
    response = as_manager.post(reverse("queries:calendar_day_open", kwargs={"pk": christmas.pk}))
    assert response.status_code == 302
    christmas.refresh_from_db()
    assert not christmas.is_closed and christmas.changed_by == manager
    assert date(2026, 12, 25) not in services.working_calendar().closed_dates
    page = text(as_manager.get(PAGE))
    assert "The service is open on Friday 25 December 2026 (Christmas Day)." in page
    assert reverse("queries:calendar_day_close", kwargs={"pk": christmas.pk}) in page
    assert reverse("queries:calendar_day_open", kwargs={"pk": christmas.pk}) not in page
    # Loading the bank holidays again leaves the manager's decision alone.
    services.bank_holidays_load()
    christmas.refresh_from_db()
    assert not christmas.is_closed
    as_manager.post(reverse("queries:calendar_day_close", kwargs={"pk": christmas.pk}))
    christmas.refresh_from_db()
    assert christmas.is_closed


def test_a_council_closure_day_can_be_removed_but_a_bank_holiday_cannot(as_manager, manager):
    closure = services.closure_day_add(day=date(2026, 12, 24), name="Christmas Eve", actor=manager)
    response = as_manager.post(reverse("queries:calendar_day_remove", kwargs={"pk": closure.pk}))
    assert response.status_code == 302
    assert not ClosureDay.objects.filter(pk=closure.pk).exists()
    assert "Christmas Eve on Thursday 24 December 2026 is removed" in text(as_manager.get(PAGE))
    christmas = bank_holiday(date(2026, 12, 25))
    as_manager.post(reverse("queries:calendar_day_remove", kwargs={"pk": christmas.pk}))
    assert ClosureDay.objects.filter(pk=christmas.pk).exists()
    assert "cannot be removed. Mark it open instead." in text(as_manager.get(PAGE))


def test_a_day_that_has_passed_cannot_be_changed(as_manager):
    may_day = bank_holiday(date(2026, 5, 4))
    as_manager.post(reverse("queries:calendar_day_open", kwargs={"pk": may_day.pk}))
    may_day.refresh_from_db()
    assert may_day.is_closed
    page = text(as_manager.get(PAGE))
    assert "You cannot change a day that has passed" in page
    assert reverse("queries:calendar_day_open", kwargs={"pk": may_day.pk}) not in page  # no button for days gone
    assert reverse("queries:calendar_day_open", kwargs={"pk": bank_holiday(date(2026, 12, 25)).pk}) in page


def test_only_managers_change_the_calendar(client, adviser):
    christmas = bank_holiday(date(2026, 12, 25))
    client.force_login(adviser)
    assert client.get(PAGE).status_code == 403
    assert add(client, "24", "12", "2026").status_code == 403
    assert client.post(reverse("queries:calendar_day_open", kwargs={"pk": christmas.pk})).status_code == 403
    christmas.refresh_from_db()
    assert christmas.is_closed and not ClosureDay.objects.filter(day=date(2026, 12, 24)).exists()
    with pytest.raises(PermissionDenied):
        services.closure_day_add(day=date(2026, 12, 24), name="Training", actor=adviser)
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_an_unknown_day_is_not_found(as_manager):
    assert as_manager.post(reverse("queries:calendar_day_open", kwargs={"pk": 999_999})).status_code == 404


def test_the_page_costs_the_same_sql_queries_with_few_or_many_days(as_manager, manager, queries_of):
    few = queries_of(lambda: as_manager.get(PAGE))
    july = [date(2027, 7, day) for day in range(1, 32)]
    for day in july:
        if day.weekday() < 5:
            services.closure_day_add(day=day, name=f"Summer closure {day.day}", actor=manager)
    many = queries_of(lambda: as_manager.get(PAGE))
    assert "Summer closure 30" in text(as_manager.get(PAGE))
    assert many == few


# --- The calendar the clocks use ---------------------------------------------------------------------


def test_the_calendar_follows_the_settings(settings):
    settings.QUERY_OPENS = "08:30"
    settings.QUERY_CLOSES = "16:30"
    settings.QUERY_WORKING_WEEKDAYS = [0, 1, 2, 3, 4, 5]
    calendar = services.working_calendar()
    assert (calendar.opens, calendar.closes) == (time(8, 30), time(16, 30))
    assert calendar.is_open(datetime(2026, 11, 7, 9, tzinfo=LONDON))  # a Saturday
    assert services.opening_hours_text() == "Monday to Saturday, 8.30am to 4.30pm"


def test_the_service_refuses_a_name_it_cannot_store(manager):
    with pytest.raises(ValidationError) as error:
        services.closure_day_add(day=date(2026, 12, 24), name="Bad\x00name", actor=manager)
    assert "unusual character" in str(error.value)
