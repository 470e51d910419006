"""The console at start: SQLite's "no covering indexes" warning (models.W040) is silenced there and only there."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks

ROOT = Path(__file__).resolve().parents[2]


def _silenced_with(database_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "dpss.settings"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SILENCED_SYSTEM_CHECKS)"
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.mark.django_db
def test_the_sqlite_covering_index_warning_is_silenced():
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("an SQLite-only warning")
    found = checks.run_checks(databases=["default"], include_deployment_checks=False)
    w040 = [message for message in found if message.id == "models.W040"]
    assert w040, "the covering indexes still give SQLite's warning"
    assert all(message.is_silenced() for message in w040)
    assert not [message for message in found if message.is_silenced() and message.id != "models.W040"]


def test_postgresql_silences_nothing():
    # Settings only: no connection is made.
    assert _silenced_with("postgres://postgres@127.0.0.1:5432/dpss_unused") == "[]"
    assert "models.W040" in _silenced_with("sqlite:////tmp/dpss-check.sqlite3")
