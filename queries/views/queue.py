"""The staff queue (advisers and managers): the filtered list, what is due first, and assigning many at once."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dpss.accounts.models import User
from dpss.accounts.types import AuthenticatedRequest
from dpss.ui.decorators import permission_required
from dpss.ui.responses import found_or_404
from dpss.ui.service_form import ServiceFormView

from ..forms import staff as forms
from ..models import Query
from ..selectors import queue as queue_selectors
from ..selectors import queue_search
from ..selectors import queue_table as table_selectors
from ..services import triage
from ..services.calendar import working_calendar

PAGE_SIZES = (25, 50, 100)
PERM = "queries.triage"
QUEUE_KEYS = (
    "status",
    "topic",
    "team",
    "assignee",
    "priority",
    "area",
    "sla_state",
    "due",
    "requester_role",
    "complaint",
    "safeguarding",
    "search",
    "size",
    "page",
)
FILTER_SELECTS = ("status", "topic", "team", "assignee", "priority", "area", "sla_state", "due", "requester_role")


# --- The queue ---------------------------------------------------------------------------------


def _page_size(value) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _queue_params(data: QueryDict) -> QueryDict:
    """Only the queue's own parameters, so a return address can hold nothing else."""
    params = QueryDict(mutable=True)
    for key in QUEUE_KEYS:
        values = [v for v in data.getlist(key) if isinstance(v, str) and len(v) <= 100 and "\x00" not in v][:1]
        if values:
            params.setlist(key, values)
    return params


def _queue_page(request: AuthenticatedRequest, *, params: QueryDict, bulk_form=None) -> HttpResponse:
    options = queue_selectors.triage_options()
    filter_form = forms.QueueFilterForm(params or None, options=options)
    filters = filter_form.filters() if params else queue_selectors.QueueFilters()
    size = _page_size(params.get("size"))
    bulk = bulk_form or forms.BulkAssignForm(staff=options.staff)
    page = table_selectors.queue_table(
        fetched_by=request.user,
        filters=filters,
        page=params.get("page"),
        page_size=size,
        now=timezone.now(),
        calendar=working_calendar(closed_dates=options.closed_dates),
        checked=bulk["selected"].value() if bulk.is_bound else (),
        box_name=bulk["selected"].html_name,
    )
    back = _queue_params(params)
    back.pop("page", None)
    # The selects' options are worked out here, once, so the template only prints them.
    selects = {name: table_selectors.select_options(filter_form[name]) for name in FILTER_SELECTS}
    context = {
        "form": bulk_form if bulk_form is not None and bulk_form.errors else filter_form,
        "filter_form": filter_form,
        "selects": selects,
        "bulk_form": bulk,
        "bulk_assignee_options": table_selectors.select_options(bulk["assignee"]),
        "selected_name": bulk["selected"].html_name,
        "filters": filters,
        "page": page,
        "size": size,
        "sizes": PAGE_SIZES,
        "back": _queue_params(params).urlencode(),
        "filters_query": back.urlencode(),
    }
    return render(request, "queries/staff/queue.html", context)


@require_GET
@permission_required(PERM)
def staff_queue(request: AuthenticatedRequest) -> HttpResponse:
    return _queue_page(request, params=_queue_params(request.GET))


@require_GET
@permission_required(PERM)
def staff_query_by_reference(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """/team/queries/DPSS-2026-000013/ (as people read a reference out or paste it): on to the query's page."""
    pk = found_or_404(
        queue_search.query_pk_by_reference(fetched_by=request.user, reference=reference),
        "No query has this reference",
    )
    return redirect("queries:staff_query", pk=pk)


class BulkAssignView(ServiceFormView):
    """Assign the ticked queries to one person (or to nobody), then back to the queue as it was filtered."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    http_method_names = ["post"]
    permission = PERM
    form_class = forms.BulkAssignForm

    def get_object(self) -> QueryDict:
        # The queue's filters and page, to go back to (or to show again with a mistake).
        return _queue_params(QueryDict(str(self.request.POST.get("bulk-back", ""))[:1000]))

    def get_form_kwargs(self) -> dict:
        return {"staff": queue_selectors.triage_options().staff}

    def perform(self, form) -> str:
        chosen = form.cleaned_data["assignee"]
        assignee = None if chosen == queue_selectors.ASSIGNEE_NOBODY else User.objects.get(pk=int(chosen))
        queries = list(Query.objects.visible_to(self.request.user).filter(pk__in=form.cleaned_data["selected"]))
        changed = triage.queries_assign_many(queries=queries, assignee=assignee, actor=self.request.user)
        who = str(assignee) if assignee else "nobody"
        if not changed:
            messages.info(self.request, f"Nothing changed: the chosen queries were already assigned to {who}.")
            return ""
        return f"{changed} {'query' if changed == 1 else 'queries'} assigned to {who}."

    def get_success_url(self) -> str:
        url = reverse("queries:staff_queue")
        return f"{url}?{self.object.urlencode()}" if self.object else url

    def render_page(self, form) -> HttpResponse:
        return _queue_page(self.request, params=self.object, bulk_form=form)


staff_bulk_assign = BulkAssignView.as_view()
