"""
The schema as data: numbered migrations applied in order, in one transaction, on any backend.

A database records the last migration applied in its ``schema_version`` table.  Opening a
store applies the migrations it lacks, in order, inside one write transaction (SQLite's
``BEGIN IMMEDIATE``, PostgreSQL's advisory lock: see :mod:`._dialect`), so two processes
opening a new database at once never both migrate it and a crash mid-way leaves the previous
version intact (PostgreSQL's DDL is transactional too).  Statements are SQLite's, with the
words ``{seq}``, ``{int}`` and ``{bytes}`` where the backends' types differ
(:meth:`Dialect.ddl <._dialect.Dialect.ddl>`).  A file written by a newer release (a version this one does not
know) is refused rather than guessed at.  Add a migration by appending to :data:`MIGRATIONS`;
never edit one that has shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..exceptions import InvalidFieldError

if TYPE_CHECKING:
    from ._dialect import Connection, Dialect, Pool

__all__ = ["CHAINED", "LATEST", "MIGRATIONS", "Migration", "migrate"]


@attrs.frozen
class Migration:
    """
    One step of the schema: its version number and the statements that reach it.
    """

    version: int
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        (
            """CREATE TABLE contacts (
                id TEXT PRIMARY KEY NOT NULL,
                body TEXT NOT NULL
            )""",
            """CREATE TABLE facts (
                seq {seq},
                contact_id TEXT NOT NULL,
                key TEXT NOT NULL,
                provenance TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX facts_by_contact ON facts (contact_id, seq)",
            """CREATE TABLE interactions (
                seq {seq},
                contact_id TEXT NOT NULL,
                at TEXT NOT NULL,
                at_us {int} NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX interactions_by_contact ON interactions (contact_id, at_us, seq)",
            """CREATE TABLE consent_events (
                seq {seq},
                contact_id TEXT NOT NULL,
                grant_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_us {int} NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL
            )""",
            "CREATE INDEX consent_by_contact ON consent_events (contact_id, seq)",
            "CREATE INDEX consent_by_grant ON consent_events (grant_id, seq)",
            """CREATE TABLE suppressions (
                seq {seq},
                contact_id TEXT,
                address_digest TEXT,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL
            )""",
            """CREATE TABLE decisions (
                seq {seq},
                decision_id TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                at TEXT NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX decisions_by_contact ON decisions (contact_id, seq)",
        ),
    ),
    # Data-subject rights: the store's salt, requests and their deadlines, and the log of
    # rectifications, restrictions and erasures (ids, kinds, times and codes; no values).
    Migration(
        2,
        (
            """CREATE TABLE meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            )""",
            """CREATE TABLE requests (
                id TEXT PRIMARY KEY NOT NULL,
                contact_id TEXT NOT NULL,
                received_us {int} NOT NULL,
                completed_us {int},
                body TEXT NOT NULL
            )""",
            "CREATE INDEX requests_by_contact ON requests (contact_id, received_us)",
            """CREATE TABLE rights_events (
                seq {seq},
                contact_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                at TEXT NOT NULL,
                at_us {int} NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX rights_by_contact ON rights_events (contact_id, seq)",
        ),
    ),
    Migration(
        3,
        (
            # Retention: the stubs of purged chained rows, and the chained purge log.
            """CREATE TABLE chain_stubs (
                chain TEXT NOT NULL,
                seq {int} NOT NULL,
                digest TEXT NOT NULL,
                link TEXT NOT NULL,
                PRIMARY KEY (chain, seq)
            )""",
            """CREATE TABLE purges (
                seq {seq},
                at TEXT NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL
            )""",
        ),
    ),
)

#: The version a store of this release writes.
LATEST = MIGRATIONS[-1].version

#: The chained tables and their hashed columns (every column but the link), in order.
CHAINED: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "consent_events",
        (
            "seq",
            "contact_id",
            "grant_id",
            "kind",
            "occurred_at",
            "recorded_at",
            "recorded_us",
            "body",
        ),
    ),
    ("suppressions", ("seq", "contact_id", "address_digest", "recorded_at", "body")),
    ("purges", ("seq", "at", "body")),
)


def _current(conn: Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conns: Pool, dialect: Dialect, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """
    Apply the *migrations* the database lacks, in order, in one write transaction; the version now.

    Raises:
        InvalidFieldError: The database was written by a newer release (field ``schema_version``).
    """
    latest = migrations[-1].version if migrations else 0
    with conns.writing() as conn:
        version = _current(conn)
        if version > latest:
            raise InvalidFieldError(
                "schema_version", "the file was written by a newer release of personal_touch"
            )
        for step in migrations:
            if step.version > version:
                for statement in step.statements:
                    conn.execute(dialect.ddl(statement))
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (step.version,))
                version = step.version
    return version
