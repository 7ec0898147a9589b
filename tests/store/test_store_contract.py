"""
The store contract: every backend keeps the library's values and gives them back unchanged.

Each test runs once per backend (``store_factory`` in conftest: SQLite, and PostgreSQL when
``PT_POSTGRES_DSN`` names a server).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from store_backends import StoreFactory, execute

import personal_touch as pt
from builders import AT, contact, decide_core, fact, touch, traveller
from personal_touch import exceptions as ex
from personal_touch.store import SCHEMA_VERSION, Store
from strategies import consent_grants, contacts

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

T0 = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
ONCE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def grant(gid: str = "g1", cid: str = "c-1", **changes: object) -> pt.ConsentGrant:
    fields: dict[str, object] = {
        "id": gid,
        "contact_id": cid,
        "purpose": "marketing",
        "granted_at": T0,
    }
    fields.update(changes)
    return pt.ConsentGrant(**fields)  # type: ignore[arg-type]


class TestSchema:
    def test_new_store_is_at_the_latest_version(self, any_store: StoreCore) -> None:
        """A new store is migrated to the current schema, and is a Store."""
        assert SCHEMA_VERSION == any_store.schema_version
        assert isinstance(any_store, Store)

    def test_reopening_migrates_nothing(self, store_factory: StoreFactory) -> None:
        """Opening an existing store keeps its data and its version."""
        with store_factory("db") as s:
            s.record_consent(grant(), recorded_at=T0)
        with store_factory("db") as s:
            assert SCHEMA_VERSION == s.schema_version
            assert 1 == len(s.events())
            assert [(SCHEMA_VERSION,)] == execute(s, "SELECT max(version) FROM schema_version")

    def test_a_newer_database_is_refused(self, store_factory: StoreFactory) -> None:
        """A database written by a newer release is refused, naming the field."""
        with store_factory("db") as s:
            execute(s, "INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
        with pytest.raises(ex.InvalidFieldError) as info:
            store_factory("db")
        assert "schema_version" == info.value.field


class TestContacts:
    @ONCE
    @given(c=contacts())
    def test_round_trip(self, any_store: StoreCore, c: pt.Contact) -> None:
        """A saved contact reads back equal, its facts included."""
        any_store.put_contact(c)
        assert c == any_store.contact(c.id)
        assert c.facts == any_store.facts(c.id)

    def test_put_replaces_and_add_fact_appends(self, any_store: StoreCore) -> None:
        """Saving again replaces the contact and its facts; add_fact appends one."""
        any_store.put_contact(traveller())
        any_store.put_contact(contact(facts=(fact("interests.food", "ramen"),)))
        any_store.add_fact("c-1", fact("travel.next_trip", "Oslo"))
        assert ("interests.food", "travel.next_trip") == tuple(
            f.key for f in any_store.facts("c-1")
        )
        assert ("c-1",) == any_store.contact_ids()

    def test_unknown_contact(self, any_store: StoreCore) -> None:
        """An unknown id reads as None."""
        assert any_store.contact("nobody") is None

    def test_bad_input_names_the_field(self, any_store: StoreCore) -> None:
        """Values of the wrong type are refused with the field named."""
        with pytest.raises(ex.InvalidFieldError) as info:
            any_store.put_contact({"id": "c-1"})  # type: ignore[arg-type]
        assert "contact" == info.value.field
        with pytest.raises(ex.InvalidFieldError) as info:
            any_store.add_fact(" ", fact("a", 1))
        assert "contact_id" == info.value.field


class TestInteractions:
    def test_oldest_first(self, any_store: StoreCore) -> None:
        """The history reads back oldest first whatever the order appended."""
        later, earlier = touch(at=AT), touch(at=AT.subtract(days=3))
        any_store.add_interaction(later)
        any_store.add_interaction(earlier)
        assert (earlier, later) == any_store.interactions("c-1")
        assert () == any_store.interactions("c-2")


class TestConsent:
    @ONCE
    @given(g=consent_grants())
    def test_event_round_trip(self, any_store: StoreCore, g: pt.ConsentGrant) -> None:
        """A recorded grant version reads back equal, with its times."""
        event = any_store.record_consent(g, recorded_at=T0)
        assert (event,) == any_store.events(grant_id=g.id)[-1:]
        assert g == any_store.events(g.contact_id)[-1].grant

    def test_kinds_and_valid_time(self, any_store: StoreCore) -> None:
        """Events say what happened and when; withdraw appends a withdrawn version."""
        any_store.record_consent(grant(requires_confirmation=True), recorded_at=T0)
        confirmed = grant(requires_confirmation=True, confirmed_at=T0.add(hours=1))
        any_store.record_consent(confirmed, recorded_at=T0.add(hours=2))
        any_store.withdraw("c-1", "g1", at=T0.add(days=9), recorded_at=T0.add(days=10))
        events = any_store.events("c-1")
        assert ["granted", "confirmed", "withdrawn"] == [e.kind for e in events]
        assert [T0, T0.add(hours=1), T0.add(days=9)] == [e.occurred_at for e in events]
        assert [1, 2, 3] == [e.seq for e in events]

    def test_withdraw_unknown_grant(self, any_store: StoreCore) -> None:
        """Withdrawing a grant the store never saw is a ConsentStateError."""
        with pytest.raises(ex.ConsentStateError):
            any_store.withdraw("c-1", "nope", at=T0, recorded_at=T0)

    def test_ledger_agrees_with_memory(self, any_store: StoreCore) -> None:
        """The stored ledger equals the in-memory ledger of the same versions."""
        versions = [
            grant(),
            grant("g2", purpose="marketing.sms"),
            grant().withdraw(at=T0.add(days=2)),
        ]
        for i, g in enumerate(versions):
            any_store.record_consent(g, recorded_at=T0.add(days=i))
        assert pt.ConsentLedger.from_grants("c-1", versions) == any_store.ledger("c-1")

    def test_naive_recorded_at_refused(self, any_store: StoreCore) -> None:
        """A naive recorded_at is a NaiveDateTimeError naming it; nothing is written."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            any_store.record_consent(grant(), recorded_at=T0.naive())
        assert "recorded_at" == info.value.field
        assert () == any_store.events()

    def test_batch_is_all_or_nothing(self, any_store: StoreCore) -> None:
        """A batch with one bad value writes none of it."""
        with pytest.raises(ex.InvalidFieldError):
            any_store.record_consents([grant(), "not a grant"], recorded_at=T0)  # type: ignore[list-item]
        assert () == any_store.events()


