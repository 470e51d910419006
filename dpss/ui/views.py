"""Pages every public service needs, the error pages and the health check."""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .busy import busy_response, database_busy
from .health import broker_reachable, health_figures

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "ui/home.html")


def page(template: str) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, f"ui/pages/{template}.html")

    view.__name__ = template.replace("-", "_")
    return view


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, broker and what the parts registered (dpss.ui.health: the outbox's backlog). Broker down
    is "degraded", not an error: pages keep working and messages wait in the outbox."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        figures = health_figures()
    except Exception:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    broker_ok = broker_reachable()
    return JsonResponse(
        {
            "status": "ok" if broker_ok else "degraded",
            "database": "ok",
            "broker": "ok" if broker_ok else "unavailable",
            **figures,
        }
    )


@requires_csrf_token
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def error_500(request: HttpRequest) -> HttpResponse:
    # A database time limit reached outside the view (in middleware) still gets the "try again" page.
    busy = database_busy(sys.exc_info()[1])
    if busy:
        return busy_response(request, busy)
    # A plain render: the request may be in a broken state, so no context
    # processors that touch the database.
    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"service": settings.SERVICE}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
