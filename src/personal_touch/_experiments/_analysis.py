"""
Analysing an experiment: one outcome of a tally read arm by arm against control.

Each arm's rate with its Wilson interval, the difference to control with Newcombe's interval,
the chance to beat control, and the sample-ratio check (see :mod:`._stats`), on the population
eligible for every compared arm when the tally read assignments (see :mod:`._eligibility`).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .._interactions import InteractionKind
from ..exceptions import InvalidFieldError
from ._eligibility import Enrolment, describe
from ._model import HOLDOUT_VARIANT
from ._outcomes import _BIT, OUTCOMES, Arm, Tally
from ._stats import (
    Interval,
    SampleRatio,
    chance_to_beat,
    difference_interval,
    sample_ratio,
    wilson_interval,
)

__all__ = ["Analysis", "ArmResult", "analyse"]

_METHOD = (
    "rates: Wilson score intervals; differences: Newcombe's hybrid score interval; "
    "chance to beat control: exact, Beta(1, 1) priors; sample ratio: chi-square goodness of fit"
)
_EXPOSED = (
    "exposed population: every exposure counts in the arm it was sent under; eligibility is "
    "not known (give tally the assignments to compare the people eligible for every arm)"
)


@attrs.frozen
class ArmResult:
    """
    One arm's rate of an outcome, and how it compares with control.

    Args:
        variant_key: The arm.
        exposures: Its exposures (the denominator).
        successes: Exposures that led to the outcome.
        rate: ``successes / exposures`` (``0.0`` with no exposures).
        interval: The Wilson score interval of the rate.
        difference: ``rate - control rate``.
        difference_interval: Newcombe's hybrid score interval of the difference.
        chance_to_beat: P(rate > control rate) under ``Beta(1, 1)`` priors (``0.5`` for control
            itself).

    .. versionadded:: 0.4.0
    """

    variant_key: str
    exposures: int
    successes: int
    rate: float
    interval: Interval
    difference: float
    difference_interval: Interval
    chance_to_beat: float


@attrs.frozen
class Analysis:
    """
    One outcome of an experiment read arm by arm against control.

    :attr:`population` says whom it compares, :attr:`eligibility` says so in a sentence:

    * ``"eligible"`` (the tally was given assignments): intention to treat on the people
      eligible for every compared arm, each counted in the arm they were assigned, exposed or
      not.  Consent cannot thin one arm of this population more than another.
    * ``"exposed"``: every exposure counts in the arm it was sent under.  When consent keeps
      people out of one arm (a ``personal`` arm holds only people who agreed to it), the arms
      hold different people and the comparison can be biased.

    Args:
        experiment_key: The experiment.
        outcome: The outcome read.
        control: The control arm.
        arms: Each arm's result, in key order.
        sample_ratio: The sample-ratio check: on the people hashed into each arm when the
            tally has assignments (before consent thins any arm), else on exposures.
        population: ``"eligible"`` or ``"exposed"``.
        eligibility: How eligibility was handled, in a sentence.
        enrolment: Per arm, people assigned, eligible, in the population and exposed.
        warnings: What to look at before trusting the numbers (eligibility that differs
            between arms beyond chance).

    .. versionadded:: 0.4.0
    """

    experiment_key: str
    outcome: InteractionKind
    control: str
    arms: tuple[ArmResult, ...]
    sample_ratio: SampleRatio | None
    population: str = "exposed"
    eligibility: str = _EXPOSED
    enrolment: tuple[Enrolment, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def method(self) -> str:
        """
        How every number was computed, in words.
        """
        return _METHOD

    def arm(self, variant_key: str) -> ArmResult:
        """
        The result of *variant_key*.
        """
        for arm in self.arms:
            if arm.variant_key == variant_key:
                return arm
        raise InvalidFieldError("variant_key", "is not an arm of this analysis")


def analyse(
    counts: Tally,
    *,
    outcome: InteractionKind | str,
    control: str,
    weights: Mapping[str, float] | None = None,
    confidence: float = 0.95,
) -> Analysis:
    """
    Read one outcome of a tally arm by arm against the *control* arm.

    When the tally has assignments, the arms are read on the people eligible for every
    compared arm (intention to treat, see :class:`Analysis`), the sample-ratio check counts
    the people hashed into each arm, and :attr:`Analysis.warnings` says when eligibility
    differs between arms beyond chance.

    Args:
        counts: What :func:`tally` counted.
        outcome: The outcome whose rate is read (``"converted"``).
        control: The control arm's variant key.
        weights: Each arm's assignment weight, for the sample-ratio check.  Without it there
            is no check, unless the tally has assignments: then the arms hashed into (the
            holdout aside) are checked against equal weights.
        confidence: The level of every interval.

    .. versionadded:: 0.4.0
    """
    kind = InteractionKind(outcome)
    if kind not in _BIT:
        raise InvalidFieldError("outcome", "is not an outcome an experiment counts")
    if counts.itt is not None and control not in counts.compared:
        raise InvalidFieldError("control", "is not a compared arm")
    source = counts.arms if counts.itt is None else counts.itt
    variants = sorted({a.variant_key for a in source} | {control})
    if counts.itt is None:
        variants = sorted(set(variants) | set(weights or ()))
    found = {a.variant_key: a for a in source}
    arms = [found.get(v) or Arm(v, 0, (0,) * len(OUTCOMES)) for v in variants]
    base = found.get(control) or Arm(control, 0, (0,) * len(OUTCOMES))
    cs, cn = base.count(kind), base.exposures
    results = tuple(
        _result(a, a.count(kind), cs, cn, confidence, is_control=a.variant_key == control)
        for a in arms
    )
    if counts.itt is None:
        shares = None if weights is None else [weights.get(v, 0.0) for v in variants]
        srm = None if shares is None else sample_ratio([a.exposures for a in arms], shares)
        return Analysis(counts.experiment_key, kind, control, results, srm)
    sentence, warnings = describe(counts.enrolment, counts.compared)
    srm = _bucket_ratio(counts.enrolment, weights)
    return Analysis(
        counts.experiment_key, kind, control, results, srm, "eligible", sentence,
        counts.enrolment, warnings
    )  # fmt: skip


def _bucket_ratio(
    enrolment: tuple[Enrolment, ...], weights: Mapping[str, float] | None
) -> SampleRatio | None:
    """The sample-ratio check on the people hashed into each arm."""
    assigned = {e.variant_key: e.assigned for e in enrolment}
    if weights is None:
        weights = {v: 1.0 for v in assigned if v != HOLDOUT_VARIANT}
    if len(weights) < 2:  # noqa: PLR2004 - a ratio needs two arms
        return None
    keys = sorted(weights)
    return sample_ratio([assigned.get(v, 0) for v in keys], [weights[v] for v in keys])


def _result(
    arm: Arm, s: int, cs: int, cn: int, confidence: float, *, is_control: bool
) -> ArmResult:
    n = arm.exposures
    rate = s / n if n else 0.0
    return ArmResult(
        variant_key=arm.variant_key,
        exposures=n,
        successes=s,
        rate=rate,
        interval=wilson_interval(s, n, confidence=confidence),
        difference=rate - (cs / cn if cn else 0.0),
        difference_interval=difference_interval(s, n, cs, cn, confidence=confidence),
        chance_to_beat=0.5 if is_control else chance_to_beat(s, n, cs, cn),
    )
