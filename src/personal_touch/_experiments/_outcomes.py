"""
Outcomes of an experiment: interactions joined to exposures and assignments, counted per arm.

The pipeline is three small stages with values between them:

1. :func:`tally` joins :class:`~personal_touch.Interaction` records to exposures by contact
   and message id within an attribution window and counts, per arm, the exposures and how
   many of them led to each outcome (an outcome counts once per exposure, however often it
   happened, and whatever order the records arrive in).
2. :func:`~._analysis.analyse` reads one outcome of a :class:`Tally` against the control
   arm (see :mod:`._analysis`).
3. The guardrails (:mod:`._guardrails`) read the same tally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

import attrs

from .._interactions import Interaction, InteractionKind
from ..exceptions import InvalidFieldError, NaiveDateTimeError
from ._eligibility import AssignmentLike, Enrolment, enrol, population

__all__ = ["OUTCOMES", "Arm", "ExposureLike", "Tally", "tally"]

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
K = TypeVar("K")


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

    Args:
        experiment_key: The experiment.
        window: The attribution window.
        arms: Every arm's exposures and outcomes (what guardrails read: harm to anyone counts).
        enrolment: Per arm, people assigned, eligible, in the compared population and exposed
            (empty unless :func:`tally` was given assignments).
        itt: Per compared arm, intention to treat on the people eligible for every compared
            arm: :attr:`Arm.exposures` is that population's size in the arm, and an outcome
            counts once per person (``None`` unless :func:`tally` was given assignments).
        compared: The arms the population is eligible for.

    .. versionadded:: 0.4.0
    """

    experiment_key: str
    window: dt.timedelta
    arms: tuple[Arm, ...]
    enrolment: tuple[Enrolment, ...] = ()
    itt: tuple[Arm, ...] | None = None
    compared: tuple[str, ...] = ()

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
    assignments: Iterable[AssignmentLike] | None = None,
    compare: Iterable[str] | None = None,
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

    With *assignments* (from :func:`assign`, for everyone, exposed or not) it also reads
    eligibility: each arm's :class:`Enrolment`, and :attr:`Tally.itt`, the arms counted on
    the people eligible for every compared arm, each in the arm assigned (intention to
    treat; a success when any of their exposures led to the outcome).  Consent cannot bias
    that comparison: who is eligible for every arm is settled before the hash.

    Args:
        exposures: Exposures (any objects with the :class:`ExposureLike` attributes); those of
            other experiments are skipped.
        interactions: What happened afterwards.
        experiment_key: The experiment to count.
        window: The attribution window (injected, e.g. ``pendulum.duration(days=7)``).
        assignments: Every person's assignment (any :class:`AssignmentLike`); those of other
            experiments and people outside it are skipped; a person counts once, from their
            earliest.
        compare: The arms to compare (default: every arm anyone was assigned).

    .. versionadded:: 0.4.0
    """
    span = window.total_seconds()
    if span < 0:
        raise InvalidFieldError("window", "must not be negative")
    first = _earliest(exposures, experiment_key)
    hits = _hits(first, interactions, span)
    arms = _count(first, hits)
    if assignments is None:
        return Tally(experiment_key, window, arms)
    wanted = None if compare is None else tuple(compare)
    people, compared, enrolment = population(
        assignments, experiment_key=experiment_key, compare=wanted
    )
    exposed: dict[str, set[str]] = {}
    for (contact, _), (_, variant) in first.items():
        exposed.setdefault(variant, set()).add(contact)
    enrolled = enrol(enrolment, {v: len(c) for v, c in exposed.items()})
    return Tally(experiment_key, window, arms, enrolled, _itt(people, compared, hits), compared)


def _hits(
    first: Mapping[tuple[str, str], tuple[float, str]],
    interactions: Iterable[Interaction],
    span: float,
) -> dict[tuple[str, str], int]:
    """(contact, message) to the bits of the outcomes that followed the exposure in time."""
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
    return hits


def _itt(
    people: Mapping[str, str], compared: tuple[str, ...], hits: Mapping[tuple[str, str], int]
) -> tuple[Arm, ...]:
    """Each compared arm counted per person of the population (a success: any exposure's)."""
    masks: dict[str, int] = {}
    for (contact, _), mask in hits.items():
        if contact in people:
            masks[contact] = masks.get(contact, 0) | mask
    itt = {a.variant_key: a for a in _count({c: (0.0, v) for c, v in people.items()}, masks)}
    return tuple(itt.get(v) or Arm(v, 0, (0,) * len(OUTCOMES)) for v in compared)


def _count(first: Mapping[K, tuple[float, str]], hits: Mapping[K, int]) -> tuple[Arm, ...]:
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
