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
from dataclasses import dataclass

import django
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from groeidocument.bench.pages import PAGES, find_targets
from groeidocument.bench.urls import BARE_PATH
from groeidocument.lib.sqlite import hold_write_ahead_log

BARE_ANONYMOUS = "Bare view, anonymous"
BARE_SIGNED_IN = "Bare view, signed in"
# The bench's own CSRF cookie: 32 letters, the length of Django's CSRF secret.
CSRF_SECRET = "benchbenchbenchbenchbenchbenchbe"


def session_cookie(user) -> str:
    """Sign user in and return the session cookie's value."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def wsgi_environ(
    url: str,
    session: str | None,
    method: str = "GET",
    body: bytes = b"",
    content_type: str = "",
) -> dict:
    path, _separator, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    if session is not None:
        environ["HTTP_COOKIE"] = f"sessionid={session}; csrftoken={CSRF_SECRET}"
        # Django's CSRF check accepts the cookie's secret itself as the token.
        environ["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
    return environ


@dataclass
class TimedResponse:
    status: int
    milliseconds: float
    body: bytes
    headers: dict[str, str]


def send(
    handler, url, session, method="GET", body=b"", content_type=""
) -> TimedResponse:
    """Send one request to handler and return its response and server time.

    The time runs from the call into the WSGI handler until the response body
    is read and the response closed, as a WSGI server would do.
    """
    started_response = []

    def start_response(status, headers, exc_info=None):
        started_response.append((int(status.split()[0]), dict(headers)))

    environ = wsgi_environ(url, session, method, body, content_type)
    started = time.perf_counter()
    response = handler(environ, start_response)
    content = b"".join(response)
    response.close()
    elapsed = time.perf_counter() - started
    status, headers = started_response[0]
    return TimedResponse(status, elapsed * 1000, content, headers)


def request_once(handler, url, session) -> tuple[int, float]:
    """Request url once with GET; return the status code and the server time in ms."""
    response = send(handler, url, session)
    return response.status, response.milliseconds


def key_requests(targets=None) -> list[tuple[str, str, str | None]]:
    """Return (name, URL, session cookie) of the bare views and every page.

    The user signs in once here, and every signed-in request uses that session.
    """
    targets = targets or find_targets()
    session = session_cookie(targets.user)
    return [
        (BARE_ANONYMOUS, BARE_PATH, None),
        (BARE_SIGNED_IN, BARE_PATH, session),
        *(
            (page.name, page.url(targets), session if page.signed_in else None)
            for page in PAGES
        ),
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


def measure(rounds: int, import_rounds: int = 0) -> dict:
    """Return query counts and server times of the key pages on this database.

    The class-list import writes, so it is timed after the pages, in
    import_rounds rounds of its own.
    """
    # Imported here: the import module builds on send() of this module.
    from groeidocument.bench import importing

    handler = WSGIHandler()
    # As groeidocument.wsgi does in every server process.
    hold_write_ahead_log()
    targets = find_targets()
    requests = key_requests(targets)
    queries = count_queries(handler, requests)
    session = requests[1][2]
    school = targets.school
    queries |= importing.count_import_queries(handler, session, school)
    load_before = load_average()
    times = time_requests(handler, requests, rounds) if rounds else {}
    if import_rounds:
        times |= importing.time_imports(handler, session, school, import_rounds)
    return {
        "load_average": [load_before, load_average()],
        "urls": {name: url for name, url, _session in requests},
        "queries": queries,
        "times": times,
    }


def load_average() -> float | None:
    """Return the machine's one-minute load average, or None where unknown.

    Above the number of cores, other processes wait for a core too, and the
    server times of this pass include that wait.
    """
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


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
