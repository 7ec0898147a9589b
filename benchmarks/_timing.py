"""
Shared timing helpers for the ``bench_*.py`` modules.

Every comparison runs its engines in interleaved rounds (the order rotates each round, so
neither side always runs first or last on a busy machine), each engine on inputs prepared for
it before the clock starts, with the same garbage-collector setting for all (enabled, as users
run; a full collection before each timed run).  A figure is the median over rounds; a ratio is
the median of the per-round ratios, so a disturbance in one round moves neither.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping

__all__ = ["Timed", "compare", "interleave"]

#: Prepares one timed run (untimed) and returns the zero-argument callable to time.
Prepare = Callable[[], Callable[[], object]]


class Timed:
    """Seconds per round of each engine, and what each engine's last run returned."""

    def __init__(self, seconds: dict[str, list[float]], results: dict[str, object]) -> None:
        self.seconds = seconds
        self.results = results

    def ops_per_s(self, engine: str, ops: int) -> float:
        """Operations per second of *engine* over its median round."""
        return ops / max(statistics.median(self.seconds[engine]), 1e-12)

    def ratios(self, ours: str, peer: str) -> list[float]:
        """Per-round ratios of speed, ``peer seconds / our seconds`` (above 1: we are faster)."""
        return [
            p / max(o, 1e-12) for o, p in zip(self.seconds[ours], self.seconds[peer], strict=True)
        ]

    def ratio(self, ours: str, peer: str) -> float:
        """The median of the per-round speed ratios."""
        return statistics.median(self.ratios(ours, peer))

    def record(self, ours: str, peer: str, ops: int) -> dict[str, object]:
        """The ``ops_per_s``, ``peer_ops_per_s``, ``ratio`` and spread fields of a record."""
        ratios = self.ratios(ours, peer)
        return {
            "ops_per_s": self.ops_per_s(ours, ops),
            "peer_ops_per_s": self.ops_per_s(peer, ops),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "rounds": len(ratios),
        }


def interleave(engines: Mapping[str, Prepare], *, rounds: int, gc_enabled: bool = True) -> Timed:
    """
    Time each engine once per round, in an order that rotates from round to round.

    Args:
        engines: Name to a function that prepares the inputs of one run (untimed) and returns
            the callable to time; preparing afresh each round lets an engine see inputs it has
            never seen before.
        rounds: How many rounds.
        gc_enabled: The garbage-collector setting during every timed run (the same for all).

    Returns:
        Seconds per round of each engine, and each engine's last result.
    """
    names = list(engines)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    results: dict[str, object] = {}
    perf_counter = time.perf_counter
    was_enabled = gc.isenabled()
    try:
        for r in range(rounds):
            k = r % len(names)
            for name in names[k:] + names[:k]:
                fn = engines[name]()
                gc.enable()
                gc.collect()
                if not gc_enabled:
                    gc.disable()
                start = perf_counter()
                out = fn()
                elapsed = perf_counter() - start
                gc.enable()
                seconds[name].append(elapsed)
                results[name] = out
                del fn, out
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
    return Timed(seconds, results)


def compare(ours: Callable[[], object], peer: Callable[[], object], *, rounds: int) -> Timed:
    """Interleave two engines whose inputs need no fresh preparation per round."""
    return interleave({"ours": lambda: ours, "peer": lambda: peer}, rounds=rounds)
