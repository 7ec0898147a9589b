"""
Consent events and suppressions form hash chains: any change to a stored byte is detected.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_backends import StoreFactory, execute

import personal_touch as pt
from personal_touch.store import GENESIS, BrokenLink, SQLiteStore
from personal_touch.store._chain import canonical, first_break, next_link, row_digest
from personal_touch.store._consent_rows import COLUMNS

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

T0 = pendulum.datetime(2026, 1, 5, 9, tz="Europe/Berlin")
EVENT_COLUMNS = (*COLUMNS, "link")
SUPPRESSION_COLUMNS = ("seq", "contact_id", "address_digest", "recorded_at", "body", "link")
TABLES = {"consent_events": EVENT_COLUMNS, "suppressions": SUPPRESSION_COLUMNS}


def fill(s: StoreCore) -> None:
    """Three consent events (one withdrawal) and three suppressions."""
    with s:
        for i in range(3):
            g = pt.ConsentGrant(
                id=f"g{i}",
                contact_id=f"c{i % 2}",
                purpose="marketing",
                granted_at=T0.add(days=i),
                evidence=pt.Evidence(source="signup form", method="checkbox", notice_version="7"),
            )
            s.record_consent(g, recorded_at=T0.add(days=i, hours=1))
        s.withdraw("c0", "g0", at=T0.add(days=5), recorded_at=T0.add(days=5))
        s.add_suppression(pt.Suppression.for_address("ana@example.com", since=T0), recorded_at=T0)
        s.add_suppression(pt.Suppression(contact_id="c1", since=T0), recorded_at=T0)
        s.add_suppression(
            pt.Suppression(contact_id="c2", channel="sms", since=T0), recorded_at=T0.add(days=1)
        )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("chain") / "pt.db"
    fill(SQLiteStore(path))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.read_bytes()


def _changed(value: object, position: int, byte: int) -> object:
    """*value* with one stored byte changed (text stays text, whatever it decodes to)."""
    if value is None:
        return "x"
    if isinstance(value, int):
        return value ^ (1 << (position % 40))
    raw = bytearray(str(value).encode())
    i = position % len(raw)
    raw[i] = byte if byte != raw[i] else (byte + 1) % 256
    return bytes(raw)


class TestVerify:
    def test_intact(self, store_factory: StoreFactory) -> None:
        """An untouched store verifies, counting every row and naming each head."""
        fill(store_factory("db"))
        with store_factory("db") as s:
            report = s.verify()
        assert report.is_intact
        assert report.first_broken is None
        assert (("consent_events", 4), ("suppressions", 3), ("purges", 0)) == report.checked
        heads = dict(report.heads)
        assert GENESIS == heads.pop("purges")  # nothing purged yet
        assert all(len(head) == 64 and head != GENESIS for head in heads.values())

    def test_empty_store(self, store_factory: StoreFactory) -> None:
        """An empty store verifies; its heads are the genesis."""
        with store_factory() as s:
            report = s.verify()
        assert report.is_intact
        assert (("consent_events", GENESIS), ("suppressions", GENESIS), ("purges", GENESIS)) == (
            report.heads
        )

    def test_deleted_row_is_a_gap(self, store_factory: StoreFactory) -> None:
        """Deleting a row breaks the chain where the row was."""
        fill(store_factory("db"))
        with store_factory("db") as s:
            execute(s, "DELETE FROM consent_events WHERE seq = 2")
            assert BrokenLink("consent_events", 2, "a row is missing") == s.verify().first_broken

    def test_keyed_chain_needs_the_secret(self, store_factory: StoreFactory) -> None:
        """A chain keyed with a secret verifies with it, and breaks at row 1 without it."""
        fill(store_factory("db", secret=b"s3cret"))
        with store_factory("db", secret=b"s3cret") as s:
            assert s.verify().is_intact
        for other in (None, b"other"):
            with store_factory("db", secret=other) as s:
                broken = s.verify().broken
            assert ["consent_events", "suppressions"] == [b.table for b in broken]
            assert {1} == {b.seq for b in broken}

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        table=st.sampled_from(sorted(TABLES)),
        row=st.integers(1, 3),
        column=st.integers(0, 8),
        position=st.integers(0, 10_000),
        byte=st.integers(0, 255),
    )
    def test_any_changed_byte_is_detected(
        self,
        tmp_path_factory: pytest.TempPathFactory,
        pristine: bytes,
        *,
        table: str,
        row: int,
        column: int,
        position: int,
        byte: int,
    ) -> None:
        """Changing any stored byte of a chained row breaks the chain at that row."""
        path = tmp_path_factory.mktemp("tamper") / "pt.db"
        path.write_bytes(pristine)
        name = TABLES[table][column % len(TABLES[table])]
        with closing(sqlite3.connect(path)) as conn, conn:
            (value,) = conn.execute(f"SELECT {name} FROM {table} WHERE seq = ?", (row,)).fetchone()
            new = _changed(value, position, byte)
            if name == "seq":
                new = 100 + int(new)  # type: ignore[call-overload]
            param = "CAST(? AS TEXT)" if isinstance(new, bytes) else "?"
            conn.execute(f"UPDATE {table} SET {name} = {param} WHERE seq = ?", (new, row))
        with SQLiteStore(path) as s:
            report = s.verify()
        assert not report.is_intact
        broken = report.first_broken
        assert broken is not None
        assert table == broken.table
        assert row == broken.seq


class TestChain:
    def test_canonical_is_sorted_and_compact(self) -> None:
        """Canonical JSON sorts keys, drops blanks and keeps non-ASCII as UTF-8."""
        assert '{"a":"é","b":1}'.encode() == canonical({"b": 1, "a": "é"})

    def test_first_break_of_a_forged_link(self) -> None:
        """A row whose link was recomputed without the previous link is found."""
        good = next_link(GENESIS, row_digest({"seq": 1}))
        forged = next_link("f" * 64, row_digest({"seq": 2}))
        rows = [(1, {"seq": 1}, good), (2, {"seq": 2}, forged)]
        count, last, broken = first_break("t", rows)
        assert (2, good) == (count, last)
        assert BrokenLink("t", 2, "the link does not match the row") == broken
