"""
Outcomes of an experiment: interactions joined to exposures, counted per arm, and analysed.

The pipeline is three small stages with values between them:

1. :func:`tally` joins :class:`~personal_touch.Interaction` records to exposures by contact
   and message id within an attribution window and counts, per arm, the exposures and how
   many of them led to each outcome (an outcome counts once per exposure, however often it
   happened, and whatever order the records arrive in).
2. :func:`analyse` reads one outcome of a :class:`Tally` against the control arm: each arm's
   rate with its Wilson interval, the difference to control with Newcombe's interval, the
   chance to beat control, and the sample-ratio check (see :mod:`._stats`).
3. The guardrails (:mod:`._guardrails`) read the same tally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Protocol

import attrs

from .._interactions import Interaction, InteractionKind
from ..exceptions import InvalidFieldError, NaiveDateTimeError
from ._stats import (
    Interval,
    SampleRatio,
    chance_to_beat,
    difference_interval,
    sample_ratio,
    wilson_interval,
)

__all__ = [
    "OUTCOMES",
    "Analysis",
    "Arm",
    "ArmResult",
    "ExposureLike",
    "Tally",
    "analyse",
    "tally",
]

#: The interaction kinds an experiment counts as outcomes, in reporting order.
OUTCOMES: tuple[InteractionKind, ...] = (
    InteractionKind.OPENED,
    InteractionKind.CLICKED,
    InteractionKind.REPLIED,
    InteractionKind.CONVERTED,
    InteractionKind.UNSUBSCRIBED,
    InteractionKind.COMPLAINED,
    InteractionKind.FELT_INTRUSIVE,
)
_BIT = {kind: 1 << i for i, kind in enumerate(OUTCOMES)}
_timestamp = dt.datetime.timestamp
_METHOD = (
    "rates: Wilson score intervals; differences: Newcombe's hybrid score interval; "
    "chance to beat control: exact, Beta(1, 1) priors; sample ratio: chi-square goodness of fit"
)


class ExposureLike(Protocol):
    """
    What the analysis reads of an exposure: who saw which arm of which experiment, when.

    .. versionadded:: 0.4.0
    """

    @property
    def experiment_key(self) -> str: ...
    @property
    def variant_key(self) -> str: ...
    @property
    def contact_id(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...


@attrs.frozen
class Arm:
    """
    One arm's counts: its exposures and how many of them led to each outcome.

    .. versionadded:: 0.4.0
    """

    variant_key: str
    exposures: int
    counts: tuple[int, ...]  # aligned with OUTCOMES

    def count(self, outcome: InteractionKind | str) -> int:
        """
        How many exposures led to *outcome* (at least once, within the window).
        """
        return self.counts[OUTCOMES.index(InteractionKind(outcome))]


@attrs.frozen
class Tally:
    """
    An experiment's arms, in variant-key order.

    .. versionadded:: 0.4.0
    """

    experiment_key: str
    window: dt.timedelta
    arms: tuple[Arm, ...]

    def arm(self, variant_key: str) -> Arm:
        """
        The arm of *variant_key* (an arm with no exposures if none was seen).
        """
        for arm in self.arms:
            if arm.variant_key == variant_key:
                return arm
        return Arm(variant_key, 0, (0,) * len(OUTCOMES))


def _earliest(
    exposures: Iterable[ExposureLike], key: str
) -> dict[tuple[str, str], tuple[float, str]]:
    """(contact, message) to (instant, variant) of the experiment's earliest exposure."""
    first: dict[tuple[str, str], tuple[float, str]] = {}
    get = first.get
    for e in exposures:
        if e.experiment_key != key:
            continue
        at = e.at
        if at.tzinfo is None:
            raise NaiveDateTimeError("at")
        k = (e.contact_id, e.message_id)
        seen = (_timestamp(at), e.variant_key)
        old = get(k)
        if old is None or seen < old:
            first[k] = seen
    return first


