"""django-auditlog's middleware, with the client address from `dpss.client_address`.

The stock middleware takes the left-most `X-Forwarded-For` entry, which the client writes
itself, and the port from `X-Forwarded-Port`, which no proxy of ours sets: so both could be
forged. Here the address is the one the rate limits and signatures use, and no port is kept.
"""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware as StockAuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest

from dpss.client_address import client_address


class AuditlogMiddleware(StockAuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        return None
