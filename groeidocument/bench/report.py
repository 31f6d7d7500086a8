"""The Markdown report of docs/benchmarks.md, written from the passes' JSON."""

from groeidocument.bench import importing
from groeidocument.bench.measure import BARE_ANONYMOUS, BARE_SIGNED_IN
from groeidocument.bench.pages import PAGES

# A page's median server time may be at most this many times the bare view's.
MAX_RATIO = 3
BASELINE = BARE_SIGNED_IN
# Name and maximum median in ms of each timed entry; None means MAX_RATIO.
TARGETS = [(page.name, page.limit_ms) for page in PAGES] + [
    (importing.TOTAL, importing.IMPORT_LIMIT_MS)
]
# Steps of the import, shown for where its time goes, without a target.
INFORMATION = importing.STEPS
# Entries whose query counts must not grow with the data.
COUNTED = [page.name for page in PAGES] + [importing.TOTAL]


def ratio(result: dict, name: str, baseline: str = BASELINE) -> float:
    times = result["times"]
    return times[name]["median_ms"] / times[baseline]["median_ms"]


def miss(result: dict, name: str, limit_ms: float | None) -> str | None:
    """Describe how name misses its time target, or return None when it meets it."""
    median = result["times"][name]["median_ms"]
    if limit_ms is not None:
        if median > limit_ms:
            return f"{median:.0f} ms median, more than {limit_ms:.0f} ms"
        return None
    if ratio(result, name) > MAX_RATIO:
        return (
            f"{ratio(result, name):.1f} times the bare view's median, "
            f"more than {MAX_RATIO}"
        )
    return None


def missed_targets(results: list[dict]) -> list[str]:
    """Return one line per page and database that misses a target."""
    missed = []
    for result in results:
        database = result["database"]
        for name, limit_ms in TARGETS:
            if name in result["times"] and (reason := miss(result, name, limit_ms)):
                missed.append(f"{database}, {name}: {reason}")
        for name in COUNTED:
            small = result["small_queries"][name]
            large = result["queries"][name]
            if small != large:
                missed.append(
                    f"{database}, {name}: {small} queries on small data, "
                    f"{large} on large data"
                )
        for line in load_errors(result):
            missed.append(f"{database}, load: {line}")
    return missed


def load_errors(result: dict) -> list[str]:
    load = result.get("load")
    if not load:
        return []
    errors = []
    for name, run in load["one_server"].items():
        if run["failures"]:
            errors.append(f"{name}: {run['failures']} failed requests")
    two = load.get("two_servers")
    if two:
        if two["total"]["failures"]:
            errors.append(f"two servers: {two['total']['failures']} failed requests")
        lost = max(0, two["confirmed_writes"] - two["rows_written"])
        if lost:
            errors.append(f"two servers: {lost} lost writes")
    return errors


def summary_lines(result: dict) -> str:
    lines = [result["database"]]
    for name, times in result["times"].items():
        # The import's steps are timed, but their queries are counted together.
        queries = result["queries"].get(name, "")
        lines.append(
            f"  {name:34} {times['median_ms']:7.2f} ms median "
            f"{times['p95_ms']:7.2f} ms p95 {queries:>3} queries"
        )
    return "\n".join(lines)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _time_rows(result: dict) -> list[list]:
    rows = []
    entries = [(BARE_ANONYMOUS, None), (BARE_SIGNED_IN, None), *TARGETS]
    entries += [(name, None) for name in INFORMATION]
    for name, limit_ms in entries:
        if name not in result["times"]:
            continue
        times = result["times"][name]
        target = within = ""
        if (name, limit_ms) in TARGETS:
            target = f"≤ {limit_ms:.0f} ms" if limit_ms else f"≤ {MAX_RATIO}×"
            within = "**no**" if miss(result, name, limit_ms) else "yes"
        rows.append(
            [
                name,
                f"{times['median_ms']:.2f}",
                f"{times['p95_ms']:.2f}",
                f"{ratio(result, name):.1f}",
                f"{ratio(result, name, BARE_ANONYMOUS):.1f}",
                target,
                within,
            ]
        )
    return rows


def _query_rows(results: list[dict]) -> list[list]:
    rows = []
    for name in COUNTED:
        row = [name]
        for result in results:
            small = result["small_queries"][name]
            large = result["queries"][name]
            row += [small, large, "yes" if small == large else "**no**"]
        rows.append(row)
    return rows


def _load_lines(result: dict) -> list[str]:
    load = result.get("load")
    if not load:
        return []
    lines = [
        "",
        f"### Load on {result['database']}",
        "",
        f"locust, {load['users']} users without pauses, {load['seconds']} s per "
        "page, against one `groeidocument serve` (gunicorn, default workers).",
        "",
    ]
    rows = [
        [
            name,
            f"{run['requests_per_second']:.0f}",
            f"{run['median_ms']:.0f}",
            f"{run['p95_ms']:.0f}",
            run["failures"],
        ]
        for name, run in load["one_server"].items()
    ]
    lines += _table(
        ["page", "requests/s", "median ms", "95th percentile ms", "failures"], rows
    )
    two = load.get("two_servers")
    if two:
        total = two["total"]
        lines += [
            "",
            f"Two `groeidocument serve` processes on two ports, "
            f"{two['workers_per_server']} workers each, sharing this database. "
            f"{load['users']} users, spread evenly over both, for "
            f"{load['seconds'] * 2} s read the overview and the growth document "
            "page and add pupils through the form:",
            "",
        ]
        lines += _table(
            ["requests", "requests/s", "95th percentile ms", "failures"],
            [
                [
                    total["requests"],
                    f"{total['requests_per_second']:.0f}",
                    f"{total['p95_ms']:.0f}",
                    total["failures"],
                ]
            ],
        )
        lines += [
            "",
            f"Pupils added and confirmed by a redirect: {two['confirmed_writes']}. "
            f"Rows found in the database afterwards: {two['rows_written']}. More "
            "rows than confirmations most likely come from writes still in "
            "flight when the run stopped. Lost writes, confirmed but not in the "
            "database: "
            f"{max(0, two['confirmed_writes'] - two['rows_written'])}.",
        ]
    return lines


