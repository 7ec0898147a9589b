"""
PostgreSQL connections for a store (psycopg 3): one per thread, locked appends, a change token.

Each thread gets its own connection in autocommit mode, so that the store runs its own
transactions.  Reads run in ``REPEATABLE READ READ ONLY`` transactions (one snapshot for every
query inside).  Writes run in ``READ COMMITTED`` transactions that first take a
transaction-scoped advisory lock (``pg_advisory_xact_lock``) keyed by the schema: writers
queue on it as SQLite's writers queue on ``BEGIN IMMEDIATE``, so each append reads the head
of its chain after the previous append committed and the hash chains stay one line.  The
wait is bounded by ``lock_timeout`` (the store's *timeout*).

The change token is the sequence ``store_changes``: every writer advances it right after each
commit (in the same message as the ``COMMIT``), and a reader compares its ``last_value`` (one small query) with the value it saw
when it loaded a cached ledger.  Sequences are not transactional, so the token is seen at
once by every session; it is a cache hint only.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._dialect import pyformat

try:
    import psycopg
    from psycopg import sql
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = "PostgresStore needs the 'postgres' extra: pip install 'personal-touch[postgres]'"
    raise ImportError(msg, name=exc.name) from exc

if TYPE_CHECKING:
    from ._dialect import Cursor

__all__ = ["PgConnections", "SequenceToken"]

#: The sequence every commit advances: the change token.
_TOKEN = "store_changes"


class _Adapter:
    """
    A psycopg connection seen as the :class:`~._dialect.Connection` the table modules use.
    """

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, statement: str, parameters: Any = None, /) -> Cursor:
        if not parameters:
            return self.raw.execute(statement.encode())
        return self.raw.execute(pyformat(statement).encode(), parameters)

    def executemany(self, statement: str, parameters: Iterable[Any], /) -> object:
        rows = list(parameters)
        if rows:
            self.raw.cursor().executemany(pyformat(statement).encode(), rows)
        return None


class PgConnections:
    """
    A connection per thread to one PostgreSQL database, in one schema.
    """

    def __init__(self, conninfo: str, *, schema: str | None, timeout: float) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self.timeout = timeout
        # One writer at a time per schema: the lock's key is the schema's name, hashed.
        self.lock_key = zlib.crc32(f"personal_touch:{schema or ''}".encode())
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[_Adapter] = []

    def get(self) -> _Adapter:
        """
        This thread's connection, opened on first use.
        """
        conn: _Adapter | None = getattr(self._local, "conn", None)
        if conn is None:
            raw = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=max(1, round(self.timeout))
            )
            raw.execute(f"SET lock_timeout = {int(self.timeout * 1000)}".encode())
            if self.schema is not None:
                raw.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
            conn = _Adapter(raw)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[_Adapter]:
        """
        A write transaction holding the schema's write lock; committed on success.

        Beginning and taking the lock is one message to the server, and so are committing and
        advancing the change token (simple-protocol statements, the key a number we made).
        """
        conn = self.get()
        conn.execute(
            "BEGIN ISOLATION LEVEL READ COMMITTED; "
            f"SELECT pg_advisory_xact_lock({int(self.lock_key)})"
        )
        try:
            yield conn
        except BaseException:
            with contextlib.suppress(psycopg.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute(f"COMMIT; SELECT nextval('{_TOKEN}')")

    @contextlib.contextmanager
    def reading(self) -> Iterator[_Adapter]:
        """
        A read transaction: every query inside sees one snapshot.
        """
        conn = self.get()
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield conn
        finally:
            with contextlib.suppress(psycopg.Error):
                conn.execute("COMMIT")

    def create_schema(self) -> None:
        """
        Create the schema (if one was named) and the change-token sequence, if missing.
        """
        with self.writing() as conn:
            if self.schema is not None:
                conn.raw.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
                )
            conn.execute(f"CREATE SEQUENCE IF NOT EXISTS {_TOKEN}")

    def compact(self, *, vacuum: bool) -> bool:
        """
        ``False``: deleted rows stay in PostgreSQL's table files until its own ``VACUUM FULL``.

        The store does not run it (it locks whole tables); an operator schedules it.
        """
        return False

    def close(self) -> None:
        """
        Close every thread's connection.
        """
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.raw.close()
        self._local = threading.local()


class SequenceToken:
    """
    The change token: the ``store_changes`` sequence, advanced after every commit.
    """

    def __init__(self, conns: PgConnections) -> None:
        self._conns = conns

    def read(self) -> bytes:
        """
        The token now.
        """
        row = self._conns.get().execute(f"SELECT last_value FROM {_TOKEN}").fetchone()
        return str(row[0]).encode()

    def bump(self) -> None:
        """
        Nothing more to do: every write transaction advanced the token as it committed.
        """

    def close(self) -> None:
        """
        Nothing to release: the connections hold the token.
        """
