"""
The embedded store: one SQLite file, safe for many threads and processes at once.
"""

from __future__ import annotations

import os

from ._connections import Connections, Token
from ._core import StoreCore, check_settings
from ._dialect import SQLITE
from ._schema import migrate

__all__ = ["SQLiteStore"]


class SQLiteStore(StoreCore):
    """
    Contacts, facts, consent, interactions, suppressions and decisions in one SQLite file.

    The file is in WAL mode with ``synchronous=FULL``: an append that returned survives a
    crash or a power cut.  Each thread uses its own connection; appends take the write lock
    up front (``BEGIN IMMEDIATE``) and wait up to *timeout* seconds for another writer, so
    several threads and processes can share one file.  Consent events and suppressions are
    append-only and hash-chained (:meth:`verify`); *secret* keys the chain with HMAC-SHA256.
    Times of recording are passed in (``recorded_at=``), never read from a clock.

    Args:
        path: The database file (created, and migrated to the current schema, if needed).
        secret: Bytes that key the hash chain, if the application keeps such a secret.
        timeout: Seconds to wait for another writer before giving up.
        cache_size: How many contacts' ledgers :meth:`is_granted` keeps.

    >>> import tempfile, pathlib, pendulum
    >>> from personal_touch import Channel, ConsentGrant
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt.db"
    >>> with SQLiteStore(path) as store:
    ...     at = pendulum.datetime(2026, 1, 5, tz="UTC")
    ...     event = store.record_consent(
    ...         ConsentGrant(id="g1", contact_id="c1", purpose="marketing", granted_at=at),
    ...         recorded_at=at,
    ...     )
    ...     store.is_granted("c1", "marketing", Channel.EMAIL, at=at.add(days=1))
    True

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        secret: bytes | None = None,
        timeout: float = 30.0,
        cache_size: int = 10_000,
    ) -> None:
        check_settings(secret, cache_size)
        self.path = os.fspath(path)
        conns = Connections(self.path, timeout=timeout)
        version = migrate(conns, SQLITE)
        token = Token(self.path + "-token")
        token.bump()  # a writer killed before bumping leaves no stale cache behind
        self._open(
            conns,
            token,
            SQLITE,
            secret=secret,
            cache_size=cache_size,
            schema_version=version,
        )
