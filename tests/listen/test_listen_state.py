"""
A listener's state is JSON: it round-trips, mid-stream, and bad input is refused by path.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, message
from personal_touch.exceptions import InvalidInputError
from personal_touch.triggers import Firing, Listener, Trigger, Update

OFFER = message()
TRIGGERS = (
    Trigger.abandoned_cart("cart", delay=dt.timedelta(hours=1), message=OFFER),
    Trigger.repeated_views(
        "browsing", count=3, window=dt.timedelta(hours=6), message=OFFER,
        cooldown=dt.timedelta(hours=2),
    ),
    Trigger.repeated_views(
        "burst", count=1, window=dt.timedelta(hours=1), message=OFFER, category="garden",
        debounce=dt.timedelta(minutes=20),
    ),
    Trigger.price_drop("drop", window=dt.timedelta(hours=12), message=OFFER),
    Trigger.trip_booked("trip", message=message("relationship"), cooldown=dt.timedelta(hours=3)),
)  # fmt: skip

KINDS = ["viewed", "added_to_cart", "purchased", "booked_travel", "searched"]


@st.composite
def streams(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """A stream of signals, updates and ticks at non-decreasing instants."""
    minutes = 0
    out: list[tuple[str, Any]] = []
    for n in range(draw(st.integers(1, 40))):
        minutes += draw(st.integers(0, 90))
        when = AT + dt.timedelta(minutes=minutes)
        what = draw(st.sampled_from(["signal"] * 6 + ["update", "tick"]))
        subject = draw(st.sampled_from(["p-1", "p-2", "p-3"]))
        if what == "signal":
            ident = draw(st.sampled_from([None, f"s-{n}", "s-0"]))
            item: Any = pt.Signal(
                contact_id=draw(st.sampled_from(["c-1", "c-2", "c-3"])),
                kind=draw(st.sampled_from(KINDS)),
                at=when - dt.timedelta(minutes=draw(st.integers(0, 30))),
                subject=subject,
                category=draw(st.sampled_from(["apparel", "garden", "apparel.coats"])),
                id=ident,
            )
        elif what == "update":
            item = Update(kind="price_drop", subject=subject, at=when)
        else:
            item = when
        out.append((what, item))
    return out


def feed(li: Listener, items: list[tuple[str, Any]]) -> list[Firing]:
    out: list[Firing] = []
    for what, item in items:
        if what == "signal":
            out.extend(li.observe(item, at=max(item.at, li.clock or item.at)))
        elif what == "update":
            out.extend(li.observe_update(item))
        else:
            out.extend(li.tick(item))
    return out


class TestProperties:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stream=streams())
    def test_replay_gives_the_same_firings(self, stream: list[tuple[str, Any]]) -> None:
        """Replaying the same stream into a new listener gives the same firings."""
        assert feed(Listener(TRIGGERS), stream) == feed(Listener(TRIGGERS), stream)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stream=streams(), data=st.data())
    def test_a_json_round_trip_mid_stream_changes_nothing(
        self, stream: list[tuple[str, Any]], data: st.DataObject
    ) -> None:
        """Saving the state as JSON text and carrying on from it gives the same firings."""
        cut = data.draw(st.integers(0, len(stream)))
        whole = feed(Listener(TRIGGERS), [*stream, ("tick", AT + dt.timedelta(days=30))])
        first = Listener(TRIGGERS)
        before = feed(first, stream[:cut])
        saved = json.loads(json.dumps(first.snapshot()))
        second = Listener.from_snapshot(TRIGGERS, saved)
        assert saved == second.snapshot()
        after = feed(second, [*stream[cut:], ("tick", AT + dt.timedelta(days=30))])
        assert whole == before + after

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stream=streams())
    def test_everything_is_forgotten_in_the_end(self, stream: list[tuple[str, Any]]) -> None:
        """When every window has passed, no state is left (memory is bounded by windows)."""
        li = Listener(TRIGGERS)
        feed(li, stream)
        li.tick(AT + dt.timedelta(days=365))
        assert 0 == len(li)


class TestInvalid:
    def state(self) -> dict[str, Any]:
        li = Listener(TRIGGERS)
        li.observe(pt.Signal(contact_id="c-1", kind="added_to_cart", at=AT, subject="p-1"))
        li.observe(pt.Signal(contact_id="c-1", kind="viewed", at=AT, category="apparel"))
        data = li.state("c-1")
        assert data is not None
        return data

    @pytest.mark.parametrize(
        ("change", "problem"),
        [
            ({"version": 2}, "expected version 1 @ $.version"),
            ({"touched": "yesterday"}, "expected an ISO 8601 instant with an offset @ $.touched"),
            ({"touched": "2026-01-01T00:00:00"}, "@ $.touched"),
            ({"hits": []}, "expected an object @ $.hits"),
            ({"hits": {"browsing": {"apparel": []}}}, "non-empty list @ $.hits[#0][#0]"),
            ({"pending": {"cart": {"p-1": {"due": "x", "count": 0}}}}, "@ $.pending[#0][#0].count"),
            ({"secret@example.com": 1}, "unknown key @ $[#"),
        ],
    )  # fmt: skip
    def test_bad_state_lists_problems_by_path(self, change: dict[str, Any], problem: str) -> None:
        """A state that is not one is refused, each problem by path, never its value."""
        li = Listener(TRIGGERS)
        with pytest.raises(InvalidInputError) as info:
            li.load_state("c-1", {**self.state(), **change})
        assert any(problem in e for e in info.value.errors), info.value.errors
        assert not any("example.com" in e or "yesterday" in e for e in info.value.errors)

    @pytest.mark.parametrize("data", [[], {"version": 1}, {"version": 1, "contacts": []}])
    def test_bad_snapshot(self, data: Any) -> None:
        """A snapshot that is not one is invalid input."""
        with pytest.raises(InvalidInputError):
            Listener.from_snapshot(TRIGGERS, data)

    def test_bad_contact_in_snapshot_names_the_contact(self) -> None:
        """A bad contact state inside a snapshot is reported under its contact id."""
        data = {"version": 1, "clock": None, "contacts": {"c-9": {"version": 1}}}
        with pytest.raises(InvalidInputError) as info:
            Listener.from_snapshot(TRIGGERS, data)
        assert ["expected an ISO 8601 instant with an offset @ $.contacts[#0].touched"] == list(
            info.value.errors
        )


def test_a_release_forgets_what_it_leaves_expired() -> None:
    """Two firings released by one tick: the second one's group and record are forgotten too."""
    li = Listener(TRIGGERS)
    for kind, category in (("added_to_cart", "apparel"), ("viewed", "garden")):
        li.observe(pt.Signal(contact_id="c-1", kind=kind, at=AT, subject="p-1", category=category))
    fired = li.tick(AT + dt.timedelta(days=365))
    assert ["burst", "cart"] == [f.trigger for f in fired]
    assert 0 == len(li)
