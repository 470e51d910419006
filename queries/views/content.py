"""Managers' pages for help content: help articles (adding, changing, previewing, reviewing), canned
replies that link to them, articles due for review, and the phrases that suggest a topic."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dpss.accounts.types import AuthenticatedRequest
from dpss.formatting import long_date
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors
from dpss.ui.responses import found_or_404
from dpss.ui.service_form import ServiceButtonView, ServiceFormView

from ..forms import help as forms
from ..models import Article, CannedReply, TopicRule
from ..selectors import content as content_selectors
from ..selectors import help as selectors
from ..services import canned_replies as canned_services
from ..services import content as content_services
from ..services import topics as services

MANAGE = "queries.manage"


@require_GET
@permission_required(MANAGE)
def content_review(request: HttpRequest) -> HttpResponse:
    """Articles past their review-by date or due within 30 days, with who owns each, the most overdue first."""
    context = {"due": selectors.articles_to_review(), "window_days": selectors.REVIEW_WINDOW_DAYS}
    return render(request, "queries/content/review.html", context)


class TopicRulesView(ServiceFormView):
    """Every topic with the phrases that suggest it; add a phrase here."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE
    form_class = forms.TopicRuleForm
    once_only = True
    template_name = "queries/content/topic_rules.html"

    def get_context_data(self, **kwargs) -> dict:
        return {**kwargs, "topics": selectors.topics_with_rules()}

    def perform(self, form) -> str:
        data = form.cleaned_data
        rule = services.topic_rule_add(
            topic=data["topic"], phrase=data["phrase"], weight=data["weight"], actor=self.request.user
        )
        return f"“{rule.phrase}” now suggests {rule.topic.name}."

    def get_success_url(self) -> str:
        return reverse("queries:topic_rules")


class TopicRuleRemoveView(ServiceButtonView):
    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE

    def get_object(self) -> TopicRule:
        return get_object_or_404(TopicRule.objects.select_related("topic"), pk=self.kwargs["pk"])

    def perform(self, form) -> str:
        services.topic_rule_remove(rule=self.object, actor=self.request.user)
        return f"“{self.object.phrase}” no longer suggests {self.object.topic.name}."

    def get_success_url(self) -> str:
        return reverse("queries:topic_rules")


topic_rules = TopicRulesView.as_view()
topic_rule_remove = TopicRuleRemoveView.as_view()


# --- Help articles ---------------------------------------------------------------------------------

REVIEW_AGAIN_DAYS = 182
PREVIEW_ANCHOR = "article-preview"


@require_GET
@permission_required(MANAGE)
def content_articles(request: HttpRequest) -> HttpResponse:
    """Every help page, published or draft, with its owner and review-by date."""
    context = {"articles": content_selectors.articles_for_managers(), "today": timezone.localdate()}
    return render(request, "queries/content/articles.html", context)


def _article_form_kwargs(article: Article | None) -> dict:
    return {
        "adding": article is None,
        "owners": content_selectors.article_owner_choices(),
        "initial": forms.ArticleForm.initial_for(article) if article is not None else None,
    }


def _reviewed_form(data=None) -> forms.ArticleReviewedForm:
    return forms.ArticleReviewedForm(
        data, initial={"next_review_by": timezone.localdate() + timedelta(days=REVIEW_AGAIN_DAYS)}
    )


def _article_page(
    request: HttpRequest, *, article: Article | None, form, preview: Article | None, reviewed_form=None
) -> HttpResponse:
    if article is None:
        action = reverse("queries:content_article_add")
    else:
        action = reverse("queries:content_article_change", kwargs={"slug": article.slug})
    context = {
        "article": article,
        "form_action": action,
        "form": form,
        "preview": preview,
        "preview_anchor": PREVIEW_ANCHOR,
        "reviewed_form": reviewed_form or (_reviewed_form() if article is not None else None),
    }
    return render(request, "queries/content/article_form.html", context)


def _article_or_404(slug: str) -> Article:
    return found_or_404(content_selectors.article_for_change(slug=slug), "No help page has this address")


