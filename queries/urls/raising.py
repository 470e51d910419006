"""URLs of the raising part (views/raising.py)."""

urlpatterns: list = []
