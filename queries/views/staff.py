"""The staff queue and query page (advisers and managers). Views parse, call a service, go back to the page.

Each action on the query page is a POST to its own URL. A valid one redirects
back to the page with a banner; one with a mistake shows the page again with
the error summary and everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dpss.accounts.models import User
from dpss.audit.registry import mark_viewed
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from ..forms import staff as forms
from ..models import TERMINAL_STATUSES, Query, Team, Topic
from ..selectors import query_page as page_selectors
from ..selectors import queue as queue_selectors
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
    "requester_role",
    "complaint",
    "safeguarding",
    "size",
    "page",
)
FILTER_SELECTS = ("status", "topic", "team", "assignee", "priority", "area", "sla_state", "requester_role")


def _calendar(options):
    return working_calendar(closed_dates=options.closed_dates)


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


def _queue_page(request: HttpRequest, *, params: QueryDict, bulk_form=None) -> HttpResponse:
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
        calendar=_calendar(options),
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
def staff_queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, params=_queue_params(request.GET))


@require_POST
@permission_required(PERM)
def staff_bulk_assign(request: HttpRequest) -> HttpResponse:
    form = forms.BulkAssignForm(request.POST, staff=queue_selectors.triage_options().staff)
    params = _queue_params(QueryDict(str(request.POST.get("bulk-back", ""))[:1000]))
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = None if chosen == queue_selectors.ASSIGNEE_NOBODY else User.objects.get(pk=int(chosen))
        queries = list(Query.objects.visible_to(request.user).filter(pk__in=form.cleaned_data["selected"]))
        try:
            changed = triage.queries_assign_many(queries=queries, assignee=assignee, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            who = str(assignee) if assignee else "nobody"
            if changed:
                messages.success(request, f"{changed} {'query' if changed == 1 else 'queries'} assigned to {who}.")
            else:
                messages.info(request, f"Nothing changed: the chosen queries were already assigned to {who}.")
            url = reverse("queries:staff_queue")
            return redirect(f"{url}?{params.urlencode()}" if params else url)
    return _queue_page(request, params=params, bulk_form=form)


# --- The query page ------------------------------------------------------------------------------


class Options:
    """What the action forms offer, read only when a form needs it."""

    def __init__(self, query: Query):
        self.query = query

    @cached_property
    def canned_replies(self):
        return page_selectors.canned_replies_for(query=self.query)

    @cached_property
    def choices(self) -> queue_selectors.TriageOptions:
        return queue_selectors.triage_options()

    @property
    def topics(self):
        return self.choices.topics

    @property
    def teams(self):
        return self.choices.teams

    @property
    def staff(self):
        return self.choices.staff


def _blank_forms(query: Query, options: Options) -> dict:
    return {
        "reply": forms.ReplyForm(canned_replies=options.canned_replies),
        "note": forms.NoteForm(),
        "contact": forms.ContactForm(),
        "status": forms.StatusForm(current=query.status),
        "priority": forms.PriorityForm(initial={"priority": query.priority}),
        "topic": forms.TopicForm(topics=options.topics, initial={"topic": str(query.topic_id)}),
        "team": forms.TeamForm(teams=options.teams, initial={"team": str(query.team_id or "")}),
        "assign": forms.AssignForm(staff=options.staff, initial={"assignee": str(query.assignee_id or "")}),
        "merge": forms.MergeForm(),
        "complaint": forms.ComplaintForm(),
        "safeguarding": forms.SafeguardingForm(),
        "redirect": forms.RedirectForm(),
    }


def _open_query(request: HttpRequest, pk: int) -> Query:
    query = page_selectors.staff_query_get(fetched_by=request.user, pk=pk)
    if query is None:
        raise Http404("No query has this number")
    return query


def _query_page(
    request: HttpRequest, query: Query, *, options: Options | None = None, bound=None, canned=None
) -> HttpResponse:
    options = options or Options(query)
    action_forms = _blank_forms(query, options)
    if bound is not None:
        action_forms[bound.prefix] = bound
    mark_viewed(request, query)
    calendar = _calendar(options.choices)
    timeline = page_selectors.query_timeline(query=query, fetched_by=request.user)
    for event in timeline:
        event.title = page_selectors.timeline_title(event)
    context = {
        "query": query,
        "timeline": timeline,
        "merged_here": page_selectors.queries_merged_into(query=query),
        "forms": action_forms,
        "form": bound if bound is not None and bound.errors else None,
        "canned": canned,
        "clocks": page_selectors.clock_facts(query=query, now=timezone.now(), calendar=calendar),
        "finished": query.is_finished,
        "ended": query.status in TERMINAL_STATUSES,
    }
    return render(request, "queries/staff/query.html", context)


@require_GET
@permission_required(PERM)
def staff_query(request: HttpRequest, pk: int) -> HttpResponse:
    return _query_page(request, _open_query(request, pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    make_form: Callable[[Query, Options], object],
    act: Callable[[Query, dict, object], str],
    anchor: str = "",
) -> HttpResponse:
    """One action: a valid form and a service that agrees redirect back with a banner; else the page again."""
    query = _open_query(request, pk)
    options = Options(query)
    form = make_form(query, options)
    if form.is_valid():
        try:
            confirmation = act(query, form.cleaned_data, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, confirmation)
            return redirect(reverse("queries:staff_query", kwargs={"pk": query.pk}) + (f"#{anchor}" if anchor else ""))
    return _query_page(request, query, options=options, bound=form)


def _posted(request: HttpRequest, form_class, **kwargs):
    return form_class(request.POST, request.FILES, **kwargs)


@require_POST
@permission_required(PERM)
def staff_reply(request: HttpRequest, pk: int) -> HttpResponse:
    if "use_canned" in request.POST:
        return _use_canned(request, pk)

    def act(query: Query, data: dict, form) -> str:
        canned = form.canned.get(data["canned_reply"]) if data["canned_reply"] else None
        triage.query_reply(
            query=query,
            body=data["body"],
            by=request.user,
            canned_reply=canned,
            wait_for_requester=data["after"] == forms.AFTER_WAIT,
            resolve=data["after"] == forms.AFTER_RESOLVE,
            attachments=data["attachments"],
        )
        said = "Reply sent."
        if data["after"] == forms.AFTER_WAIT:
            said += " The query is waiting for the person's answer; the clock is paused."
        elif data["after"] == forms.AFTER_RESOLVE:
            said += " The query is resolved and the person will get a short question about how we did."
        return said

    return _act(
        request,
        pk,
        make_form=lambda q, o: _posted(request, forms.ReplyForm, canned_replies=o.canned_replies),
        act=act,
        anchor="timeline",
    )


def _use_canned(request: HttpRequest, pk: int) -> HttpResponse:
    """Without JavaScript: put the chosen canned reply's text in the reply box and show its article."""
    query = _open_query(request, pk)
    options = Options(query)
    posted = forms.ReplyForm(request.POST, canned_replies=options.canned_replies)
    canned = posted.chosen_canned()
    if canned is None:
        posted.is_valid()
        posted.errors.clear()
        posted.add_error("canned_reply", "Choose a canned reply to use, or write your own reply")
        return _query_page(request, query, options=options, bound=posted)
    form = forms.ReplyForm(
        initial={
            "canned_reply": str(canned.pk),
            "body": canned.body,
            "after": request.POST.get("reply-after") or forms.AFTER_KEEP,
        },
        canned_replies=options.canned_replies,
    )
    return _query_page(request, query, options=options, bound=form, canned=canned)


