"""The server's idle connection that keeps SQLite's write-ahead log open."""

import sqlite3

import pytest
from django.conf import settings

from groeidocument.lib import sqlite


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A WAL database of its own under the alias "held", and no held connection."""
    path = tmp_path / "held.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY)")
    connection.close()
    monkeypatch.setitem(
        settings.DATABASES,
        "held",
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
    )
    monkeypatch.setattr(sqlite, "_held_connections", [])
    yield path
    for connection in sqlite._held_connections:
        connection.close()


def write_and_close(path):
    """Write one row the way a request does: connect, insert, close."""
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO entry DEFAULT VALUES")
    connection.commit()
    connection.close()


def log_of(path):
    return path.with_name(path.name + "-wal")


def test_log_removed_without_held_connection(database):
    write_and_close(database)

    assert not log_of(database).exists()


def test_log_kept_with_held_connection(database):
    assert sqlite.hold_write_ahead_log("held")

    write_and_close(database)

    assert log_of(database).stat().st_size > 0
    check = sqlite3.connect(database)
    assert check.execute("SELECT count(*) FROM entry").fetchone() == (1,)
    check.close()


def test_holding_twice_opens_one_connection(database):
    sqlite.hold_write_ahead_log("held")
    sqlite.hold_write_ahead_log("held")

    assert len(sqlite._held_connections) == 1


def test_other_databases_need_no_held_connection(monkeypatch):
    monkeypatch.setitem(
        settings.DATABASES,
        "held",
        {"ENGINE": "django.db.backends.postgresql", "NAME": "groeidocument"},
    )
    monkeypatch.setattr(sqlite, "_held_connections", [])

    assert not sqlite.hold_write_ahead_log("held")
    assert sqlite._held_connections == []
