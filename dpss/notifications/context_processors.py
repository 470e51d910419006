"""What every page needs to know about the outbox: whether to show the "messages are delayed" banner."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import messages_delayed


def outbox(request: HttpRequest) -> dict[str, object]:
    # Lazy: only a page that shows the banner reads the outbox.
    return {"messages_delayed": SimpleLazyObject(messages_delayed)}
