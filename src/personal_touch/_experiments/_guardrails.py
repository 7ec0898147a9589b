"""
Guardrails: stop an arm whose unsubscribes, complaints or "felt intrusive" replies are too many.

A :class:`Guardrail` is data (an outcome, the highest acceptable rate, the sample it needs
and a confidence). :func:`check_guardrails` reads a :class:`~._outcomes.Tally`: an arm other
than control is stopped when, after at least ``min_sample`` exposures, the lower bound of the
Wilson interval of its rate lies above ``max_rate``, that is when the evidence says its true
rate is above the limit, not merely its observed rate. A stopped arm's new people get control
(:meth:`GuardrailReport.route`); every stop carries its reason in words. Nothing here is random,
so the same counts give the same stops.

Checking after every batch is a sequence of looks, and each look is another chance of a false
stop; a guardrail errs towards stopping, which is the side to err on for harm. Use a higher
``confidence`` to look very often.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable

import attrs

from .._interactions import InteractionKind
from .._validators import integer, number
from ..exceptions import InvalidFieldError
from ._outcomes import OUTCOMES, Tally
from ._stats import Interval, wilson_interval

__all__ = ["Guardrail", "GuardrailReport", "Stop", "check_guardrails"]


def _metric(value: InteractionKind | str) -> InteractionKind:
    kind = InteractionKind(value)
    if kind not in OUTCOMES:
        raise InvalidFieldError("metric", "is not an outcome an experiment counts")
    return kind


def _confidence(_instance: object, _attribute: object, value: float) -> None:
    if not isinstance(value, float) or not 0.0 < value < 1.0:
        raise InvalidFieldError("confidence", "must be a float between 0 and 1 (exclusive)")


def _low(rate: float, n: int, z: float) -> float:
    """The Wilson lower bound of an observed *rate* over *n* trials (a float count)."""
    z2 = z * z
    centre = rate + z2 / (2 * n)
    half = z * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n))
    return (centre - half) / (1 + z2 / n)


@attrs.frozen(kw_only=True)
class Guardrail:
    """
    The highest acceptable rate of a harmful outcome, and the evidence needed to act on it.

    Args:
        metric: The outcome watched (``"unsubscribed"``, ``"complained"``,
            ``"felt_intrusive"``; any counted outcome is accepted).
        max_rate: The highest acceptable rate, between 0 and 1.
        min_sample: The exposures an arm needs before it can be stopped.
        confidence: The level of the interval whose lower bound is compared (``0.95``).

    .. versionadded:: 0.4.0
    """

    metric: InteractionKind = attrs.field(converter=_metric)
    max_rate: float = attrs.field(validator=number("max_rate", low=0.0, high=1.0))
    min_sample: int = attrs.field(validator=integer("min_sample", low=1))
    confidence: float = attrs.field(default=0.95, validator=_confidence)

    def crosses(self, events: int, exposures: int) -> bool:
        """
        Whether an arm with *events* of the metric over *exposures* is stopped by this rail.
        """
        if exposures < self.min_sample:
            return False
        return wilson_interval(events, exposures, confidence=self.confidence).low > self.max_rate

    def sample_to_stop(self, true_rate: float) -> int | None:
        """
        The exposures after which an arm observed exactly at *true_rate* is stopped.

        It is the documented sample of a harmful arm. Checked every 50 exposures, an arm whose
        true rate is *true_rate* is stopped at or before it in at least half of seeded
        simulations, and within three times it in at least nine in ten (the tests simulate 500
        experiments at twice and three times a 1% limit).
        ``None`` when *true_rate* is not above ``max_rate`` (such an arm is not meant to stop).
        """
        if not self.max_rate < true_rate <= 1.0:
            return None
        z = statistics.NormalDist().inv_cdf(0.5 + self.confidence / 2.0)
        high = self.min_sample
        while _low(true_rate, high, z) <= self.max_rate:
            high *= 2
        low = max(self.min_sample, high // 2)
        if _low(true_rate, low, z) > self.max_rate:
            return low
        while high - low > 1:  # the lower bound grows with n at a fixed rate above the limit
            mid = (low + high) // 2
            low, high = (low, mid) if _low(true_rate, mid, z) > self.max_rate else (mid, high)
        return high


@attrs.frozen(kw_only=True)
class Stop:
    """
    An arm stopped by a guardrail, with the evidence.

    Args:
        variant_key: The stopped arm.
        guardrail: The rail it crossed.
        exposures: Its exposures when checked.
        events: How many of them led to the metric.
        interval: The interval of its rate (its lower bound is above the limit).
        control: The arm its new people get instead.

    .. versionadded:: 0.4.0
    """

    variant_key: str
    guardrail: Guardrail
    exposures: int
    events: int
    interval: Interval
    control: str

    @property
    def rate(self) -> float:
        """
        The observed rate of the metric.
        """
        return self.events / self.exposures

    @property
    def reason(self) -> str:
        """
        Why the arm is stopped, in words (ids of arms only, no personal data).
        """
        g = self.guardrail
        return (
            f"arm {self.variant_key!r} stopped: {g.metric.value} rate {self.rate:.2%} "
            f"({self.events} of {self.exposures} exposures); the lower bound of its "
            f"{g.confidence:.0%} interval, {self.interval.low:.2%}, is above the limit "
            f"{g.max_rate:.2%}; new people get {self.control!r}"
        )


@attrs.frozen
class GuardrailReport:
    """
    What the guardrails say about an experiment's arms.

    Args:
        experiment_key: The experiment.
        control: The arm stopped arms fall back to (never stopped itself).
        stops: Every rail an arm crossed, by variant key then rail order.

    .. versionadded:: 0.4.0
    """

    experiment_key: str
    control: str
    stops: tuple[Stop, ...]

    def is_stopped(self, variant_key: str) -> bool:
        """
        Whether *variant_key* is stopped.
        """
        return any(s.variant_key == variant_key for s in self.stops)

    def stop_for(self, variant_key: str) -> Stop | None:
        """
        The first rail *variant_key* crossed, or ``None``.
        """
        return next((s for s in self.stops if s.variant_key == variant_key), None)

    def route(self, variant_key: str) -> str:
        """
        The arm a new person assigned *variant_key* gets: control when it is stopped.
        """
        return self.control if self.is_stopped(variant_key) else variant_key


def check_guardrails(
    counts: Tally, guardrails: Iterable[Guardrail], *, control: str
) -> GuardrailReport:
    """
    Check every arm but control against every guardrail.

    .. versionadded:: 0.4.0
    """
    rails = tuple(guardrails)
    stops = []
    for arm in counts.arms:
        if arm.variant_key == control:
            continue
        for g in rails:
            events = arm.count(g.metric)
            if g.crosses(events, arm.exposures):
                stops.append(
                    Stop(
                        variant_key=arm.variant_key,
                        guardrail=g,
                        exposures=arm.exposures,
                        events=events,
                        interval=wilson_interval(events, arm.exposures, confidence=g.confidence),
                        control=control,
                    )
                )
    return GuardrailReport(counts.experiment_key, control, tuple(stops))
