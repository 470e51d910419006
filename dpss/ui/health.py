"""Is the Celery broker reachable? Answered within a few seconds. And what each part adds to /healthz."""

from collections.abc import Callable

from kombu import Connection

from dpss.celery import app

# Figures the parts of the portal add to /healthz (the outbox's backlog, say), by name. Each reads the
# database only; a part registers its own in its AppConfig.ready(), so the UI imports no part.
_HEALTH_CHECKS: dict[str, Callable[[], object]] = {}


def register_health_check(name: str, check: Callable[[], object]) -> None:
    _HEALTH_CHECKS[name] = check


def health_figures() -> dict[str, object]:
    """Every registered figure, by name. Raises what a check raises (the database is down, say)."""
    return {name: check() for name, check in _HEALTH_CHECKS.items()}


def broker_reachable(*, url: str | None = None, timeout: float = 2.0) -> bool:
    try:
        with Connection(
            url or app.conf.broker_url, connect_timeout=timeout, transport_options=app.conf.broker_transport_options
        ) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False
