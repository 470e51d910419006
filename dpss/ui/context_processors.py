from django.conf import settings
from django.http import HttpRequest

from .navigation import items_for


def service(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "service": settings.SERVICE,
        "nav_items": items_for(user, request.path) if user is not None else [],
    }