class TestCache:
    def test_is_granted_sees_writes_through_another_store(
        self, store_factory: StoreFactory
    ) -> None:
        """A cached answer is dropped when another store writes to the database."""
        with store_factory("db") as reader, store_factory("db") as writer:
            writer.record_consent(grant(), recorded_at=T0)
            assert reader.is_granted("c-1", "marketing", pt.Channel.EMAIL, at=T0.add(days=3))
            assert 1 == reader.cache_size
            writer.withdraw("c-1", "g1", at=T0.add(days=1), recorded_at=T0.add(days=1))
            assert not reader.is_granted("c-1", "marketing", pt.Channel.EMAIL, at=T0.add(days=3))


class TestSuppressions:
    def test_round_trip_as_a_list(self, any_store: StoreCore) -> None:
        """Appended suppressions read back as a SuppressionList that decide() reads."""
        entries = [
            pt.Suppression.for_address("ana@example.com", since=T0),
            pt.Suppression(contact_id="c-1", since=T0, channel="sms"),
        ]
        assert [1, 2] == [any_store.add_suppression(s, recorded_at=T0) for s in entries]
        assert pt.SuppressionList(entries) == any_store.suppressions()


class TestDecisionLog:
    def test_records_ids_and_codes(self, any_store: StoreCore) -> None:
        """A logged decision reads back as its record: ids, verdict, level, codes."""
        d = decide_core()
        record = any_store.log_decision(d)
        assert (record,) == any_store.decisions(d.contact_id)
        assert d.decision_id == record.decision_id
        assert tuple(r.code for r in d.reasons) == record.rule_codes
        assert tuple(g.id for g in d.grants) == record.grant_ids
        assert 64 == len(record.input_digest)


class TestThreads:
    def test_each_thread_has_its_connection(self, any_store: StoreCore) -> None:
        """Four threads append at once; every event is kept once, the chain verifies."""

        def work(k: int) -> None:
            for i in range(25):
                any_store.record_consent(grant(f"g{k}-{i}"), recorded_at=T0)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        events = any_store.events()
        assert list(range(1, 101)) == [e.seq for e in events]
        assert 100 == len({e.grant.id for e in events})
        assert any_store.verify().is_intact
