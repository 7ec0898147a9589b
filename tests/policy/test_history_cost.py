"""
A decision's cost follows what its rules read of the history, not the history's length.

The rules read recent windows and the latest events (the last unsubscribe, the last negative
reaction, touches in a period, an inquiry within days, calls in a legal period).  A contact
with years of older interactions must decide as it does without them, and with no more
Python-level work: the Python lines a decision runs (counted with :func:`sys.settrace`, so
the count is exact, not a timing) stay the same whatever the number of older interactions.
Passes over the whole history run in C (epoch seconds, the audit digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import zoneinfo
from types import FrameType
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, call, customer_in, grant, message
from personal_touch._policy import _audit, _engine, _inputs
from personal_touch.exceptions import HistoryHorizonError, InvalidFieldError
from personal_touch.values import FrequencyLimit, HistorySummary

#: Kinds of the old interactions: every kind a rule looks for, negatives included.
OLD_KINDS = (
    "sent",
    "opened",
    "called",
    "clicked",
    "unsubscribed",
    "complained",
    "felt_intrusive",
    "inquired",
    "replied",
)


def _old(n: int) -> list[pt.Interaction]:
    """*n* interactions spread over the three years before the recent ones, oldest first."""
    start = AT.subtract(days=1_200)
    return [
        pt.Interaction(
            contact_id="c-1",
            kind=OLD_KINDS[i % len(OLD_KINDS)],
            at=start.add(minutes=i * 1_000_000 // max(n, 1)),
            channel=("email", "phone", "sms", None)[i % 4],
            purpose="marketing" if i % 3 else None,
            topic="renewal" if i % 5 == 0 else None,
        )
        for i in range(n)
    ]


def _recent() -> list[pt.Interaction]:
    """The last weeks: every negative kind, an inquiry, touches and calls in their windows."""

    def event(days: float, kind: str, channel: str | None, **kw: Any) -> pt.Interaction:
        return pt.Interaction(
            contact_id="c-1", kind=kind, at=AT.subtract(hours=days * 24), channel=channel, **kw
        )

    return [
        event(40, "unsubscribed", "email"),
        event(39, "unsubscribed", None),
        event(38, "complained", "email"),
        event(37, "felt_intrusive", "sms"),
        event(20, "called", "phone", purpose="marketing", topic="renewal"),
        event(9, "sent", "email", purpose="marketing"),
        event(5, "inquired", "email"),
        event(2, "sent", "email", purpose="marketing"),
        event(0.5, "called", "phone", purpose="marketing", topic="renewal"),
        event(0.2, "sent", "email", purpose="transactional"),
    ]


CASES = {
    "email with caps and an inquiry (DE)": (
        customer_in(
            "DE",
            preferences=pt.Preferences(
                frequency_limits=(
                    FrequencyLimit(count=5, period="week", channel="email"),
                    FrequencyLimit(count=20, period="month"),
                )
            ),
        ),
        message(in_reply_to_inquiry=True, level="contextual"),
        [grant("marketing.email")],
    ),
    "call under a calendar-days cap (FR)": (customer_in("FR"), call(), [grant("marketing.phone")]),
    "call under an hours cap (US-OK)": (
        customer_in("US-OK"),
        call(topic="renewal"),
        [grant("marketing.phone")],
    ),
}


def _lines(c: pt.Contact, m: pt.Message, grants: list[pt.ConsentGrant], history: Any) -> int:
    """Python lines run by one decision on a fresh history tuple."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    policy = pt.default_policy()
    previous = sys.gettrace()  # coverage's tracer, when the suite runs under coverage
    sys.settrace(trace)
    try:
        _engine.decide(c, m, consents=grants, history=history, at=AT, policy=policy)
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("case", sorted(CASES))
class TestHistoryCost:
    def _decide(self, case: str, history: list[pt.Interaction]) -> pt.Decision:
        c, m, grants = CASES[case]
        return pt.decide(c, m, consents=grants, history=tuple(history), at=AT)

    def test_older_interactions_do_not_add_python_work(self, case: str) -> None:
        c, m, grants = CASES[case]
        self._decide(case, _recent())  # compile the policy and warm the per-contact caches
        short = _lines(c, m, grants, tuple(_recent()))
        long = _lines(c, m, grants, tuple(_old(3_000) + _recent()))
        assert long <= short + 40, (short, long)

    def test_older_interactions_do_not_change_the_verdict(self, case: str) -> None:
        short = self._decide(case, _recent())
        long = self._decide(case, _old(3_000) + _recent())
        assert (long.verdict, long.level, long.not_before, [r.code for r in long.reasons]) == (
            short.verdict,
            short.level,
            short.not_before,
            [r.code for r in short.reasons],
        )
        assert long.decision_id != short.decision_id  # the id covers the whole history


