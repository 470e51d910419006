"""Raising a query: what you need help with, help articles to check first, your details, the reference.

The draft lives in the session, so nothing typed is lost on a mistake or on
going back. As the person types, htmx sends what they typed to
`ask_suggestions` for help articles that may answer them (into a polite live
region); without JavaScript, the same articles come as a "Check these first"
step. Links to articles carry the help offer's key, so opening one is counted.

A help offer (what the deflection figures count, docs/kpis.md#kpi-help-deflection)
is started only by a POST of the raising form: step 1 sent, or the live
suggestions, which htmx posts from that form with its CSRF token. A GET of
`ask_suggestions` is a read anyone can repeat: it shows the articles but
writes nothing, neither an offer nor a session.
"""

from __future__ import annotations

import contextlib
import uuid
from functools import cached_property

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dpss.ui.service_form import ServiceFormView
from recipients.models import Recipient
from recipients.selectors.search import area_choices

from ..forms.raising import DetailsForm, ProblemForm
from ..models import HelpOffer
from ..selectors.help import articles_for_problem
from ..selectors.requester import people_to_ask_about
from ..services.help import help_offer_articles_record, help_offer_start
from ..services.raising import DESCRIPTION_MOST, SUBJECT_MOST, query_raise

DRAFT = "queries_ask_draft"
DONE = "queries_ask_done"
SUGGESTIONS = 5
# What is kept of the step-2 answers while the person goes back and forth (files cannot be kept).
DETAIL_FIELDS = ("about", "reply_by", "requester_name", "requester_email", "requester_phone", "area")
KEEP_MOST = 300


def _draft(request: HttpRequest) -> dict:
    draft = request.session.get(DRAFT)
    return dict(draft) if isinstance(draft, dict) else {}


def _problem_text(subject: str, description: str) -> str:
    return f"{subject}\n{description}".strip()


def _offer(request: HttpRequest, draft: dict, *, start: bool) -> HelpOffer | None:
    """This attempt's help offer (started when articles are first offered), kept in the draft."""
    offer = None
    with contextlib.suppress(ValueError):
        offer = HelpOffer.objects.filter(key=uuid.UUID(str(draft.get("offer")))).first()
    if offer is None and start:
        offer = help_offer_start(user=request.user)
        draft["offer"] = str(offer.key)
        request.session[DRAFT] = draft
    return offer


def _offered(request: HttpRequest, draft: dict, text: str, *, start: bool) -> tuple[list, HelpOffer | None]:
    """The articles for `text`, noted on this attempt's offer (started only if `start`: sending step 1)."""
    articles = articles_for_problem(text=text, limit=SUGGESTIONS)
    if not articles:
        return [], None
    offer = _offer(request, draft, start=start)
    if offer is not None:
        help_offer_articles_record(offer=offer, articles=articles)
    return articles, offer


class AskView(ServiceFormView):
    """Step 1: "What do you need help with?" (a subject and a description), kept in the session's draft."""

    http_method_names = ["get", "head", "post"]
    form_class = ProblemForm
    template_name = "queries/raising/ask.html"

    def get_object(self) -> dict:
        return _draft(self.request)

    def get_form_kwargs(self) -> dict:
        return {"initial": self.object}

    def perform(self, form) -> str:
        draft = self.object
        draft.update(subject=form.cleaned_data["subject"], description=form.cleaned_data["description"])
        self.request.session[DRAFT] = draft
        articles, _ = _offered(self.request, draft, _problem_text(draft["subject"], draft["description"]), start=True)
        # Someone who saw the articles as they typed (htmx) goes straight on; others check them first.
        self.check_first = bool(articles) and self.request.POST.get("seen_suggestions") != "1"
        return ""

    def get_success_url(self) -> str:
        return reverse("queries:ask_check" if self.check_first else "queries:ask_details")

    def get_context_data(self, **kwargs) -> dict:
        return kwargs


