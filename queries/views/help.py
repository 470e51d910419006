"""The help centre: public pages for everyone, signed in or not.

Every page works without JavaScript. "Did this help?" is two short forms
(yes or no, then an optional comment); with htmx the answer is swapped in
place, without it the article page is shown again at the same place.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dpss.ui.responses import found_or_404
from dpss.ui.service_form import ServiceFormView

from ..forms import help as forms
from ..models import Article
from ..selectors import help as selectors
from ..services import help as services
from ..templatetags.help_articles import EASY_READ

# The answers this browser gave, so the page can show the next step: {article pk: {"pk": ..., "commented": ...}}.
SESSION_KEY = "help_feedback"
SESSION_MOST = 50
FEEDBACK_ANCHOR = "article-feedback"


def _article_or_404(slug: str) -> Article:
    return found_or_404(selectors.article_get(slug=slug), "No published article has this address")


@require_GET
def help_home(request: HttpRequest) -> HttpResponse:
    context = {"form": forms.HelpSearchForm(), "topics": selectors.topics_with_articles()}
    return render(request, "queries/help/home.html", context)


@require_GET
def help_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = found_or_404(selectors.topic_get(slug=slug), "No topic has this address")
    return render(request, "queries/help/topic.html", {"topic": topic, "form": forms.HelpSearchForm()})


@require_GET
def help_search(request: HttpRequest) -> HttpResponse:
    form = forms.HelpSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.articles_search(text=text) if text else []
    return render(request, "queries/help/search.html", {"form": form, "text": text, "results": results})


@require_GET
def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    offer = request.GET.get("offer")
    if offer:
        services.help_offer_article_opened(offer_key=offer[:64], article=article)
    return _article_page(request, article, easy_read=request.GET.get("version") == EASY_READ)


def _article_page(
    request: HttpRequest, article: Article, *, easy_read: bool, question_form=None, comment_form=None
) -> HttpResponse:
    has_easy_read = bool(article.easy_read_body.strip())
    context = {
        "article": article,
        "easy_read": easy_read and has_easy_read,
        "easy_read_missing": easy_read and not has_easy_read,
        "has_easy_read": has_easy_read,
        "form": question_form or comment_form,
        **_feedback_context(request, article, question_form=question_form, comment_form=comment_form),
    }
    return render(request, "queries/help/article.html", context)


# --- Did this help? -----------------------------------------------------------


def _answers(request: HttpRequest) -> dict:
    answers = request.session.get(SESSION_KEY)
    return answers if isinstance(answers, dict) else {}


def _answer_for(request: HttpRequest, article: Article) -> dict | None:
    answer = _answers(request).get(str(article.pk))
    return answer if isinstance(answer, dict) and "pk" in answer else None


def _remember(request: HttpRequest, article: Article, answer: dict | None) -> None:
    answers = {key: value for key, value in _answers(request).items() if key != str(article.pk)}
    if answer is not None:
        answers[str(article.pk)] = answer
    request.session[SESSION_KEY] = dict(list(answers.items())[-SESSION_MOST:])


def _feedback_context(request: HttpRequest, article: Article, *, question_form=None, comment_form=None) -> dict:
    answer = _answer_for(request, article)
    if question_form is not None or answer is None:
        step = "question"
    elif answer.get("commented"):
        step = "done"
    else:
        step = "comment"
    return {
        "feedback_step": step,
        "feedback_helpful": bool(answer and answer.get("helpful")),
        "question_form": question_form or forms.FeedbackForm(),
        "comment_form": comment_form or forms.FeedbackCommentForm(),
    }


class FeedbackView(ServiceFormView):
    """ "Did this help?": yes or no first, then (the browser having answered) an optional comment."""

    http_method_names = ["post"]

    def form_page_url(self) -> str:
        return reverse("queries:help_article", kwargs={"slug": self.kwargs["slug"]}) + f"#{FEEDBACK_ANCHOR}"

    def get_object(self) -> Article:
        article = _article_or_404(self.kwargs["slug"])
        self.easy_read = self.request.POST.get("version") == EASY_READ
        self.answer = _answer_for(self.request, article)
        self.commenting = "helpful" not in self.request.POST and self.answer is not None
        return article

    def turn_away(self) -> HttpResponse | None:
        self.feedback = None
        if self.commenting and self.answer is not None:
            self.feedback = selectors.article_feedback_get(article=self.object, pk=self.answer.get("pk"))
            if self.feedback is None:
                _remember(self.request, self.object, None)
                return self.success_response()
        return None

    def get_form(self):
        form_class = forms.FeedbackCommentForm if self.commenting else forms.FeedbackForm
        return form_class(self.request.POST)

    def perform(self, form) -> str:
        if self.commenting:
            # Commenting needs an answer, and turn_away() sent back anyone whose answer was not found.
            assert self.feedback is not None and self.answer is not None
            services.article_feedback_comment_add(feedback=self.feedback, comment=form.cleaned_data["comment"])
            _remember(self.request, self.object, {**self.answer, "commented": True})
        else:
            feedback = services.article_feedback_give(
                article=self.object, helpful=form.is_helpful, user=self.request.user
            )
            _remember(self.request, self.object, {"pk": feedback.pk, "helpful": feedback.helpful, "commented": False})
        return ""

    def success_response(self) -> HttpResponse:
        return _feedback_answer(self.request, self.object, easy_read=self.easy_read)

    def render_page(self, form) -> HttpResponse:
        given = {"comment_form" if self.commenting else "question_form": form}
        return _feedback_answer(self.request, self.object, easy_read=self.easy_read, **given)


help_feedback = FeedbackView.as_view()


def _feedback_answer(request: HttpRequest, article: Article, *, easy_read: bool, **forms_given) -> HttpResponse:
    """With htmx, the "did this help?" block alone; without, the article again (or its page, on an error)."""
    if getattr(request, "htmx", False):
        context = {"article": article, "easy_read": easy_read, **_feedback_context(request, article, **forms_given)}
        return render(request, "queries/help/_feedback.html", context)
    if forms_given:
        return _article_page(request, article, easy_read=easy_read, **forms_given)
    url = reverse("queries:help_article", kwargs={"slug": article.slug})
    return redirect(f"{url}{'?version=' + EASY_READ if easy_read else ''}#{FEEDBACK_ANCHOR}")
