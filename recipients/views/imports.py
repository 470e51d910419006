"""Bulk imports for DPSS staff: upload a CSV file, follow its progress, read its report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from dpss.exports import attachment_disposition
from dpss.ui.decorators import permission_required
from dpss.ui.service_form import ServiceFormView

from ..exports import rejected_rows_csv
from ..forms.imports import ImportUploadForm, max_upload_bytes
from ..selectors import imports as import_selectors
from ..services import imports
from .common import signed_in

RECENT_RUNS = 20
# Rejected rows listed on the page; the CSV download has every row kept with the run.
ROWS_ON_PAGE = 100
# htmx stops polling when it gets this status (the run is over).
STOP_POLLING = 286


class HtmxRequest(HttpRequest):
    """A request as `django_htmx.middleware.HtmxMiddleware` leaves it (for annotations only)."""

    htmx: HtmxDetails


class ImportListView(ServiceFormView):
    """Upload a CSV file to import, and the recent imports."""

    permission = "recipients.manage"
    http_method_names = ["get", "head", "post"]
    form_class = ImportUploadForm
    template_name = "recipients/imports/list.html"
    once_only = True
    already_sent_message = "You uploaded this file a moment ago, so it was not imported again."

    def get_form(self):
        # A body far bigger than the limit is refused from its Content-Length, before Django reads it.
        if self.request.method == "POST" and _content_length(self.request) > max_upload_bytes() + 65536:
            return ImportUploadForm(data={}, body_too_big=True)
        return super().get_form()

    def perform(self, form) -> str:
        upload = form.cleaned_data["file"]
        self.run = imports.import_run_create(
            kind=form.cleaned_data["kind"],
            name=upload.name,
            content=upload.read(),
            skip_invalid=form.cleaned_data["skip_invalid"],
            actor=signed_in(self.request),
        )
        return f"{self.run.original_name} is being checked. This page shows how it is going."

    def get_success_url(self) -> str:
        return reverse("recipients:import_detail", kwargs={"pk": self.run.pk})

    def get_context_data(self, **kwargs):
        runs = import_selectors.import_run_list(fetched_by=self.request.user)[:RECENT_RUNS]
        return super().get_context_data(runs=runs, **kwargs)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@permission_required("recipients.manage")
def import_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(import_selectors.import_run_list(fetched_by=request.user), pk=pk)
    context = {
        "run": run,
        "summary": imports.import_run_summary(run),
        "errors_shown": run.errors[:ROWS_ON_PAGE],
        "rows_on_page": ROWS_ON_PAGE,
        "worker_stopped": imports.WORKER_STOPPED,
        "restarts": imports.RESTARTS,
    }
    if request.htmx:
        status = STOP_POLLING if run.is_finished else 200
        return render(request, "recipients/imports/_progress.html", context, status=status)
    return render(request, "recipients/imports/detail.html", context)


@permission_required("recipients.manage")
def import_rejected_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(import_selectors.import_run_list(fetched_by=request.user), pk=pk)
    response = HttpResponse(rejected_rows_csv(run.errors), content_type="text/csv; charset=utf-8")
    filename = f"rows-to-fix-{run.kind}-import-{run.pk}.csv"
    response["Content-Disposition"] = attachment_disposition(filename)
    return response
