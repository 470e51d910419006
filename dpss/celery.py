"""The Celery app. The broker is Redis when REDIS_URL is set, otherwise a folder."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init
from django.conf import settings
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpss.settings")

app = Celery("dpss")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The filesystem broker's folders are made when Django is set up (dpss/folders.py), not on import.


@worker_init.connect
@beat_init.connect
def worker_database_time_limits(**kwargs: object) -> None:
    """The worker and beat run long jobs (an import, a report): on PostgreSQL their connections take the longer
    "worker" time limits, not the web server's (DB_TIME_LIMITS in dpss/settings.py, docs/quality.md#db-timeouts).
    Connections are made after this, so each has them (prefork children inherit the settings)."""
    options = getattr(settings, "DB_CONNECTION_OPTIONS", None)
    if options:
        connections["default"].close()
        connections["default"].settings_dict["OPTIONS"]["options"] = options["worker"]
