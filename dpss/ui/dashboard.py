"""What is waiting for staff, counted, at the top of their dashboards: each app registers its own.

The core imports no app (pyproject: core-imports-no-app), so the dashboard
cannot ask the queries or recipients app for its figures. Instead each app
registers, in its AppConfig.ready(), a function that answers for one member of
staff: a `TaskGroup` ("Queries": new, due later today, overdue, assigned to
you), each task a link to the list it counts, filtered. A group is shown only
to people its predicate accepts, so the dashboard never links to a page that
would answer 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Task:
    label: str  # "New", "Overdue": the count goes after it
    url: str  # the list the count is of, filtered to it
    count: int


@dataclass(frozen=True)
class TaskGroup:
    title: str  # "Queries": a link to the whole list
    url: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class TaskSource:
    name: str
    allowed: Callable[[Any], bool]
    tasks: Callable[[Any], TaskGroup]
    order: int = 50


_SOURCES: dict[str, TaskSource] = {}


def register_team_tasks(source: TaskSource) -> None:
    _SOURCES[source.name] = source


def team_tasks_for(user: Any) -> list[TaskGroup]:
    """The groups `user` may see, in order: each source costs its own few SQL queries (one or two)."""
    sources = sorted((s for s in _SOURCES.values() if s.allowed(user)), key=lambda s: (s.order, s.name))
    return [source.tasks(user) for source in sources]
