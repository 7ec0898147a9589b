"""
The consent-ledger contract, run against the ledgers a store answers from, on every backend.

The same grant versions are recorded through the store (each at its ``known_since``) and the
store's answers must equal the in-memory :class:`~personal_touch.ConsentLedger`'s: the ledger
read by ``store.ledger(contact_id)``, and ``as_of`` read by ``store.ledger(contact_id,
recorded_at=...)`` (each read once; the cached ``is_granted`` path has its own tests).  Each ledger made lives under its own contact id in one
store per class (so one ledger never sees another's events) and is shown under the id asked for.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs
import pytest
from store_backends import StoreFactory

from contracts.ledger_contract import LedgerContract, MakeLedger

if TYPE_CHECKING:
    import pendulum

    from personal_touch import Channel, ConsentGrant
    from personal_touch.store._core import StoreCore


class StoredLedger:
    """One contact's ledger as a store answers it, now or as recorded by a time."""

    def __init__(
        self,
        store: StoreCore,
        stored_id: str,
        shown_id: str,
        recorded_at: pendulum.DateTime | None = None,
    ) -> None:
        self.store, self.stored_id, self.shown_id = store, stored_id, shown_id
        self.recorded_at = recorded_at
        self.ledger = store.ledger(stored_id, recorded_at=recorded_at)

    def _shown(self, grant: ConsentGrant) -> ConsentGrant:
        return attrs.evolve(grant, contact_id=self.shown_id)

    @property
    def entries(self) -> tuple[ConsentGrant, ...]:
        return tuple(self._shown(g) for g in self.ledger.entries)

    def is_granted(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> bool:
        return self.ledger.is_granted(purpose, channel, at=at)

    def as_of(self, *, recorded_at: pendulum.DateTime) -> StoredLedger:
        return StoredLedger(self.store, self.stored_id, self.shown_id, recorded_at)

    def get(self, grant_id: str) -> ConsentGrant | None:
        found = self.ledger.get(grant_id)
        return None if found is None else self._shown(found)


class StoreLedgers:
    """Records grant versions through one store; the same versions reuse their contact id."""

    def __init__(self, store: StoreCore) -> None:
        self.store = store
        self.numbers = itertools.count()
        self.made: dict[tuple[str, tuple[ConsentGrant, ...]], str] = {}

    def __call__(self, contact_id: str, events: Sequence[ConsentGrant]) -> StoredLedger:
        key = (contact_id, tuple(events))
        stored_id = self.made.get(key)
        if stored_id is None:
            stored_id = f"{contact_id}~{next(self.numbers)}"
            for g in events:
                self.store.record_consent(
                    attrs.evolve(g, contact_id=stored_id), recorded_at=g.known_since
                )
            self.made[key] = stored_id
        return StoredLedger(self.store, stored_id, contact_id)


def _ledgers(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeLedger]:
    factory = StoreFactory(backend, tmp_path_factory.mktemp("ledgers"))
    try:
        yield StoreLedgers(factory())
    finally:
        factory.close()


class TestSQLiteStoreLedger(LedgerContract):
    """The SQLite store answers as the in-memory ledger does."""

    @pytest.fixture(scope="class")
    @classmethod
    def make_ledger(cls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeLedger]:
        """Ledgers recorded through one SQLite store."""
        yield from _ledgers("sqlite", tmp_path_factory)


class TestPostgresStoreLedger(LedgerContract):
    """The PostgreSQL store answers as the in-memory ledger does."""

    @pytest.fixture(scope="class")
    @classmethod
    def make_ledger(cls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeLedger]:
        """Ledgers recorded through one PostgreSQL store (skipped without a server)."""
        yield from _ledgers("postgres", tmp_path_factory)
