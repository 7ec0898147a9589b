"""
The SQLite schema as data: numbered migrations applied in order, each in one transaction.

A database records the last migration applied in its ``schema_version`` table.  Opening a
store applies the migrations it lacks, in order, inside one ``BEGIN IMMEDIATE`` transaction,
so two processes opening a new file at once never both migrate it and a crash mid-way leaves
the previous version intact.  A file written by a newer release (a version this one does not
know) is refused rather than guessed at.  Add a migration by appending to :data:`MIGRATIONS`;
never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

import attrs

from ..exceptions import InvalidFieldError

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
                seq INTEGER PRIMARY KEY,
                contact_id TEXT NOT NULL,
                key TEXT NOT NULL,
                provenance TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX facts_by_contact ON facts (contact_id, seq)",
            """CREATE TABLE interactions (
                seq INTEGER PRIMARY KEY,
                contact_id TEXT NOT NULL,
                at TEXT NOT NULL,
                at_us INTEGER NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX interactions_by_contact ON interactions (contact_id, at_us, seq)",
            """CREATE TABLE consent_events (
                seq INTEGER PRIMARY KEY,
                contact_id TEXT NOT NULL,
                grant_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_us INTEGER NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL
            )""",
            "CREATE INDEX consent_by_contact ON consent_events (contact_id, seq)",
            "CREATE INDEX consent_by_grant ON consent_events (grant_id, seq)",
            """CREATE TABLE suppressions (
                seq INTEGER PRIMARY KEY,
                contact_id TEXT,
                address_digest TEXT,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL,
                link TEXT NOT NULL
            )""",
            """CREATE TABLE decisions (
                seq INTEGER PRIMARY KEY,
                decision_id TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                at TEXT NOT NULL,
                body TEXT NOT NULL
            )""",
            "CREATE INDEX decisions_by_contact ON decisions (contact_id, seq)",
        ),
    ),
    Migration(
        2,
        (
            # Retention: the stubs of purged chained rows, and the chained purge log.
            """CREATE TABLE chain_stubs (
                chain TEXT NOT NULL,
                seq INTEGER NOT NULL,
                digest TEXT NOT NULL,
                link TEXT NOT NULL,
                PRIMARY KEY (chain, seq)
            )""",
            """CREATE TABLE purges (
                seq INTEGER PRIMARY KEY,
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


def _current(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """
    Apply the *migrations* the database lacks, in order, in one transaction; the version now.

    *conn* must be in autocommit mode (``isolation_level=None``).

    Raises:
        InvalidFieldError: The file was written by a newer release (field ``schema_version``).
    """
    latest = migrations[-1].version if migrations else 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _current(conn)
        if version > latest:
            raise InvalidFieldError(
                "schema_version", "the file was written by a newer release of personal_touch"
            )
        for step in migrations:
            if step.version > version:
                for statement in step.statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (step.version,))
                version = step.version
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return version