def _simple_action(form_class, act, *, anchor: str = "timeline", **form_kwargs):
    """A view for an action whose form needs nothing but the posted data (or one of the page's options)."""

    @require_POST
    @permission_required(PERM)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        def make(query: Query, options: Options):
            extra = {name: getattr(options, attr) for name, attr in form_kwargs.items()}
            if form_class is forms.StatusForm:
                extra["current"] = query.status
            return _posted(request, form_class, **extra)

        return _act(request, pk, make_form=make, act=lambda q, d, f: act(request, q, d, f), anchor=anchor)

    return view


def _note(request, query, data, form) -> str:
    triage.query_note_add(query=query, body=data["body"], by=request.user)
    return "Internal note added. The person cannot see it."


def _contact(request, query, data, form) -> str:
    triage.query_contact_log(
        query=query,
        kind=data["kind"],
        direction=data["direction"],
        summary=data["summary"],
        counts_as_contact=data["counts_as_contact"],
        by=request.user,
    )
    what = "Phone call" if data["kind"] == "phone_call" else "Letter"
    return f"{what} logged{' as contact with the person' if data['counts_as_contact'] else ''}."


def _status(request, query, data, form) -> str:
    updated = triage.query_status_change(query=query, status=data["status"], by=request.user, note=data["note"])
    return f"Status changed to “{updated.get_status_display().lower()}”."


