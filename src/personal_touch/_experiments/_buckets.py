"""
Placeholder for GrowthBook-compatible bucket ranges (helper ``assign`` owns the real module).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._hashing import hash as _hash

__all__ = ["bucket_ranges", "choose_variation", "equal_weights", "in_namespace"]


def equal_weights(n: int) -> list[float]:
    """
    *n* equal weights summing to 1.
    """
    return [1.0 / n] * n if n > 0 else []


def bucket_ranges(
    n: int, coverage: float | None = 1.0, weights: Sequence[float] | None = None
) -> list[tuple[float, float]]:
    """
    The ``[start, end)`` range of each of *n* variations.
    """
    cover = 1.0 if coverage is None else min(max(coverage, 0.0), 1.0)
    chosen = list(weights) if weights is not None else []
    if len(chosen) != n or not 0.99 <= sum(chosen) <= 1.01:  # noqa: PLR2004 - GrowthBook's slack
        chosen = equal_weights(n)
    out = []
    cumulative = 0.0
    for weight in chosen:
        start = cumulative
        cumulative += weight
        out.append((start, start + cover * weight))
    return out


def choose_variation(n: float, ranges: Sequence[tuple[float, float]]) -> int:
    """
    The index of the range holding *n*, or -1.
    """
    for index, (start, end) in enumerate(ranges):
        if start <= n < end:
            return index
    return -1


def in_namespace(unit_id: str, namespace: tuple[str, float, float]) -> bool:
    """
    Whether *unit_id* falls in *namespace* ``(id, start, end)``.
    """
    n = _hash("__" + namespace[0], unit_id, 1)
    return n is not None and namespace[1] <= n < namespace[2]
