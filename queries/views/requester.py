"""The person's own queries: the list, one query with its public timeline, replying, withdrawing, files, survey.

A signed-in person reaches a query through `Query.objects.visible_to`
(another person's query is 404, as if it did not exist); someone without an
account only through the link with its token. Who may reply and who may
withdraw is in queries/rules.py. A requester who asked as a representative
whose authority has ended sees the query only up to that moment, and is told
so (docs/domain.md#queries-about-a-person). Each view of a query is one
audit entry. Staff see the same page read-only; they answer from the queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dpss.accounts.models import User
from dpss.accounts.rules import is_dpss_staff
from dpss.audit.registry import mark_viewed
from dpss.ui.responses import found_or_404, stored_file_download
from dpss.ui.service_form import ServiceFormView

from ..forms.requester import ReplyForm, SurveyForm, WithdrawForm
from ..models import Query, QueryEvent
from ..selectors import requester as selectors
from ..services.requester import ended_message, query_requester_reply, query_withdraw
from ..services.survey import EXPIRED, UNKNOWN, USED, survey_answer, survey_check

PAGE_SIZE = 25
AUTHORITY_ENDED = (
    "Your authority for the person this query is about has ended, so you can no longer reply to it or "
    "withdraw it. Contact us if you need to."
)


@login_required
@require_GET
def my_queries(request: HttpRequest) -> HttpResponse:
    """The queries this person may see, newest first. Staff work from the queue instead."""
    if is_dpss_staff(request.user):
        try:
            return redirect(reverse("queries:staff_queue"))
        except NoReverseMatch:
            raise PermissionDenied("Staff see queries in the queue.") from None
    page = Paginator(selectors.my_queries(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    authority = selectors.authority_of(user=request.user)
    rows = []
    for query in page:
        ended_at = selectors.authority_ended_at(query=query, user=request.user, authority=authority)
        rows.append(
            {
                "query": query,
                # What happened after their authority ended is not theirs to see, not even as a status.
                "status": AUTHORITY_ENDED_STATUS if ended_at else selectors.status_words(query.status),
                "updated_at": min(query.updated_at, ended_at) if ended_at else query.updated_at,
                "about": (
                    query.about.full_name if query.about is not None and query.about.user_id != request.user.pk else ""
                ),
            }
        )
    return render(request, "queries/requester/list.html", {"page": page, "rows": rows})


AUTHORITY_ENDED_STATUS = "Your authority ended"


def _entries(query: Query, *, viewer, token: str, until: datetime | None = None) -> list[dict]:
    """The public timeline in words for the person who asked ("You asked", "Our reply"), up to `until`."""
    entries = []
    for event in selectors.public_timeline(query=query, until=until):
        mine = (token and event.author_id is None) or (viewer is not None and event.author_id == viewer.pk)
        someone = (event.author.full_name or "Someone") if event.author is not None else "Someone"
        if event.kind == QueryEvent.Kind.RAISED:
            title = "You asked" if mine or token else f"{query.requester_name} asked"
        elif event.kind == QueryEvent.Kind.REQUESTER_REPLY:
            title = "You replied" if mine else f"{someone} replied"
        elif event.kind == QueryEvent.Kind.ACKNOWLEDGED:
            title = "We confirmed we have your question"
        elif event.kind == QueryEvent.Kind.STATUS:
            title = f"Status: {selectors.status_words(event.new_value).lower()}"
        else:
            title = "Our reply"
        entries.append({"event": event, "title": title})
    return entries


def _links(query: Query, token: str) -> dict[str, str]:
    if token:
        return {
            "page": reverse("queries:query_link", kwargs={"token": token}),
            "withdraw": reverse("queries:query_link_withdraw", kwargs={"token": token}),
        }
    return {
        "page": reverse("queries:query_detail", kwargs={"reference": query.reference}),
        "withdraw": reverse("queries:query_withdraw", kwargs={"reference": query.reference}),
    }


def _visible(request: HttpRequest, reference: str) -> Query:
    return found_or_404(selectors.query_for_requester(user=request.user, reference=reference), "No such query")


def _by_token(token: str) -> Query:
    return found_or_404(selectors.query_for_token(token=token), "No such query")


class RequesterQueryView(ServiceFormView):
    """A query page for the person who asked: by reference when signed in (`Query.objects.visible_to`), else by
    the link's token. Anyone else's query is 404; staff see it read-only."""

    http_method_names = ["get", "head", "post"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        self.token = kwargs.get("token", "")
        self.login_required = not self.token  # the link is for someone without an account
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> Query:
        return _by_token(self.token) if self.token else _visible(self.request, self.kwargs["reference"])

    @cached_property
    def staff(self) -> bool:
        return self.request.user.is_authenticated and is_dpss_staff(self.request.user)

    @cached_property
    def may_act(self) -> bool:
        """Whoever holds the link may answer; a signed-in person as `queries.answer` says (rules.py)."""
        return bool(self.token) or self.request.user.has_perm("queries.answer", self.object)

    @cached_property
    def may_withdraw(self) -> bool:
        """Whoever holds the link (they asked); a signed-in person as `queries.withdraw` says: the requester."""
        return bool(self.token) or self.request.user.has_perm("queries.withdraw", self.object)

    @cached_property
    def authority_ended_at(self) -> datetime | None:
        """When the authority this requester asked with ended; they see nothing after it (None: not so)."""
        if self.token or self.staff:
            return None
        return selectors.authority_ended_at(query=self.object, user=self.request.user)

    @property
    def actor(self) -> User | None:
        """Who acts: nobody for whoever holds the link, else the person signed in."""
        if self.token:
            return None
        user = self.request.user
        assert isinstance(user, User)  # without a link, dispatch() had them sign in first
        return user

    @cached_property
    def links(self) -> dict[str, str]:
        return _links(self.object, self.token)

    def get_success_url(self) -> str:
        return self.links["page"]


class QueryDetailView(RequesterQueryView):
    """The query with its public timeline; a POST is the person's reply."""

    form_class = ReplyForm
    once_only = True
    already_sent_message = "We have this reply already: you sent it a moment ago, so it was not sent again."

    def form_is_offered(self) -> bool:
        return not self.staff and not self.object.has_ended and self.may_act

    def post_not_offered(self) -> HttpResponse:
        if self.staff:
            raise PermissionDenied("Staff reply from the staff page of the query.")
        if self.authority_ended_at is not None:
            raise PermissionDenied(AUTHORITY_ENDED)
        if not self.may_act:
            raise PermissionDenied("You may read this query but not answer it for the person.")
        messages.info(self.request, ended_message(self.object))
        return redirect(self.links["page"])

    def perform(self, form) -> str:
        query_requester_reply(
            query=self.object,
            body=form.cleaned_data["body"],
            actor=self.actor,
            attachments=form.cleaned_data["attachments"],
        )
        return "Thank you. We have your reply and will answer it as soon as we can."

    def render_page(self, form) -> HttpResponse:
        query, token, request = self.object, self.token, self.request
        mark_viewed(request, query)
        viewer = request.user if request.user.is_authenticated and not token else None
        ended_at = self.authority_ended_at
        timeline = _entries(query, viewer=viewer, token=token, until=ended_at)
        status = selectors.status_at([entry["event"] for entry in timeline]) if ended_at else query.status
        context = {
            "query": query,
            "timeline": timeline,
            "status": selectors.status_words(status),
            "form": form,
            "token": token,
            "links": self.links,
            "staff": self.staff,
            # The last day the authority held (it ends at the start of the next day).
            "authority_ended_on": timezone.localtime(ended_at - timedelta(microseconds=1)).date() if ended_at else None,
            "read_only": not self.staff and not self.may_act and ended_at is None,
            "may_withdraw": not self.staff and not query.is_finished and self.may_withdraw,
            "ended_message": (
                ended_message(
                    query,
                    ask=format_html('<a class="govuk-link" href="{}">ask a new question</a>', reverse("queries:ask")),
                )
                if query.has_ended and ended_at is None
                else ""
            ),
        }
        return render(request, "queries/requester/detail.html", context)


