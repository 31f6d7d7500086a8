"""Server time and SQL queries of each key page, measured in this process.

Requests go straight to Django's WSGI handler, without a network or HTTP
server, so the numbers are the server's own time: middleware, views, queries,
template rendering and closing the response.
"""

import io
import os
import platform
import random
import statistics
import sys
import time

import django
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from groeidocument.bench.pages import PAGES, find_targets
from groeidocument.bench.urls import BARE_PATH

BARE_ANONYMOUS = "Bare view, anonymous"
BARE_SIGNED_IN = "Bare view, signed in"


def session_cookie(user) -> str:
    """Sign user in and return the session cookie's value."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def wsgi_environ(url: str, session: str | None) -> dict:
    path, _separator, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if session is not None:
        environ["HTTP_COOKIE"] = f"sessionid={session}"
    return environ


def request_once(handler, url, session) -> tuple[int, float]:
    """Request url once; return the status code and the server time in ms."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(int(status.split()[0]))

    started = time.perf_counter()
    response = handler(wsgi_environ(url, session), start_response)
    b"".join(response)
    response.close()
    elapsed = time.perf_counter() - started
    return statuses[0], elapsed * 1000


def key_requests() -> list[tuple[str, str, str | None]]:
    """Return (name, URL, session cookie) of the bare views and every page."""
    targets = find_targets()
    session = session_cookie(targets.user)
    return [
        (BARE_ANONYMOUS, BARE_PATH, None),
        (BARE_SIGNED_IN, BARE_PATH, session),
        *((page.name, page.url(targets), session) for page in PAGES),
    ]


def count_queries(handler, requests) -> dict[str, int]:
    """Return the SQL queries of one request per page, after a warm-up request.

    The warm-up request fills caches and makes the one-time writes (such as
    the conversation mode storing the step shown last) that a page does on
    its first visit only.
    """
    counts = {}
    for name, url, session in requests:
        status, _ms = request_once(handler, url, session)
        if status != 200:
            raise RuntimeError(f"{name}: {url} returned status {status}, not 200")
        with CaptureQueriesContext(connection) as queries:
            request_once(handler, url, session)
        counts[name] = len(queries)
    return counts


def time_requests(handler, requests, rounds: int, seed: int = 1) -> dict[str, dict]:
    """Request every page rounds times, in a new random order each round.

    Shuffling spreads a slow moment of the machine (another process on a
    shared core) over all pages, instead of letting it hit one page.
    """
    samples = {name: [] for name, _url, _session in requests}
    order = list(requests)
    rng = random.Random(seed)
    for _round in range(rounds):
        rng.shuffle(order)
        for name, url, session in order:
            _status, ms = request_once(handler, url, session)
            samples[name].append(ms)
    return {name: summarise(values) for name, values in samples.items()}


def summarise(milliseconds: list[float]) -> dict:
    # quantiles(n=20) returns 19 cut points; the 19th is the 95th percentile.
    p95 = statistics.quantiles(milliseconds, n=20)[18]
    return {
        "requests": len(milliseconds),
        "median_ms": statistics.median(milliseconds),
        "p95_ms": p95,
    }


def measure(rounds: int) -> dict:
    """Return query counts and server times of the key pages on this database."""
    handler = WSGIHandler()
    requests = key_requests()
    queries = count_queries(handler, requests)
    times = time_requests(handler, requests, rounds) if rounds else {}
    return {
        "urls": {name: url for name, url, _session in requests},
        "queries": queries,
        "times": times,
    }


def describe_database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def describe_machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as meminfo:
            memory_kib = int(meminfo.readline().split()[1])
        memory = f"{memory_kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
    }
