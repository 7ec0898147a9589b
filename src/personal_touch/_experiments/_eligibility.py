"""
Who was assigned and who was eligible: the population an experiment's analysis compares.

Consent thins an arm: a ``personal`` arm holds only the people whose consent permits a
personal message, while a ``contextual`` arm holds everyone bucketed there.  Comparing the
exposed people of the two compares different populations.  This module reads per-person
assignment records (:class:`AssignmentLike`, e.g. :class:`Assignment`) and gives:

* :class:`Enrolment`: per arm, how many were assigned (hashed into it), eligible for it, in
  the compared population (eligible for *every* compared arm) and exposed;
* :func:`population`: the compared population, person by person, with the arm each was
  assigned (intention to treat: they count there whether or not they were exposed);
* :func:`homogeneity`: a chi-square test that a share (eligible, in the population) is the
  same in every arm, which randomization promises for anything decided before the hash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from ..exceptions import NaiveDateTimeError
from ._stats import chi2_sf

__all__ = ["AssignmentLike", "Enrolment", "describe", "enrol", "homogeneity", "population"]

#: Below this p-value, a difference in eligibility between arms is beyond chance.
ALPHA = 0.001

_timestamp = dt.datetime.timestamp


class AssignmentLike(Protocol):
    """
    What the analysis reads of a person's assignment: their arm and every arm they may get.

    .. versionadded:: 0.4.0
    """

    @property
    def experiment_key(self) -> str: ...
    @property
    def contact_id(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def variant_key(self) -> str | None: ...
    @property
    def eligible_for(self) -> frozenset[str]: ...


@attrs.frozen
class Enrolment:
    """
    One arm's people: assigned, eligible for it, in the compared population, exposed.

    Args:
        variant_key: The arm.
        assigned: People hashed into it (or held out, for the holdout), eligible or not.
        eligible: Of those, people their consent permits the arm for.
        population: Of those, people eligible for every compared arm: the analysis'
            denominator (intention to treat on the eligible population).
        exposed: People with at least one exposure in the arm.

    .. versionadded:: 0.4.0
    """

    variant_key: str
    assigned: int
    eligible: int
    population: int
    exposed: int


def population(
    assignments: Iterable[AssignmentLike], *, experiment_key: str, compare: Sequence[str] | None
) -> tuple[dict[str, str], tuple[str, ...], list[Enrolment]]:
    """
    The compared population and each arm's enrolment (``exposed`` left at zero).

    Each person counts once, from their earliest assignment in the experiment.

    Returns:
        ``(people, compared, enrolment)``: contact id to assigned arm for everyone eligible
        for every compared arm and assigned one of them; the compared arms (default: every
        arm anyone was assigned, sorted); per arm counts, in key order.
    """
    earliest: dict[str, tuple[float, str, tuple[str, ...]]] = {}
    for a in assignments:
        arm = a.variant_key
        if arm is None or a.experiment_key != experiment_key:
            continue
        at = a.at
        if at.tzinfo is None:
            raise NaiveDateTimeError("at")
        seen = (_timestamp(at), arm, tuple(sorted(a.eligible_for)))
        old = earliest.get(a.contact_id)
        if old is None or seen < old:
            earliest[a.contact_id] = seen
    arms = sorted({arm for _, arm, _ in earliest.values()} | set(compare or ()))
    compared = tuple(sorted(set(compare))) if compare is not None else tuple(arms)
    need = frozenset(compared)
    people: dict[str, str] = {}
    counts = {arm: [0, 0, 0] for arm in arms}  # assigned, eligible, in the population
    for contact, (_, arm, eligible) in earliest.items():
        count = counts[arm]
        count[0] += 1
        count[1] += arm in eligible
        if arm in need and need.issubset(eligible):
            count[2] += 1
            people[contact] = arm
    enrolment = [Enrolment(arm, c[0], c[1], c[2], 0) for arm, c in counts.items()]
    return people, compared, enrolment


def enrol(enrolment: list[Enrolment], exposed: Mapping[str, int]) -> tuple[Enrolment, ...]:
    """*enrolment* with each arm's exposed people filled in (arms only exposed added)."""
    known = {e.variant_key: e for e in enrolment}
    arms = sorted(set(known) | set(exposed))
    return tuple(
        attrs.evolve(known[arm], exposed=exposed.get(arm, 0))
        if arm in known
        else Enrolment(arm, 0, 0, 0, exposed[arm])
        for arm in arms
    )


def homogeneity(hits: Sequence[int], totals: Sequence[int]) -> float:
    """
    The p-value of a chi-square test that ``hits / totals`` is the same in every arm.

    Arms with no people are left out; fewer than two arms, or a share of 0 or 1 everywhere,
    give ``1.0`` (nothing differs).
    """
    pairs = [(h, n) for h, n in zip(hits, totals, strict=True) if n > 0]
    total, hit = sum(n for _, n in pairs), sum(h for h, _ in pairs)
    if len(pairs) < 2 or hit in (0, total):  # noqa: PLR2004 - two arms to compare
        return 1.0
    share = hit / total
    chi2 = math.fsum(
        (h - n * share) ** 2 / (n * share) + (h - n * share) ** 2 / (n * (1 - share))
        for h, n in pairs
    )
    return chi2_sf(chi2, len(pairs) - 1)


def _shares(enrolment: Sequence[Enrolment], field: str) -> str:
    return ", ".join(
        f"{e.variant_key!r} {getattr(e, field)} of {e.assigned}" for e in enrolment if e.assigned
    )


def describe(
    enrolment: Sequence[Enrolment], compared: Sequence[str]
) -> tuple[str, tuple[str, ...]]:
    """
    How eligibility was handled, in a sentence, and warnings when it differs between arms.
    """
    arms = [e for e in enrolment if e.variant_key in compared]
    assigned = sum(e.assigned for e in arms)
    kept = sum(e.population for e in arms)
    sentence = (
        f"intention to treat on the {kept} of {assigned} assigned people eligible for every "
        f"compared arm ({', '.join(compared)}): each counts in the arm they were assigned, "
        "exposed or not, and people consent kept out of any compared arm are left out of all"
    )
    warnings = []
    totals = [e.assigned for e in arms]
    p = homogeneity([e.eligible for e in arms], totals)
    if p < ALPHA:
        warnings.append(
            f"eligibility differs between arms beyond chance (p = {p:.2g}; eligible: "
            f"{_shares(arms, 'eligible')}): comparing exposed people would be biased"
        )
    p = homogeneity([e.population for e in arms], totals)
    if p < ALPHA:
        warnings.append(
            f"the share eligible for every arm differs between arms beyond chance (p = {p:.2g};"
            f" {_shares(arms, 'population')}): assignment may depend on consent, or "
            "assignments are missing"
        )
    return sentence, tuple(warnings)
