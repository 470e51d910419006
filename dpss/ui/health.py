"""Is the Celery broker reachable? Answered within a few seconds."""

from kombu import Connection

from dpss.celery import app


def broker_reachable(*, url: str | None = None, timeout: float = 2.0) -> bool:
    try:
        with Connection(
            url or app.conf.broker_url, connect_timeout=timeout, transport_options=app.conf.broker_transport_options
        ) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False
