"""Load runs: locust against `groeidocument serve` on 127.0.0.1.

Every run is bounded in time, and every server started here is stopped by its
process id when the run ends or fails.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.core.management import call_command

from groeidocument.pupils.models import Pupil, current_school_year

HOST = "127.0.0.1"
SERVER_START_TIMEOUT = 60
# Not imported: importing locust patches the standard library for gevent,
# which would change how this process measures.
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Must match WRITE_NAME in the locustfile.
WRITE_NAME = "add pupil"
LOAD_TEST_LAST_NAME = "Loadtest"


def free_port() -> int:
    # NOTE: another process can take the port before the server binds it;
    # the server start then times out with a message.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int | None = None) -> subprocess.Popen:
    """Start `groeidocument serve` on port with the bench settings; wait until up."""
    command = [
        sys.executable,
        "-m",
        "groeidocument",
        "serve",
        "--bind",
        f"{HOST}:{port}",
        "--no-collectstatic",
    ]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "groeidocument.bench.settings"}
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"groeidocument serve exited with {server.returncode}")
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/login/", timeout=5)
            return server
        except OSError:
            # Refused while gunicorn starts, or timed out while its workers
            # load Django on busy cores; both mean: not ready yet.
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(
        f"groeidocument serve did not start on port {port} within "
        f"{SERVER_START_TIMEOUT} s: run it by hand to see its output"
    )


def stop_server(server: subprocess.Popen):
    """Stop the gunicorn master by its id; it stops its own workers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_locust(hosts, paths, session, users, seconds, writes=False) -> dict:
    """Run locust headless for seconds; return its totals and per-name rows."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "locust"
        env = {
            **os.environ,
            "BENCH_HOSTS": ",".join(hosts),
            "BENCH_PATHS": ",".join(paths),
            "BENCH_SESSION": session,
            "BENCH_WRITES": "1" if writes else "0",
            "BENCH_LAST_NAME": LOAD_TEST_LAST_NAME,
            "BENCH_SCHOOL_YEAR": current_school_year(),
        }
        command = [
            sys.executable,
            "-m",
            "locust",
            *("-f", str(LOCUSTFILE), "--headless", "--only-summary"),
            *("--users", str(users), "--spawn-rate", str(users)),
            *("--run-time", f"{seconds}s", "--stop-timeout", "5"),
            *("--csv", str(prefix), "--host", hosts[0], "--loglevel", "ERROR"),
        ]
        # locust exits with 1 when a request failed; the failures are in the
        # CSV and reported from there.
        subprocess.run(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=seconds + 60,
        )
        with open(f"{prefix}_stats.csv", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}

    def summary(row):
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "requests_per_second": float(row["Requests/s"]),
            "median_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }

    return {
        "total": summary(rows["Aggregated"]),
        "by_name": {
            name: summary(row) for name, row in rows.items() if name != "Aggregated"
        },
    }


def one_server_runs(pages: dict[str, str], session, users, seconds) -> dict:
    """Load each page alone at users concurrent users on one server."""
    port = free_port()
    server = start_server(port)
    try:
        host = f"http://{HOST}:{port}"
        return {
            name: run_locust([host], [path], session, users, seconds)["total"]
            for name, path in pages.items()
        }
    finally:
        stop_server(server)


def two_server_run(paths, session, users, seconds) -> dict:
    """Spread users over two servers sharing the database, reading and writing.

    Each added pupil that the server confirmed (302) must be in the database
    afterwards: the difference is reported as lost writes.
    """
    before = Pupil.objects.filter(last_name=LOAD_TEST_LAST_NAME).count()
    ports = [free_port(), free_port()]
    # Each server gets half the default workers, so that the two together
    # run as many processes as one server alone.
    workers = max(1, (2 * (os.cpu_count() or 1) + 1) // 2)
    servers = []
    try:
        for port in ports:
            servers.append(start_server(port, workers))
        hosts = [f"http://{HOST}:{port}" for port in ports]
        result = run_locust(hosts, paths, session, users, seconds, writes=True)
    finally:
        for server in servers:
            stop_server(server)

    after = Pupil.objects.filter(last_name=LOAD_TEST_LAST_NAME).count()
    writes = result["by_name"].get(WRITE_NAME, {})
    confirmed = writes.get("requests", 0) - writes.get("failures", 0)
    return {
        **result,
        "workers_per_server": workers,
        "confirmed_writes": confirmed,
        "rows_written": after - before,
        # A write still in flight when locust stops can add a row that was
        # never confirmed, so only confirmed writes missing from the table
        # count as lost.
        "lost_writes": max(0, confirmed - (after - before)),
    }


def collect_static():
    """Collect static files once, before servers that share the folder start."""
    call_command("collectstatic", interactive=False, verbosity=0)