class ArticleEditView(ServiceFormView):
    """Add or change a help page; it is previewed below the form (what is saved, or what was typed after
    "Preview", with the word check's findings on the form)."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE
    form_class = forms.ArticleForm
    once_only = True

    def get_object(self) -> Article | None:
        return _article_or_404(self.kwargs["slug"]) if "slug" in self.kwargs else None

    def get_form_kwargs(self) -> dict:
        return _article_form_kwargs(self.object)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "preview" not in request.POST:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        # `form_class` is set above, so there is a form, of that class.
        assert isinstance(form, forms.ArticleForm)
        if not form.is_valid():
            return self.render_page(form)
        data = form.article_fields()
        if self.object is None and not data["slug"]:
            data["slug"] = content_services.article_slug_suggest(title=data["title"])
            posted = request.POST.copy()
            posted["slug"] = data["slug"]
            form = forms.ArticleForm(posted, **self.get_form_kwargs())
            form.is_valid()
        try:
            content_services.tone_check(**{name: data[name] for name in content_services.TONE_FIELDS})
        except ValidationError as error:
            add_service_errors(form, error)
        return _article_page(request, article=self.object, form=form, preview=Article(**data))

    def perform(self, form) -> str:
        self.saved = content_services.article_save(
            article=self.object, actor=self.request.user, **form.article_fields()
        )
        state = "published" if self.saved.is_published else "saved as a draft"
        return f"“{self.saved.title}” is {state}. Next review by {long_date(self.saved.review_by)}."

    def get_success_url(self) -> str:
        return reverse("queries:content_article_change", kwargs={"slug": self.saved.slug})

    def render_page(self, form) -> HttpResponse:
        preview = self.object if self.request.method != "POST" else None
        return _article_page(self.request, article=self.object, form=form, preview=preview)


class ArticleReviewedView(ServiceFormView):
    """The owner has checked the page: set when it is next due for review."""

    http_method_names = ["post"]
    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE

    def get_object(self) -> Article:
        return _article_or_404(self.kwargs["slug"])

    def get_form(self):
        return _reviewed_form(self.request.POST)

    def perform(self, form) -> str:
        self.object = content_services.article_review_done(
            article=self.object, actor=self.request.user, review_by=form.cleaned_data["next_review_by"]
        )
        return f"“{self.object.title}” is reviewed. Next review by {long_date(self.object.review_by)}."

    def get_success_url(self) -> str:
        return reverse("queries:content_article_change", kwargs={"slug": self.object.slug})

    def render_page(self, form) -> HttpResponse:
        page_form = forms.ArticleForm(**_article_form_kwargs(self.object))
        return _article_page(self.request, article=self.object, form=page_form, preview=self.object, reviewed_form=form)


content_article_add = ArticleEditView.as_view()
content_article_change = ArticleEditView.as_view()
content_article_reviewed = ArticleReviewedView.as_view()


# --- Canned replies --------------------------------------------------------------------------------


@require_GET
@permission_required(MANAGE)
def canned_replies(request: HttpRequest) -> HttpResponse:
    """Every canned reply with the help page it links to; switched-off ones last."""
    return render(
        request, "queries/content/canned_replies.html", {"replies": content_selectors.canned_replies_for_managers()}
    )


class CannedReplyEditView(ServiceFormView):
    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE
    form_class = forms.CannedReplyForm
    once_only = True
    template_name = "queries/content/canned_reply_form.html"

    def get_object(self) -> CannedReply | None:
        if "pk" not in self.kwargs:
            return None
        return found_or_404(content_selectors.canned_reply_get(pk=self.kwargs["pk"]), "No canned reply has this number")

    def get_form_kwargs(self) -> dict:
        initial = forms.CannedReplyForm.initial_for(self.object) if self.object is not None else None
        return {"articles": content_selectors.articles_to_link(), "initial": initial}

    def get_context_data(self, **kwargs) -> dict:
        return {**kwargs, "canned_reply": self.object}

    def perform(self, form) -> str:
        data = form.cleaned_data
        saved = canned_services.canned_reply_save(
            canned_reply=self.object,
            actor=self.request.user,
            title=data["title"],
            body=data["body"],
            article=data["article"],
            topic=data["topic"],
        )
        return f"The canned reply “{saved.title}” is saved. It links to “{saved.article.title}”."

    def get_success_url(self) -> str:
        return reverse("queries:canned_replies")


canned_reply_add = CannedReplyEditView.as_view()
canned_reply_change = CannedReplyEditView.as_view()


class CannedReplySwitchView(ServiceButtonView):
    """Switch a canned reply on or off (`active` is "on" or "off")."""

    request: AuthenticatedRequest  # the page asks for a permission, so someone is signed in
    permission = MANAGE
    form_class = forms.CannedReplySwitchForm

    def get_object(self) -> CannedReply:
        return get_object_or_404(CannedReply.objects.select_related("article"), pk=self.kwargs["pk"])

    def perform(self, form) -> str:
        canned_reply = canned_services.canned_reply_switch(
            canned_reply=self.object, active=form.cleaned_data["active"] == forms.SWITCH_ON, actor=self.request.user
        )
        if canned_reply.is_active:
            return f"“{canned_reply.title}” is switched on: staff are offered it again."
        return f"“{canned_reply.title}” is switched off: staff are no longer offered it."

    def get_success_url(self) -> str:
        return reverse("queries:canned_replies")


canned_reply_switch = CannedReplySwitchView.as_view()
