"""URLs of the requester part (views/requester.py)."""

urlpatterns: list = []
