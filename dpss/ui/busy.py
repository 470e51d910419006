"""The "try again" page for a request that gave up waiting for the database (docs/quality.md#db-timeouts).

On PostgreSQL a web request waits at most DB_TIME_LIMITS["web"] (dpss/settings.py) for a lock or a statement;
then PostgreSQL cancels it with code 55P03 (lock_not_available) or 57014 (query_canceled). The request's
transaction is rolled back, and the person gets a 503 page that asks them to try again, logged as one line:
it is a busy moment, not a fault in the code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

BUSY_CODES = frozenset({"55P03", "57014"})
# Seconds; browsers ignore it, but a client or monitor may wait this long before asking again.
RETRY_AFTER = 60


def database_busy(error: BaseException | None) -> str:
    """PostgreSQL's code when `error` is a lock or statement time limit; "" for any other error."""
    if not isinstance(error, OperationalError):
        return ""
    code = getattr(error.__cause__, "pgcode", None) or ""
    return code if code in BUSY_CODES else ""


def busy_response(request: HttpRequest, code: str) -> HttpResponse:
    """The "try again" page. A plain render, like the 500 page: no context processor touches the database."""
    logger.warning("Database time limit (%s) on %s %s: answered 503", code, request.method, request.path)
    template = loader.get_template("errors/busy.html")
    response = HttpResponse(template.render({"service": settings.SERVICE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseBusyMiddleware:
    """A view stopped by a database time limit gets the "try again" page (503), not the 500 page. One stopped
    in other middleware (the session, say) reaches `dpss.ui.views.error_500`, which answers the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        code = database_busy(exception)
        return busy_response(request, code) if code else None
