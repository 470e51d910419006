"""The managers' "Working calendar" page: the days the service is closed, and changing them.

A change reaches the open queries' clocks through the periodic check (within 5 minutes), so the page says so.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.types import AuthenticatedRequest
from dpss.ui.service_form import ServiceButtonView, ServiceFormView

from ..forms.calendar import ClosureDayForm
from ..models import ClosureDay
from ..selectors import calendar as selectors
from ..services import calendar as services

TAKES_EFFECT = "Open queries’ due times will change to match within 5 minutes."


def _long(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class CalendarView(ServiceFormView):
    """This year's and next year's closed days, and a form to add a council closure day."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = "queries.manage"
    form_class = ClosureDayForm
    once_only = True
    template_name = "queries/calendar/calendar.html"

    def perform(self, form) -> str:
        data = form.cleaned_data
        closure = services.closure_day_add(day=data["day"], name=data["name"], actor=self.request.user)
        return f"The service is closed on {_long(closure.day)}. {TAKES_EFFECT}"

    def get_success_url(self) -> str:
        return reverse("queries:calendar")

    def get_context_data(self, **kwargs) -> dict:
        today = timezone.localdate()
        days = list(selectors.closure_days_shown(today=today))
        return {
            **kwargs,
            "years": [(year, [d for d in days if d.day.year == year]) for year in (today.year, today.year + 1)],
            "today": today,
            "hours": services.opening_hours_text(),
        }


class ClosureChangeView(ServiceButtonView):
    """A button in the calendar's table that changes one closure day, then back to the calendar saying what
    changed (or why it could not be)."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = "queries.manage"

    def get_object(self) -> ClosureDay:
        return get_object_or_404(ClosureDay, pk=self.kwargs["pk"])

    def get_success_url(self) -> str:
        return reverse("queries:calendar")


class DayOpenView(ClosureChangeView):
    def perform(self, form) -> str:
        services.bank_holiday_open(closure_day=self.object, actor=self.request.user)
        return f"The service is open on {_long(self.object.day)} ({self.object.name}). {TAKES_EFFECT}"


class DayCloseView(ClosureChangeView):
    def perform(self, form) -> str:
        services.bank_holiday_close(closure_day=self.object, actor=self.request.user)
        return f"The service is closed on {_long(self.object.day)} ({self.object.name}). {TAKES_EFFECT}"


class DayRemoveView(ClosureChangeView):
    def perform(self, form) -> str:
        services.closure_day_remove(closure_day=self.object, actor=self.request.user)
        return (
            f"{self.object.name} on {_long(self.object.day)} is removed: the service is open that day. {TAKES_EFFECT}"
        )


calendar = CalendarView.as_view()
calendar_day_open = DayOpenView.as_view()
calendar_day_close = DayCloseView.as_view()
calendar_day_remove = DayRemoveView.as_view()
