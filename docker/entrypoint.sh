#!/bin/sh
# Entry point of the DPSS portal image. The first argument names the role:
#
#   web          gunicorn serving dpss.wsgi on port 8000
#   worker       a Celery worker (no -B: beat runs as its own container)
#   beat         Celery beat with django-celery-beat's database scheduler.
#                Run exactly one, however many web and worker containers run.
#   migrate      apply migrations and create the cache table, then exit.
#                docker-compose.yml runs it once as a one-off service before
#                web, worker and beat start.
#   healthcheck  ask the web server on 127.0.0.1:8000 for /healthz (used by
#                the container health check; does not wait for anything)
#
# Anything else is run as given, after waiting for the database, e.g.
#   docker compose run --rm web python manage.py createsuperuser
set -eu

role="${1:-web}"

healthcheck() {
    # The request must look like one from the TLS-terminating proxy: a Host in
    # ALLOWED_HOSTS (else Django answers 400) and X-Forwarded-Proto: https
    # (else SECURE_SSL_REDIRECT answers 301). /healthz answers 503 only when
    # the database is unreachable; a broker outage is "degraded" but 200,
    # because pages keep working and messages wait in the outbox.
    exec python - <<'PY'
import os
import sys
import urllib.request

hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
host = hosts[0] if hosts else "localhost"
if host == "*":
    host = "localhost"
elif host.startswith("."):
    host = "healthcheck" + host
request = urllib.request.Request(
    "http://127.0.0.1:8000/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=8) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:
    print(f"/healthz failed: {error}", file=sys.stderr)
    sys.exit(1)
PY
}

wait_for_database() {
    # depends_on in docker-compose.yml already waits for PostgreSQL to be
    # healthy; this also covers a database that restarts, or another runner.
    python - <<'PY'
import os
import sys
import time

import django

django.setup()
from django.db import connection
from django.db.utils import OperationalError

deadline = time.monotonic() + int(os.environ.get("DATABASE_WAIT_SECONDS", "60"))
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as error:
        if time.monotonic() > deadline:
            print(f"The database is still unreachable, giving up: {error}", file=sys.stderr)
            sys.exit(1)
        print("Waiting for the database...", file=sys.stderr, flush=True)
        time.sleep(2)
connection.close()
PY
}

if [ "$role" = "healthcheck" ]; then
    healthcheck
fi

# The image has no writable broker folder: production uses Redis.
if [ -z "${REDIS_URL:-}" ]; then
    echo "REDIS_URL is not set. The image needs Redis as the Celery broker (see .env.example)." >&2
    exit 1
fi

wait_for_database

case "$role" in
    web)
        # Workers: WEB_CONCURRENCY (default 2) processes of 4 threads each.
        # /dev/shm for gunicorn's heartbeat files: a container's /tmp may be
        # on a slow overlay filesystem. No control socket: it would live in
        # the home directory, and the portal's user has none. The longest
        # request line gunicorn allows (default 4094), so a long help search
        # gets the portal's own message, not an unstyled "URI Too Long".
        exec gunicorn dpss.wsgi \
            --bind 0.0.0.0:8000 \
            --limit-request-line 8190 \
            --workers "${WEB_CONCURRENCY:-2}" \
            --threads 4 \
            --worker-tmp-dir /dev/shm \
            --no-control-socket \
            --timeout 60 \
            --graceful-timeout 30 \
            --access-logfile -
        ;;
    worker)
        exec celery -A dpss worker --loglevel="${LOG_LEVEL:-INFO}"
        ;;
    beat)
        exec celery -A dpss beat --loglevel="${LOG_LEVEL:-INFO}" \
            --scheduler django_celery_beat.schedulers:DatabaseScheduler
        ;;
    migrate)
        python manage.py migrate --noinput
        exec python manage.py createcachetable
        ;;
    *)
        exec "$@"
        ;;
esac
