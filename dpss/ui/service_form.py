"""The one way to write a page that changes something: form -> service -> message -> redirect.

A subclass names its form, template and permission, loads what the page acts on in `get_object()`
(404 for anything the person may not see), and calls the service in `perform(form)`, which returns the
confirmation shown after the redirect. A service's `ValidationError` goes back on the form, on the
fields the form maps it to (`service_error_fields`, see `dpss.ui.forms`), and the page shows again with
what was typed. Pages that only read are plain views over selectors.

    class PauseView(ServiceFormView):
        permission = "recipients.manage"
        form_class = forms.PauseForm
        template_name = "recipients/staff/form.html"
        extra_context = {"title": "Pause the payments", "button": "Pause the payments"}

        def get_object(self):
            return direct_payment_for(self.request, self.kwargs)

        def perform(self, form) -> str:
            services.direct_payment_suspend(direct_payment=self.object, actor=self.request.user, **form.cleaned_data)
            return "Payments are paused."

A page that creates something (a query, a reply, a payment, an invitation, a statement) sets `once_only`: the
same form sent again by the same person within ten minutes (a double click, two tabs, the back button and the
button pressed again) is done once. The second send waits for the first, then goes where the first went, with
`already_sent_message` (docs/adr/0011-a-form-sent-twice-is-done-once.md, `dpss.ui.services`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from . import services as submissions
from .forms import add_service_errors


class ServiceFormView(View):
    """A GOV.UK form page whose valid POST calls one service and redirects with its confirmation."""

    http_method_names = ["get", "post"]
    #: Anonymous people are sent to sign in (implied by `permission` and `object_permission`).
    login_required: bool = False
    #: A rules permission (`app.action`) about the person alone, checked before anything is loaded;
    #: anonymous people are sent to sign in, others without it get 403.
    permission: str = ""
    #: A rules permission about what the page acts on, checked against `get_object()` once loaded (403).
    object_permission: str = ""
    form_class: type[Form] | None = None
    template_name: str = ""
    extra_context: dict[str, Any] = {}
    #: Where a service's refusal goes when it names no field (None: the top of the form).
    error_field: str | None = None
    #: The same form sent again by the same person within the repeat window is done once (it creates something).
    once_only: bool = False
    #: What a person who sent the same form twice is told, on the page the first send went to.
    already_sent_message = "You sent this a moment ago, so it was not sent again."

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A method the page does not take is refused first, for everyone (a POST-only action answers 405 to a GET).
        method = (request.method or "").lower()
        if method not in self.http_method_names:
            # A GET of a form's action (the address a browser shows after a mistake, a bookmark) goes to the
            # form's page, which checks who may see it; else the service's 405 page (dpss.ui.middleware).
            page = self.form_page_url() if method in ("get", "head") else None
            if page:
                return HttpResponseRedirect(page)
            return self.http_method_not_allowed(request, *args, **kwargs)  # before signing in, as require_POST
        needs_login = self.login_required or self.permission or self.object_permission
        if needs_login and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = self.get_object()
        if self.object_permission and not request.user.has_perm(self.object_permission, self.object):
            raise PermissionDenied
        elsewhere = self.turn_away()
        if elsewhere is not None:
            return elsewhere
        return super().dispatch(request, *args, **kwargs)

    # --- What a subclass may override ------------------------------------------------------------

    def get_object(self) -> Any:
        """What the page acts on (None for a page about nothing in particular)."""
        return None

    def form_page_url(self) -> str | None:
        """For a POST-only action: the page its form lives on, from the URL alone (nothing is loaded or checked
        yet), where a GET of the action is sent. None: a GET is answered 405."""
        return None

    def turn_away(self) -> HttpResponse | None:
        """A response sending the person elsewhere before any form (what the page acts on is not ready for
        it yet, say), else None."""
        return None

    def form_is_offered(self) -> bool:
        """Whether the page offers its form now (a thing already finished shows without one)."""
        return True

    def post_not_offered(self) -> HttpResponse:
        """A POST while the page offers no form (finished meanwhile, say): by default the page, without one."""
        return self.render_page(None)

    def get_form_kwargs(self) -> dict[str, Any]:
        """Arguments for the form besides the posted data and files."""
        return {}

    def perform(self, form: Any) -> str:
        """Call the service with the form's `cleaned_data`; return the confirmation to show.

        (`form` is typed Any so that each page may name its own form class; a ServiceButtonView passes None.)"""
        raise ImproperlyConfigured(f"{type(self).__name__} must say what it does in perform()")

    def get_success_url(self) -> str:
        raise ImproperlyConfigured(f"{type(self).__name__} must say where to go next in get_success_url()")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"object": self.object, **self.extra_context, **kwargs}

    def render_page(self, form: Form | None) -> HttpResponse:
        """The page with the form: blank, or with what was typed and what needs changing."""
        if not self.template_name:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a template_name")
        return render(self.request, self.template_name, self.get_context_data(form=form))

    # --- The flow --------------------------------------------------------------------------------

    def get_form(self) -> Form | None:
        if not self.form_is_offered():
            return None
        if self.form_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a form_class")
        if self.request.method == "POST":
            # Even an empty POST is bound, so a form with nothing to type still submits.
            return self.form_class(self.request.POST, self.request.FILES, **self.get_form_kwargs())
        return self.form_class(**self.get_form_kwargs())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form is None:
            return self.post_not_offered()
        if form.is_valid():
            try:
                # One savepoint: a refusal undoes the claim too, so the same form may be sent again once fixed.
                with transaction.atomic():
                    submission = self.submission_claim()
                    confirmation = self.perform(form)
                    if confirmation:
                        messages.success(request, confirmation)
                    response = self.success_response()
                    if submission is not None:
                        submissions.submission_done(submission=submission, result_url=self._result_url(response))
            except submissions.AlreadySent as sent:
                return self.already_sent_response(sent.earlier)
            except ValidationError as error:
                add_service_errors(form, error, field=self.error_field)
            else:
                return response
        return self.render_page(form)

    def success_response(self) -> HttpResponse:
        """What a POST that went through answers: by default, a redirect to `get_success_url()` (an htmx
        request may be answered with the part of the page that changed instead)."""
        return HttpResponseRedirect(self.get_success_url())

    # --- A form sent twice -------------------------------------------------------------------------

    def submission_claim(self) -> submissions.Submission | None:
        """For a `once_only` page, claim this send (raises `AlreadySent` for a repeat); else None."""
        if not self.once_only:
            return None
        request = self.request
        if request.user.is_authenticated:
            sender = f"user:{request.user.pk}"
        elif request.session.session_key:
            sender = f"session:{request.session.session_key}"
        else:
            sender = "anonymous"  # the page's address and what was sent still tell sends apart
        fingerprint = submissions.submission_fingerprint(
            sender=sender,
            page=request.path,
            values=request.POST.lists(),
            files=request.FILES.lists(),
        )
        return submissions.submission_claim(fingerprint=fingerprint)

    def _result_url(self, response: HttpResponse) -> str:
        """Where the first send went, kept for a repeat: blank when that is this page (its address may hold
        a link's secret token, which is not kept)."""
        location = response.get("Location", "") if isinstance(response, HttpResponseRedirect) else ""
        return "" if location.split("#")[0] in ("", self.request.path) else location

    def already_sent_response(self, earlier: submissions.Submission | None) -> HttpResponse:
        """The answer to a repeat: where the first send went (or this page again), saying nothing was done twice."""
        messages.info(self.request, self.already_sent_message)
        return HttpResponseRedirect((earlier.result_url if earlier else "") or self.request.get_full_path())


class ServiceButtonView(ServiceFormView):
    """A button that changes something: a POST with nothing to type (or only the button's own value, when
    `form_class` is set) that calls one service and goes back to a page (`get_success_url()`).

    A refusal, the form's or the service's, is shown on that page as a message at `refusal_level`, each
    sentence ending with a full stop, since there is no form to show it on. `perform` gets the valid form,
    or None when there is no `form_class`.
    """

    http_method_names = ["post"]
    refusal_level = messages.ERROR

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form() if self.form_class is not None else None
        if form is not None and not form.is_valid():
            self._refuse([str(message) for errors in form.errors.values() for message in errors])
            return HttpResponseRedirect(self.get_success_url())
        try:
            confirmation = self.perform(form)
        except ValidationError as error:
            self._refuse(error.messages)
        else:
            if confirmation:
                messages.success(request, confirmation)
        return HttpResponseRedirect(self.get_success_url())

    def _refuse(self, said: list[str]) -> None:
        sentences = (m if m.endswith((".", "!", "?")) else f"{m}." for m in said)
        messages.add_message(self.request, self.refusal_level, " ".join(sentences))
