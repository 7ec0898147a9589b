"""
Properties of learning: idempotent, order-independent, and never above what was stated.
"""

from __future__ import annotations

import os
from typing import Any

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import contact
from personal_touch._signals import learn

AT = pendulum.datetime(2026, 11, 30, 15, tz="UTC")
CATEGORIES = ("apparel.t_shirts", "apparel.coats", "maternity.tops", "pharmacy", "books")
BEHAVIOUR = ("viewed", "searched", "added_to_cart", "purchased", "returned", "clicked")
FAST = settings(
    max_examples=int(os.environ.get("LEARN_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def signal(draw: st.DrawFn) -> pt.Signal:
    """A signal of ``c-1`` within a few months of :data:`AT` (some after it)."""
    kind = draw(st.sampled_from((*BEHAVIOUR, "answered", "stated_preference", "booked_travel")))
    fields: dict[str, Any] = {
        "contact_id": "c-1",
        "kind": kind,
        "at": AT.subtract(minutes=draw(st.integers(-3000, 150 * 24 * 60))),
        "id": draw(st.none() | st.sampled_from(("e1", "e2", "e3", "e4"))),
        "source": draw(st.none() | st.sampled_from(("web", "app"))),
    }
    if kind in BEHAVIOUR or kind == "stated_preference":
        fields["category"] = draw(st.none() | st.sampled_from(CATEGORIES))
        fields["value"] = draw(st.none() | st.booleans())
    elif kind == "answered":
        fields["subject"] = draw(st.sampled_from(("apparel.shirt_size", "interests.books")))
        fields["value"] = draw(st.sampled_from(("S", "M", "L")))
    else:
        day = draw(st.integers(0, 60))
        fields["value"] = {"departs": AT.add(days=day).date().isoformat()}
    return pt.Signal(**fields)


def distinct_instants(signals: list[pt.Signal]) -> list[pt.Signal]:
    """The signals, keeping one per instant and one per id (so order cannot matter)."""
    at: set[object] = set()
    ids: set[object] = set()
    out = []
    for s in signals:
        if s.at in at or (s.id is not None and s.id in ids):
            continue
        at.add(s.at)
        ids.add(s.id)
        out.append(s)
    return out


def distinct_ids(signals: list[pt.Signal]) -> list[pt.Signal]:
    """The signals, keeping the first of each id."""
    ids: set[object] = set()
    out = []
    for s in signals:
        if s.id is None or s.id not in ids:
            ids.add(s.id)
            out.append(s)
    return out


signals = st.lists(signal(), max_size=12)


class TestProperties:
    @FAST
    @given(signals, st.integers(0, 40))
    def test_idempotent(self, batch: list[pt.Signal], later: int) -> None:
        """Learning the same signals again adds, counts and changes nothing new."""
        once = learn(contact(), batch, at=AT)
        again = learn(once.contact, batch, at=AT)
        assert once.contact == again.contact
        assert () == again.changes

    @FAST
    @given(signals, st.integers(0, 40))
    def test_idempotent_later(self, batch: list[pt.Signal], later: int) -> None:
        """Re-sent later, signals already learned change nothing but what time forgets.

        Returns are left out: behaviour too weak to learn is not remembered, so a return
        that has left the window by then no longer offsets a view sent with it.  So is an id
        shared by different signals: which one counts is decided again once the earlier one
        has left the window.
        """
        batch = [s for s in distinct_ids(batch) if s.kind is not pt.SignalKind.RETURNED]
        once = learn(contact(), batch, at=AT)
        past = [s for s in batch if s.at <= AT]
        after = learn(once.contact, past, at=AT.add(days=later))
        assert {"expired"} >= {c.kind.value for c in after.changes}
        at_later = learn(once.contact, batch, at=AT.add(days=later))
        assert at_later.contact == learn(at_later.contact, batch, at=AT.add(days=later)).contact

    @FAST
    @given(signals, st.randoms(use_true_random=False))
    def test_order_independent(self, batch: list[pt.Signal], rnd: Any) -> None:
        """The signals' order does not matter for signals at distinct instants."""
        batch = distinct_instants(batch)
        shuffled = list(batch)
        rnd.shuffle(shuffled)
        a = learn(contact(), batch, at=AT)
        b = learn(contact(), shuffled, at=AT)
        assert a.contact == b.contact
        assert a.changes == b.changes
        assert a.skipped == b.skipped

    @FAST
    @given(signals, st.sampled_from(CATEGORIES))
    def test_never_outranks_stated(self, batch: list[pt.Signal], category: str) -> None:
        """A stated fact stays the one read for its key whatever behaviour follows."""
        key = "interests." + category
        told = pt.Fact(
            key=key, value={"strength": 0.5}, provenance="stated", recorded_at=AT.subtract(days=400)
        )
        learned = learn(contact(facts=[told]), batch, at=AT)
        fact = learned.contact.fact(key)
        assert fact is not None
        assert pt.Provenance.STATED is fact.provenance
        assert all(
            f.provenance is pt.Provenance.STATED
            for f in learned.contact.facts_under(key)
            if f.key == key
        )

    @FAST
    @given(signals)
    def test_learned_facts_are_never_ahead_of_at(self, batch: list[pt.Signal]) -> None:
        """Every learned fact was recorded at or before `at`, and strengths are in [0, 1]."""
        learned = learn(contact(), batch, at=AT)
        for fact in learned.contact.facts:
            assert fact.recorded_at <= AT
        for change in learned.changes:
            assert change.strength is None or 0.0 <= change.strength <= 1.0
