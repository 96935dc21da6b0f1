"""Several send_newsletter workers on one SQLite file: each puts the file in WAL mode at start, and the
one that meets the switch of another (the database is locked for a moment) waits instead of dying.
Found by `make bench`: the second of two workers failed with "database is locked"."""

import sqlite3
import threading
import time

import pytest

from newsletter.engine.send import use_wal


def _connect(path, **kwargs):
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False, **kwargs)


def test_a_worker_waits_while_another_holds_the_database_then_switches_to_wal(tmp_path):
    path = tmp_path / "send.sqlite3"
    other = _connect(path)
    other.execute("CREATE TABLE delivery (id INTEGER PRIMARY KEY)")
    other.execute("BEGIN IMMEDIATE")  # another worker writing, rollback journal
    other.execute("INSERT INTO delivery VALUES (1)")
    worker = _connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        worker.execute("PRAGMA journal_mode=WAL")  # what the worker did before: it died here
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    started = time.monotonic()
    use_wal(worker.cursor())
    timer.join()
    assert time.monotonic() - started >= 0.25
    assert worker.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert other.execute("SELECT count(*) FROM delivery").fetchone() == (1,)


def test_a_file_already_in_wal_needs_nothing_while_another_writes(tmp_path):
    path = tmp_path / "send.sqlite3"
    other = _connect(path)
    other.execute("CREATE TABLE delivery (id INTEGER PRIMARY KEY)")
    assert other.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO delivery VALUES (1)")
    worker = _connect(path, timeout=0.05)
    started = time.monotonic()
    use_wal(worker.cursor())
    assert time.monotonic() - started < 0.2
    assert worker.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    other.execute("COMMIT")


def test_a_database_locked_for_good_is_reported(tmp_path):
    path = tmp_path / "send.sqlite3"
    other = _connect(path)
    other.execute("CREATE TABLE delivery (id INTEGER PRIMARY KEY)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO delivery VALUES (1)")
    worker = _connect(path, timeout=0.01)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        use_wal(worker.cursor(), attempts=3)
    other.execute("ROLLBACK")
