"""SITE_URL follows DPSS_BIND when it is not set, so `DPSS_BIND=127.0.0.1:8001 make run` moves the address and
every link in emails together (issue 11, item 21). The settings are read in a fresh interpreter with the
environment under test, as `make run` would read them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def site_url(tmp_path: Path, **env: str) -> str:
    clean = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "DPSS_BIND")}
    clean.update({"DJANGO_SETTINGS_MODULE": "dpss.settings", "DPSS_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"DPSS_BIND": "127.0.0.1:8001"}, "http://127.0.0.1:8001"),
        ({"DPSS_BIND": "127.0.0.1:8001", "SITE_URL": "https://dpss.example.org/"}, "https://dpss.example.org"),
    ],
)
def test_site_url_follows_dpss_bind_unless_it_is_set(tmp_path, env, expected):
    dotenv = ROOT / ".env"
    if dotenv.exists() and re.search(r"^\s*(SITE_URL|DPSS_BIND)\s*=", dotenv.read_text(), re.MULTILINE):
        pytest.skip("this checkout's .env sets SITE_URL or DPSS_BIND, which the settings read")
    assert site_url(tmp_path, **env) == expected
