"""Real services for the integration tests: a private Redis and a Celery worker.

The shared Redis on 6379 is never touched: each test that needs Redis starts
its own `redis-server` on a free port and stops it by ending that process.
The worker is a real `celery worker` subprocess that uses the pytest-django
test database (PostgreSQL only, as in production; under pytest-xdist, the one of
this test's process, e.g. test_dpss_gw0) and writes emails to files, so
anything in the mail folder was sent by the worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import email
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.db import connection
from kombu.utils.collections import eqhash

from dpss.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
if not CELERY.exists():  # a virtualenv somewhere else: use the one running pytest
    CELERY = Path(sys.executable).with_name("celery")

# Environment variables of the test process that must not leak into the worker.
WORKER_ENV_DROP = (
    "EMAIL_URL",
    "CELERY_BROKER_URL",
    "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL",
    "CELERY_RESULT_BACKEND",
    "NOTIFY_API_KEY",
    "NOTIFY_EMAIL_TEMPLATE_ID",
    "PYTEST_CURRENT_TEST",
    "PYTEST_ADDOPTS",
)

EMAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after each message


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if pytest itself is killed, so nothing is orphaned."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _end_process(process: subprocess.Popen, *, grace: float) -> None:
    """End one process we started, by its id: SIGTERM, then SIGKILL after `grace` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class PrivateRedis:
    """A redis-server of our own, on a port nobody else uses, without persistence."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, socket_timeout=2)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        assert self.process is None, "this Redis is already running"
        log = (self.workdir / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        log.close()
        if not wait_until(self.ping, timeout=10, interval=0.05):
            self.stop()
            pytest.fail(f"redis-server did not answer on port {self.port}: {(self.workdir / 'redis.log').read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            _end_process(self.process, grace=5)
            self.process = None
        assert not self.ping(), f"something still answers on port {self.port}"


class CeleryWorker:
    """`celery -A dpss worker` in a subprocess, logging to a file we can read."""

    def __init__(self, *, env: dict[str, str], logfile: Path) -> None:
        self.logfile = logfile
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "dpss",
                "worker",
                "--pool=solo",
                "-c",
                "1",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
                "--hostname",
                f"integration-{os.getpid()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=logfile.open("ab"),
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def succeeded(self, task_name: str) -> list[str]:
        """Ids of the tasks of this name that the worker finished without error."""
        return re.findall(rf"Task {re.escape(task_name)}\[([0-9a-f-]+)\] succeeded", self.log())

    def wait_for(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        def done_or_dead() -> bool:
            return condition() or self.process.poll() is not None

        wait_until(done_or_dead, timeout=timeout)
        assert condition(), f"Timed out after {timeout}s waiting for {what}. Worker log:\n{self.log()[-6000:]}"

    def stop(self) -> None:
        _end_process(self.process, grace=10)


# --- Fixtures ------------------------------------------------------------


@pytest.fixture
def needs_redis_server() -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server binary (apt-get install redis-server)")


@pytest.fixture
def needs_postgres(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: set DATABASE_URL (the worker shares the test database, as production shares PostgreSQL)"
        )


@pytest.fixture
def not_eager(settings) -> None:
    """Undo the eager mode of tests/conftest.py: tasks go through the broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False


def _forget_broker_pools(*, close: bool) -> None:
    """Make the app build new broker pools for the URL it is pointed at next.

    kombu keeps one pool per broker URL in a process-wide registry. The pools of
    a URL we pointed at (a private Redis) are closed and removed; those of the
    original URL are left open, so the tests that follow find them working.
    """
    if close:
        key = eqhash(celery_app.connection_for_write())
        for group in (kombu.pools.producers, kombu.pools.connections):
            pool = dict.pop(group, key, None)  # dict.pop: the registry would create a missing pool
            if pool is not None:
                with contextlib.suppress(Exception):
                    pool.force_close_all()
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def point_celery_at(settings, not_eager) -> Iterator[Callable[[str], None]]:
    """Point this process's Celery app (and settings) at a Redis URL, with the options production uses with Redis
    (REDIS_BROKER_TRANSPORT_OPTIONS in dpss/settings.py)."""
    options = dict(settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)

    def point(url: str) -> None:
        _forget_broker_pools(close=celery_app.conf.broker_url != saved[0])
        settings.REDIS_URL = url
        settings.CELERY_BROKER_URL = url
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = dict(options)

    yield point
    _forget_broker_pools(close=celery_app.conf.broker_url != saved[0])
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved


@pytest.fixture
def private_redis(needs_redis_server, tmp_path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def read_emails(folder: Path) -> list[Message]:
    """Every message Django's file-based backend wrote into `folder`."""
    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(EMAIL_SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def worker_environment(*, broker_url: str, mail_folder: Path, var_dir: Path) -> dict[str, str]:
    """The worker's settings, all explicit: the test database, the private Redis, mail to files."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    env = {k: v for k, v in os.environ.items() if k not in WORKER_ENV_DROP}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dpss.settings",
            "DATABASE_URL": f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}",
            "CONN_MAX_AGE": "0",  # no idle connection left on the test database
            "REDIS_URL": broker_url,
            # Not pytest: without this the worker would take the real settings,
            # but CI exports DPSS_TESTING=true, which would swap in locmem email.
            "DPSS_TESTING": "false",
            "DPSS_PRODUCTION": "false",
            "DPSS_VAR_DIR": str(var_dir),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_folder),
            "NOTIFY_API_KEY": "",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.fixture
def start_worker(needs_postgres, tmp_path, mail_dir) -> Iterator[Callable[[str], CeleryWorker]]:
    """Start a real Celery worker on the test database; it is stopped before the database is flushed."""
    workers: list[CeleryWorker] = []

    def start(broker_url: str) -> CeleryWorker:
        var_dir = tmp_path / "worker-var"
        var_dir.mkdir(exist_ok=True)
        worker = CeleryWorker(
            env=worker_environment(broker_url=broker_url, mail_folder=mail_dir, var_dir=var_dir),
            logfile=tmp_path / f"worker-{len(workers)}.log",
        )
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
