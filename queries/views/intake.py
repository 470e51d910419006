"""Logging a query that came by phone, email, letter or in person (advisers and managers).

A GET shows the form, with today's date and the time now filled in. A POST
with a mistake shows the form again with the error summary and everything
typed still there; a good one goes to the new query's page, with a banner
giving the reference to read to the person.
"""

from __future__ import annotations

from django.urls import reverse

from dpss.accounts.types import AuthenticatedRequest
from dpss.ui.service_form import ServiceFormView

from ..forms.intake import LogQueryForm
from ..models import Query, Topic
from ..selectors.queue import triage_options
from ..services.intake import SPOKEN, query_log


def _logged_words(query) -> str:
    """The banner: the reference, and what to do with it."""
    said = f"Query logged. Its reference is {query.reference}."
    if query.channel in SPOKEN:
        said += " Read the reference to them, so they can quote it if they get in touch again."
    if query.reply_by == Query.ReplyBy.EMAIL:
        said += " They have been emailed an acknowledgement with the reference."
    else:
        said += " They have not been emailed: give them the reference when you reply."
    return said


class LogQueryView(ServiceFormView):
    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = "queries.triage"
    form_class = LogQueryForm
    template_name = "queries/staff/log_query.html"
    once_only = True
    already_sent_message = "This query was logged a moment ago, so it was not logged again."

    def get_form_kwargs(self) -> dict:
        return {"topics": triage_options().topics, "fetched_by": self.request.user}

    def perform(self, form) -> str:
        data = form.cleaned_data
        topic = Topic.objects.filter(pk=int(data["topic"])).first() if data["topic"] else None
        as_typed = {name: data[name] for name in form.SERVICE_TAKES_AS_TYPED}
        self.query = query_log(actor=self.request.user, about=form.about, topic=topic, **as_typed)
        return _logged_words(self.query)

    def get_success_url(self) -> str:
        return reverse("queries:staff_query", kwargs={"pk": self.query.pk})


staff_log_query = LogQueryView.as_view()
