"""The Celery app. The broker is Redis when REDIS_URL is set, otherwise a folder."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpss.settings")

app = Celery("dpss")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The filesystem broker's folders are made when Django is set up (dpss/folders.py), not on import.
