"""Logging filters, named in `LOGGING` (dpss/settings.py)."""

from __future__ import annotations

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A refusal (403) is logged as one line, without the traceback of the `PermissionDenied` behind it.

    Refusals are expected, and often many (someone trying other people's links): a traceback for each
    buries the errors that need one. Anything else passes unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
