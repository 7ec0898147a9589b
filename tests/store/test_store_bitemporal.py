"""
What our records said at T: a stored ledger as of T equals one built from the events up to T.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from strategies import aware_datetimes, consent_grants

if TYPE_CHECKING:
    from store_backends import StoreFactory

CID = "c-1"
#: A fresh store per example (one database each).
EXAMPLES = itertools.count()
T0 = pendulum.datetime(2026, 1, 1, tz="UTC")

events = st.lists(
    st.tuples(consent_grants(contact_id=CID), aware_datetimes()),
    max_size=6,
    unique_by=lambda e: (e[0].id, e[0].granted_at.timestamp()),
)


class TestAsOf:
    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(events=events, probe=aware_datetimes())
    def test_as_of_equals_the_ledger_of_events_recorded_by_then(
        self,
        store_factory: StoreFactory,
        events: list[tuple[pt.ConsentGrant, pendulum.DateTime]],
        probe: pendulum.DateTime,
    ) -> None:
        """For any events and any T, ledger(recorded_at=T) is the ledger of those up to T."""
        with store_factory(f"asof{next(EXAMPLES)}") as s:
            for grant, recorded in events:
                s.record_consent(grant, recorded_at=recorded)
            for t in [probe, *(r for _, r in events)]:
                expected = pt.ConsentLedger.from_grants(CID, [g for g, r in events if r <= t])
                assert expected == s.ledger(CID, recorded_at=t)
            assert pt.ConsentLedger.from_grants(CID, [g for g, _ in events]) == s.ledger(CID)

    def test_a_renewal_recorded_later_does_not_change_the_past(
        self, store_factory: StoreFactory
    ) -> None:
        """Recording a renewal today leaves what we knew six months ago unchanged."""
        lapsed = pt.ConsentGrant(
            id="g1",
            contact_id=CID,
            purpose="marketing",
            granted_at=T0,
            expires_at=T0.add(months=3),
        )
        asked = T0.add(months=4)
        with store_factory() as s:
            s.record_consent(lapsed, recorded_at=T0)
            before = s.ledger(CID, recorded_at=T0.add(months=5))
            s.record_consent(lapsed.renew(until=None), recorded_at=T0.add(months=10))
            then = s.ledger(CID, recorded_at=T0.add(months=5))
            now = s.ledger(CID)
        assert before == then
        assert not then.is_granted("marketing", pt.Channel.EMAIL, at=asked)
        assert now.is_granted("marketing", pt.Channel.EMAIL, at=asked)
