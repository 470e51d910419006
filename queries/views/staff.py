"""The staff query page (advisers and managers) and its actions. Views parse, call a service, go back to the page.

Each action on the query page is a POST to its own URL. A valid one redirects
back to the page with a banner; one with a mistake shows the page again with
the error summary and everything typed still there.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dpss.accounts.models import User
from dpss.accounts.types import AuthenticatedRequest
from dpss.audit.registry import mark_viewed
from dpss.ui.decorators import permission_required
from dpss.ui.responses import found_or_404
from dpss.ui.service_form import ServiceFormView

from ..forms import staff as forms
from ..models import CannedReply, Query, Team, Topic
from ..selectors import query_page as page_selectors
from ..selectors import queue as queue_selectors
from ..services import escalation, triage
from ..services.calendar import working_calendar

PERM = "queries.triage"


# --- The query page ------------------------------------------------------------------------------


class Options:
    """What the action forms offer, read only when a form needs it."""

    def __init__(self, query: Query):
        self.query = query

    @cached_property
    def canned_replies(self) -> list[CannedReply]:
        return page_selectors.canned_replies_for(query=self.query)

    @cached_property
    def choices(self) -> queue_selectors.TriageOptions:
        return queue_selectors.triage_options()

    @property
    def topics(self) -> list[tuple[str, str]]:
        return self.choices.topics

    @property
    def teams(self) -> list[tuple[str, str]]:
        return self.choices.teams

    @property
    def staff(self) -> list[tuple[str, str]]:
        return self.choices.staff


def _blank_forms(query: Query, options: Options) -> dict:
    return {
        "reply": forms.ReplyForm(canned_replies=options.canned_replies),
        "note": forms.NoteForm(),
        "contact": forms.ContactForm(),
        "status": forms.StatusForm(current=query.status),
        "priority": forms.PriorityForm(initial={"priority": query.priority}),
        "topic": forms.TopicForm(options=options.topics, initial={"topic": str(query.topic_id)}),
        "team": forms.TeamForm(options=options.teams, initial={"team": str(query.team_id or "")}),
        "assign": forms.AssignForm(options=options.staff, initial={"assignee": str(query.assignee_id or "")}),
        "merge": forms.MergeForm(),
        "complaint": forms.ComplaintForm(),
        "safeguarding": forms.SafeguardingForm(),
        "redirect": forms.RedirectForm(),
    }


def _open_query(request: AuthenticatedRequest, pk: int) -> Query:
    return found_or_404(page_selectors.staff_query_get(fetched_by=request.user, pk=pk), "No query has this number")


def _query_page(
    request: AuthenticatedRequest, query: Query, *, options: Options | None = None, bound=None, canned=None
) -> HttpResponse:
    options = options or Options(query)
    action_forms = _blank_forms(query, options)
    if bound is not None:
        action_forms[bound.prefix] = bound
    mark_viewed(request, query)
    calendar = working_calendar(closed_dates=options.choices.closed_dates)
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
        "ended": query.has_ended,
    }
    return render(request, "queries/staff/query.html", context)


@require_GET
@permission_required(PERM)
def staff_query(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _query_page(request, _open_query(request, pk))


class QueryActionView(ServiceFormView):
    """An action on the staff query page: a POST to its own URL. A valid one redirects back to the page (at
    `anchor`) with a banner; one with a mistake shows the whole page again with the bound form."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    http_method_names = ["post"]
    permission = PERM
    anchor = "timeline"

    def get_object(self) -> Query:
        query = _open_query(self.request, self.kwargs["pk"])
        self.page_options = Options(query)
        return query

    def get_success_url(self) -> str:
        url = reverse("queries:staff_query", kwargs={"pk": self.object.pk})
        return url + (f"#{self.anchor}" if self.anchor else "")

    def form_page_url(self) -> str:
        return reverse("queries:staff_query", kwargs={"pk": self.kwargs["pk"]})

    def render_page(self, form) -> HttpResponse:
        return _query_page(self.request, self.object, options=self.page_options, bound=form)


class ReplyView(QueryActionView):
    form_class = forms.ReplyForm
    once_only = True
    already_sent_message = "This reply was sent a moment ago, so it was not sent again."

    def get_form_kwargs(self) -> dict:
        return {"canned_replies": self.page_options.canned_replies}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "use_canned" in request.POST:
            return self._use_canned()
        return super().post(request, *args, **kwargs)

    def perform(self, form) -> str:
        data = form.cleaned_data
        triage.query_reply(
            query=self.object,
            body=data["body"],
            actor=self.request.user,
            canned_reply=form.canned.get(data["canned_reply"]) if data["canned_reply"] else None,
            wait_for_requester=data["after"] == forms.AFTER_WAIT,
            resolve=data["after"] == forms.AFTER_RESOLVE,
            attachments=data["attachments"],
            keep_words=data["keep_words"],
        )
        said = "Reply sent."
        if data["after"] == forms.AFTER_WAIT:
            said += " The query is waiting for the person's answer; the clock is paused."
        elif data["after"] == forms.AFTER_RESOLVE:
            said += " The query is resolved and the person will get a short question about how we did."
        return said

    def _use_canned(self) -> HttpResponse:
        """Without JavaScript: put the chosen canned reply's text in the reply box and show its article."""
        posted = forms.ReplyForm(self.request.POST, **self.get_form_kwargs())
        canned = posted.chosen_canned()
        if canned is None:
            posted.is_valid()
            posted.errors.clear()
            posted.add_error("canned_reply", "Choose a canned reply to use, or write your own reply")
            return self.render_page(posted)
        form = forms.ReplyForm(
            initial={
                "canned_reply": str(canned.pk),
                "body": canned.body,
                "after": self.request.POST.get("reply-after") or forms.AFTER_KEEP,
            },
            **self.get_form_kwargs(),
        )
        return _query_page(self.request, self.object, options=self.page_options, bound=form, canned=canned)


