"""URLs of the help part (views/help.py)."""

urlpatterns: list = []
