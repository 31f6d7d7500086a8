"""Run one database pass of the benchmark, or write the report.

    python -m groeidocument.bench pass --size full --output sqlite.json [--load]
    python -m groeidocument.bench report RESULT.json... --output docs/benchmarks.md

A pass uses the database of DATABASE_URL or GROEIDOCUMENT_DATA_DIR, which must
be empty: it generates a small school, counts each page's queries, empties the
database, generates the full school group, then times every page.
"""

import argparse
import datetime
import json
import os
import sys
import time
from dataclasses import asdict

# Settings are chosen before Django loads anything; see bench/settings.py.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groeidocument.bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from groeidocument.bench import load, measure, report  # noqa: E402
from groeidocument.bench.pages import find_targets  # noqa: E402
from groeidocument.growth.generator import (  # noqa: E402
    GroupSize,
    generate_school_group,
)

SMALL = GroupSize(schools=1, pupils_per_school=24)
# Per size: the school group, timed rounds per page, rounds of the class-list
# import and seconds per load run.
SIZES = {
    "full": (GroupSize(schools=50, pupils_per_school=400), 200, 10, 15),
    "quick": (GroupSize(schools=2, pupils_per_school=60), 10, 2, 3),
}
LOAD_USERS = 20
PASSWORD = "fictional-school-group"


def run_pass(size_name: str, with_load: bool, two_servers: bool) -> dict:
    size, rounds, import_rounds, load_seconds = SIZES[size_name]
    password_hash = make_password(PASSWORD)
    call_command("migrate", interactive=False, verbosity=0)

    generate_school_group(SMALL, password_hash=password_hash)
    small = measure.measure(rounds=0)
    call_command("flush", interactive=False, verbosity=0)

    started = time.perf_counter()
    counts = generate_school_group(size, password_hash=password_hash)
    generate_seconds = time.perf_counter() - started
    print(f"generated {counts} in {generate_seconds:.0f} s", file=sys.stderr)
    large = measure.measure(rounds=rounds, import_rounds=import_rounds)

    result = {
        "database": measure.describe_database(),
        "machine": measure.describe_machine(),
        "date": datetime.date.today().isoformat(),
        "size": size_name,
        "group_size": asdict(size),
        "small_size": asdict(SMALL),
        "counts": asdict(counts),
        "generate_seconds": generate_seconds,
        "rounds": rounds,
        "import_rounds": import_rounds,
        "urls": large["urls"],
        "small_queries": small["queries"],
        "queries": large["queries"],
        "times": large["times"],
        "load_average": large["load_average"],
    }
    if with_load:
        result["load"] = run_load(large["urls"], load_seconds, two_servers)
    return result


def run_load(urls: dict[str, str], seconds: int, two_servers: bool) -> dict:
    load.collect_static()
    session = measure.session_cookie(find_targets().user)
    pages = {
        name: urls[name]
        for name in (measure.BARE_SIGNED_IN, "Overview", "Growth document")
    }
    result = {
        "users": LOAD_USERS,
        "seconds": seconds,
        "one_server": load.one_server_runs(pages, session, LOAD_USERS, seconds),
    }
    if two_servers:
        paths = [urls["Overview"], urls["Growth document"]]
        result["two_servers"] = load.two_server_run(
            paths, session, LOAD_USERS, seconds * 2
        )
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groeidocument.bench")
    commands = parser.add_subparsers(dest="command", required=True)

    one_pass = commands.add_parser("pass", help="Measure on the configured database.")
    one_pass.add_argument("--size", choices=sorted(SIZES), default="full")
    one_pass.add_argument("--output", required=True, help="JSON file to write.")
    one_pass.add_argument(
        "--load", action="store_true", help="Add load runs with locust."
    )
    one_pass.add_argument(
        "--two-servers",
        action="store_true",
        help="With --load: add a run over two servers sharing the database.",
    )

    write_report = commands.add_parser("report", help="Write the Markdown report.")
    write_report.add_argument("results", nargs="+", help="JSON files of passes.")
    write_report.add_argument("--output", required=True, help="Markdown file.")
    write_report.add_argument("--command", default="make bench")

    arguments = parser.parse_args(argv)
    if arguments.command == "pass":
        result = run_pass(arguments.size, arguments.load, arguments.two_servers)
        with open(arguments.output, "w") as output:
            json.dump(result, output, indent=2)
        print(report.summary_lines(result), file=sys.stderr)
        return 0

    results = []
    for path in arguments.results:
        with open(path) as result_file:
            results.append(json.load(result_file))
    with open(arguments.output, "w") as output:
        output.write(report.render(results, arguments.command))
    missed = report.missed_targets(results)
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
