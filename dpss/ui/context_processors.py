from django.conf import settings

from .navigation import items_for


def service(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "service": settings.SERVICE,
        "nav_items": items_for(user, request.path) if user is not None else [],
    }
