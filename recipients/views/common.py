"""What every view of a person's record does first."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from dpss.audit.registry import record_access

from .. import selectors
from ..models import Recipient


def open_record(request: HttpRequest, pk: int, *, detail: dict | None = None) -> Recipient:
    """A record the person may see (404 otherwise, as if it did not exist), with one audit entry for this view.

    `detail` names the part looked at (e.g. the document downloaded) in that entry.
    """
    recipient = get_object_or_404(selectors.recipient_list(fetched_by=request.user), pk=pk)
    record_access(recipient, actor=request.user, detail=detail)
    return recipient
