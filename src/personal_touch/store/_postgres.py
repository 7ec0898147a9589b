"""
The store for teams: the same protocol, schema and hash chains on PostgreSQL (psycopg 3).

Needs the ``postgres`` extra (``pip install "personal-touch[postgres]"``); importing
:mod:`personal_touch.store` does not import psycopg, only using :class:`PostgresStore` does.
"""

from __future__ import annotations

from ._core import StoreCore, check_settings
from ._dialect import POSTGRES
from ._postgres_connections import PgConnections, SequenceToken
from ._schema import migrate

__all__ = ["PostgresStore"]


class PostgresStore(StoreCore):
    """
    Contacts, facts, consent, interactions, suppressions and decisions in a PostgreSQL schema.

    Everything :class:`SQLiteStore` does, with the same tables, the same migrations and the
    same hash chains: a proof bundle exported from either verifies the same way, and a
    chain's links do not depend on the database that holds it.  Each thread uses its own
    connection; appends take a transaction-scoped advisory lock for the schema, so several
    threads, processes and machines can share one database and the chains stay linear.
    Consent events are durable when an append returns (PostgreSQL's commit).  Times of
    recording are passed in (``recorded_at=``), never read from a clock.

    Args:
        conninfo: A libpq connection string or URI (``"host=db dbname=app user=pt"``).
        schema: The schema to keep the tables in (created if missing); by default the
            connection's ``search_path`` decides.
        secret: Bytes that key the hash chain, if the application keeps such a secret.
        timeout: Seconds to wait for the server, and for another writer, before giving up.
        cache_size: How many contacts' ledgers :meth:`is_granted` keeps.

    >>> store = PostgresStore("dbname=app", schema="consent")  # doctest: +SKIP
    >>> store.verify().is_intact  # doctest: +SKIP
    True

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        conninfo: str,
        *,
        schema: str | None = None,
        secret: bytes | None = None,
        timeout: float = 30.0,
        cache_size: int = 10_000,
    ) -> None:
        check_settings(secret, cache_size)
        self.schema = schema
        conns = PgConnections(conninfo, schema=schema, timeout=timeout)
        try:
            conns.create_schema()
            version = migrate(conns, POSTGRES)
            token = SequenceToken(conns)  # advanced by every commit, the migration's included
        except BaseException:
            conns.close()
            raise
        self._open(
            conns,
            token,
            POSTGRES,
            secret=secret,
            cache_size=cache_size,
            schema_version=version,
        )
