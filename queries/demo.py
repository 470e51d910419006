"""Demo data for queries and the help centre (`manage.py seed_demo`): safe to run again."""

from __future__ import annotations

from .demo_help import seed_demo_help
from .demo_tracker import seed_demo_tracker


def seed_demo_queries() -> list[str]:
    return seed_demo_help() + seed_demo_tracker()
