"""The header navigation: each app registers the links its users may follow.

An item shows only to people its predicate accepts, so the header never
offers a page that would answer 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[object], bool]
    kwargs: tuple[tuple[str, str], ...] = ()
    order: int = 50

    def url(self) -> str:
        return reverse(self.url_name, kwargs=dict(self.kwargs))


_REGISTRY: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _REGISTRY:
        _REGISTRY.append(item)


def items_for(user: object, current_path: str) -> list[dict[str, object]]:
    visible = sorted((item for item in _REGISTRY if item.allowed(user)), key=lambda item: item.order)
    result = []
    for item in visible:
        url = item.url()
        result.append({"label": item.label, "url": url, "active": current_path.startswith(url)})
    return result
