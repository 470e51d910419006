"""Header links of the queries app (dpss/ui/navigation.py). Each is added with the page it opens."""

from __future__ import annotations

from dpss.accounts.rules import is_dpss_staff, is_manager
from dpss.ui.navigation import NavItem, register

from .rules import raises_own_queries


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
