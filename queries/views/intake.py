"""Logging a query that came by phone, email, letter or in person (advisers and managers).

A GET shows the form, with today's date and the time now filled in. A POST
with a mistake shows the form again with the error summary and everything
typed still there; a good one goes to the new query's page, with a banner
giving the reference to read to the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from ..forms.intake import LogQueryForm
from ..models import ReplyBy, Topic
from ..selectors.queue import triage_options
from ..services.intake import SPOKEN, query_log

PERM = "queries.triage"
# Where a service's message about a value goes on this form.
RENAME = {"received_at": "received_on", "about": "council_reference"}


def _log(request: HttpRequest, form: LogQueryForm):
    data = form.cleaned_data
    topic = Topic.objects.filter(pk=int(data["topic"])).first() if data["topic"] else None
    return query_log(
        logged_by=request.user,
        channel=data["channel"],
        received_at=data["received_at"],
        requester_role=data["requester_role"],
        requester_name=data["requester_name"],
        requester_email=data["requester_email"],
        requester_phone=data["requester_phone"],
        reply_by=data["reply_by"],
        about=form.about,
        subject=data["subject"],
        description=data["description"],
        topic=topic,
        priority=data["priority"],
        consent_noted=data["consent_noted"],
        talked_through=data["talked_through"],
    )


def _logged_words(query) -> str:
    """The banner: the reference, and what to do with it."""
    said = f"Query logged. Its reference is {query.reference}."
    if query.channel in SPOKEN:
        said += " Read the reference to them, so they can quote it if they get in touch again."
    if query.reply_by == ReplyBy.EMAIL:
        said += " They have been emailed an acknowledgement with the reference."
    else:
        said += " They have not been emailed: give them the reference when you reply."
    return said


@require_http_methods(["GET", "POST"])
@permission_required(PERM)
def staff_log_query(request: HttpRequest) -> HttpResponse:
    topics = triage_options().topics
    if request.method == "POST":
        form = LogQueryForm(request.POST, topics=topics, fetched_by=request.user)
        if form.is_valid():
            try:
                query = _log(request, form)
            except ValidationError as error:
                add_service_errors(form, error, rename=RENAME)
            else:
                messages.success(request, _logged_words(query))
                return redirect(reverse("queries:staff_query", kwargs={"pk": query.pk}))
    else:
        form = LogQueryForm(topics=topics, fetched_by=request.user)
    return render(request, "queries/staff/log_query.html", {"form": form})
