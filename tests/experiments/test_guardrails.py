"""Guardrails stop a harmful arm, explain why, and send its new people to control."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import attrs
import pendulum
import pytest

import personal_touch as pt
from personal_touch._experiments._guardrails import Guardrail, check_guardrails
from personal_touch._experiments._outcomes import Tally, tally
from personal_touch.exceptions import InvalidFieldError

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


UNSUBSCRIBES = Guardrail(metric="unsubscribed", max_rate=0.01, min_sample=200)


def simulate(rates: dict[str, float], n: int, seed: int) -> Tally:
    """*n* exposures per arm; each unsubscribes with its arm's true rate (seeded)."""
    rng = random.Random(seed)
    exposures, interactions = [], []
    for variant, rate in rates.items():
        for i in range(n):
            contact = f"{variant}-{i}"
            exposures.append(Exposure("exp", variant, contact, "m-1", T0))
            if rng.random() < rate:
                interactions.append(
                    pt.Interaction(
                        contact_id=contact,
                        kind="unsubscribed",
                        at=T0.add(hours=2),
                        message_id="m-1",
                    )
                )
    return tally(exposures, interactions, experiment_key="exp", window=WEEK)


def first_stop(rail: Guardrail, rate: float, rng: random.Random, *, limit: int = 20_000) -> int:
    """Exposures when an arm of true *rate*, looked at every 50, is first stopped."""
    n = events = 0
    while n < limit:
        for _ in range(50):
            n += 1
            events += rng.random() < rate
        if rail.crosses(events, n):
            return n
    return limit + 1


class TestGuardrail:
    """The rail as data."""

    def test_validates(self) -> None:
        """Only counted outcomes, rates in [0, 1], a positive sample, a confidence in (0, 1)."""
        with pytest.raises(InvalidFieldError):
            Guardrail(metric="sent", max_rate=0.01, min_sample=10)
        with pytest.raises(InvalidFieldError):
            Guardrail(metric="complained", max_rate=1.5, min_sample=10)
        with pytest.raises(InvalidFieldError):
            Guardrail(metric="complained", max_rate=0.01, min_sample=0)
        with pytest.raises(InvalidFieldError):
            Guardrail(metric="complained", max_rate=0.01, min_sample=10, confidence=1.0)

    def test_waits_for_the_minimum_sample(self) -> None:
        """Below min_sample nothing is stopped, however bad it looks."""
        assert not UNSUBSCRIBES.crosses(100, 199)
        assert UNSUBSCRIBES.crosses(100, 200)

    def test_needs_the_lower_bound_over_the_limit(self) -> None:
        """An observed rate just over the limit is not enough; the interval must clear it."""
        assert not UNSUBSCRIBES.crosses(3, 200)  # 1.5% observed, interval reaches below 1%
        assert UNSUBSCRIBES.crosses(9, 200)  # 4.5%: lower bound ~2.4%

    def test_sample_to_stop(self) -> None:
        """The documented sample grows as the true rate nears the limit; none at or below it."""
        assert 200 == UNSUBSCRIBES.sample_to_stop(0.03)
        assert 381 == UNSUBSCRIBES.sample_to_stop(0.02)
        assert UNSUBSCRIBES.sample_to_stop(0.011) > 10_000
        assert UNSUBSCRIBES.sample_to_stop(0.01) is None
        assert UNSUBSCRIBES.sample_to_stop(0.005) is None

    @pytest.mark.parametrize(("rate", "seed"), [(0.02, 2026), (0.03, 2027)])
    def test_a_harmful_arm_is_stopped_within_the_documented_sample(
        self, rate: float, seed: int
    ) -> None:
        """500 seeded experiments: median stop <= sample_to_stop, 90% within three times it."""
        documented = UNSUBSCRIBES.sample_to_stop(rate)
        assert documented is not None
        rng = random.Random(seed)
        stops = [first_stop(UNSUBSCRIBES, rate, rng) for _ in range(500)]
        assert statistics.median(stops) <= documented
        assert 0.9 <= sum(s <= 3 * documented for s in stops) / len(stops)

    def test_a_safe_arm_is_rarely_stopped(self) -> None:
        """300 seeded experiments at half the limit, 100 looks each: under 2% are stopped."""
        rng = random.Random(99)
        stops = [first_stop(UNSUBSCRIBES, 0.005, rng, limit=5_000) for _ in range(300)]
        assert sum(s <= 5_000 for s in stops) / len(stops) < 0.02


class TestCheckGuardrails:
    """Checking a tally's arms."""

    def test_stops_the_harmful_arm_and_routes_to_control(self) -> None:
        """The harmful arm stops with a reason; the safe arm and control go on."""
        counts = simulate({"control": 0.004, "gentle": 0.004, "pushy": 0.04}, 1_000, seed=5)
        report = check_guardrails(counts, [UNSUBSCRIBES], control="control")
        assert ("pushy",) == tuple(s.variant_key for s in report.stops)
        assert report.is_stopped("pushy")
        assert not report.is_stopped("gentle")
        assert "control" == report.route("pushy")
        assert "gentle" == report.route("gentle")
        stop = report.stop_for("pushy")
        assert stop is not None
        assert stop.interval.low > 0.01
        assert stop.reason.startswith("arm 'pushy' stopped: unsubscribed rate ")
        assert "above the limit 1.00%; new people get 'control'" in stop.reason
        assert report.stop_for("gentle") is None

    def test_control_is_never_stopped(self) -> None:
        """Control is what stopped arms fall back to, so it is not stopped."""
        counts = simulate({"control": 0.05, "other": 0.0}, 1_000, seed=6)
        assert () == check_guardrails(counts, [UNSUBSCRIBES], control="control").stops

    def test_every_crossed_rail_is_listed_in_rail_order(self) -> None:
        """Two rails crossed: both stops, in the order the rails were given."""
        loose = Guardrail(metric="unsubscribed", max_rate=0.02, min_sample=100, confidence=0.9)
        counts = simulate({"control": 0.0, "pushy": 0.06}, 1_000, seed=7)
        report = check_guardrails(counts, [loose, UNSUBSCRIBES], control="control")
        assert [loose, UNSUBSCRIBES] == [s.guardrail for s in report.stops]
        assert loose == report.stop_for("pushy").guardrail  # type: ignore[union-attr]

    def test_deterministic(self) -> None:
        """The same counts give the same report."""
        counts = simulate({"control": 0.01, "pushy": 0.04}, 800, seed=8)
        assert check_guardrails(counts, [UNSUBSCRIBES], control="control") == check_guardrails(
            counts, [UNSUBSCRIBES], control="control"
        )
