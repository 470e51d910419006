"""Is the Celery broker reachable? Answered within about two seconds."""

from kombu import Connection

from dpss.celery import app


def broker_reachable(timeout: float = 2.0) -> bool:
    try:
        with Connection(
            app.conf.broker_url, connect_timeout=timeout, transport_options=app.conf.broker_transport_options
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False
