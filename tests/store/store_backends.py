"""
The store backends under test: a factory of stores per backend, and a raw statement runner.

SQLite stores are files in a test's directory; PostgreSQL stores are fresh schemas (dropped
afterwards) on the server ``PT_POSTGRES_DSN`` names (``.ci/postgres.sh`` starts one and
prints it).  Without it, PostgreSQL tests skip and say why.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from personal_touch.store import SQLiteStore

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

DSN_VARIABLE = "PT_POSTGRES_DSN"
NO_SERVER = (
    f"PostgreSQL store tests skipped: {DSN_VARIABLE} is not set "
    "(run .ci/postgres.sh to start a throwaway server, or point it at one)"
)
BACKENDS = ("sqlite", "postgres")


def postgres_dsn() -> str:
    """The test server's connection string, or skip the test saying why there is none."""
    dsn = os.environ.get(DSN_VARIABLE, "")
    if not dsn:
        pytest.skip(NO_SERVER)
    pytest.importorskip("psycopg", reason="PostgreSQL store tests need the postgres extra")
    return dsn


@attrs.frozen
class Opener:
    """
    How to open one store again in another process: picklable, unlike an open store.
    """

    backend: str
    location: str
    schema: str | None = None

    def __call__(self) -> StoreCore:
        if self.backend == "sqlite":
            return SQLiteStore(self.location)
        from personal_touch.store import PostgresStore

        return PostgresStore(self.location, schema=self.schema)


class StoreFactory:
    """Opens stores of one backend; the same *name* reaches the same database again."""

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self.dsn = postgres_dsn() if backend == "postgres" else ""
        self.prefix = f"pt_{uuid.uuid4().hex[:12]}"
        self.opened: list[StoreCore] = []
        self.schemas: set[str] = set()

    def __call__(self, name: str = "pt", **settings: Any) -> StoreCore:
        store: StoreCore
        if self.backend == "sqlite":
            store = SQLiteStore(self.directory / f"{name}.db", **settings)
        else:
            from personal_touch.store import PostgresStore

            schema = f"{self.prefix}_{name}"
            self.schemas.add(schema)
            store = PostgresStore(self.dsn, schema=schema, **settings)
        self.opened.append(store)
        return store

    def opener(self, name: str = "pt") -> Opener:
        """How another process opens the store *name* (its schema is dropped at close)."""
        if self.backend == "sqlite":
            return Opener("sqlite", str(self.directory / f"{name}.db"))
        schema = f"{self.prefix}_{name}"
        self.schemas.add(schema)
        return Opener("postgres", self.dsn, schema)

    def close(self) -> None:
        """Close every store opened and drop every schema made."""
        for store in self.opened:
            store.close()
        if self.schemas:
            import psycopg
            from psycopg import sql

            with psycopg.connect(self.dsn, autocommit=True) as conn:
                for schema in self.schemas:
                    conn.execute(
                        sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                    )


def execute(store: StoreCore, statement: str, parameters: Any = ()) -> list[Any]:
    """Run *statement* (``?`` placeholders) on *store*'s database, as a tamperer would."""
    with store._conns.writing() as conn:
        cursor = conn.execute(statement, parameters)
        return list(cursor) if statement.lstrip().upper().startswith("SELECT") else []
