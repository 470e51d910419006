"""Tells the settings they are under test, before anything imports them.

Loaded with `-p tests.testing_env` (pyproject.toml's addopts), so plain `pytest`
gets the test settings as `make test` does. A conftest.py would be too late:
pytest-django imports the settings before pytest loads any conftest. The
settings look only at this variable (dpss/settings.py); an explicit
DPSS_TESTING=false in the environment still wins.
"""

import os

os.environ.setdefault("DPSS_TESTING", "true")
