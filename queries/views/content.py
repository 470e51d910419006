"""Managers' pages for help content: help articles (adding, changing, previewing, reviewing), canned
replies that link to them, articles due for review, and the phrases that suggest a topic."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dpss.formatting import long_date
from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from ..forms import help as forms
from ..models import Article, CannedReply, TopicRule
from ..selectors import content as content_selectors
from ..selectors import help as selectors
from ..services import content as content_services
from ..services import topics as services


@require_GET
@permission_required("queries.manage")
def content_review(request: HttpRequest) -> HttpResponse:
    """Articles past their review-by date or due within 30 days, with who owns each, the most overdue first."""
    context = {"due": selectors.articles_to_review(), "window_days": selectors.REVIEW_WINDOW_DAYS}
    return render(request, "queries/content/review.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def topic_rules(request: HttpRequest) -> HttpResponse:
    """Every topic with the phrases that suggest it; add a phrase here."""
    form = forms.TopicRuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = services.topic_rule_add(
                topic=data["topic"], phrase=data["phrase"], weight=data["weight"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{rule.phrase}” now suggests {rule.topic.name}.")
            return redirect("queries:topic_rules")
    return render(request, "queries/content/topic_rules.html", {"form": form, "topics": selectors.topics_with_rules()})


@require_POST
@permission_required("queries.manage")
def topic_rule_remove(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(TopicRule.objects.select_related("topic"), pk=pk)
    services.topic_rule_remove(rule=rule, by=request.user)
    messages.success(request, f"“{rule.phrase}” no longer suggests {rule.topic.name}.")
    return redirect("queries:topic_rules")


# --- Help articles ---------------------------------------------------------------------------------

REVIEW_AGAIN_DAYS = 182
PREVIEW_ANCHOR = "article-preview"


@require_GET
@permission_required("queries.manage")
def content_articles(request: HttpRequest) -> HttpResponse:
    """Every help page, published or draft, with its owner and review-by date."""
    context = {"articles": content_selectors.articles_for_managers(), "today": timezone.localdate()}
    return render(request, "queries/content/articles.html", context)


def _article_form(request: HttpRequest, *, article: Article | None, data=None) -> forms.ArticleForm:
    owners = content_selectors.article_owner_choices()
    initial = forms.ArticleForm.initial_for(article) if article is not None else None
    return forms.ArticleForm(data, adding=article is None, owners=owners, initial=initial)


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


def _preview(request: HttpRequest, form, *, article: Article | None):
    """The page as it would look with what was typed, unsaved; with the word check's findings on the form."""
    data = form.article_fields()
    if article is None and not data["slug"]:
        data["slug"] = content_services.article_slug_suggest(title=data["title"])
        posted = request.POST.copy()
        posted["slug"] = data["slug"]
        form = _article_form(request, article=None, data=posted)
        form.is_valid()
    try:
        content_services.tone_check(**{name: data[name] for name in content_services.TONE_FIELDS})
    except ValidationError as error:
        add_service_errors(form, error)
    preview = Article(**data)
    return form, preview


def _article_edit(request: HttpRequest, article: Article | None) -> HttpResponse:
    if request.method != "POST":
        return _article_page(request, article=article, form=_article_form(request, article=article), preview=article)
    form = _article_form(request, article=article, data=request.POST)
    if not form.is_valid():
        return _article_page(request, article=article, form=form, preview=None)
    if "preview" in request.POST:
        form, preview = _preview(request, form, article=article)
        return _article_page(request, article=article, form=form, preview=preview)
    try:
        saved = content_services.article_save(article=article, by=request.user, **form.article_fields())
    except ValidationError as error:
        add_service_errors(form, error)
        return _article_page(request, article=article, form=form, preview=None)
    state = "published" if saved.is_published else "saved as a draft"
    messages.success(request, f"“{saved.title}” is {state}. Next review by {long_date(saved.review_by)}.")
    return redirect("queries:content_article_change", slug=saved.slug)


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def content_article_add(request: HttpRequest) -> HttpResponse:
    return _article_edit(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def content_article_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a help page; it is previewed below the form (what is saved, or what was typed after "Preview")."""
    return _article_edit(request, _article_or_404(slug))


@require_POST
@permission_required("queries.manage")
def content_article_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner has checked the page: set when it is next due for review."""
    article = _article_or_404(slug)
    form = _reviewed_form(request.POST)
    if form.is_valid():
        try:
            article = content_services.article_review_done(
                article=article, by=request.user, review_by=form.cleaned_data["next_review_by"]
            )
        except ValidationError as error:
            add_service_errors(form, error, rename={"review_by": "next_review_by"})
        else:
            messages.success(request, f"“{article.title}” is reviewed. Next review by {long_date(article.review_by)}.")
            return redirect("queries:content_article_change", slug=article.slug)
    page_form = _article_form(request, article=article)
    return _article_page(request, article=article, form=page_form, preview=article, reviewed_form=form)


def _article_or_404(slug: str) -> Article:
    article = content_selectors.article_for_change(slug=slug)
    if article is None:
        raise Http404("No help page has this address")
    return article


# --- Canned replies --------------------------------------------------------------------------------


@require_GET
@permission_required("queries.manage")
def canned_replies(request: HttpRequest) -> HttpResponse:
    """Every canned reply with the help page it links to; switched-off ones last."""
    return render(
        request, "queries/content/canned_replies.html", {"replies": content_selectors.canned_replies_for_managers()}
    )


def _canned_reply_edit(request: HttpRequest, canned_reply: CannedReply | None) -> HttpResponse:
    articles = content_selectors.articles_to_link()
    initial = forms.CannedReplyForm.initial_for(canned_reply) if canned_reply is not None else None
    form = forms.CannedReplyForm(request.POST if request.method == "POST" else None, articles=articles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = content_services.canned_reply_save(
                canned_reply=canned_reply,
                by=request.user,
                title=data["title"],
                body=data["body"],
                article=data["article"],
                topic=data["topic"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The canned reply “{saved.title}” is saved. It links to “{saved.article.title}”."
            )
            return redirect("queries:canned_replies")
    context = {"form": form, "canned_reply": canned_reply}
    return render(request, "queries/content/canned_reply_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def canned_reply_add(request: HttpRequest) -> HttpResponse:
    return _canned_reply_edit(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("queries.manage")
def canned_reply_change(request: HttpRequest, pk: int) -> HttpResponse:
    canned_reply = content_selectors.canned_reply_get(pk=pk)
    if canned_reply is None:
        raise Http404("No canned reply has this number")
    return _canned_reply_edit(request, canned_reply)


SWITCH_ON, SWITCH_OFF = "on", "off"


@require_POST
@permission_required("queries.manage")
def canned_reply_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch a canned reply on or off (`active` is "on" or "off")."""
    canned_reply = get_object_or_404(CannedReply.objects.select_related("article"), pk=pk)
    wanted = request.POST.get("active")
    if wanted not in (SWITCH_ON, SWITCH_OFF):
        messages.error(request, "Choose whether to switch the canned reply on or off.")
        return redirect("queries:canned_replies")
    try:
        canned_reply = content_services.canned_reply_switch(
            canned_reply=canned_reply, active=wanted == SWITCH_ON, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(f"{message}." for message in error.messages))
    else:
        if canned_reply.is_active:
            messages.success(request, f"“{canned_reply.title}” is switched on: staff are offered it again.")
        else:
            messages.success(request, f"“{canned_reply.title}” is switched off: staff are no longer offered it.")
    return redirect("queries:canned_replies")
