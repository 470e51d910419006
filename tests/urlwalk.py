"""Every named URL pattern of the project, for the authorisation matrix."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    converters: tuple[str, ...]


def all_routes() -> list[Route]:
    routes: list[Route] = []
    _walk(get_resolver().url_patterns, namespace="", prefix="", params=(), out=routes)
    return routes


def _walk(patterns, *, namespace: str, prefix: str, params: tuple[str, ...], out: list[Route]) -> None:
    for entry in patterns:
        entry_params = params + _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            child_ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            _walk(
                entry.url_patterns, namespace=child_ns, prefix=prefix + str(entry.pattern), params=entry_params, out=out
            )
        elif isinstance(entry, URLPattern):
            # An unnamed pattern (Django admin has a few) is known by its path.
            local = entry.name or f"<{prefix}{entry.pattern}>"
            name = f"{namespace}:{local}" if namespace else local
            out.append(Route(name=name, pattern=prefix + str(entry.pattern), converters=entry_params))


def _parameters(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()
