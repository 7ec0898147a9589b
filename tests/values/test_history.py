"""
A history indexed once answers as a walk over it; a summary answers as the whole history.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT
from personal_touch import converters
from personal_touch._history import HistoryIndex, index_history
from personal_touch.exceptions import HistoryHorizonError, InvalidFieldError
from personal_touch.values import HistorySummary

KINDS = ["sent", "called", "unsubscribed", "complained", "inquired", "opened"]
CHANNELS = [pt.Channel.EMAIL, pt.Channel.PHONE, None]
DAY = 86_400.0

events = st.builds(
    lambda minutes, kind, channel, purpose: pt.Interaction(
        contact_id="c-1",
        kind=kind,
        at=AT.subtract(minutes=minutes),
        channel=channel,
        purpose=purpose,
    ),
    st.integers(0, 200 * 1_440),
    st.sampled_from(KINDS),
    st.sampled_from(CHANNELS),
    st.sampled_from(["marketing", "transactional", None]),
)


def _walk_last(
    history: list[pt.Interaction], kinds: set[str], until: float, channel: object
) -> float | None:
    """The latest match by a plain walk over every interaction (the reference)."""
    found = [
        h.at.timestamp()
        for h in history
        if h.kind.value in kinds
        and h.at.timestamp() <= until
        and (channel is None or h.channel is None or h.channel is channel)
    ]
    return max(found, default=None)


class TestHistoryIndex:
    @given(st.lists(events, max_size=30), st.sets(st.sampled_from(KINDS), min_size=1))
    def test_last_is_the_latest_match(self, history: list[pt.Interaction], kinds: set[str]) -> None:
        """The latest event of kinds on a channel up to an instant, as a walk finds it."""
        index = index_history(history[::-1], "c-1")
        for days in (0, 3, 50, 150, 250):
            until = AT.timestamp() - days * DAY
            for channel in CHANNELS:
                channels = None if channel is None else (channel,)
                expected = _walk_last(history, kinds, until, channel)
                assert expected == index.last_stamp(kinds, until=until, channels=channels)

    @given(st.lists(events, max_size=30))
    def test_tally_and_window(self, history: list[pt.Interaction]) -> None:
        """Counts and windows read by bisection hold what a filter over the history holds."""
        index = index_history(history, "c-1")
        now = AT.timestamp()
        touches = {pt.InteractionKind.SENT, pt.InteractionKind.CALLED}
        for days in (1, 30, 100):
            since = now - days * DAY
            expected = sum(
                1
                for h in history
                if h.kind in touches
                and since <= h.at.timestamp() < now
                and h.channel is pt.Channel.EMAIL
                and h.purpose is not pt.MessagePurpose.TRANSACTIONAL
            )
            got = index.tally(
                touches,
                since=since,
                before=now,
                channels=(pt.Channel.EMAIL,),
                excluding=(pt.MessagePurpose.TRANSACTIONAL,),
            )
            assert expected == got
            inside = [h for h in history if since <= h.at.timestamp() <= now]
            assert sorted(inside, key=lambda h: h.at.timestamp()) == list(index.window(since, now))

    def test_sorted_stable_and_own(self) -> None:
        """Oldest first, ties in their given order, other contacts' interactions left out."""
        a = pt.Interaction(contact_id="c-1", kind="sent", at=AT)
        b = pt.Interaction(contact_id="c-1", kind="opened", at=AT)
        old = pt.Interaction(contact_id="c-1", kind="sent", at=AT.subtract(days=1))
        other = pt.Interaction(contact_id="c-2", kind="sent", at=AT)
        index = index_history((a, other, b, old), "c-1")
        assert (old, a, b) == tuple(index)
        assert (old, a, b) == tuple(index_history((b, a, old)[::-1], "c-1"))  # newest first
        assert frozenset({"sent", "opened"}) == index.kinds
        assert index is index_history(index, "c-1")

    def test_pickles(self) -> None:
        """An index pickles with its instants."""
        index = index_history((pt.Interaction(contact_id="c-1", kind="sent", at=AT),))
        back = pickle.loads(pickle.dumps(index))
        assert (index, index.stamps) == (back, back.stamps)
        assert HistoryIndex is type(back)