class WithdrawView(RequesterQueryView):
    form_class = WithdrawForm

    def turn_away(self) -> HttpResponse | None:
        if self.staff:
            raise PermissionDenied("Staff change a query's status from the staff page.")
        if self.authority_ended_at is not None:
            raise PermissionDenied(AUTHORITY_ENDED)
        if not self.may_withdraw:
            raise PermissionDenied("Only the person who asked can withdraw this query.")
        if self.object.is_finished:
            messages.info(
                self.request,
                f"This query is already {self.object.get_status_display().lower()}. There is nothing to withdraw.",
            )
            return redirect(self.links["page"])
        return None

    def perform(self, form) -> str:
        query_withdraw(query=self.object, actor=self.actor, reason=form.cleaned_data["reason"])
        return f"You have withdrawn query {self.object.reference}. We will not work on it any more."

    def render_page(self, form) -> HttpResponse:
        mark_viewed(self.request, self.object, detail={"action": "withdraw"})
        context = {"query": self.object, "form": form, "links": self.links}
        return render(self.request, "queries/requester/withdraw.html", context)


query_detail = QueryDetailView.as_view()
query_link = never_cache(QueryDetailView.as_view())
query_withdraw_page = WithdrawView.as_view()
query_link_withdraw = never_cache(WithdrawView.as_view())


