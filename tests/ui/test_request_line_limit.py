"""gunicorn lets a long address through to the portal, which answers it with the service's own message.

gunicorn refuses a request line over 4,094 bytes by default with a bare "URI Too Long" page; both ways of
running the portal (`make run` through scripts/serve.py, and the container's entrypoint) raise it to the
most gunicorn allows, 8,190. The help search's own answer to an over-long query is tested in
tests/queries/test_help_pages.py.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from gunicorn.config import Config  # type: ignore[import-untyped]

ROOT = Path(settings.BASE_DIR)
# A help search of about 5,000 characters, as a person pasted it, in the request line gunicorn reads.
LONG_SEARCH_LINE = f"GET /help/search/?{urlencode({'q': 'holiday pay ' * 420})} HTTP/1.1"


def gunicorn_limit(arguments: list[str]) -> int:
    parsed = Config().parser().parse_args(arguments)
    return parsed.limit_request_line if parsed.limit_request_line is not None else Config().limit_request_line


def test_a_five_thousand_character_search_fits_gunicorns_request_line_under_make_run():
    spec = importlib.util.spec_from_file_location("serve", ROOT / "scripts" / "serve.py")
    assert spec is not None and spec.loader is not None
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    assert gunicorn_limit(serve.COMMANDS["web"][1:]) >= len(LONG_SEARCH_LINE) > Config().limit_request_line


def test_a_five_thousand_character_search_fits_gunicorns_request_line_in_the_container():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    command = re.search(r"exec gunicorn ((?:.*\\\n)*.*)", script)
    assert command is not None
    # The shell's default for WEB_CONCURRENCY stands in for the variable.
    arguments = shlex.split(command.group(1).replace("\\\n", " ").replace("${WEB_CONCURRENCY:-2}", "2"))
    assert gunicorn_limit(arguments) >= len(LONG_SEARCH_LINE)
