"""Header links of the queries app (dpss/ui/navigation.py), each added with the page it opens, and the queue's
counts on the staff dashboards (dpss/ui/dashboard.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from dpss.accounts.rules import is_dpss_staff, is_manager
from dpss.ui.dashboard import Task, TaskGroup, TaskSource, register_team_tasks
from dpss.ui.navigation import NavItem, register

from .rules import raises_own_queries
from .selectors.queue import ASSIGNEE_ME, queue_counts
from .selectors.queue_search import DUE_OVERDUE, DUE_TODAY


def _everyone(user) -> bool:
    return True


# The help centre (views/help.py) is public: signed in or not.
register(NavItem("Help", "queries:help_home", _everyone, order=90))

# A person's own queries (views/requester.py): signed-in people other than staff.
register(NavItem("Your queries", "queries:my_queries", raises_own_queries, order=60))


# The managers' query reports (views/reports.py). The predicate itself, not has_perm: Django's model
# backend would read the permission tables on every page.
register(NavItem("Query reports", "queries:reports", is_manager, order=80))

# The staff queue (views/staff.py): advisers and managers.
register(NavItem("Queries", "queries:staff_queue", is_dpss_staff, order=35))

# Managers keep the help pages, canned replies, topic rules and the working calendar (views/content.py links
# the others from the help pages list).
register(NavItem("Help content", "queries:content_articles", is_manager, order=85))


def _queue_tasks(user) -> TaskGroup:
    """The open queries, counted as the queue's filters count them: one SQL query."""
    counts = queue_counts(fetched_by=user, now=timezone.now())
    queue = reverse("queries:staff_queue")

    def task(label: str, count: int, **filters: str) -> Task:
        return Task(label, f"{queue}?{urlencode(filters)}", count)

    return TaskGroup(
        "Queries",
        queue,
        (
            task("New", counts.new, status="new"),
            task("Due later today", counts.due_today, due=DUE_TODAY),
            task("Overdue", counts.overdue, due=DUE_OVERDUE),
            task("Assigned to you", counts.assigned_to_me, assignee=ASSIGNEE_ME),
        ),
    )


register_team_tasks(TaskSource("queries", is_dpss_staff, _queue_tasks, order=10))
