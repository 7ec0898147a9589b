"""Tests for Thompson-sampling bandits and the bandit simulator."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import decide, grant, message, traveller
from personal_touch.exceptions import InvalidFieldError
from personal_touch.experiments import (
    ArmPosterior,
    AssignmentStatus,
    Bandit,
    Holdout,
    Variant,
    simulate_bandit,
)

AT = pendulum.datetime(2027, 1, 15, 10, tz="UTC")
ARMS = [Variant(key="a"), Variant(key="b"), Variant(key="c")]
#: True rates of four gestures: tickets are best.
RATES = {"plain": 0.02, "note": 0.035, "tickets": 0.05, "call": 0.03}
SRC = str(Path(__file__).resolve().parents[2] / "src")


def bandit() -> Bandit:
    """A bandit over three plain arms, no outcomes yet."""
    return Bandit(key="gesture", variants=ARMS)


class TestBandit:
    def test_update_is_a_new_value(self) -> None:
        """Updating returns a new bandit; the old one is unchanged."""
        old = bandit()
        new = old.update("a", success=True).update("a", success=False, count=2)
        assert (ArmPosterior(key="a"), ArmPosterior(key="a", successes=1, failures=2)) == (
            old.posterior("a"),
            new.posterior("a"),
        )

    def test_unknown_arm(self) -> None:
        """Naming an arm the bandit does not have is a KeyError."""
        with pytest.raises(KeyError):
            bandit().update("z", success=True)

    @given(seed=st.integers(0, 10**6))
    def test_deterministic_under_a_seed(self, seed: int) -> None:
        """The same seed draws the same arms."""
        b = bandit().update("a", success=True, count=3).update("b", success=False, count=5)
        first = [b.sample(random.Random(seed)) for _ in range(3)]
        assert first == [b.sample(random.Random(seed)) for _ in range(3)]

    @given(seed=st.integers(0, 10**6), eligible=st.sets(st.sampled_from(["a", "b", "c"])))
    def test_only_eligible_not_stopped(self, seed: int, eligible: set[str]) -> None:
        """A draw picks only an eligible arm that is not stopped, or nothing."""
        b = bandit().stop("b")
        chosen = b.sample(random.Random(seed), eligible=eligible)
        allowed = eligible - {"b"}
        assert (chosen in allowed) if allowed else chosen is None

    def test_favours_the_better_arm(self) -> None:
        """With clear evidence, most draws go to the better arm."""
        b = bandit().update("a", success=True, count=50).update("a", success=False, count=50)
        b = b.update("b", success=True, count=5).update("b", success=False, count=95)
        rng = random.Random(1)
        draws = [b.sample(rng, eligible={"a", "b"}) for _ in range(200)]
        assert draws.count("a") > 190

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"posteriors": [ArmPosterior(key="z")]}, "posteriors"),
            ({"posteriors": [ArmPosterior(key="a"), ArmPosterior(key="a")]}, "posteriors"),
            ({"stopped": ["z"]}, "stopped"),
        ],
    )
    def test_invalid(self, changes: dict[str, object], field: str) -> None:
        """Posteriors and stopped arms name the bandit's own arms."""
        with pytest.raises(InvalidFieldError) as info:
            Bandit(key="g", variants=ARMS, **changes)  # type: ignore[arg-type]
        assert field == info.value.field


class TestBanditAssign:
    def _assign(self, b: Bandit, *, consents: bool = True, seed: int = 0) -> object:
        contact = traveller()
        grants = (grant("marketing.email"), grant("personalization.profile")) if consents else ()
        return b.assign(
            contact,
            at=AT,
            message=message(id="m-1"),
            decide=lambda m: decide(contact, m, consents=grants, at=AT),
            rng=random.Random(seed),
        )

    def test_never_an_arm_the_policy_refuses(self) -> None:
        """An arm above the customer's automated ceiling is never chosen."""
        b = Bandit(
            key="levels",
            variants=[Variant(key="ctx", level="contextual"), Variant(key="per", level="personal")],
        ).update("per", success=True, count=1000)
        for seed in range(30):
            a = self._assign(b, seed=seed)
            assert ("ctx", AssignmentStatus.VARIANT) == (a.variant.key, a.status)  # type: ignore[attr-defined]

    def test_no_eligible_arm(self) -> None:
        """Without consent no arm is eligible: INELIGIBLE, no arm named."""
        a = self._assign(bandit(), consents=False)
        assert (AssignmentStatus.INELIGIBLE, None, "no_arm") == (a.status, a.variant, a.reason)  # type: ignore[attr-defined]

    def test_holdout(self) -> None:
        """A held-out person gets the generic message, whatever the bandit."""
        contact = traveller()
        a = bandit().assign(
            contact,
            at=AT,
            message=message(id="m-1", level="contextual"),
            decide=lambda m: decide(contact, m, at=AT),
            rng=random.Random(0),
            holdout=Holdout(share=1.0, seed="h"),
        )
        assert (AssignmentStatus.HOLDOUT, pt.Level.GENERIC) == (a.status, a.message.level)  # type: ignore[union-attr]


class TestSimulator:
    def test_regret_below_uniform(self) -> None:
        """On a seeded simulation Thompson sampling's regret is below uniform allocation's."""
        for seed in range(5):
            sim = simulate_bandit(RATES, rounds=5000, seed=seed)
            assert sim.thompson_regret[-1] < 0.6 * sim.uniform_regret[-1]
            assert sim.oracle_regret[-1] == 0.0

    def test_best_arm_gets_most(self) -> None:
        """After enough rounds, the best arm gets the most people."""
        sim = simulate_bandit(RATES, rounds=20_000, seed=1)
        assert "tickets" == sim.best == max(sim.pulls, key=lambda k: sim.pulls[k])
        assert 20_000 == sum(sim.pulls.values()) == len(sim.allocation)

    def test_regret_is_cumulative(self) -> None:
        """Cumulative regret never decreases."""
        sim = simulate_bandit(RATES, rounds=500, seed=2)
        assert all(b >= a for a, b in itertools.pairwise(sim.thompson_regret))

    def test_same_seed_same_simulation(self) -> None:
        """The same seed gives the same simulation."""
        assert simulate_bandit(RATES, rounds=300, seed=4) == simulate_bandit(
            RATES, rounds=300, seed=4
        )

    def test_independent_of_pythonhashseed(self) -> None:
        """The simulation is the same under any PYTHONHASHSEED, in any process."""
        code = (
            "from personal_touch.experiments import simulate_bandit;"
            "s = simulate_bandit({'a': 0.1, 'b': 0.2}, rounds=200, seed='x');"
            "print(s.allocation[-20:], s.thompson_regret[-1])"
        )
        outs = {
            subprocess.run(
                [sys.executable, "-c", code],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": SRC, "PYTHONHASHSEED": hs},
            ).stdout
            for hs in ("0", "12345")
        }
        assert 1 == len(outs)

    @pytest.mark.parametrize(
        ("rates", "rounds", "field"),
        [({}, 10, "true_rates"), ({"a": 1.5}, 10, "true_rates"), ({"a": 0.1}, 0, "rounds")],
    )
    def test_invalid(self, rates: dict[str, float], rounds: int, field: str) -> None:
        """Rates are probabilities of at least one arm; rounds are positive."""
        with pytest.raises(InvalidFieldError) as info:
            simulate_bandit(rates, rounds=rounds, seed=0)
        assert field == info.value.field