def _download(request: HttpRequest, query: Query, pk: int) -> FileResponse:
    user = request.user if request.user.is_authenticated else None
    until = selectors.authority_ended_at(query=query, user=user) if user is not None else None
    attachment = found_or_404(selectors.attachment_for(query=query, pk=pk, user=user, until=until), "No such file")
    response = stored_file_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type, missing="No such file"
    )
    mark_viewed(request, attachment, detail={"query": query.reference, "action": "download"})
    return response


@login_required
@require_GET
def attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _download(request, _visible(request, reference), pk)


@never_cache
@require_GET
def attachment_link(request: HttpRequest, token: str, pk: int) -> FileResponse:
    return _download(request, _by_token(token), pk)


# A link that cannot be used gets a page that says why, with the right status.
UNAVAILABLE_STATUS = {UNKNOWN: 404, EXPIRED: 410, USED: 200}


class SurveyView(ServiceFormView):
    """One question, "How satisfied are you with the help you got?", and an optional comment."""

    http_method_names = ["get", "head", "post"]
    form_class = SurveyForm
    once_only = True
    gone: ValidationError | None = None

    def get_object(self):
        return selectors.survey_lookup(token=self.kwargs["token"])

    def turn_away(self) -> HttpResponse | None:
        try:
            survey_check(self.object)
        except ValidationError as error:
            return _survey_unavailable(self.request, error)
        return None

    def perform(self, form) -> str:
        try:
            survey_answer(token=self.kwargs["token"], **form.cleaned_data)
        except ValidationError as error:
            # A link that became unusable meanwhile gets its own page; a refusal of an answer goes on the form.
            self.gone = None if hasattr(error, "error_dict") else error
            raise
        return ""

    def get_success_url(self) -> str:
        return reverse("queries:survey_thanks")

    def render_page(self, form) -> HttpResponse:
        if self.gone is not None:
            return _survey_unavailable(self.request, self.gone)
        return render(self.request, "queries/requester/survey.html", {"form": form, "survey": self.object})


survey = never_cache(SurveyView.as_view())


def _survey_unavailable(request: HttpRequest, error: ValidationError) -> HttpResponse:
    code = getattr(error, "code", None) or UNKNOWN
    context = {"code": code, "message": " ".join(error.messages)}
    return render(
        request, "queries/requester/survey_unavailable.html", context, status=UNAVAILABLE_STATUS.get(code, 404)
    )


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "queries/requester/survey_thanks.html")
