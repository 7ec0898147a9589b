"""
Shared timing helper for the ``bench_*.py`` modules.

Measures the way users run: the garbage collector stays enabled (``timeit`` turns it off).
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["measure"]


def measure(
    fn: Callable[[], object],
    *,
    number: int | None = None,
    min_time: float = 0.2,
    repeat: int = 5,
) -> float:
    """
    Return how many calls of *fn* per second the best of *repeat* runs achieved.

    Args:
        fn: The zero-argument callable to time (close over its inputs; prepare them beforehand).
        number: Calls per run. ``None`` calibrates it, doubling until one run takes *min_time*.
        min_time: Seconds a calibrated run should last at least.
        repeat: Runs to take the best of (the least disturbed one).

    Returns:
        Operations per second of the fastest run.
    """
    if number is None:
        number = 1
        while _run(fn, number) < min_time:
            number *= 2
    best = min(_run(fn, number) for _ in range(repeat))
    return number / max(best, 1e-12)


def _run(fn: Callable[[], object], number: int) -> float:
    perf_counter = time.perf_counter
    start = perf_counter()
    for _ in range(number):
        fn()
    return perf_counter() - start
