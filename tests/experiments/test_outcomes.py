"""Outcomes joined to exposures within the attribution window, tallied and analysed per arm."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch._experiments._analysis import analyse
from personal_touch._experiments._outcomes import OUTCOMES, ExposureLike, tally
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError

T0 = pendulum.datetime(2026, 12, 1, 9, tz="UTC")
WEEK = pendulum.duration(days=7)


@attrs.frozen
class Exposure:
    """The minimal exposure shape the analysis reads."""

    experiment_key: str
    variant_key: str
    contact_id: str
    message_id: str
    at: dt.datetime


def seen(contact: str, variant: str, *, message: str = "m-1", at: dt.datetime = T0) -> Exposure:
    return Exposure("exp", variant, contact, message, at)


def did(
    contact: str, kind: str, *, message: str | None = "m-1", hours: float = 1
) -> pt.Interaction:
    return pt.Interaction(
        contact_id=contact, kind=kind, at=T0.add(seconds=int(hours * 3600)), message_id=message
    )


class TestTally:
    """Joining interactions to exposures by contact and message id within the window."""

    def test_counts_exposures_and_outcomes_per_arm(self) -> None:
        """Each arm counts its exposures and the exposures that led to each outcome."""
        exposures = [seen("a", "control"), seen("b", "control"), seen("c", "personal")]
        interactions = [did("a", "opened"), did("c", "opened"), did("c", "converted")]
        counts = tally(exposures, interactions, experiment_key="exp", window=WEEK)
        assert ("control", "personal") == tuple(a.variant_key for a in counts.arms)
        assert 2 == counts.arm("control").exposures
        assert 1 == counts.arm("control").count("opened")
        assert 0 == counts.arm("control").count("converted")
        assert 1 == counts.arm("personal").count(pt.InteractionKind.CONVERTED)

    def test_an_outcome_counts_once_per_exposure(self) -> None:
        """Three opens of one message are one opened exposure."""
        counts = tally(
            [seen("a", "x")],
            [did("a", "opened", hours=h) for h in (1, 2, 3)],
            experiment_key="exp",
            window=WEEK,
        )
        assert 1 == counts.arm("x").count("opened")

    def test_window_bounds_are_inclusive(self) -> None:
        """At the exposure and at exactly the window's end count; before or after do not."""
        exposures = [seen(c, "x") for c in "abcd"]
        interactions = [
            did("a", "clicked", hours=0),
            did("b", "clicked", hours=7 * 24),
            did("c", "clicked", hours=7 * 24 + 1 / 3600),
            did("d", "clicked", hours=-1 / 3600),
        ]
        counts = tally(exposures, interactions, experiment_key="exp", window=WEEK)
        assert 2 == counts.arm("x").count("clicked")

    def test_joins_by_contact_and_message(self) -> None:
        """A campaign id shared by many people joins each person's own interaction only."""
        exposures = [seen("a", "x", message="campaign"), seen("b", "x", message="campaign")]
        interactions = [
            did("a", "replied", message="campaign"),
            did("a", "replied", message="other"),
        ]
        counts = tally(exposures, interactions, experiment_key="exp", window=WEEK)
        assert 1 == counts.arm("x").count("replied")

    def test_ignores_other_kinds_other_experiments_and_missing_ids(self) -> None:
        """Sent/delivered, interactions without a message id and other experiments' exposures are skipped."""
        exposures = [seen("a", "x"), Exposure("other", "y", "b", "m-1", T0)]
        interactions = [did("a", "delivered"), did("a", "opened", message=None), did("b", "opened")]
        counts = tally(exposures, interactions, experiment_key="exp", window=WEEK)
        assert 1 == len(counts.arms)
        assert (0,) * len(OUTCOMES) == counts.arm("x").counts

    def test_a_repeated_exposure_counts_once_from_the_earliest(self) -> None:
        """The same person and message seen twice is one exposure, timed from the first."""
        exposures = [seen("a", "x", at=T0.add(days=6)), seen("a", "x")]
        counts = tally(
            exposures, [did("a", "converted", hours=24 * 8)], experiment_key="exp", window=WEEK
        )
        assert 1 == counts.arm("x").exposures
        assert 0 == counts.arm("x").count("converted")

    def test_unknown_arm_is_empty(self) -> None:
        """An arm nobody was exposed to has no exposures."""
        counts = tally([], [], experiment_key="exp", window=WEEK)
        assert 0 == counts.arm("x").exposures

    def test_negative_window_is_refused(self) -> None:
        """A window must not be negative."""
        with pytest.raises(InvalidFieldError):
            tally([], [], experiment_key="exp", window=-WEEK)

    def test_naive_exposure_is_refused(self) -> None:
        """An exposure without a time zone is an error, never read in the machine's zone."""
        naive = seen("a", "x", at=dt.datetime(2026, 12, 1, 9))
        with pytest.raises(NaiveDateTimeError):
            tally([naive], [], experiment_key="exp", window=WEEK)

    def test_accepts_any_exposure_shape(self) -> None:
        """The fake exposure satisfies the protocol (a type check, run as a test)."""
        exposure: ExposureLike = seen("a", "x")
        assert "x" == exposure.variant_key

    @given(st.randoms(use_true_random=False), st.data())
    def test_order_independent(self, rng: random.Random, data: st.DataObject) -> None:
        """Shuffling exposures or interactions never changes the tally."""
        n = data.draw(st.integers(min_value=0, max_value=30))
        exposures = [
            seen(f"c{i % 12}", f"v{i % 3}", message=f"m{i % 4}", at=T0.add(hours=i % 5))
            for i in range(n)
        ]
        kinds = ["opened", "clicked", "converted", "unsubscribed", "sent"]
        interactions = [
            did(f"c{i % 12}", kinds[i % 5], message=f"m{i % 4}", hours=(i * 17) % 200)
            for i in range(data.draw(st.integers(min_value=0, max_value=40)))
        ]
        before = tally(exposures, interactions, experiment_key="exp", window=WEEK)
        rng.shuffle(exposures)
        rng.shuffle(interactions)
        assert before == tally(exposures, interactions, experiment_key="exp", window=WEEK)


