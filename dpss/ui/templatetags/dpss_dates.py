"""Dates and times on pages, one way everywhere (`dpss.formatting`): `{{ moment|when }}` is "2 December 2026
at 6:05am", `{{ moment|when:"short" }}` "2 Dec 2026 at 6:05am", `{{ moment|when:"weekday" }}` "Wednesday
2 December 2026 at 6:05am", and `{{ moment|clock }}` "6:05am". Never `|date:"g:ia"` ("6:05a.m.") or "H:i"."""

from __future__ import annotations

from datetime import datetime, time

from django import template

from dpss.formatting import clock_time, date_and_time

register = template.Library()


@register.filter
def when(moment: datetime | None, style: str = "") -> str:
    return date_and_time(moment, style=style) if isinstance(moment, datetime) else ""


@register.filter
def clock(moment: datetime | time | None) -> str:
    return clock_time(moment) if isinstance(moment, datetime | time) else ""
