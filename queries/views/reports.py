"""The managers' query reports: what people ask about and where, first contact, complaints,
satisfaction and help articles, for a period of whole months; the topic, area and month table as CSV."""

from __future__ import annotations

import csv
from io import StringIO

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dpss.exports import attachment_disposition, safe_cell
from dpss.ui.decorators import permission_required

from ..forms.reports import ReportPeriodForm
from ..selectors import reports as selectors

TEMPLATE = "queries/reports/reports.html"


def _form(request: HttpRequest) -> ReportPeriodForm:
    return ReportPeriodForm(request.GET or None, today=timezone.localdate())


@permission_required("queries.view_reports")
def reports(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    period = form.period()
    report = selectors.queries_report(start=period.start, end=period.end) if period else None
    return render(request, TEMPLATE, {"form": form, "period": period, "report": report})


@permission_required("queries.view_reports")
def reports_csv(request: HttpRequest) -> HttpResponse:
    """Queries received by month, topic and area: one row per combination with at least one query."""
    form = _form(request)
    period = form.period()
    if period is None:
        return render(request, TEMPLATE, {"form": form, "period": None, "report": None}, status=400)
    table = selectors.queries_by_topic_area_month(start=period.start, end=period.end)
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(["Month", "Topic", "Area (district)", "Queries received"])
    for cell in table.cells:
        writer.writerow([f"{cell.month:%Y-%m}", safe_cell(cell.topic), safe_cell(cell.area), cell.count])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"queries-by-topic-area-month-{period.start:%Y-%m}-to-{period.end:%Y-%m}.csv"
    response["Content-Disposition"] = attachment_disposition(filename)
    return response