ask = never_cache(AskView.as_view())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask_suggestions(request: HttpRequest) -> HttpResponse:
    """The help articles that may answer what has been typed so far (an htmx partial). Posted from the raising
    form, it keeps what was typed and notes the articles on this attempt's help offer; a GET only reads."""
    data = request.POST if request.method == "POST" else request.GET
    subject = str(data.get("subject", ""))[:SUBJECT_MOST]
    description = str(data.get("description", ""))[:DESCRIPTION_MOST]
    text = _problem_text(subject, description)
    if request.method != "POST":
        articles = articles_for_problem(text=text, limit=SUGGESTIONS) if text else []
        return render(request, "queries/raising/_suggestions.html", {"articles": articles, "offer": None})
    draft = _draft(request)
    if "\x00" not in subject + description:
        # What was typed is kept, so opening an article and coming back loses nothing.
        draft.update(subject=subject.strip(), description=description.strip())
        request.session[DRAFT] = draft
    articles, offer = _offered(request, draft, text, start=True) if text else ([], None)
    return render(request, "queries/raising/_suggestions.html", {"articles": articles, "offer": offer})


@never_cache
@require_GET
def ask_check(request: HttpRequest) -> HttpResponse:
    """Without JavaScript: "Check these first", the articles that may answer the question."""
    draft = _draft(request)
    if not draft.get("subject"):
        return redirect("queries:ask")
    articles, offer = _offered(
        request, draft, _problem_text(draft["subject"], draft.get("description", "")), start=False
    )
    if not articles:
        return redirect("queries:ask_details")
    return render(request, "queries/raising/check.html", {"articles": articles, "offer": offer, "draft": draft})


def _keep_details(request: HttpRequest, draft: dict) -> None:
    details: dict[str, str | bool] = {name: str(request.POST.get(name, ""))[:KEEP_MOST] for name in DETAIL_FIELDS}
    details["consent"] = bool(request.POST.get("consent"))
    draft["details"] = details
    request.session[DRAFT] = draft


class AskDetailsView(ServiceFormView):
    """Step 2: who it is about, how to reply (and consent, without an account), and any files."""

    http_method_names = ["get", "head", "post"]
    form_class = DetailsForm
    once_only = True
    already_sent_message = "You sent this question a moment ago, so it was not sent again."

    def get_object(self) -> dict:
        return _draft(self.request)

    def turn_away(self) -> HttpResponse | None:
        if not self.object.get("subject") or not self.object.get("description"):
            return redirect("queries:ask")
        return None

    @cached_property
    def people(self) -> list[Recipient]:
        return people_to_ask_about(user=self.request.user) if self.request.user.is_authenticated else []

    def get_form_kwargs(self) -> dict:
        return {
            "user": self.request.user,
            "people": self.people,
            "areas": () if self.request.user.is_authenticated else area_choices(),
            "initial": self.object.get("details") or {"reply_by": "email"},
        }

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        _keep_details(request, self.object)
        return super().post(request, *args, **kwargs)

    def perform(self, form) -> str:
        data, draft = form.cleaned_data, self.object
        about_pk = form.about_pk() if "about" in form.fields else None
        raised = query_raise(
            actor=self.request.user,
            subject=draft["subject"],
            description=draft["description"],
            about=next((person for person in self.people if person.pk == about_pk), None),
            requester_name=data.get("requester_name", ""),
            requester_email=data.get("requester_email", ""),
            requester_phone=data.get("requester_phone", ""),
            reply_by=data["reply_by"],
            consent=bool(data.get("consent")),
            area=data.get("area", ""),
            attachments=data.get("attachments") or [],
            help_offer=_offer(self.request, draft, start=False),
        )
        self.request.session.pop(DRAFT, None)
        self.request.session[DONE] = {"reference": raised.query.reference, "token": raised.link_token}
        return ""

    def get_success_url(self) -> str:
        return reverse("queries:ask_done")

    def already_sent_response(self, earlier) -> HttpResponse:
        self.request.session.pop(DRAFT, None)  # the question was sent: its draft is done with
        return super().already_sent_response(earlier)

    def render_page(self, form) -> HttpResponse:
        context = {"form": form, "draft": self.object, "signed_in": self.request.user.is_authenticated}
        return render(self.request, "queries/raising/details.html", context)


ask_details = never_cache(AskDetailsView.as_view())


@never_cache
@require_GET
def ask_done(request: HttpRequest) -> HttpResponse:
    """The reference, what happens next and (once, for someone without an account) the link to the query."""
    done = request.session.get(DONE)
    if not isinstance(done, dict) or not done.get("reference"):
        return redirect("queries:ask")
    token = done.get("token") or ""
    if token:
        # The link is shown once: a copy stays only in the email.
        request.session[DONE] = {"reference": done["reference"], "token": ""}
    context = {"reference": done["reference"], "token": token, "signed_in": request.user.is_authenticated}
    return render(request, "queries/raising/done.html", context)