def render(results: list[dict], command: str) -> str:
    lines = _intro_lines(results, command)
    lines += _target_lines(results)
    for result in results:
        lines += _server_time_lines(result)
    lines += _query_lines(results)
    for result in results:
        lines += _load_lines(result)
    lines.append("")
    return "\n".join(lines)


def _intro_lines(results: list[dict], command: str) -> list[str]:
    first = results[0]
    machine = first["machine"]
    size = first["group_size"]
    counts = first["counts"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {first['date']}. Each page is requested "
        "in-process through Django's WSGI handler, without network or HTTP "
        "server, as the care coordinator of the first school, who sees every "
        "growth document of that school. The page list is in "
        "`groeidocument/bench/pages.py`.",
        "",
        "## Machine",
        "",
    ]
    lines += _table(
        ["CPU", "cores", "memory", "system", "Python", "Django"],
        [
            [
                machine["cpu"],
                machine["cores"],
                machine["memory"],
                machine["system"],
                machine["python"],
                machine["django"],
            ]
        ],
    )
    lines += [
        "",
        "The cores are shared with other work, so single requests can be slow "
        "for reasons outside the application. The 95th percentile shows that "
        "noise most; the medians are steadier.",
        "",
        "## Data",
        "",
        f"`groeidocument generatedata --schools {size['schools']} "
        f"--pupils-per-school {size['pupils_per_school']}`: "
        f"{counts['schools']} schools, {counts['users']} users, "
        f"{counts['pupils']} pupils, {counts['documents']} growth documents, "
        f"{counts['action_points']} action points, {counts['conversations']} "
        f"conversations and {counts['entries']} conversation entries. "
        + " ".join(
            f"Generating took {result['generate_seconds']:.0f} s on "
            f"{result['database']}."
            for result in results
        ),
    ]
    return lines


def _target_lines(results: list[dict]) -> list[str]:
    missed = missed_targets(results)
    return [
        "",
        "## Targets",
        "",
        f"- Every page's median at most {MAX_RATIO} times the median of the bare "
        "view, signed in, measured in the same run.",
        "- The one-page PDF's median under 500 ms, and the class-list import of "
        "1,000 rows (upload, preview and confirmation together) under "
        f"{importing.IMPORT_LIMIT_MS} ms. Their ratios to the bare view are "
        "shown too.",
        "- The same number of SQL queries per page on small and on large data.",
        "",
        (
            "Result: every target is met."
            if not missed
            else "Result: targets missed:\n\n" + "\n".join(f"- {m}" for m in missed)
        ),
        "",
        "The bare view renders a small template and reads nothing itself. "
        "Signed in, it makes the three queries every signed-in page makes "
        "(session, user, school membership), and on SQLite it opens the "
        "database connection that every page opens. Anonymous, it touches no "
        "database; the column against it shows how far any signed-in page is "
        "from Django's floor.",
    ]


def _load_sentence(result: dict) -> str:
    before, after = result.get("load_average") or (None, None)
    if before is None or after is None:
        return ""
    return (
        f"The machine's load average was {before:.1f} when the timing began "
        f"and {after:.1f} when it ended, on {result['machine']['cores']} cores. "
    )


def _server_time_lines(result: dict) -> list[str]:
    lines = [
        "",
        f"## Server time on {result['database']}",
        "",
        f"{result['rounds']} requests per page, in a new random order each "
        "round, after one warm-up request. "
        + _load_sentence(result)
        + "The calendar feed is requested "
        "without a session, through its secret link, as a calendar program "
        "does. The class-list import runs "
        f"{result.get('import_rounds', 0)} times after the pages: each time it "
        "uploads a new CSV file of 1,000 pupils, opens the preview and "
        "confirms, and the new pupils are deleted afterwards, outside the "
        "timing.",
        "",
    ]
    lines += _table(
        [
            "page",
            "median ms",
            "95th percentile ms",
            "× bare, signed in",
            "× bare, anonymous",
            "target",
            "within target",
        ],
        _time_rows(result),
    )
    return lines


def _query_lines(results: list[dict]) -> list[str]:
    small = results[0]["small_size"]
    lines = [
        "",
        "## SQL queries per page",
        "",
        f"Small data: one school of {small['pupils_per_school']} pupils, one "
        "class. Large data: the school group above. Each count is of the "
        "second request, after a warm-up request.",
        "",
    ]
    header = ["page"]
    for result in results:
        database = result["database"]
        header += [f"{database} small", f"{database} large", "same"]
    return lines + _table(header, _query_rows(results))
