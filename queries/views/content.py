"""Managers' pages for help content: articles due for review, and the phrases that suggest a topic."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dpss.ui.decorators import permission_required
from dpss.ui.forms import add_service_errors

from ..forms import help as forms
from ..models import TopicRule
from ..selectors import help as selectors
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
