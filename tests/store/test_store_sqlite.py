"""
The SQLite store keeps the library's values and gives them back unchanged.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings

import personal_touch as pt
from builders import AT, contact, decide_core, fact, touch, traveller
from personal_touch import exceptions as ex
from personal_touch.store import SCHEMA_VERSION, SQLiteStore, Store
from strategies import consent_grants, contacts

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


class TestContacts:
    @ONCE
    @given(c=contacts())
    def test_round_trip(self, tmp_path: Path, c: pt.Contact) -> None:
        """A saved contact reads back equal, its facts included."""
        with SQLiteStore(tmp_path / "rt.db") as s:
            s.put_contact(c)
            assert c == s.contact(c.id)
            assert c.facts == s.facts(c.id)

    def test_put_replaces_and_add_fact_appends(self, store: SQLiteStore) -> None:
        """Saving again replaces the contact and its facts; add_fact appends one."""
        store.put_contact(traveller())
        store.put_contact(contact(facts=(fact("interests.food", "ramen"),)))
        store.add_fact("c-1", fact("travel.next_trip", "Oslo"))
        assert ("interests.food", "travel.next_trip") == tuple(f.key for f in store.facts("c-1"))
        assert ("c-1",) == store.contact_ids()

    def test_unknown_contact(self, store: SQLiteStore) -> None:
        """An unknown id reads as None."""
        assert store.contact("nobody") is None

    def test_bad_input_names_the_field(self, store: SQLiteStore) -> None:
        """Values of the wrong type are refused with the field named."""
        with pytest.raises(ex.InvalidFieldError) as info:
            store.put_contact({"id": "c-1"})  # type: ignore[arg-type]
        assert "contact" == info.value.field
        with pytest.raises(ex.InvalidFieldError) as info:
            store.add_fact(" ", fact("a", 1))
        assert "contact_id" == info.value.field


class TestInteractions:
    def test_oldest_first(self, store: SQLiteStore) -> None:
        """The history reads back oldest first whatever the order appended."""
        later, earlier = touch(at=AT), touch(at=AT.subtract(days=3))
        store.add_interaction(later)
        store.add_interaction(earlier)
        assert (earlier, later) == store.interactions("c-1")
        assert () == store.interactions("c-2")


class TestConsent:
    @ONCE
    @given(g=consent_grants())
    def test_event_round_trip(self, tmp_path: Path, g: pt.ConsentGrant) -> None:
        """A recorded grant version reads back equal, with its times."""
        with SQLiteStore(tmp_path / "rt.db") as s:
            event = s.record_consent(g, recorded_at=T0)
            assert (event,) == s.events(grant_id=g.id)[-1:]
            assert g == s.events(g.contact_id)[-1].grant

    def test_kinds_and_valid_time(self, store: SQLiteStore) -> None:
        """Events say what happened and when; withdraw appends a withdrawn version."""
        store.record_consent(grant(requires_confirmation=True), recorded_at=T0)
        confirmed = grant(requires_confirmation=True, confirmed_at=T0.add(hours=1))
        store.record_consent(confirmed, recorded_at=T0.add(hours=2))
        store.withdraw("c-1", "g1", at=T0.add(days=9), recorded_at=T0.add(days=10))
        events = store.events("c-1")
        assert ["granted", "confirmed", "withdrawn"] == [e.kind for e in events]
        assert [T0, T0.add(hours=1), T0.add(days=9)] == [e.occurred_at for e in events]
        assert [1, 2, 3] == [e.seq for e in events]

    def test_withdraw_unknown_grant(self, store: SQLiteStore) -> None:
        """Withdrawing a grant the store never saw is a ConsentStateError."""
        with pytest.raises(ex.ConsentStateError):
            store.withdraw("c-1", "nope", at=T0, recorded_at=T0)

    def test_ledger_agrees_with_memory(self, store: SQLiteStore) -> None:
        """The stored ledger equals the in-memory ledger of the same versions."""
        versions = [
            grant(),
            grant("g2", purpose="marketing.sms"),
            grant().withdraw(at=T0.add(days=2)),
        ]
        for i, g in enumerate(versions):
            store.record_consent(g, recorded_at=T0.add(days=i))
        assert pt.ConsentLedger.from_grants("c-1", versions) == store.ledger("c-1")

    def test_naive_recorded_at_refused(self, store: SQLiteStore) -> None:
        """A naive recorded_at is a NaiveDateTimeError naming it; nothing is written."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            store.record_consent(grant(), recorded_at=T0.naive())
        assert "recorded_at" == info.value.field
        assert () == store.events()

    def test_batch_is_all_or_nothing(self, store: SQLiteStore) -> None:
        """A batch with one bad value writes none of it."""
        with pytest.raises(ex.InvalidFieldError):
            store.record_consents([grant(), "not a grant"], recorded_at=T0)  # type: ignore[list-item]
        assert () == store.events()


class TestCache:
    def test_is_granted_sees_writes_through_another_store(self, tmp_path: Path) -> None:
        """A cached answer is dropped when another connection writes to the file."""
        path = tmp_path / "pt.db"
        with SQLiteStore(path) as reader, SQLiteStore(path) as writer:
            writer.record_consent(grant(), recorded_at=T0)
            assert reader.is_granted("c-1", "marketing", pt.Channel.EMAIL, at=T0.add(days=3))
            assert 1 == reader.cache_size
            writer.withdraw("c-1", "g1", at=T0.add(days=1), recorded_at=T0.add(days=1))
            assert not reader.is_granted("c-1", "marketing", pt.Channel.EMAIL, at=T0.add(days=3))

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


class TestSuppressions:
    def test_round_trip_as_a_list(self, store: SQLiteStore) -> None:
        """Appended suppressions read back as a SuppressionList that decide() reads."""
        entries = [
            pt.Suppression.for_address("ana@example.com", since=T0),
            pt.Suppression(contact_id="c-1", since=T0, channel="sms"),
        ]
        assert [1, 2] == [store.add_suppression(s, recorded_at=T0) for s in entries]
        assert pt.SuppressionList(entries) == store.suppressions()


class TestDecisionLog:
    def test_records_ids_and_codes(self, store: SQLiteStore) -> None:
        """A logged decision reads back as its record: ids, verdict, level, codes."""
        d = decide_core()
        record = store.log_decision(d)
        assert (record,) == store.decisions(d.contact_id)
        assert d.decision_id == record.decision_id
        assert tuple(r.code for r in d.reasons) == record.rule_codes
        assert tuple(g.id for g in d.grants) == record.grant_ids
        assert 64 == len(record.input_digest)


class TestThreads:
    def test_each_thread_has_its_connection(self, store: SQLiteStore) -> None:
        """Four threads append at once; every event is kept once, the chain verifies."""

        def work(k: int) -> None:
            for i in range(25):
                store.record_consent(grant(f"g{k}-{i}"), recorded_at=T0)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        events = store.events()
        assert list(range(1, 101)) == [e.seq for e in events]
        assert 100 == len({e.grant.id for e in events})
        assert store.verify().is_intact
