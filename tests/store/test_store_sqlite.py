"""
The SQLite store keeps the library's values and gives them back unchanged.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, settings

import personal_touch as pt
from personal_touch import exceptions as ex
from personal_touch.store import SCHEMA_VERSION, SQLiteStore, Store

T0 = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
ONCE = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])


def grant(gid: str = "g1", cid: str = "c-1", **changes: object) -> pt.ConsentGrant:
    fields: dict[str, object] = {
        "id": gid,
        "contact_id": cid,
        "purpose": "marketing",
        "granted_at": T0,
    }
    fields.update(changes)
    return pt.ConsentGrant(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "pt.db")
    yield s  # type: ignore[misc]
    s.close()


class TestSchema:
    def test_new_file_is_at_the_latest_version(self, tmp_path: Path) -> None:
        """A new file is migrated to the current schema, and is a Store."""
        with SQLiteStore(tmp_path / "pt.db") as s:
            assert SCHEMA_VERSION == s.schema_version
            assert isinstance(s, Store)

    def test_reopening_migrates_nothing(self, tmp_path: Path) -> None:
        """Opening an existing file keeps its data and its version."""
        with SQLiteStore(tmp_path / "pt.db") as s:
            s.record_consent(grant(), recorded_at=T0)
        with SQLiteStore(tmp_path / "pt.db") as s:
            assert SCHEMA_VERSION == s.schema_version
            assert 1 == len(s.events())
        with closing(sqlite3.connect(tmp_path / "pt.db")) as conn:
            rows = conn.execute("SELECT max(version) FROM schema_version").fetchall()
        assert [(SCHEMA_VERSION,)] == rows

    def test_a_newer_file_is_refused(self, tmp_path: Path) -> None:
        """A file written by a newer release is refused, naming the field."""
        SQLiteStore(tmp_path / "pt.db").close()
        with closing(sqlite3.connect(tmp_path / "pt.db")) as conn, conn:
            conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
        with pytest.raises(ex.InvalidFieldError) as info:
            SQLiteStore(tmp_path / "pt.db")
        assert "schema_version" == info.value.field

    def test_wal_mode(self, store: SQLiteStore) -> None:
        """The file is in WAL mode."""
        with closing(sqlite3.connect(store.path)) as conn:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert "wal" == mode


class TestCache:
    def test_bounded(self, tmp_path: Path) -> None:
        """The cache holds at most cache_size ledgers, and clears."""
        with SQLiteStore(tmp_path / "pt.db", cache_size=2) as s:
            for cid in ("a", "b", "c"):
                s.is_granted(cid, "marketing", at=T0)
            assert 2 == s.cache_size
            s.clear_cache()
            assert 0 == s.cache_size

    def test_bad_settings(self, tmp_path: Path) -> None:
        """A negative cache size or an empty secret is refused, naming the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            SQLiteStore(tmp_path / "pt.db", cache_size=-1)
        assert "cache_size" == info.value.field
        with pytest.raises(ex.InvalidFieldError) as info:
            SQLiteStore(tmp_path / "pt.db", secret=b"")
        assert "secret" == info.value.field