class NoteView(QueryActionView):
    form_class = forms.NoteForm
    once_only = True
    already_sent_message = "This note was added a moment ago, so it was not added again."

    def perform(self, form) -> str:
        triage.query_note_add(query=self.object, body=form.cleaned_data["body"], actor=self.request.user)
        return "Internal note added. The person cannot see it."


class ContactView(QueryActionView):
    form_class = forms.ContactForm

    def perform(self, form) -> str:
        data = form.cleaned_data
        triage.query_contact_log(
            query=self.object,
            kind=data["kind"],
            direction=data["direction"],
            summary=data["summary"],
            counts_as_contact=data["counts_as_contact"],
            actor=self.request.user,
        )
        what = "Phone call" if data["kind"] == "phone_call" else "Letter"
        return f"{what} logged{' as contact with the person' if data['counts_as_contact'] else ''}."


class StatusView(QueryActionView):
    form_class = forms.StatusForm

    def get_form_kwargs(self) -> dict:
        return {"current": self.object.status}

    def perform(self, form) -> str:
        data = form.cleaned_data
        updated = triage.query_status_change(
            query=self.object,
            status=data["status"],
            actor=self.request.user,
            note=data["note"],
            keep_words=data["keep_words"],
        )
        return f"Status changed to “{updated.get_status_display().lower()}”."


class PriorityView(QueryActionView):
    form_class = forms.PriorityForm
    anchor = ""

    def perform(self, form) -> str:
        updated = triage.query_priority_set(
            query=self.object, priority=form.cleaned_data["priority"], actor=self.request.user
        )
        return (
            f"Priority is now {updated.get_priority_display().lower()}. The time to answer has been worked out again."
        )


class TopicView(QueryActionView):
    form_class = forms.TopicForm
    anchor = ""

    def get_form_kwargs(self) -> dict:
        return {"options": self.page_options.topics}

    def perform(self, form) -> str:
        topic = Topic.objects.get(pk=int(form.cleaned_data["topic"]))
        updated = triage.query_topic_set(query=self.object, topic=topic, actor=self.request.user)
        return f"Topic is now “{updated.topic.name}”. The time to answer has been worked out again."


class TeamView(QueryActionView):
    form_class = forms.TeamForm
    anchor = ""

    def get_form_kwargs(self) -> dict:
        return {"options": self.page_options.teams}

    def perform(self, form) -> str:
        team = Team.objects.get(pk=int(form.cleaned_data["team"])) if form.cleaned_data["team"] else None
        triage.query_team_set(query=self.object, team=team, actor=self.request.user)
        return f"Team is now {team.name}." if team else "The query is no longer with a team."


class AssignView(QueryActionView):
    form_class = forms.AssignForm
    anchor = ""

    def get_form_kwargs(self) -> dict:
        return {"options": self.page_options.staff}

    def perform(self, form) -> str:
        chosen = form.cleaned_data["assignee"]
        assignee = User.objects.get(pk=int(chosen)) if chosen else None
        triage.query_assign(query=self.object, assignee=assignee, actor=self.request.user)
        if assignee is None:
            return "The query is no longer assigned to anyone."
        return "Assigned to you." if assignee.pk == self.request.user.pk else f"Assigned to {assignee}."


class MergeView(QueryActionView):
    form_class = forms.MergeForm

    def perform(self, form) -> str:
        reference = form.cleaned_data["into"]
        into = Query.objects.visible_to(self.request.user).filter(reference=reference).first()
        if into is None:
            raise ValidationError(
                {"into": f"There is no query with the reference {reference}. Check it and try again."}
            )
        escalation.query_merge(duplicate=self.object, into=into, actor=self.request.user)
        return f"Merged into {into.reference}. The person has been told to follow that reference."


class ComplaintView(QueryActionView):
    form_class = forms.ComplaintForm

    def perform(self, form) -> str:
        escalation.query_complaint_mark(query=self.object, actor=self.request.user, note=form.cleaned_data["note"])
        return "Marked as a complaint. The person has been told how complaints work and when to expect an answer."


class SafeguardingView(QueryActionView):
    form_class = forms.SafeguardingForm

    def perform(self, form) -> str:
        escalation.query_safeguarding_flag(query=self.object, actor=self.request.user, note=form.cleaned_data["note"])
        return "Safeguarding concern recorded. Every manager has been alerted."


class RedirectView(QueryActionView):
    form_class = forms.RedirectForm

    def perform(self, form) -> str:
        data = form.cleaned_data
        escalation.query_redirect(
            query=self.object,
            to=data["to"],
            reason=data["reason"],
            actor=self.request.user,
            keep_words=data["keep_words"],
        )
        return "The query has been sent to another service, and the person told where to go and why."


staff_reply = ReplyView.as_view()
staff_note = NoteView.as_view()
staff_contact = ContactView.as_view()
staff_status = StatusView.as_view()
staff_priority = PriorityView.as_view()
staff_topic = TopicView.as_view()
staff_team = TeamView.as_view()
staff_assign = AssignView.as_view()
staff_merge = MergeView.as_view()
staff_complaint = ComplaintView.as_view()
staff_safeguarding = SafeguardingView.as_view()
staff_redirect = RedirectView.as_view()
