"""URLs of the reports part (views/reports.py)."""

urlpatterns: list = []
