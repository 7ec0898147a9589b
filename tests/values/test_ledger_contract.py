"""The consent-ledger contract, run against the in-memory ConsentLedger."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest

from contracts.ledger_contract import LedgerContract, MakeLedger
from personal_touch import ConsentGrant, ConsentLedger


def _in_memory(contact_id: str, events: Sequence[ConsentGrant]) -> ConsentLedger:
    return ConsentLedger(contact_id, events)


class TestInMemoryLedger(LedgerContract):
    """The in-memory ledger keeps the contract (its own reference, and the acceptance)."""

    @pytest.fixture(scope="class")
    @classmethod
    def make_ledger(cls) -> MakeLedger:
        """Every version given to the in-memory ledger at once."""
        return _in_memory


def _written_down(contact_id: str, events: Sequence[ConsentGrant]) -> ConsentLedger:
    return ConsentLedger(contact_id, [attrs.evolve(g, recorded_at=g.known_since) for g in events])


class TestLedgerWithRecordingTimesWrittenDown(LedgerContract):
    """A ledger whose versions all name their recorded_at (as a store may) is the same."""

    @pytest.fixture(scope="class")
    @classmethod
    def make_ledger(cls) -> MakeLedger:
        """Every version with its default recorded_at made explicit."""
        return _written_down
