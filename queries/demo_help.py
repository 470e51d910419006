"""Demo help centre: teams, topics, topic rules, articles (with Easy Read versions) and canned replies."""

from __future__ import annotations


def seed_demo_help() -> list[str]:
    return []
