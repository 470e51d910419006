from django.conf import settings
from django.utils.functional import SimpleLazyObject

from dpss.notifications.selectors import messages_delayed

from .navigation import items_for


def service(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "service": settings.SERVICE,
        "nav_items": items_for(user, request.path) if user is not None else [],
        "messages_delayed": SimpleLazyObject(messages_delayed),
    }
