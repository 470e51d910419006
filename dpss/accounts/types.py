"""Types for annotations: whoever is asking, and a request that has passed sign-in."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .models import User

# Whoever a request or a rule is about: a signed-in person, or nobody signed in.
AnyUser = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request past `login_required` or a permission check: its user is signed in.

    For annotations only (`def page(request: AuthenticatedRequest)`): Django builds the request.
    """

    user: User
