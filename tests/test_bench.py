"""The benchmark's measurement and report, on a quick size of data."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from groeidocument.bench import importing, measure, report
from groeidocument.bench.pages import PAGES
from groeidocument.growth.generator import GroupSize, generate_school_group
from groeidocument.pupils.models import Pupil


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "groeidocument.bench.urls"


@pytest.fixture
def kept_connection():
    """Keep the test's database connection open across WSGI requests.

    The measurement calls the WSGI handler itself, whose request_started and
    request_finished signals would close the connection and with it the
    test's transaction on PostgreSQL. Django's test client disconnects the
    same receiver.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def result(db, bench_urls, kept_connection):
    generate_school_group(GroupSize(1, 24), password_hash="!", seed=2)
    small = measure.measure(rounds=0)
    measured = measure.measure(rounds=3, import_rounds=2)
    return {
        "database": measure.describe_database(),
        "machine": measure.describe_machine(),
        "date": "2026-12-04",
        "group_size": {"schools": 1, "pupils_per_school": 24},
        "small_size": {"schools": 1, "pupils_per_school": 24},
        "counts": {
            "schools": 1,
            "users": 6,
            "pupils": 24,
            "documents": 36,
            "action_points": 60,
            "conversations": 180,
            "entries": 300,
        },
        "generate_seconds": 1.0,
        "rounds": 3,
        "import_rounds": 2,
        "urls": measured["urls"],
        "small_queries": small["queries"],
        "queries": measured["queries"],
        "times": measured["times"],
        "load_average": measured["load_average"],
    }


def test_measure_times_every_page(result):
    names = {page.name for page in PAGES}
    assert names <= set(result["times"])
    assert measure.BARE_ANONYMOUS in result["times"]
    assert measure.BARE_SIGNED_IN in result["times"]
    for name, times in result["times"].items():
        expected = 2 if name.startswith("Class-list import") else 3
        assert times["requests"] == expected, name
        assert 0 < times["median_ms"] <= times["p95_ms"]


def test_measure_times_import_steps(result):
    times = result["times"]
    steps = sum(times[name]["median_ms"] for name in importing.STEPS)

    assert set(importing.STEPS) <= set(times)
    assert times[importing.TOTAL]["requests"] == 2
    # The median of sums is near the sum of medians, not equal to it.
    assert times[importing.TOTAL]["median_ms"] <= steps * 1.5


def test_import_leaves_no_pupils_behind(result):
    # 24 pupils generated; each import round deletes the 1,000 it created.
    assert Pupil.objects.count() == 24


def test_import_queries_counted(result):
    assert result["queries"][importing.TOTAL] > 0
    assert (
        result["small_queries"][importing.TOTAL] == result["queries"][importing.TOTAL]
    )


def test_feed_requested_without_session(result):
    feed_url = result["urls"]["Calendar feed"]

    assert feed_url.endswith(".ics")
    assert result["queries"]["Calendar feed"] < result["queries"]["Overview"]


def test_bare_view_anonymous_reads_nothing(result):
    assert result["queries"][measure.BARE_ANONYMOUS] == 0


def test_report_lists_pages_and_gaps(result):
    text = report.render([result], "make bench BENCH_SIZE=quick")

    assert "make bench BENCH_SIZE=quick" in text
    for page in PAGES:
        assert page.name in text
    assert importing.TOTAL in text
    for step in importing.STEPS:
        assert step in text
    assert "≤ 500 ms" in text
    assert "≤ 3000 ms" in text


def test_report_states_load_average(result):
    result["load_average"] = [3.25, 4.5]

    text = report.render([result], "make bench")

    assert "load average was 3.2 when the timing began and 4.5" in text


def test_report_flags_slow_pdf(result):
    result["times"]["One-page PDF"]["median_ms"] = 900

    missed = report.missed_targets([result])

    assert any("One-page PDF" in line and "500 ms" in line for line in missed)


def test_report_flags_slow_import(result):
    result["times"][importing.TOTAL]["median_ms"] = 3500

    missed = report.missed_targets([result])

    assert any(importing.TOTAL in line and "3000 ms" in line for line in missed)


def test_report_flags_a_slow_page(result):
    slow = PAGES[0].name
    result["times"][slow]["median_ms"] = (
        result["times"][measure.BARE_SIGNED_IN]["median_ms"] * 10
    )

    missed = report.missed_targets([result])

    assert any(slow in line and "times" in line for line in missed)


def test_report_flags_growing_query_count(result):
    page = PAGES[0].name
    result["queries"][page] = result["small_queries"][page] + 1

    missed = report.missed_targets([result])

    assert any(page in line and "queries" in line for line in missed)


def test_report_flags_lost_writes(result):
    result["load"] = {
        "users": 20,
        "seconds": 1,
        "one_server": {},
        "two_servers": {
            "total": {"failures": 0},
            "confirmed_writes": 10,
            "rows_written": 8,
        },
    }

    assert report.load_errors(result) == ["two servers: 2 lost writes"]


def test_report_accepts_unconfirmed_extra_rows(result):
    result["load"] = {
        "users": 20,
        "seconds": 1,
        "one_server": {},
        "two_servers": {
            "total": {"failures": 0},
            "confirmed_writes": 10,
            "rows_written": 12,
        },
    }

    assert report.load_errors(result) == []
