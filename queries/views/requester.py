"""The person's own queries: the list, one query with its public timeline, replying, withdrawing, files, survey.

A signed-in person reaches a query through `Query.objects.visible_to`
(another person's query is 404, as if it did not exist); someone without an
account only through the link with its token. Each view of a query is one
audit entry. Staff see the same page read-only; they answer from the queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dpss.accounts.rules import is_dpss_staff
from dpss.audit.registry import mark_viewed
from dpss.ui.forms import add_service_errors

from ..forms.requester import ReplyForm, SurveyForm, WithdrawForm
from ..models import FINISHED_STATUSES, TERMINAL_STATUSES, EventKind, Query
from ..selectors import requester as selectors
from ..services.requester import ended_message, query_requester_reply, query_withdraw
from ..services.survey import EXPIRED, UNKNOWN, USED, survey_answer, survey_check

PAGE_SIZE = 25


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
    rows = [
        {
            "query": query,
            "status": selectors.status_words(query.status),
            "about": query.about.full_name if query.about_id and query.about.user_id != request.user.pk else "",
        }
        for query in page
    ]
    return render(request, "queries/requester/list.html", {"page": page, "rows": rows})


def _entries(query: Query, *, viewer, token: str) -> list[dict]:
    """The public timeline in words for the person who asked ("You asked", "Our reply")."""
    entries = []
    for event in selectors.public_timeline(query=query):
        mine = (token and event.author_id is None) or (viewer is not None and event.author_id == viewer.pk)
        someone = (event.author.full_name or "Someone") if event.author_id else "Someone"
        if event.kind == EventKind.RAISED:
            title = "You asked" if mine or token else f"{query.requester_name} asked"
        elif event.kind == EventKind.REQUESTER_REPLY:
            title = "You replied" if mine else f"{someone} replied"
        elif event.kind == EventKind.ACKNOWLEDGED:
            title = "We confirmed we have your question"
        elif event.kind == EventKind.STATUS:
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


def _detail(request: HttpRequest, query: Query, *, token: str = "") -> HttpResponse:
    """The query page for whoever may see it: a POST is the person's reply."""
    staff = request.user.is_authenticated and is_dpss_staff(request.user)
    may_reply = not staff and query.status not in TERMINAL_STATUSES and _may_act_on(request, query, token)
    if request.method == "POST" and not may_reply:
        if staff:
            raise PermissionDenied("Staff reply from the staff page of the query.")
        if not _may_act_on(request, query, token):
            raise PermissionDenied("You may read this query but not answer it for the person.")
        messages.info(request, ended_message(query))
        return redirect(_links(query, token)["page"])
    posted = request.method == "POST"
    form = ReplyForm(request.POST if posted else None, request.FILES if posted else None) if may_reply else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            query_requester_reply(
                query=query,
                body=form.cleaned_data["body"],
                by_user=None if token else request.user,
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. We have your reply and will answer it as soon as we can.")
            return redirect(_links(query, token)["page"])
    mark_viewed(request, query)
    viewer = request.user if request.user.is_authenticated and not token else None
    context = {
        "query": query,
        "timeline": _entries(query, viewer=viewer, token=token),
        "status": selectors.status_words(query.status),
        "form": form,
        "token": token,
        "links": _links(query, token),
        "staff": staff,
        "read_only": not staff and not _may_act_on(request, query, token),
        "may_withdraw": not staff and query.status not in FINISHED_STATUSES and _may_act_on(request, query, token),
        "ended_message": ended_message(query) if query.status in TERMINAL_STATUSES else "",
    }
    return render(request, "queries/requester/detail.html", context)


def _may_act_on(request: HttpRequest, query: Query, token: str) -> bool:
    """Whoever holds the link may answer; a signed-in person as `queries.answer` says (rules.py)."""
    return bool(token) or request.user.has_perm("queries.answer", query)


def _visible(request: HttpRequest, reference: str) -> Query:
    query = selectors.query_for_requester(user=request.user, reference=reference)
    if query is None:
        raise Http404("No such query")
    return query


def _by_token(token: str) -> Query:
    query = selectors.query_for_token(token=token)
    if query is None:
        raise Http404("No such query")
    return query


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def query_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, _visible(request, reference))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def query_link(request: HttpRequest, token: str) -> HttpResponse:
    return _detail(request, _by_token(token), token=token)


def _withdraw(request: HttpRequest, query: Query, *, token: str = "") -> HttpResponse:
    if request.user.is_authenticated and is_dpss_staff(request.user):
        raise PermissionDenied("Staff change a query's status from the staff page.")
    if not _may_act_on(request, query, token):
        raise PermissionDenied("You may read this query but not withdraw it for the person.")
    links = _links(query, token)
    if query.status in FINISHED_STATUSES:
        messages.info(
            request, f"This query is already {query.get_status_display().lower()}. There is nothing to withdraw."
        )
        return redirect(links["page"])
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            query_withdraw(query=query, by_user=None if token else request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"You have withdrawn query {query.reference}. We will not work on it any more.")
            return redirect(links["page"])
    mark_viewed(request, query, detail={"action": "withdraw"})
    return render(request, "queries/requester/withdraw.html", {"query": query, "form": form, "links": links})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def query_withdraw_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _withdraw(request, _visible(request, reference))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def query_link_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    return _withdraw(request, _by_token(token), token=token)


def _download(request: HttpRequest, query: Query, pk: int) -> FileResponse:
    user = request.user if request.user.is_authenticated else None
    attachment = selectors.attachment_for(query=query, pk=pk, user=user)
    if attachment is None or not attachment.file:
        raise Http404("No such file")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    mark_viewed(request, attachment, detail={"query": query.reference, "action": "download"})
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """One question, "How satisfied are you with the help you got?", and an optional comment."""
    found = selectors.survey_lookup(token=token)
    try:
        survey_check(found)
    except ValidationError as error:
        return _survey_unavailable(request, error)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _survey_unavailable(request, error)
            add_service_errors(form, error)
        else:
            return redirect("queries:survey_thanks")
    return render(request, "queries/requester/survey.html", {"form": form, "survey": found})


def _survey_unavailable(request: HttpRequest, error: ValidationError) -> HttpResponse:
    code = getattr(error, "code", None) or UNKNOWN
    context = {"code": code, "message": " ".join(error.messages)}
    return render(
        request, "queries/requester/survey_unavailable.html", context, status=UNAVAILABLE_STATUS.get(code, 404)
    )


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "queries/requester/survey_thanks.html")