class TestHistoryDigest:
    def test_digest_is_the_digest_of_each_interaction(self) -> None:
        """The column-wise digest is the per-interaction canonical text, joined."""
        history = (
            *_old(200),
            *_recent(),
            pt.Interaction(
                contact_id="c-1",
                kind="sent",
                at=pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin"),
                channel="sms",
                topic="",
                level="personal",
                message_id="m-1",
                moment_id="mo-1",
            ),
        )
        stamps = tuple(h.at.timestamp() for h in history)
        text = "\x1e".join(_audit.interaction_canon(h) for h in history)
        expected = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        assert _audit.history_digest(history, stamps) == expected
        assert _audit.history_digest(history, ()) == expected  # stamps of a hand-made request
        # Without the last entry, no message or moment id at all (their columns all empty).
        text = "\x1e".join(_audit.interaction_canon(h) for h in history[:-1])
        expected = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        assert _audit.history_digest(history[:-1], stamps[:-1]) == expected

    def test_unsorted_and_foreign_interactions(self) -> None:
        """Shuffled input with other contacts' entries decides as the sorted own history."""
        own = _old(300) + _recent()
        foreign = [pt.Interaction(contact_id="c-2", kind="unsubscribed", at=AT.subtract(days=1))]
        mixed = own[::-1] + foreign
        c, m, grants = CASES["email with caps and an inquiry (DE)"]
        a = pt.decide(c, m, consents=grants, history=tuple(own), at=AT)
        b = pt.decide(c, m, consents=grants, history=tuple(mixed), at=AT)
        assert a == b


_ZONES = st.sampled_from(
    [
        dt.UTC,
        pendulum.UTC,
        pendulum.timezone("UTC"),
        pendulum.timezone("Europe/Berlin"),
        pendulum.timezone("America/New_York"),
        zoneinfo.ZoneInfo("UTC"),
        zoneinfo.ZoneInfo("Australia/Lord_Howe"),
        dt.timezone(dt.timedelta(hours=5, minutes=30)),
    ]
)
_INSTANTS = st.builds(
    lambda naive, tz, fold: naive.replace(tzinfo=tz, fold=fold),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    _ZONES,
    st.integers(0, 1),
)


class TestEpochSeconds:
    @given(st.lists(_INSTANTS, max_size=20))
    def test_exactly_timestamp(self, instants: list[dt.datetime]) -> None:
        """Epoch seconds of any mix of zones equal ``datetime.timestamp``, bit for bit."""
        pendulums = [pendulum.instance(i) for i in instants]
        for values in (instants, pendulums):
            assert _inputs.epoch_seconds(values) == [v.timestamp() for v in values]