class TestHistorySummary:
    @given(
        st.lists(events, max_size=40),
        st.sets(st.sampled_from(KINDS), min_size=1),
        st.integers(1, 60),
    )
    def test_answers_as_the_whole_history(
        self, history: list[pt.Interaction], kinds: set[str], horizon: int
    ) -> None:
        """From its horizon on, a summary's index answers every query as the whole history."""
        summary = HistorySummary.from_interactions("c-1", history, horizon_days=horizon)
        assert summary == HistorySummary(contact_id="c-1", horizon_days=horizon).extend(history)
        whole = index_history(history, "c-1")
        kept = summary.index
        for until in (AT.timestamp(), AT.timestamp() + DAY):
            if history:
                assert until - horizon * DAY >= kept.kept_from
            for channel in CHANNELS:
                channels = None if channel is None else (channel,)
                assert whole.last_stamp(kinds, until=until, channels=channels) == kept.last_stamp(
                    kinds, until=until, channels=channels
                )
            since = until - horizon * DAY
            assert whole.window(since, until) == kept.window(since, until)
        assert len(history) == summary.count

    def test_keeps_the_latest_of_each_key_before_the_horizon(self) -> None:
        """Old events shrink to the latest per kind, channel and purpose; recent ones stay."""

        def at(days: int, kind: str = "unsubscribed") -> pt.Interaction:
            return pt.Interaction(
                contact_id="c-1", kind=kind, at=AT.subtract(days=days), channel="email"
            )

        history = [at(300), at(200), at(100, "sent"), at(5, "sent"), at(1, "sent")]
        summary = HistorySummary.from_interactions("c-1", history, horizon_days=30)
        assert (history[1], history[2], history[3], history[4]) == summary.kept
        assert AT.subtract(days=31).timestamp() == summary.kept_from

    def test_digest_ignores_arrival_order(self) -> None:
        """The digest sums the interactions' digests: the same set, the same digest."""
        history = [
            pt.Interaction(contact_id="c-1", kind=k, at=AT.subtract(days=d))
            for d, k in ((3, "sent"), (1, "opened"), (2, "called"))
        ]
        one = HistorySummary(contact_id="c-1").extend(history)
        two = HistorySummary(contact_id="c-1").extend(history[::-1])
        assert one.digest == two.digest
        assert one.digest != HistorySummary(contact_id="c-1").extend(history[:2]).digest
        assert one.digest.startswith("3-")

    def test_refuses_another_contacts_interaction(self) -> None:
        """Adding another contact's interaction raises; building from many keeps one's own."""
        other = pt.Interaction(contact_id="c-2", kind="sent", at=AT)
        with pytest.raises(InvalidFieldError):
            HistorySummary(contact_id="c-1").add(other)
        assert () == HistorySummary.from_interactions("c-1", [other]).kept
        with pytest.raises(InvalidFieldError):
            HistorySummary(contact_id="c-1", kept=(other,))

    def test_queries_before_the_horizon_raise(self) -> None:
        """A window starting before what the summary keeps raises a typed error."""
        summary = HistorySummary.from_interactions(
            "c-1", [pt.Interaction(contact_id="c-1", kind="sent", at=AT)], horizon_days=7
        )
        with pytest.raises(HistoryHorizonError):
            summary.index.window(AT.timestamp() - 8 * DAY, AT.timestamp())
        with pytest.raises(HistoryHorizonError):
            summary.index.last(["sent"], until=AT.timestamp() - 8 * DAY)

    def test_json_round_trip(self) -> None:
        """A summary survives the converters, and a bad digest is refused."""
        summary = HistorySummary.from_interactions(
            "c-1",
            [
                pt.Interaction(contact_id="c-1", kind="sent", at=AT.subtract(days=d))
                for d in range(50)
            ],
        )
        doc = converters.unstructure(summary)
        assert summary == converters.structure(doc, HistorySummary)
        assert summary.index.stamps == converters.structure(doc, HistorySummary).index.stamps
        with pytest.raises(pt.exceptions.InvalidInputError):
            converters.structure({**doc, "digest": "nope"}, HistorySummary)
