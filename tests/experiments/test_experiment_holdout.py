"""Tests for the global holdout."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch.exceptions import InvalidFieldError
from personal_touch.experiments import Experiment, Holdout, Variant, bucket_of

IDS = [f"person-{i}" for i in range(20_000)]


class TestHoldout:
    @given(share=st.floats(0, 1), contact_id=st.text(min_size=1, max_size=20))
    def test_deterministic(self, share: float, contact_id: str) -> None:
        """The same person is held out, or not, every time."""
        holdout = Holdout(share=share, seed="h")
        assert holdout.holds(contact_id) == Holdout(share=share, seed="h").holds(contact_id)

    def test_share_held(self) -> None:
        """About *share* of people are held out."""
        held = sum(Holdout(share=0.1, seed="h-2027").holds(i) for i in IDS)
        assert 0.09 < held / len(IDS) < 0.11

    def test_nested_shares(self) -> None:
        """Growing the share only adds people: nobody held out leaves."""
        small = {i for i in IDS if Holdout(share=0.05, seed="h").holds(i)}
        large = {i for i in IDS if Holdout(share=0.2, seed="h").holds(i)}
        assert small <= large

    def test_independent_of_experiment_buckets(self) -> None:
        """Held-out people are spread over an experiment's arms as everyone is."""
        exp = Experiment(
            key="exp",
            variants=[Variant(key="a"), Variant(key="b")],
            start=pendulum.datetime(2027, 1, 1),
            end=pendulum.datetime(2027, 2, 1),
        )
        holdout = Holdout(share=0.2, seed="holdout")
        held = [i for i in IDS if holdout.holds(i)]
        in_a = sum(v is not None and v.key == "a" for i in held for v in [bucket_of(exp, i)[1]])
        assert 0.46 < in_a / len(held) < 0.54

    def test_generic_message(self) -> None:
        """A held-out person's message is GENERIC and uses no fact in its content."""
        m = pt.Message(
            purpose="marketing", channel="email", level="personal", content_facts=["a.b"]
        )
        out = Holdout.generic(m)
        assert (pt.Level.GENERIC, frozenset(), m.channel) == (
            out.level,
            out.content_facts,
            out.channel,
        )

    @pytest.mark.parametrize("share", [-0.1, 1.1])
    def test_share_bounds(self, share: float) -> None:
        """The share is within [0, 1]."""
        with pytest.raises(InvalidFieldError) as info:
            Holdout(share=share, seed="h")
        assert "share" == info.value.field
