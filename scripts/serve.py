"""Serve the portal with its Celery worker and beat, and stop them all on Ctrl-C.

Used by `make run`. The worker runs beat inside it (`-B`), which is right
for one machine; production runs beat as its own single container.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

BIN = os.path.dirname(sys.executable)
ADDRESS = os.environ.get("DPSS_BIND", "127.0.0.1:8000")

COMMANDS = {
    "web": [
        f"{BIN}/gunicorn",
        "dpss.wsgi",
        "--bind",
        ADDRESS,
        "--workers",
        "2",
        "--threads",
        "4",
        # gunicorn's most (default 4,094): a long help search reaches the portal, which answers it in
        # the service's own words, instead of gunicorn's unstyled "URI Too Long".
        "--limit-request-line",
        "8190",
        "--access-logfile",
        "-",
    ],
    "worker": [
        f"{BIN}/celery",
        "-A",
        "dpss",
        "worker",
        "-B",
        "--pool=solo",
        "--loglevel=INFO",
        "--schedule",
        os.path.join("var", "celerybeat-schedule"),
    ],
}


def main() -> int:
    processes = {name: subprocess.Popen(command) for name, command in COMMANDS.items()}
    print(f"\nThe portal is at http://{ADDRESS}  (Ctrl-C stops the web server, worker and scheduler)\n", flush=True)
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"The {name} process stopped (exit code {process.returncode}); stopping the rest.", flush=True)
                exit_code = process.returncode or 1
                stopping = True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
