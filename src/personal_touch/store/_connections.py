"""
SQLite connections for a store: one per thread, durable settings, and a cross-process token.

Each thread gets its own connection (``sqlite3`` connections must not be shared between
threads), opened in autocommit mode so that the store runs its own transactions: reads in
an implicit snapshot, appends in ``BEGIN IMMEDIATE`` (the write lock is taken up front, so
two writers queue on the busy timeout instead of failing half-way).  The file is in WAL
mode with ``synchronous=FULL``: a transaction that returned is on disk.

The change token is eight bytes in a small file beside the database (``<path>-token``),
mapped into memory.  Every writer replaces it with fresh random bytes after each commit, so
a reader learns that any process committed since it last looked by comparing eight bytes,
without a query.  It is a cache hint only: deleting it loses nothing.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import sqlite3
import threading
from collections.abc import Iterator

__all__ = ["Connections", "Token"]

_SIZE = 8


class Token:
    """
    The eight-byte change token shared by every process using one database file.
    """

    def __init__(self, path: str) -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            self._map = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)

    def read(self) -> bytes:
        """
        The token now.
        """
        return self._map[:_SIZE]

    def bump(self) -> None:
        """
        Replace the token with fresh random bytes (after a commit).
        """
        self._map[:_SIZE] = os.urandom(_SIZE)

    def close(self) -> None:
        """
        Unmap the token.
        """
        self._map.close()


class Connections:
    """
    A connection per thread to one database file, each with the store's settings.
    """

    def __init__(self, path: str, *, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []

    def get(self) -> sqlite3.Connection:
        """
        This thread's connection, opened on first use.
        """
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """
        A write transaction (``BEGIN IMMEDIATE``), committed on success, rolled back on error.
        """
        conn = self.get()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """
        A read transaction: every query inside sees one snapshot.
        """
        conn = self.get()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def compact(self, *, vacuum: bool) -> bool:
        """
        Rebuild the file (with *vacuum*) and empty the write-ahead log; whether both happened.

        Another connection's open read keeps the log (and can make ``VACUUM`` wait past the
        busy timeout): that is reported as ``False``, never raised, since the data is already
        deleted and a later call finishes the job.
        """
        conn = self.get()
        try:
            if vacuum:
                conn.execute("VACUUM")
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.OperationalError:
            return False
        return bool(busy == 0)

    def close(self) -> None:
        """
        Close every thread's connection.
        """
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.ProgrammingError):
                conn.close()
        self._local = threading.local()