class TestAnalyse:
    """One outcome read arm by arm against control."""

    def test_rates_differences_and_chances(self) -> None:
        """Rates, Newcombe difference and chance to beat for each arm; control is even with itself."""
        counts = tally(
            [seen(f"c{i}", "control") for i in range(100)]
            + [seen(f"p{i}", "personal") for i in range(100)],
            [did(f"c{i}", "converted") for i in range(10)]
            + [did(f"p{i}", "converted") for i in range(20)],
            experiment_key="exp",
            window=WEEK,
        )
        result = analyse(counts, outcome="converted", control="control")
        control, personal = result.arm("control"), result.arm("personal")
        assert (100, 10, 0.1) == (control.exposures, control.successes, control.rate)
        assert 0.5 == control.chance_to_beat
        assert 0.0 == control.difference
        assert 0.1 == pytest.approx(personal.difference)
        assert personal.interval.low < 0.2 < personal.interval.high
        assert personal.difference_interval.low < 0.1 < personal.difference_interval.high
        assert 0.95 < personal.chance_to_beat < 1.0
        assert result.sample_ratio is None
        assert "Wilson" in result.method

    def test_sample_ratio_with_weights(self) -> None:
        """Given the weights, the analysis checks the arms' sizes against them."""
        counts = tally(
            [seen(f"c{i}", "control") for i in range(500)]
            + [seen(f"p{i}", "personal") for i in range(700)],
            [],
            experiment_key="exp",
            window=WEEK,
        )
        even = analyse(
            counts, outcome="opened", control="control", weights={"control": 1, "personal": 1}
        )
        assert even.sample_ratio is not None
        assert even.sample_ratio.is_mismatch

    def test_missing_control_has_no_exposures(self) -> None:
        """A control arm nobody saw still appears, empty, and the intervals stay defined."""
        counts = tally([seen("a", "personal")], [], experiment_key="exp", window=WEEK)
        result = analyse(counts, outcome="opened", control="control")
        assert 0 == result.arm("control").exposures
        assert -1.0 <= result.arm("personal").difference_interval.low

    def test_refuses_a_kind_that_is_not_an_outcome(self) -> None:
        """Only counted outcomes can be analysed."""
        counts = tally([], [], experiment_key="exp", window=WEEK)
        with pytest.raises(InvalidFieldError):
            analyse(counts, outcome="sent", control="control")

    def test_unknown_arm_is_refused(self) -> None:
        """Asking for an arm the analysis does not have is an error, not a silent zero."""
        result = analyse(
            tally([], [], experiment_key="exp", window=WEEK), outcome="opened", control="c"
        )
        with pytest.raises(InvalidFieldError):
            result.arm("nope")
