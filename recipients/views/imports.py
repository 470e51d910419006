"""Bulk imports for DPSS staff: upload a CSV file, follow its progress, read its report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from .. import selectors, services
from ..exports import rejected_rows_csv
from ..forms.imports import ImportUploadForm, max_upload_bytes

RECENT_RUNS = 20
# Rejected rows listed on the page; the CSV download has every row kept with the run.
ROWS_ON_PAGE = 100
# htmx stops polling when it gets this status (the run is over).
STOP_POLLING = 286


@permission_required("recipients.manage")
def import_list(request: HttpRequest) -> HttpResponse:
    # A body far bigger than the limit is refused from its Content-Length, before Django reads it.
    too_big = request.method == "POST" and _content_length(request) > max_upload_bytes() + 65536
    if too_big:
        form = ImportUploadForm(data={}, body_too_big=True)
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
    else:
        form = ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_run_create(
                kind=form.cleaned_data["kind"],
                name=upload.name,
                content=upload.read(),
                skip_invalid=form.cleaned_data["skip_invalid"],
                started_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{run.original_name} is being checked. This page shows how it is going.")
            return redirect("recipients:import_detail", pk=run.pk)
    runs = selectors.import_run_list(fetched_by=request.user)[:RECENT_RUNS]
    return render(request, "recipients/imports/list.html", {"form": form, "runs": runs})


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@permission_required("recipients.manage")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.import_run_list(fetched_by=request.user), pk=pk)
    context = {
        "run": run,
        "summary": services.import_run_summary(run),
        "errors_shown": run.errors[:ROWS_ON_PAGE],
        "rows_on_page": ROWS_ON_PAGE,
    }
    if request.htmx:
        status = STOP_POLLING if run.is_finished else 200
        return render(request, "recipients/imports/_progress.html", context, status=status)
    return render(request, "recipients/imports/detail.html", context)


@permission_required("recipients.manage")
def import_rejected_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.import_run_list(fetched_by=request.user), pk=pk)
    response = HttpResponse(rejected_rows_csv(run.errors), content_type="text/csv; charset=utf-8")
    filename = f"rows-to-fix-{run.kind}-import-{run.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
