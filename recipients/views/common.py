"""What every view of a person's record does first."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from dpss.audit.registry import mark_viewed

from .. import selectors
from ..models import Recipient


def open_record(request: HttpRequest, pk: int, *, detail: dict | None = None) -> Recipient:
    """A record the person may see (404 otherwise, as if it did not exist).

    The page that shows it is logged once, when it has been shown
    (`dpss.audit.registry.mark_viewed`); `detail` names the part looked at,
    such as the document downloaded.
    """
    recipient = get_object_or_404(selectors.recipient_list(fetched_by=request.user), pk=pk)
    mark_viewed(request, recipient, detail=detail)
    return recipient
