"""Connection settings for SQLite that the init_command cannot set."""

import sqlite3


def skip_checkpoint_on_close(sender, connection, **kwargs):
    """Leave the write-ahead log in place when a SQLite connection closes.

    Django closes the connection after each request. By default, the last
    connection to close copies the write-ahead log into the database file and
    flushes it to disk, so every request that saved something, if only an
    audit entry, paid for that copy before its response was done. SQLite still
    copies the log on its own once it reaches 1000 pages, in the request that
    fills it, and the log survives a crash: nothing is lost by waiting.
    """
    if connection.vendor != "sqlite":
        return
    connection.connection.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
