"""URLs of the content part (views/content.py)."""

urlpatterns: list = []
