"""Keep SQLite's write-ahead log open for as long as the server process runs.

SQLite checkpoints the write-ahead log into the database file, syncs it to
disk and deletes the log each time the last connection to the database
closes. Django closes its connection at the end of every request on SQLite
(CONN_MAX_AGE 0). So on a quiet server every request that wrote anything
paid for that, and every page that shows pupil data writes the audit log.
It measured about 1.5 ms per page, half of it waiting for the disk.

One idle connection per server process keeps the log open. SQLite then
checkpoints during a commit, whenever the log has grown by 1000 pages (its
wal_autocheckpoint default).
"""

import sqlite3

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_held_connections = []


def hold_write_ahead_log(alias=DEFAULT_DB_ALIAS) -> bool:
    """Open one idle connection to the SQLite database of alias, once per process.

    It reads the database once, which opens the log. Outside a statement a
    connection holds no lock and no snapshot, so writers and checkpoints do
    not wait for it. Returns whether a connection is held; PostgreSQL needs
    none.
    """
    database = settings.DATABASES[alias]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return False
    if not _held_connections:
        # check_same_thread off: the connection is never used again, and a
        # threaded server may close it from another thread at exit.
        connection = sqlite3.connect(database["NAME"], check_same_thread=False)
        # The server runs after migrate, which already switched the database
        # to WAL; setting it again makes sure this connection opens the log.
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        _held_connections.append(connection)
    return True