def _priority(request, query, data, form) -> str:
    updated = triage.query_priority_set(query=query, priority=data["priority"], by=request.user)
    return f"Priority is now {updated.get_priority_display().lower()}. The time to answer has been worked out again."


def _topic(request, query, data, form) -> str:
    updated = triage.query_topic_set(query=query, topic=Topic.objects.get(pk=int(data["topic"])), by=request.user)
    return f"Topic is now “{updated.topic.name}”. The time to answer has been worked out again."


def _team(request, query, data, form) -> str:
    team = Team.objects.get(pk=int(data["team"])) if data["team"] else None
    triage.query_team_set(query=query, team=team, by=request.user)
    return f"Team is now {team.name}." if team else "The query is no longer with a team."


def _assign(request, query, data, form) -> str:
    assignee = User.objects.get(pk=int(data["assignee"])) if data["assignee"] else None
    triage.query_assign(query=query, assignee=assignee, by=request.user)
    if assignee is None:
        return "The query is no longer assigned to anyone."
    return (
        "Assigned to you." if assignee.pk == request.user.pk else f"Assigned to {assignee}."
    )


def _merge(request, query, data, form) -> str:
    into = Query.objects.visible_to(request.user).filter(reference=data["into"]).first()
    if into is None:
        raise ValidationError({"into": f"There is no query with the reference {data['into']}. Check it and try again."})
    triage.query_merge(duplicate=query, into=into, by=request.user)
    return f"Merged into {into.reference}. The person has been told to follow that reference."


def _complaint(request, query, data, form) -> str:
    triage.query_complaint_mark(query=query, by=request.user, note=data["note"])
    return "Marked as a complaint. The person has been told how complaints work and when to expect an answer."


def _safeguarding(request, query, data, form) -> str:
    triage.query_safeguarding_flag(query=query, by=request.user, note=data["note"])
    return "Safeguarding concern recorded. Every manager has been alerted."


def _redirect(request, query, data, form) -> str:
    triage.query_redirect(query=query, to=data["to"], reason=data["reason"], by=request.user)
    return "The query has been sent to another service, and the person told where to go and why."


staff_note = _simple_action(forms.NoteForm, _note)
staff_contact = _simple_action(forms.ContactForm, _contact)
staff_status = _simple_action(forms.StatusForm, _status)
staff_priority = _simple_action(forms.PriorityForm, _priority, anchor="")
staff_topic = _simple_action(forms.TopicForm, _topic, anchor="", topics="topics")
staff_team = _simple_action(forms.TeamForm, _team, anchor="", teams="teams")
staff_assign = _simple_action(forms.AssignForm, _assign, anchor="", staff="staff")
staff_merge = _simple_action(forms.MergeForm, _merge)
staff_complaint = _simple_action(forms.ComplaintForm, _complaint)
staff_safeguarding = _simple_action(forms.SafeguardingForm, _safeguarding)
staff_redirect = _simple_action(forms.RedirectForm, _redirect)