_KINDS = st.sampled_from(
    [
        "sent",
        "sent",
        "called",
        "met",
        "opened",
        "unsubscribed",
        "complained",
        "felt_intrusive",
        "inquired",
        "replied",
        "purchased",
        "unsubscribed",
        "inquired",
    ]
)
_EVENTS = st.builds(
    lambda minutes, kind, channel, purpose, topic: pt.Interaction(
        contact_id="c-1",
        kind=kind,
        at=AT.subtract(minutes=minutes),
        channel=channel,
        purpose=purpose,
        topic=topic,
    ),
    st.one_of(st.integers(0, 20 * 1_440), st.integers(0, 400 * 1_440)),
    _KINDS,
    st.sampled_from(["email", "phone", None]),
    st.sampled_from(["marketing", None]),
    st.sampled_from(["renewal", None]),
)
_CASES = st.sampled_from(
    [
        *(CASES[name] for name in sorted(CASES)),
        (customer_in("US-FL"), message(), [grant("marketing.email")]),
        (customer_in("CA"), message(level="contextual"), [grant("marketing.email")]),
        (customer_in("US-OK"), call(), []),
    ]
)


def _view(d: pt.Decision) -> tuple[object, ...]:
    """Everything a decision says but its id."""
    return (
        d.verdict,
        d.level,
        d.not_before,
        d.reasons,
        d.approved_facts,
        d.withheld_facts,
        d.disclosures,
    )


class TestSummary:
    @given(
        st.lists(_EVENTS, max_size=60),
        _CASES,
        st.sampled_from([40, 90, 1_000]),
        st.booleans(),
    )
    def test_decides_as_the_whole_history(
        self,
        events: list[pt.Interaction],
        case: tuple[pt.Contact, pt.Message, list[pt.ConsentGrant]],
        horizon: int,
        incremental: bool,
    ) -> None:
        """Deciding from a summary (built at once or event by event) equals the raw tuple."""
        contact, m, grants = case
        if incremental:
            summary = HistorySummary(contact_id="c-1", horizon_days=horizon).extend(events)
        else:
            summary = HistorySummary.from_interactions("c-1", events, horizon_days=horizon)
        for msg in (m, attrs.evolve(m, in_reply_to_inquiry=not m.in_reply_to_inquiry)):
            raw = pt.decide(contact, msg, consents=grants, history=tuple(events), at=AT)
            kept = pt.decide(contact, msg, consents=grants, history=summary, at=AT)
            assert _view(raw) == _view(kept)
            prepared = pt.prepare(contact, consents=grants, history=summary, at=AT)
            assert _view(kept) == _view(pt.decide(prepared, msg))
            assert kept.decision_id == pt.decide(prepared, msg).decision_id

    def test_long_history_decides_as_its_summary(self) -> None:
        """Three years of history and its summary: the same decision in every case."""
        events = _old(3_000) + _recent()
        summary = HistorySummary.from_interactions("c-1", events)
        assert len(summary.kept) < 100
        for case in sorted(CASES):
            c, m, grants = CASES[case]
            raw = pt.decide(c, m, consents=grants, history=tuple(events), at=AT)
            kept = pt.decide(c, m, consents=grants, history=summary, at=AT)
            assert _view(raw) == _view(kept)
            assert raw.decision_id != kept.decision_id  # a summary is digested by its digest

    def test_a_window_beyond_the_horizon_fails_closed(self) -> None:
        """A monthly cap read from a ten-day summary raises instead of counting part of it."""
        c, m, grants = CASES["email with caps and an inquiry (DE)"]
        summary = HistorySummary.from_interactions("c-1", _recent(), horizon_days=10)
        with pytest.raises(HistoryHorizonError) as info:
            pt.decide(c, m, consents=grants, history=summary, at=AT)
        assert info.value.kept_from > info.value.needed_from

    def test_summary_of_another_contact_is_refused(self) -> None:
        """A summary is a contact's own: another contact's raises, as a foreign ledger does."""
        c, m, grants = CASES["email with caps and an inquiry (DE)"]
        summary = HistorySummary(contact_id="c-2")
        with pytest.raises(InvalidFieldError):
            pt.decide(c, m, consents=grants, history=summary, at=AT)
