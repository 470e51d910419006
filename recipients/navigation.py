"""The financial check-ups waiting for staff, counted on the staff dashboards (dpss/ui/dashboard.py).

(recipients' header links are registered in apps.py.)"""

from __future__ import annotations

from django.urls import reverse

from dpss.accounts.rules import is_dpss_staff
from dpss.ui.dashboard import Task, TaskGroup, TaskSource, register_team_tasks

from .selectors.checkups import QUEUE_OVERDUE, QUEUE_SENT, checkup_queue_counts


def _checkup_tasks(user) -> TaskGroup:
    """Check-ups sent to us and waiting for a review, and those past their due date: one SQL query."""
    counts = checkup_queue_counts(fetched_by=user)
    queue = reverse("recipients:checkup_queue")
    return TaskGroup(
        "Financial check-ups",
        queue,
        (
            Task("Sent to us, waiting for a review", f"{queue}?show={QUEUE_SENT}", counts[QUEUE_SENT]),
            Task("Past their due date", f"{queue}?show={QUEUE_OVERDUE}", counts[QUEUE_OVERDUE]),
        ),
    )


register_team_tasks(TaskSource("checkups", is_dpss_staff, _checkup_tasks, order=20))
