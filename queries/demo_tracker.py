"""Demo queries: a few in each state, for the queue, the requester pages and the reports."""

from __future__ import annotations


def seed_demo_tracker() -> list[str]:
    return []
