"""URLs of the staff part (views/staff.py)."""

urlpatterns: list = []
