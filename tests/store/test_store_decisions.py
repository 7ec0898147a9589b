"""
The decision log keeps ids, codes and digests: no fact value, name or address is stored.
"""

from __future__ import annotations

from store_backends import StoreFactory, execute

import personal_touch as pt
from builders import FULL, decide_core, message, traveller
from personal_touch.store import DecisionRecord

ADDRESS = "anna.muster@example.com"


class TestDecisionLog:
    def test_no_personal_data_in_the_stored_rows(self, store_factory: StoreFactory) -> None:
        """No fact value, name or address of the contact appears in the decision rows."""
        person = traveller(contact_points=(pt.ContactPoint("email", ADDRESS),))
        decisions = [
            decide_core(person, message(content_facts=frozenset({"travel.next_trip"}))),
            decide_core(person, consents=()),
        ]
        with store_factory() as s:
            records = [s.log_decision(d) for d in decisions]
            rows = execute(s, "SELECT * FROM decisions")
        stored = repr(rows)
        assert 2 == len(rows)
        for secret in ("New York", "ramen", "boots", "Anna", "Muster", ADDRESS, "example.com"):
            assert secret not in stored
        assert [d.decision_id for d in decisions] == [r.decision_id for r in records]

    def test_same_question_same_digest(self) -> None:
        """The input digest depends on what was asked, not on the answer's id."""
        a, b = decide_core(), decide_core()
        other = decide_core(m=message(topic="renewal"))
        digest = DecisionRecord.from_decision
        assert digest(a).input_digest == digest(b).input_digest
        assert digest(a).input_digest != digest(other).input_digest

    def test_records_grant_references(self) -> None:
        """The grants a decision relied on are named by id."""
        record = DecisionRecord.from_decision(decide_core(consents=FULL))
        assert record.grant_ids == tuple(g.id for g in decide_core(consents=FULL).grants)
