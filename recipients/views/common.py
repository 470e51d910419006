"""What every view of a person's record does first."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from dpss.accounts.models import User
from dpss.audit.registry import mark_viewed

from ..models import Recipient
from ..selectors import record as record_selectors


def signed_in(request: HttpRequest) -> User:
    """The person signed in, on a page only signed-in people reach: `login_required`, `permission_required`,
    or a `ServiceFormView` with `login_required` or a permission (its dispatch sends anyone else to sign in)."""
    user = request.user
    if not user.is_authenticated:  # not reached: the page's own check came first
        raise PermissionDenied
    return user


def open_record(request: HttpRequest, pk: int, *, detail: dict | None = None) -> Recipient:
    """A record the person may see (404 otherwise, as if it did not exist).

    The page that shows it is logged once, when it has been shown
    (`dpss.audit.registry.mark_viewed`); `detail` names the part looked at,
    such as the document downloaded.
    """
    recipient = get_object_or_404(record_selectors.recipient_list(fetched_by=request.user), pk=pk)
    mark_viewed(request, recipient, detail=detail)
    return recipient


class RecordPageMixin:
    """For a view about one person's record (`pk` in the URL): `self.recipient` is opened with
    `open_record` the first time it is used (404 for a record the person may not see; the page is logged)."""

    request: HttpRequest
    kwargs: dict

    @cached_property
    def recipient(self) -> Recipient:
        return open_record(self.request, self.kwargs["pk"])
