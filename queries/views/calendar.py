"""The managers' "Working calendar" page: the days the service is closed, and changing them.

A change reaches the open queries' clocks through the periodic check (within 5 minutes), so the page says so.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from ..forms.calendar import ClosureDayForm
from ..models import ClosureDay
from ..selectors import calendar as selectors
from ..services import calendar as services

TAKES_EFFECT = "Open queries’ due times will change to match within 5 minutes."


def _long(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def calendar(request: HttpRequest) -> HttpResponse:
    """This year's and next year's closed days, and a form to add a council closure day."""
    form = ClosureDayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.closure_day_add(
                day=form.cleaned_data["day"], name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The service is closed on {_long(closure.day)}. {TAKES_EFFECT}")
            return redirect("queries:calendar")
    today = timezone.localdate()
    days = list(selectors.closure_days_shown(today=today))
    context = {
        "form": form,
        "years": [(year, [d for d in days if d.day.year == year]) for year in (today.year, today.year + 1)],
        "today": today,
        "hours": services.opening_hours_text(),
    }
    return render(request, "queries/calendar/calendar.html", context)


def _closure_change(name: str, change: Callable[..., object], said: Callable[[ClosureDay], str]):
    """A POST-only managers' view that makes `change` to one closure day, then goes back to the calendar
    saying `said` (or why the change could not be made)."""

    @require_POST
    @permission_required("queries.manage")
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        closure = get_object_or_404(ClosureDay, pk=pk)
        try:
            change(closure_day=closure, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{said(closure)} {TAKES_EFFECT}")
        return redirect("queries:calendar")

    view.__name__ = view.__qualname__ = name
    return view


calendar_day_open = _closure_change(
    "calendar_day_open",
    services.bank_holiday_open,
    lambda closure: f"The service is open on {_long(closure.day)} ({closure.name}).",
)
calendar_day_close = _closure_change(
    "calendar_day_close",
    services.bank_holiday_close,
    lambda closure: f"The service is closed on {_long(closure.day)} ({closure.name}).",
)
calendar_day_remove = _closure_change(
    "calendar_day_remove",
    services.closure_day_remove,
    lambda closure: f"{closure.name} on {_long(closure.day)} is removed: the service is open that day.",
)