def tally(
    exposures: Iterable[ExposureLike],
    interactions: Iterable[Interaction],
    *,
    experiment_key: str,
    window: dt.timedelta,
) -> Tally:
    """
    Join interactions to one experiment's exposures and count outcomes per arm.

    An interaction belongs to an exposure when both name the same contact and message id and
    it happened within *window* of the exposure (``exposure.at <= at <= exposure.at +
    window``). A person exposed to the same message more than once counts once, from the
    earliest exposure. Each outcome counts once per exposure; kinds other than
    :data:`OUTCOMES` and interactions without a message id are ignored. The result does not
    depend on the order of either input. An exposure's ``at`` must be aware
    (:class:`~personal_touch.exceptions.NaiveDateTimeError` otherwise).

    Args:
        exposures: Exposures (any objects with the :class:`ExposureLike` attributes); those of
            other experiments are skipped.
        interactions: What happened afterwards.
        experiment_key: The experiment to count.
        window: The attribution window (injected, e.g. ``pendulum.duration(days=7)``).

    .. versionadded:: 0.4.0
    """
    span = window.total_seconds()
    if span < 0:
        raise InvalidFieldError("window", "must not be negative")
    first = _earliest(exposures, experiment_key)
    hits: dict[tuple[str, str], int] = {}
    bits, find = _BIT, first.get
    for i in interactions:
        bit, mid = bits.get(i.kind), i.message_id
        if bit is None or mid is None:
            continue
        k = (i.contact_id, mid)
        seen = find(k)
        if seen is not None and 0.0 <= _timestamp(i.at) - seen[0] <= span:
            hits[k] = hits.get(k, 0) | bit
    return Tally(experiment_key, window, _count(first, hits))


def _count(
    first: dict[tuple[str, str], tuple[float, str]], hits: dict[tuple[str, str], int]
) -> tuple[Arm, ...]:
    sizes: dict[str, int] = {}
    masks: dict[str, dict[int, int]] = {}
    for k, (_, variant) in first.items():
        sizes[variant] = sizes.get(variant, 0) + 1
        mask = hits.get(k)
        if mask:
            per = masks.setdefault(variant, {})
            per[mask] = per.get(mask, 0) + 1
    arms = []
    for variant in sorted(sizes):
        per = masks.get(variant, {})
        counts = tuple(sum(n for mask, n in per.items() if mask & bit) for bit in _BIT.values())
        arms.append(Arm(variant, sizes[variant], counts))
    return tuple(arms)


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

    The analysis is intention to treat on the exposed population: every exposure counts in the
    arm it was assigned, whatever happened next; people a consent check kept out of an arm
    were never exposed to it and are not in its denominator.

    .. versionadded:: 0.4.0
    """

    experiment_key: str
    outcome: InteractionKind
    control: str
    arms: tuple[ArmResult, ...]
    sample_ratio: SampleRatio | None

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

    Args:
        counts: What :func:`tally` counted.
        outcome: The outcome whose rate is read (``"converted"``).
        control: The control arm's variant key.
        weights: Each arm's assignment weight, for the sample-ratio check (none without it).
        confidence: The level of every interval.

    .. versionadded:: 0.4.0
    """
    kind = InteractionKind(outcome)
    if kind not in _BIT:
        raise InvalidFieldError("outcome", "is not an outcome an experiment counts")
    variants = sorted({a.variant_key for a in counts.arms} | set(weights or ()) | {control})
    arms = [counts.arm(v) for v in variants]
    base = counts.arm(control)
    cs, cn = base.count(kind), base.exposures
    results = tuple(
        _result(a, a.count(kind), cs, cn, confidence, is_control=a.variant_key == control)
        for a in arms
    )
    srm = None
    if weights is not None:
        srm = sample_ratio([a.exposures for a in arms], [weights.get(v, 0.0) for v in variants])
    return Analysis(counts.experiment_key, kind, control, results, srm)


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
