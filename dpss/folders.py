"""The folders under DPSS_VAR_DIR that must exist before a process uses them.

Importing the settings creates nothing (so a tool, a test run or the image build
that only reads them leaves no `var/` behind). `make_folders` is called once a
process has set Django up (dpss/ui/apps.py): `manage.py` commands, gunicorn and
Celery. It is not called under test, where the SQLite test database makes its
own folder (tests/conftest.py) and media go to a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def needed_folders() -> list[Path]:
    folders = [Path(settings.STATIC_ROOT)]  # WhiteNoise warns when it is missing, before collectstatic
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folders.append(Path(database["NAME"]).parent)  # SQLite makes the file, never its folder
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):  # the broker writes into these
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            if options.get(key):
                folders.append(Path(options[key]))
    return folders


def make_folders() -> None:
    for folder in needed_folders():
        folder.mkdir(parents=True, exist_ok=True)
