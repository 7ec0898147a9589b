"""
GrowthBook-compatible buckets: equal weights, bucket ranges, choosing a variation, namespaces.

A variation's range starts where the previous variation's weight ends and covers ``coverage``
times its own weight, so reducing coverage leaves a gap after each range (people who fall in a
gap are not in the experiment) without moving anyone already inside.  Weights are summed in
order, in floating point, exactly as GrowthBook's SDKs sum them, so a hash on a boundary lands
in the same variation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from ._hashing import hash as _hash

__all__ = [
    "Namespace",
    "Range",
    "bucket_ranges",
    "choose_variation",
    "equal_weights",
    "in_namespace",
]

Range: TypeAlias = tuple[float, float]
"""A half-open bucket range ``[start, end)`` in ``[0, 1]``."""

Namespace: TypeAlias = tuple[str, float, float]
"""A GrowthBook namespace: its id and the half-open range ``[start, end)`` this experiment holds."""

WEIGHT_SUM_LOW = 0.99
WEIGHT_SUM_HIGH = 1.01


def equal_weights(n: int) -> tuple[float, ...]:
    """
    Return *n* equal weights summing to about 1, as GrowthBook's ``getEqualWeights``.

    Args:
        n: How many variations; zero or negative gives no weights.

    Examples:
        >>> from personal_touch.experiments import equal_weights
        >>> equal_weights(4)
        (0.25, 0.25, 0.25, 0.25)
        >>> equal_weights(-1)
        ()

    .. versionadded:: 0.4.0
    """
    if n < 1:
        return ()
    return (1 / n,) * n


def bucket_ranges(n: int, coverage: float, weights: Sequence[float] | None) -> tuple[Range, ...]:
    """
    Return each variation's bucket range, as GrowthBook's ``getBucketRanges``.

    Args:
        n: How many variations.
        coverage: The share of units in the experiment; clamped into ``[0, 1]``.
        weights: Each variation's share, or ``None`` for equal weights.  Weights whose count is
            not *n*, or whose sum is outside ``[0.99, 1.01]``, are replaced by equal weights.

    Returns:
        One ``(start, end)`` per variation (none when *n* is zero or negative).

    Examples:
        >>> from personal_touch.experiments import bucket_ranges
        >>> bucket_ranges(2, 0.5, None)
        ((0.0, 0.25), (0.5, 0.75))
        >>> bucket_ranges(2, 1, [0.7, 0.6])  # sums to 1.3: equal weights instead
        ((0.0, 0.5), (0.5, 1.0))

    .. versionadded:: 0.4.0
    """
    if coverage < 0:
        coverage = 0.0
    elif coverage > 1:
        coverage = 1.0
    if not weights or len(weights) != n or not WEIGHT_SUM_LOW <= sum(weights) <= WEIGHT_SUM_HIGH:
        weights = equal_weights(n)
    ranges: list[Range] = []
    cumulative = 0.0
    for weight in weights:
        start = cumulative
        cumulative += weight
        ranges.append((start, start + coverage * weight))
    return tuple(ranges)


def choose_variation(n: float, ranges: Sequence[Sequence[float]]) -> int:
    """
    Return the index of the range holding the hash *n*, or -1, as GrowthBook's ``chooseVariation``.

    Args:
        n: A hash in ``[0, 1)`` (from :func:`hash`).
        ranges: ``(start, end)`` pairs (from :func:`bucket_ranges`); each is half-open.

    Examples:
        >>> from personal_touch.experiments import choose_variation
        >>> choose_variation(0.5, [(0, 0.5), (0.5, 1)])
        1
        >>> choose_variation(0.4, [(0, 0.25), (0.5, 0.75)])  # in the coverage gap
        -1

    .. versionadded:: 0.4.0
    """
    for index, (start, end) in enumerate(ranges):
        if start <= n < end:
            return index
    return -1


def in_namespace(unit_id: str, namespace: Namespace) -> bool:
    """
    Say whether *unit_id* falls in *namespace*'s range, as GrowthBook's ``inNamespace``.

    The unit is hashed (version 1) with the seed ``"__" + namespace id``, so experiments that
    share a namespace and hold disjoint ranges never share a unit.

    Args:
        unit_id: The unit id (a person's id...).
        namespace: ``(namespace id, start, end)``; the range is half-open.

    Examples:
        >>> from personal_touch.experiments import in_namespace
        >>> in_namespace("1", ("namespace1", 0.4, 1))
        True

    .. versionadded:: 0.4.0
    """
    key, start, end = namespace
    n = _hash(f"__{key}", unit_id, 1)
    return n is not None and start <= n < end
